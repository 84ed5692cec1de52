"""Notifications to creditors and specialists go through the outbox like every other message.

The Slack app (bots/slack) registers the transports for these channels; until it runs, the rows wait as pending
and nothing is lost.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from core.db.models import Case, OutboundMessage
from core.uow import UnitOfWork

CREDITOR_UPDATE = "creditor_update"
SPECIALIST_ALERT = "specialist_alert"


def queue_message(
    uow: UnitOfWork,
    *,
    channel: str,
    recipient: str,
    body: str,
    key: str,
    case: Case | None = None,
    subject: str | None = None,
    contact_step_id: int | None = None,
    document_id: int | None = None,
) -> OutboundMessage:
    row = OutboundMessage(
        **outbox_row(
            channel=channel,
            recipient=recipient,
            body=body,
            key=key,
            now=uow.clock.now(),
            case_id=case.id if case else None,
            subject=subject,
            contact_step_id=contact_step_id,
            document_id=document_id,
        )
    )
    uow.session.add(row)
    return row


def outbox_row(
    *,
    channel: str,
    recipient: str,
    body: str,
    key: str,
    now: datetime,
    case_id: int | None = None,
    subject: str | None = None,
    body_html: str | None = None,
    contact_step_id: int | None = None,
    document_id: int | None = None,
) -> dict[str, Any]:
    """Every column of a new outbox row, pending and due now (the dispatcher's bulk lane inserts these as they
    are: executemany wants rows of one shape)."""
    return {
        "case_id": case_id,
        "contact_step_id": contact_step_id,
        "channel": channel,
        "recipient": recipient[:254],
        "subject": subject[:300] if subject else None,
        "body": body,
        "body_html": body_html,
        "idempotency_key": key[:100],
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "lease_until": None,
        "document_id": document_id,
        "last_error": None,
        "created_at": now,
        "sent_at": None,
    }


def notify_creditor(uow: UnitOfWork, case: Case, kind: str, key: str, **details: Any) -> OutboundMessage | None:
    """A message for the creditor's case thread in Slack; nothing when the creditor has no linked workspace (an
    API creditor follows its cases through webhooks and the API)."""
    from core.creditor_updates import creditor_in_slack

    if not creditor_in_slack(uow, case.creditor_id):
        return None
    body = json.dumps({"kind": kind, "case": case.reference, **details}, default=str, ensure_ascii=False)
    return queue_message(
        uow, channel=CREDITOR_UPDATE, recipient=f"creditor:{case.creditor_id}", body=body, key=key, case=case
    )


def alert_specialists(uow: UnitOfWork, case: Case | None, kind: str, key: str, **details: Any) -> OutboundMessage:
    body = json.dumps(
        {"kind": kind, "case": case.reference if case else None, **details}, default=str, ensure_ascii=False
    )
    return queue_message(uow, channel=SPECIALIST_ALERT, recipient="specialists", body=body, key=key, case=case)
