"""An outbox row that carries a document (OutboundMessage.document_id) goes to Slack as a file in the channel, its
text as the file's comment: the weekly report's chart, or any other update with a document attached.

Used by the "creditor_update" transport (the creditor's case channel) and the "specialist_alert" transport (the
specialists' channel), bots/slack/outbound.py. The upload is Slack's external upload flow (files.getUploadURLExternal,
the upload to the URL it gives, files.completeUploadExternal with channel_id and initial_comment) through slack_sdk's
files_upload_v2. A file posted to a channel is not a thread reply: a report is about no one case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bots.slack.blocks import escape
from bots.slack.specialist_texts import language_of
from core.channels.errors import DeliveryError
from core.db.models import Document, OutboundMessage
from core.reports.posting import WEEKLY_REPORT
from core.reports.texts import summary_text
from core.uow import UnitOfWork

if TYPE_CHECKING:
    from bots.slack.outbound import SlackClients


def deliver_document(
    clients: SlackClients,
    uow_factory: Callable[[], UnitOfWork],
    message: OutboundMessage,
    body: dict[str, Any],
    *,
    to_creditor: bool,
    parcel_reference: str | None = None,
) -> None:
    from bots.slack.outbound import call_slack, creditor_target

    with uow_factory() as uow:
        document = uow.session.get(Document, message.document_id)
        if document is None:
            raise DeliveryError(f"message {message.id}: document {message.document_id} not found", transient=False)
        try:
            data = uow.documents.get(document.sha256)
        except OSError as exc:
            raise DeliveryError(f"document {document.id} not readable: {exc}", transient=False) from None
        if to_creditor:
            target = creditor_target(uow, clients, _creditor_of(uow, message))
            client, channel, lang = clients.client(target.token), target.channel, target.language
        else:
            client, channel = clients.specialists(uow)
            lang = clients.specialist_language
    lang = language_of(body.get("language"), lang)  # the chart was drawn in this language: the words follow it
    comment = comment_for(body, lang, to_creditor=to_creditor, reference=parcel_reference)
    call_slack("files.uploadV2", lambda: client.files_upload_v2(
        channel=channel, content=data, filename=document.file_name, title=document.file_name,
        initial_comment=comment))


def comment_for(body: dict[str, Any], lang: str, *, to_creditor: bool, reference: str | None) -> str:
    """The report in words; any other row's text as its own transport would write it (then it is already escaped)."""
    if body.get("kind") == WEEKLY_REPORT:
        return escape(summary_text(body, lang))
    if to_creditor:
        from bots.slack.blocks.case_thread import reply_message

        return reply_message(body, lang)[0]
    from bots.slack.blocks.specialist import alert_message

    return alert_message(body, reference, lang)[0]


def _creditor_of(uow: UnitOfWork, message: OutboundMessage) -> int:
    prefix, _, number = message.recipient.partition(":")
    if prefix == "creditor" and number.isdigit():
        return int(number)
    if message.case_id is not None:
        from core.db.models import Case

        return uow.session.get_one(Case, message.case_id).creditor_id
    raise DeliveryError(f"message {message.id}: not addressed to a creditor", transient=False)
