"""Reading the cards of bots/slack/blocks/queue_cards.py from the database (sync, inside a unit of work), and
which alert becomes which card.

Kinds of card (slack_specialist_cards.kind): bank_credit (a BankTransaction), overpayment (a Payment), link_lock
(a case's TelegramLinkGuard), cannot_pay (a CaseFlag), complaint (a Complaint).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from bots.slack.blocks import Block
from bots.slack.blocks.queue_cards import (
    CannotPayCard,
    ComplaintCard,
    CreditCard,
    LinkLockCard,
    OverpaymentCard,
    cannot_pay_card,
    complaint_card,
    credit_card,
    link_lock_card,
    overpayment_card,
)
from bots.slack.blocks.specialist import Decision
from core.clock import local_today
from core.db.models import (
    BankTransaction,
    Case,
    CaseEvent,
    CaseFlag,
    Complaint,
    Debtor,
    OutboundMessage,
    Payment,
    SlackSpecialistCard,
    TelegramLinkGuard,
)
from core.services.case_view import statement_for
from core.uow import UnitOfWork

CREDIT, OVERPAYMENT, LINK_LOCK, CANNOT_PAY, COMPLAINT = "bank_credit", "overpayment", "link_lock", "cannot_pay", \
    "complaint"


def _who(event: CaseEvent) -> str:
    return event.actor_label or event.actor_id or event.actor_kind


def _events(uow: UnitOfWork, case_id: int, kind: str) -> list[CaseEvent]:
    return list(uow.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind).order_by(CaseEvent.id)))


def _debtor(uow: UnitOfWork, case: Case) -> str:
    return uow.session.get_one(Debtor, case.debtor_id).name


def load_credit(uow: UnitOfWork, transaction_id: int) -> CreditCard | None:
    tx = uow.session.get(BankTransaction, transaction_id)
    if tx is None:
        return None
    decided = Decision(tx.resolved_by, tx.resolved_at) if tx.resolved_by and tx.resolved_at else None
    reference = uow.session.get_one(Case, tx.case_id).reference if tx.case_id else None
    return CreditCard(tx.id, tx.amount, tx.booked_on, tx.counterparty_name, tx.counterparty_iban, tx.remittance,
                      tx.reason, list(tx.candidates or []), tx.status, decided, reference)


def load_overpayment(uow: UnitOfWork, payment_id: int) -> OverpaymentCard | None:
    payment = uow.session.get(Payment, payment_id)
    if payment is None or not payment.refund_due:
        return None
    case = uow.session.get_one(Case, payment.case_id)
    return OverpaymentCard(payment.id, case.reference, _debtor(uow, case), payment.amount, payment.refund_due,
                           payment.paid_on, payment.source, payment.payer_name, payment.payer_iban)


def load_link_lock(uow: UnitOfWork, case_id: int) -> LinkLockCard | None:
    case = uow.session.get(Case, case_id)
    guard = uow.session.get(TelegramLinkGuard, case_id)
    if case is None or guard is None:
        return None
    unlocked = None
    if guard.locked_at is None:
        events = _events(uow, case.id, "telegram_link_unlocked")
        unlocked = Decision(_who(events[-1]), events[-1].occurred_at) if events else None
    locked = _events(uow, case.id, "telegram_link_locked")
    attempts = int((locked[-1].payload or {}).get("attempts", guard.failed_attempts)) if locked else \
        guard.failed_attempts
    return LinkLockCard(case.id, case.reference, _debtor(uow, case), attempts, guard.locked_at, unlocked)


def load_cannot_pay(uow: UnitOfWork, flag_id: int) -> CannotPayCard | None:
    flag = uow.session.get(CaseFlag, flag_id)
    if flag is None:
        return None
    case = uow.session.get_one(Case, flag.case_id)
    mine = [e for e in _events(uow, case.id, "cannot_pay_kept_paused") if (e.payload or {}).get("flag_id") == flag.id]
    reviewed = None
    if flag.cleared_at is not None:
        done = [e for e in _events(uow, case.id, "cannot_pay_reviewed") if (e.payload or {}).get("flag_id") == flag.id]
        reviewed = Decision(_who(done[-1]) if done else (flag.cleared_by or "—"), flag.cleared_at)
    return CannotPayCard(flag.id, case.reference, _debtor(uow, case), flag.note, flag.raised_at,
                         statement_for(uow, case, local_today(uow.clock)).total_open, flag.cleared_at is None,
                         reviewed, [Decision(_who(e), e.occurred_at) for e in mine])


def load_complaint(uow: UnitOfWork, complaint_id: int) -> ComplaintCard | None:
    complaint = uow.session.get(Complaint, complaint_id)
    if complaint is None:
        return None
    reference = uow.session.get_one(Case, complaint.case_id).reference if complaint.case_id else None
    handled = Decision(complaint.handled_by or "—", complaint.handled_at) if complaint.handled_at else None
    return ComplaintCard(complaint.id, complaint.reference, reference, complaint.text, complaint.received_at,
                         complaint.acknowledged_at, complaint.acknowledge_by, complaint.handle_by,
                         local_today(uow.clock), complaint.status, handled, complaint.resolution)


_LOADERS: dict[str, tuple[Callable[[UnitOfWork, int], Any], Callable[[Any, str], tuple[str, list[Block]]]]] = {
    CREDIT: (load_credit, credit_card),
    OVERPAYMENT: (load_overpayment, overpayment_card),
    LINK_LOCK: (load_link_lock, link_lock_card),
    CANNOT_PAY: (load_cannot_pay, cannot_pay_card),
    COMPLAINT: (load_complaint, complaint_card),
}
KINDS = frozenset(_LOADERS)


def draw_queue_card(uow: UnitOfWork, kind: str, object_id: int, lang: str) -> tuple[str, list[Block]] | None:
    load, build = _LOADERS[kind]
    card = load(uow, object_id)
    return build(card, lang) if card is not None else None


def case_of(uow: UnitOfWork, kind: str, object_id: int) -> int | None:
    if kind == CREDIT:
        return uow.session.get_one(BankTransaction, object_id).case_id
    if kind == OVERPAYMENT:
        return uow.session.get_one(Payment, object_id).case_id
    if kind == LINK_LOCK:
        return object_id
    if kind == CANNOT_PAY:
        return uow.session.get_one(CaseFlag, object_id).case_id
    return uow.session.get_one(Complaint, object_id).case_id


def reopened_since_card(uow: UnitOfWork, kind: str, object_id: int) -> bool:
    """Whether the thing a card was posted about needs a new card (a link locked again after it was unlocked)."""
    if kind != LINK_LOCK:
        return False
    posted_at = uow.session.scalars(select(SlackSpecialistCard.posted_at).where(
        SlackSpecialistCard.kind == kind, SlackSpecialistCard.object_id == object_id)).first()
    guard = uow.session.get(TelegramLinkGuard, object_id)
    return (posted_at is not None and guard is not None and guard.locked_at is not None
            and guard.locked_at > posted_at)


def _by_id(key: str) -> Callable[[UnitOfWork, dict[str, Any], OutboundMessage], int | None]:
    def resolve(uow: UnitOfWork, body: dict[str, Any], message: OutboundMessage) -> int | None:
        value = body.get(key)
        return int(value) if isinstance(value, int) or str(value or "").isdigit() else None

    return resolve


def _after_colon(uow: UnitOfWork, body: dict[str, Any], message: OutboundMessage) -> int | None:
    tail = message.idempotency_key.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _case(uow: UnitOfWork, body: dict[str, Any], message: OutboundMessage) -> int | None:
    return message.case_id


def _complaint(uow: UnitOfWork, body: dict[str, Any], message: OutboundMessage) -> int | None:
    found = uow.session.scalars(select(Complaint.id).where(Complaint.reference == str(body.get("complaint")))).first()
    return found if found is not None else _after_colon(uow, body, message)


# alert kind (core.notifications.alert_specialists) -> (card kind, which object it is about)
ALERT_CARDS: dict[str, tuple[str, Callable[[UnitOfWork, dict[str, Any], OutboundMessage], int | None]]] = {
    "unmatched_credit": (CREDIT, _by_id("transaction_id")),
    "overpayment": (OVERPAYMENT, _after_colon),  # key "overpayment:<payment id>"
    "telegram_link_locked": (LINK_LOCK, _case),
    "cannot_pay": (CANNOT_PAY, _by_id("flag_id")),
    "complaint_registered": (COMPLAINT, _complaint),
}
