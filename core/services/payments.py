"""Payments received, whoever reports them; a case whose statement reaches zero is paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from core import validation as v
from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import Case, Payment
from core.domain.case_states import FINAL_STATUSES, CaseStatus
from core.errors import InvalidInput, UserError
from core.money import money_str
from core.notifications import alert_specialists, notify_creditor
from core.schedule.planning import cancel_plan
from core.services.case_access import load_case, record_event, require, transition
from core.services.case_view import statement_for
from core.services.installments import apply_payment as apply_to_installments
from core.uow import UnitOfWork

SOURCES = ("creditor_report", "bank_statement", "payment_provider", "manual")


def record_payment(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    *,
    amount: object,
    paid_on: object,
    source: str,
    external_id: str | None = None,
    payer_name: str | None = None,
    payer_iban: str | None = None,
    note: str | None = None,
) -> Payment:
    """Record money received for a case. A repeated `external_id` returns the first record, unchanged."""
    require(actor, ActorKind.CREDITOR_USER, ActorKind.SPECIALIST, ActorKind.SYSTEM, what="recording a payment")
    case = load_case(uow, actor, reference, for_update=True)
    if external_id:
        existing = uow.session.scalars(select(Payment).where(Payment.external_id == external_id)).first()
        if existing is not None:
            if existing.case_id != case.id:
                raise UserError(f"payment {external_id} was recorded for another case already")
            return existing

    c = v.Collector()
    value: Decimal | None = c.check("amount", amount, v.amount)
    day: date | None = c.check("paid_on", paid_on, v.iso_date)
    c.check("source", source, v.choice, SOURCES)
    iban = c.check("payer_iban", payer_iban, v.iban, required=False)
    today = local_today(uow.clock)
    if day and day > today:
        c.add("paid_on", "date", value=f"{day.isoformat()} is in the future")
    first_invoice = min(line.invoice_date for line in case.claim_lines)
    if day and day < first_invoice:
        c.add("paid_on", "date", value=f"{day.isoformat()} is before the first invoice date {first_invoice}")
    if c.errors:
        raise InvalidInput(c.errors)
    assert value is not None and day is not None

    payment = Payment(
        case_id=case.id,
        amount=value,
        paid_on=day,
        source=source,
        external_id=external_id,
        payer_name=payer_name,
        payer_iban=iban,
        note=note,
        recorded_at=uow.clock.now(),
    )
    uow.session.add(payment)
    uow.session.flush()
    statement = statement_for(uow, case, max(today, day))
    record_event(
        uow,
        case,
        actor,
        "payment_recorded",
        {
            "amount": money_str(value),
            "paid_on": day.isoformat(),
            "source": source,
            "total_open": money_str(statement.total_open),
            "overpaid": money_str(statement.overpaid),
        },
    )
    _flag_overpayment(uow, case, payment, statement.overpaid)
    # a case in arrangement: the payment also ticks off installments (the allocation above is the law's, unchanged)
    apply_to_installments(uow, case, payment, statement.total_open)
    settle_if_paid(uow, case, actor, statement.total_open)
    return payment


def _flag_overpayment(uow: UnitOfWork, case: Case, payment: Payment, overpaid: Decimal) -> None:
    """What this payment brought above everything owed is to be paid back: marked on it, specialists told."""
    flagged_before = sum(
        uow.session.scalars(
            select(Payment.refund_due).where(
                Payment.case_id == case.id, Payment.id != payment.id, Payment.refund_due.is_not(None)
            )
        ),
        start=Decimal(0),
    )
    extra = min(payment.amount, overpaid - flagged_before)
    if extra <= 0:
        return
    payment.refund_due = extra
    alert_specialists(
        uow,
        case,
        "overpayment",
        f"overpayment:{payment.id}",
        amount=money_str(payment.amount),
        refund_due=money_str(extra),
        payer_name=payment.payer_name,
        payer_iban=payment.payer_iban,
        source=payment.source,
    )


def settle_if_paid(uow: UnitOfWork, case: Case, actor: Actor, total_open: Decimal) -> bool:
    if total_open > 0 or CaseStatus(case.status) in FINAL_STATUSES:
        return False
    transition(uow, case, CaseStatus.PAID, actor, reason="paid in full")
    cancel_plan(uow, case, actor, "paid in full")
    notify_creditor(uow, case, "paid", f"paid:{case.id}")
    return True


def report_direct_payment(
    uow: UnitOfWork, actor: Actor, reference: str, *, amount: object, paid_on: object, note: str | None = None
) -> Payment:
    """The debtor paid the creditor directly; the creditor tells us so the schedule stops asking."""
    payment = record_payment(
        uow, actor, reference, amount=amount, paid_on=paid_on, source="creditor_report", note=note
    )
    if actor.kind is ActorKind.CREDITOR_USER:  # the specialists see it in their channel before they call again
        case = uow.session.get_one(Case, payment.case_id)
        alert_specialists(uow, case, "creditor_reported_payment", f"creditor-payment:{payment.id}",
                          amount=str(payment.amount), paid_on=payment.paid_on.isoformat(), note=(note or "")[:2000],
                          reported_by=actor.label or actor.id)
    return payment
