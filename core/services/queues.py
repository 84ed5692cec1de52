"""What waits for the agency's specialists: open disputes, arrangement proposals outside policy, calls to make
today, messages that could not be delivered, bank credits without a case, open complaints (with their deadlines),
cannot-pay reports and locked deep links. Read by the specialists' Slack App Home (and any other front end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import (
    Arrangement,
    CallTask,
    Case,
    CaseFlag,
    Complaint,
    Debtor,
    Dispute,
    OutboundMessage,
    TelegramLinkGuard,
)
from core.errors import NotFound, UserError
from core.schedule.calendar import AMSTERDAM
from core.services.bank_statements import queued_transactions
from core.services.cannot_pay import CANNOT_PAY
from core.services.case_access import record_event, require
from core.services.case_view import statement_for
from core.uow import UnitOfWork


@dataclass(frozen=True)
class DisputeItem:
    dispute_id: int
    reference: str
    debtor: str
    total_open: Decimal
    reason: str
    opened_at: datetime


@dataclass(frozen=True)
class ApprovalItem:
    arrangement_id: int
    reference: str
    debtor: str
    total: Decimal
    installment: Decimal
    months: int
    first_due_on: date


@dataclass(frozen=True)
class CallItem:
    task_id: int
    reference: str
    debtor: str
    phone: str | None
    origin: str
    preferred_time: str | None
    requested_at: datetime


@dataclass(frozen=True)
class FailedItem:
    message_id: int
    reference: str | None
    channel: str
    recipient: str
    error: str | None
    failed_at: datetime


@dataclass(frozen=True)
class CreditItem:
    """A bank credit no case was found for (or several were)."""

    transaction_id: int
    amount: Decimal
    booked_on: date
    payer_name: str | None
    payer_iban: str | None
    remittance: str | None
    candidates: list[str]


@dataclass(frozen=True)
class ComplaintItem:
    complaint_id: int
    complaint_reference: str
    case_reference: str | None
    text: str
    acknowledge_by: date
    handle_by: date
    overdue: bool


@dataclass(frozen=True)
class CannotPayItem:
    flag_id: int
    reference: str
    debtor: str
    note: str | None
    raised_at: datetime


@dataclass(frozen=True)
class LockedLinkItem:
    case_id: int
    reference: str
    debtor: str
    attempts: int
    locked_at: datetime


@dataclass(frozen=True)
class SpecialistQueue:
    disputes: list[DisputeItem]
    approvals: list[ApprovalItem]
    calls: list[CallItem]
    failed: list[FailedItem]
    credits: list[CreditItem] = field(default_factory=list)
    complaints: list[ComplaintItem] = field(default_factory=list)
    cannot_pay: list[CannotPayItem] = field(default_factory=list)
    locked_links: list[LockedLinkItem] = field(default_factory=list)


def specialist_queue(uow: UnitOfWork, *, limit: int = 20) -> SpecialistQueue:
    """Oldest first (they waited longest); failed deliveries newest first. At most `limit` of each."""
    today = local_today(uow.clock)
    disputes = [
        DisputeItem(d.id, c.reference, name, statement_for(uow, c, today).total_open, d.reason, d.opened_at)
        for d, c, name in uow.session.execute(
            select(Dispute, Case, Debtor.name)
            .join(Case, Case.id == Dispute.case_id)
            .join(Debtor, Debtor.id == Case.debtor_id)
            .where(Dispute.status == "open")
            .order_by(Dispute.opened_at, Dispute.id)
            .limit(limit)
        )
    ]
    approvals = [
        ApprovalItem(a.id, ref, name, a.total_amount, a.installment_amount, a.months, a.first_due_on)
        for a, ref, name in uow.session.execute(
            select(Arrangement, Case.reference, Debtor.name)
            .join(Case, Case.id == Arrangement.case_id)
            .join(Debtor, Debtor.id == Case.debtor_id)
            # a counter-offer of ours waits for the debtor, not for a specialist
            .where(Arrangement.status == "proposed", Arrangement.proposed_by == ActorKind.DEBTOR.value)
            .where(Arrangement.within_policy.is_(False))
            .order_by(Arrangement.created_at, Arrangement.id)
            .limit(limit)
        )
    ]
    end_of_today = datetime.combine(today, datetime.max.time(), AMSTERDAM)
    calls = [
        CallItem(t.id, ref, name, t.phone, t.origin, t.preferred_time, t.requested_at)
        for t, ref, name in uow.session.execute(
            select(CallTask, Case.reference, Debtor.name)
            .join(Case, Case.id == CallTask.case_id)
            .join(Debtor, Debtor.id == Case.debtor_id)
            .where(CallTask.status == "open", CallTask.requested_at <= end_of_today)
            .order_by(CallTask.requested_at, CallTask.id)
            .limit(limit)
        )
    ]
    failed = [
        FailedItem(m.id, ref, m.channel, m.recipient, m.last_error, m.sent_at or m.next_attempt_at)
        for m, ref in uow.session.execute(
            select(OutboundMessage, Case.reference)
            .outerjoin(Case, Case.id == OutboundMessage.case_id)
            .where(OutboundMessage.status == "failed")
            .order_by(OutboundMessage.id.desc())
            .limit(limit)
        )
    ]
    return SpecialistQueue(disputes, approvals, calls, failed, *_debtor_side(uow, today, limit))


def _debtor_side(uow: UnitOfWork, today: date, limit: int) -> tuple[list[CreditItem], list[ComplaintItem],
                                                                       list[CannotPayItem], list[LockedLinkItem]]:
    """Unmatched bank credits, open complaints (nearest deadline first), cannot-pay reports and locked links."""
    credits = [
        CreditItem(tx.id, tx.amount, tx.booked_on, tx.counterparty_name, tx.counterparty_iban, tx.remittance,
                   list(tx.candidates or []))
        for tx in queued_transactions(uow, limit=limit)
    ]
    complaints = [
        ComplaintItem(c.id, c.reference, ref, c.text, c.acknowledge_by, c.handle_by,
                      overdue=c.handle_by < today or (c.acknowledged_at is None and c.acknowledge_by < today))
        for c, ref in uow.session.execute(
            select(Complaint, Case.reference)
            .outerjoin(Case, Case.id == Complaint.case_id)
            .where(Complaint.status == "open")
            .order_by(Complaint.handle_by, Complaint.id)
            .limit(limit)
        )
    ]
    cannot_pay = [
        CannotPayItem(f.id, ref, name, f.note, f.raised_at)
        for f, ref, name in uow.session.execute(
            select(CaseFlag, Case.reference, Debtor.name)
            .join(Case, Case.id == CaseFlag.case_id)
            .join(Debtor, Debtor.id == Case.debtor_id)
            .where(CaseFlag.kind == CANNOT_PAY, CaseFlag.cleared_at.is_(None))
            .order_by(CaseFlag.raised_at, CaseFlag.id)
            .limit(limit)
        )
    ]
    locked = [
        LockedLinkItem(g.case_id, ref, name, g.failed_attempts, g.locked_at)
        for g, ref, name in uow.session.execute(
            select(TelegramLinkGuard, Case.reference, Debtor.name)
            .join(Case, Case.id == TelegramLinkGuard.case_id)
            .join(Debtor, Debtor.id == Case.debtor_id)
            .where(TelegramLinkGuard.locked_at.is_not(None))
            .order_by(TelegramLinkGuard.locked_at, TelegramLinkGuard.case_id)
            .limit(limit)
        )
        if g.locked_at is not None
    ]
    return credits, complaints, cannot_pay, locked


def retry_failed_message(uow: UnitOfWork, actor: Actor, message_id: int) -> OutboundMessage:
    """A specialist fixed the cause (an address, a channel) and sends a failed message again, from the outbox."""
    require(actor, ActorKind.SPECIALIST, what="retrying a delivery")
    message = uow.session.get(OutboundMessage, message_id, with_for_update=True)
    if message is None:
        raise NotFound(f"message {message_id} not found")
    if message.status != "failed":
        raise UserError(f"message {message_id} is {message.status}, not failed")
    message.status, message.attempts, message.lease_until = "pending", 0, None
    message.next_attempt_at = uow.clock.now()
    case = uow.session.get(Case, message.case_id) if message.case_id else None
    if case is not None:
        record_event(uow, case, actor, "delivery_retried", {"channel": message.channel, "message_id": message.id})
    return message
