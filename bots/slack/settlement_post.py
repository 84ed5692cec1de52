"""A creditor's monthly settlement in Slack: the summary as a message in its case channel, the PDF attached.

Delivered by the "creditor_update" transport (bots/slack/outbound.py) for outbox rows of kind "settlement", which
have no case and so no case thread. The upload uses Slack's external upload flow (files.getUploadURLExternal,
the upload, files.completeUploadExternal with the summary as its comment) through slack_sdk's files_upload_v2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bots.slack.outbound import SlackClients, call_slack, creditor_target
from core.channels.errors import DeliveryError
from core.db.models import OutboundMessage
from core.errors import NotFound
from core.services.settlement import settlement_document, summary_text
from core.uow import UnitOfWork


def deliver_settlement(
    clients: SlackClients, uow_factory: Callable[[], UnitOfWork], message: OutboundMessage, body: dict[str, Any]
) -> None:
    creditor_id = _creditor_of(message)
    with uow_factory() as uow:
        target = creditor_target(uow, clients, creditor_id)
        try:
            file_name, pdf = settlement_document(uow, int(body.get("settlement_id") or 0))
        except (NotFound, OSError) as exc:
            raise DeliveryError(f"settlement statement not available: {exc}", transient=False) from None
    client = clients.client(target.token)
    comment = summary_text(body, target.language)
    call_slack("files.uploadV2", lambda: client.files_upload_v2(
        channel=target.channel, content=pdf, filename=file_name, title=file_name, initial_comment=comment))


def _creditor_of(message: OutboundMessage) -> int:
    prefix, _, number = message.recipient.partition(":")
    if prefix != "creditor" or not number.isdigit():
        raise DeliveryError(f"message {message.id}: not addressed to a creditor", transient=False)
    return int(number)
