"""Payment arrangements: proposed by the debtor (or for it), accepted within the creditor's policy or by a person."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

from sqlalchemy import select

from core import validation as v
from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import Arrangement, Creditor, Installment
from core.domain.case_states import CaseStatus, check_transition
from core.errors import InvalidInput, NotFound, UserError
from core.money import CENT, money_str
from core.schedule.planning import pause_plan
from core.services.case_access import load_case, record_event, require, transition
from core.services.case_view import statement_for
from core.uow import UnitOfWork

MAX_MONTHS = 36
MAX_FIRST_DUE_DAYS = 31


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def installment_amounts(total: Decimal, months: int) -> list[Decimal]:
    """Equal installments rounded up to the cent; the last one takes what is left, so they sum to `total`."""
    each = (total / months).quantize(CENT, rounding=ROUND_UP)
    amounts = [each] * (months - 1)
    last = total - sum(amounts, start=Decimal(0))
    if last <= 0:  # tiny totals: fewer, full installments
        count = int((total / each).to_integral_value(rounding=ROUND_UP))
        return installment_amounts(total, count) if count < months else [total]
    return [*amounts, last]


def propose_arrangement(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    *,
    first_due_on: object,
    months: int | None = None,
    monthly_amount: object | None = None,
) -> Arrangement:
    require(
        actor,
        ActorKind.DEBTOR,
        ActorKind.SPECIALIST,
        ActorKind.CREDITOR_USER,
        what="proposing an arrangement",
    )
    case = load_case(uow, actor, reference, for_update=True)
    check_transition(case.reference, CaseStatus(case.status), CaseStatus.ARRANGEMENT)
    pending = uow.session.scalars(
        select(Arrangement).where(Arrangement.case_id == case.id, Arrangement.status == "proposed")
    ).first()
    if pending is not None:
        raise UserError("an arrangement proposal for this case is waiting for a decision already")

    today = local_today(uow.clock)
    c = v.Collector()
    first = c.check("first_due_on", first_due_on, v.iso_date)
    monthly = c.check("monthly_amount", monthly_amount, v.amount, required=False)
    if first and not today <= first <= today + timedelta(days=MAX_FIRST_DUE_DAYS):
        c.add("first_due_on", "date", value=f"{first} must be within {MAX_FIRST_DUE_DAYS} days from today")
    if (months is None) == (monthly is None and monthly_amount is None):
        c.add("months", "required", detail="give either months or monthly_amount")
    if months is not None and not 1 <= months <= MAX_MONTHS:
        c.add("months", "choice", options=f"1..{MAX_MONTHS}", value=str(months))
    if c.errors:
        raise InvalidInput(c.errors)
    assert first is not None

    total = statement_for(uow, case, today).total_open
    if total <= 0:
        raise UserError("nothing is open on this case")
    if monthly is not None:
        months = int((total / monthly).to_integral_value(rounding=ROUND_UP))
        if months > MAX_MONTHS:
            raise UserError(f"monthly_amount: {monthly} would take {months} months; at most {MAX_MONTHS}")
    assert months is not None
    amounts = installment_amounts(total, months)

    creditor = uow.session.get(Creditor, case.creditor_id)
    policy = creditor.arrangement_policy if creditor else {}
    within = len(amounts) <= int(policy.get("max_months", 0)) and amounts[0] >= Decimal(
        str(policy.get("min_installment", "0"))
    )
    arrangement = Arrangement(
        case_id=case.id,
        status="proposed",
        proposed_by=actor.kind.value,
        total_amount=total,
        installment_amount=amounts[0],
        months=len(amounts),
        first_due_on=first,
        within_policy=within,
        created_at=uow.clock.now(),
    )
    uow.session.add(arrangement)
    uow.session.flush()
    record_event(
        uow,
        case,
        actor,
        "arrangement_proposed",
        {
            "arrangement_id": arrangement.id,
            "total": money_str(total),
            "months": len(amounts),
            "installment": money_str(amounts[0]),
            "first_due_on": first.isoformat(),
            "within_policy": within,
        },
    )
    if within:
        _accept(uow, Actor.system("arrangement policy"), arrangement, amounts, "within the creditor's policy")
    return arrangement


def decide_arrangement(
    uow: UnitOfWork, actor: Actor, arrangement_id: int, *, accept: bool, note: str = ""
) -> Arrangement:
    """A specialist or the creditor decides a proposal outside policy."""
    require(actor, ActorKind.SPECIALIST, ActorKind.CREDITOR_USER, what="deciding an arrangement")
    arrangement = uow.session.get(Arrangement, arrangement_id)
    if arrangement is None:
        raise NotFound(f"arrangement {arrangement_id} not found")
    case = load_case(uow, actor, arrangement.case_id, for_update=True)
    if arrangement.status != "proposed":
        raise UserError(f"arrangement {arrangement_id} was decided already ({arrangement.status})")
    if accept:
        amounts = installment_amounts(arrangement.total_amount, arrangement.months)
        _accept(uow, actor, arrangement, amounts, note)
    else:
        arrangement.status = "rejected"
        arrangement.decided_by = actor.label or actor.kind.value
        arrangement.decided_at = uow.clock.now()
        arrangement.decision_note = note or None
        record_event(uow, case, actor, "arrangement_rejected", {"arrangement_id": arrangement.id, "note": note})
    return arrangement


def _accept(uow: UnitOfWork, actor: Actor, arrangement: Arrangement, amounts: list[Decimal], note: str) -> None:
    case = load_case(uow, actor, arrangement.case_id)
    arrangement.status = "accepted"
    arrangement.decided_by = actor.label or actor.kind.value
    arrangement.decided_at = uow.clock.now()
    arrangement.decision_note = note or None
    uow.session.add_all(
        Installment(
            arrangement_id=arrangement.id,
            seq=i + 1,
            due_on=add_months(arrangement.first_due_on, i),
            amount=amount,
        )
        for i, amount in enumerate(amounts)
    )
    record_event(uow, case, actor, "arrangement_accepted", {"arrangement_id": arrangement.id, "note": note})
    transition(uow, case, CaseStatus.ARRANGEMENT, actor, reason="arrangement accepted")
    pause_plan(uow, case, actor, "arrangement accepted")
