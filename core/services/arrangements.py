"""Payment arrangements: proposed by the debtor (or for it), accepted within the creditor's policy or by a person."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

from sqlalchemy import select

from core import validation as v
from core.actors import Actor, ActorKind
from core.clock import AMSTERDAM, local_today
from core.db.models import Arrangement, Case, Creditor, Installment
from core.domain.case_states import CaseStatus, check_transition
from core.domain.installments import policy_from
from core.errors import Forbidden, InvalidInput, NotFound, UserError
from core.money import CENT, money_str
from core.notifications import alert_specialists
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
    first, total, amounts = _terms(uow, case, first_due_on, months, monthly_amount)
    within = _within_policy(uow, case, amounts)
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
    elif actor.kind is not ActorKind.SPECIALIST:  # outside policy: a specialist approves, rejects or counters
        alert_specialists(
            uow, case, "arrangement_proposed", f"arrangement:{arrangement.id}", arrangement_id=arrangement.id
        )
    return arrangement


def _terms(
    uow: UnitOfWork, case: Case, first_due_on: object, months: int | None, monthly_amount: object | None
) -> tuple[date, Decimal, list[Decimal]]:
    """Check the proposed terms; the first due date, the total open and the installments."""
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
    return first, total, installment_amounts(total, months)


def within_policy(uow: UnitOfWork, case: Case, amounts: list[Decimal]) -> bool:
    """Whether installments like these would be accepted at once (front ends show it before a proposal)."""
    return _within_policy(uow, case, amounts)


def _within_policy(uow: UnitOfWork, case: Case, amounts: list[Decimal]) -> bool:
    creditor = uow.session.get(Creditor, case.creditor_id)
    policy = creditor.arrangement_policy if creditor else {}
    return len(amounts) <= int(policy.get("max_months", 0)) and amounts[0] >= Decimal(
        str(policy.get("min_installment", "0"))
    )


def counter_offer(
    uow: UnitOfWork,
    actor: Actor,
    arrangement_id: int,
    *,
    first_due_on: object,
    months: int | None = None,
    monthly_amount: object | None = None,
    note: str = "",
) -> Arrangement:
    """Answer a proposal with other terms: the proposal is closed as "countered" and the counter-offer waits as a
    new proposal for the debtor's answer (decide_arrangement by the debtor)."""
    require(actor, ActorKind.SPECIALIST, ActorKind.CREDITOR_USER, what="making a counter-offer")
    arrangement = uow.session.get(Arrangement, arrangement_id)
    if arrangement is None:
        raise NotFound(f"arrangement {arrangement_id} not found")
    case = load_case(uow, actor, arrangement.case_id, for_update=True)
    uow.session.refresh(arrangement)  # the case lock serialises deciders: read the status after it
    if arrangement.status != "proposed":
        raise UserError(f"arrangement {arrangement_id} was decided already ({arrangement.status})")
    first, total, amounts = _terms(uow, case, first_due_on, months, monthly_amount)
    now = uow.clock.now()
    arrangement.status = "countered"
    arrangement.decided_by = actor.label or actor.kind.value
    arrangement.decided_at = now
    arrangement.decision_note = note.strip()[:500] or None
    counter = Arrangement(
        case_id=case.id,
        status="proposed",
        proposed_by=actor.kind.value,
        total_amount=total,
        installment_amount=amounts[0],
        months=len(amounts),
        first_due_on=first,
        within_policy=_within_policy(uow, case, amounts),
        created_at=now,
    )
    uow.session.add(counter)
    uow.session.flush()
    record_event(
        uow,
        case,
        actor,
        "arrangement_countered",
        {
            "arrangement_id": arrangement.id,
            "counter_id": counter.id,
            "total": money_str(total),
            "months": len(amounts),
            "installment": money_str(amounts[0]),
            "first_due_on": first.isoformat(),
            "note": arrangement.decision_note,
        },
    )
    return counter


def decide_arrangement(
    uow: UnitOfWork, actor: Actor, arrangement_id: int, *, accept: bool, note: str = ""
) -> Arrangement:
    """A specialist or the creditor decides a proposal outside policy; the debtor decides a counter-offer."""
    require(actor, ActorKind.SPECIALIST, ActorKind.CREDITOR_USER, ActorKind.DEBTOR, what="deciding an arrangement")
    arrangement = uow.session.get(Arrangement, arrangement_id)
    if arrangement is None:
        raise NotFound(f"arrangement {arrangement_id} not found")
    case = load_case(uow, actor, arrangement.case_id, for_update=True)
    if actor.kind is ActorKind.DEBTOR and arrangement.proposed_by == ActorKind.DEBTOR.value:
        raise Forbidden("a debtor cannot decide its own proposal")
    uow.session.refresh(arrangement)  # the case lock serialises deciders: read the status after it
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
    creditor = uow.session.get_one(Creditor, case.creditor_id)
    if policy_from(creditor.arrangement_policy).freeze_interest:
        # the total (and so the installments) is what was open on the day it was computed: freeze it there
        arrangement.freezes_interest = True
        case.interest_frozen_on = arrangement.created_at.astimezone(AMSTERDAM).date()
    uow.session.add_all(
        Installment(
            arrangement_id=arrangement.id,
            seq=i + 1,
            due_on=add_months(arrangement.first_due_on, i),
            amount=amount,
        )
        for i, amount in enumerate(amounts)
    )
    record_event(
        uow,
        case,
        actor,
        "arrangement_accepted",
        {
            "arrangement_id": arrangement.id,
            "note": note,
            "interest_frozen_on": case.interest_frozen_on.isoformat() if arrangement.freezes_interest else None,
        },
    )
    transition(uow, case, CaseStatus.ARRANGEMENT, actor, reason="arrangement accepted")
    pause_plan(uow, case, actor, "arrangement accepted")
