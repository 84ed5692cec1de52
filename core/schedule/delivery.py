"""Delivering outbox rows through the transport of their channel, with retries and backoff.

A row whose channel has no transport yet (Telegram, Slack before the bots run) stays pending: recorded, not
dropped. Messages to the debtor (e-mail, Telegram) are only handed over within contact hours, retries included.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import and_, or_

from core import webhooks
from core.actors import Actor
from core.channels.errors import DeliveryError
from core.db.leases import lease_rows
from core.db.models import Case, Debtor, Document, OutboundMessage
from core.notifications import alert_specialists
from core.schedule.calendar import next_allowed_moment
from core.schedule.plan import Windows
from core.services.case_access import record_event
from core.uow import UnitOfWork

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
DEBTOR_CHANNELS = frozenset({"email", "telegram"})


@dataclass(frozen=True)
class Attachment:
    file_name: str
    data: bytes


@dataclass(frozen=True)
class Parcel:
    """What a transport gets besides the outbox row: the case it belongs to and the document it carries."""

    case_reference: str | None
    language: str
    attachment: Attachment | None
    # a credential read at delivery time, never stored in the row: the creditor's webhook secret
    secret: str | None = None


class Transport(Protocol):
    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        """Hand the message over; raise core.channels.errors.DeliveryError when that fails."""
        ...


def claim_due_messages(uow: UnitOfWork, now: datetime, *, channels: list[str], limit: int) -> list[int]:
    claimable = and_(
        OutboundMessage.channel.in_(channels),
        OutboundMessage.status == "pending",
        OutboundMessage.next_attempt_at <= now,
        or_(OutboundMessage.lease_until.is_(None), OutboundMessage.lease_until < now),
    )
    return lease_rows(
        uow,
        OutboundMessage,
        claimable=claimable,
        order_by=(OutboundMessage.next_attempt_at, OutboundMessage.id),
        limit=limit,
        values={"lease_until": now + LEASE},
    )


def deliver_due(
    uow_factory: Callable[[], UnitOfWork],
    transports: Mapping[str, Transport],
    *,
    windows: Windows | None = None,
    batch_size: int = 200,
) -> Counter[str]:
    windows = windows or Windows()
    outcomes: Counter[str] = Counter()
    if not transports:
        return outcomes
    while True:
        with uow_factory() as uow:
            now = uow.clock.now()
            ids = claim_due_messages(uow, now, channels=sorted(transports), limit=batch_size)
        if not ids:
            return outcomes
        for message_id in ids:
            outcomes[_deliver_one(uow_factory, transports, message_id, windows)] += 1


def _deliver_one(
    uow_factory: Callable[[], UnitOfWork], transports: Mapping[str, Transport], message_id: int, windows: Windows
) -> str:
    with uow_factory() as uow:
        message = uow.session.get_one(OutboundMessage, message_id)
        now = uow.clock.now()
        if message.channel in DEBTOR_CHANNELS:
            allowed = next_allowed_moment(now, windows.message)
            if allowed > now:
                message.next_attempt_at, message.lease_until = allowed, None
                uow.commit()
                return f"{message.channel}:deferred"
        parcel = _parcel_for(uow, message)
        uow.session.expunge(message)
    error: DeliveryError | None = None
    try:
        transports[message.channel].deliver(message, parcel)  # outside any transaction: network I/O
    except DeliveryError as exc:
        error = exc
    except Exception as exc:  # a transport bug counts as a transient failure, retried and then raised
        log.exception("transport %s failed on message %s", message.channel, message_id)
        error = DeliveryError(str(exc), transient=True)
    with uow_factory() as uow:
        row = uow.session.get_one(OutboundMessage, message_id)
        now = uow.clock.now()
        row.attempts += 1
        row.lease_until = None
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, None
        elif error.transient and row.attempts < MAX_ATTEMPTS:
            row.next_attempt_at = now + RETRY_AFTER[row.attempts - 1]
            row.last_error = str(error)[:2000]
        else:
            row.status, row.last_error = "failed", str(error)[:2000]
            _raise_failure(uow, row)
        uow.commit()
        return f"{row.channel}:{'retry' if row.status == 'pending' else row.status}"


def _parcel_for(uow: UnitOfWork, message: OutboundMessage) -> Parcel:
    case = uow.session.get(Case, message.case_id) if message.case_id else None
    debtor = uow.session.get(Debtor, case.debtor_id) if case else None
    attachment = None
    if message.document_id is not None:
        document = uow.session.get_one(Document, message.document_id)
        attachment = Attachment(document.file_name, uow.documents.get(document.sha256))
    secret = webhooks.secret_for(uow, message.case_id) if message.channel == webhooks.CHANNEL else None
    return Parcel(case.reference if case else None, debtor.language if debtor else "nl", attachment, secret)


def _raise_failure(uow: UnitOfWork, row: OutboundMessage) -> None:
    case = uow.session.get(Case, row.case_id) if row.case_id else None
    if case is not None:
        record_event(
            uow,
            case,
            Actor.system("delivery"),
            "delivery_failed",
            {
                "channel": row.channel,
                "message_id": row.id,
                "attempts": row.attempts,
                "error": row.last_error,
            },
        )
    if row.channel != "specialist_alert":
        alert_specialists(
            uow,
            case,
            "delivery_failed",
            f"delivery-failed:{row.id}",
            channel=row.channel,
            recipient=row.recipient,
            error=row.last_error,
        )
