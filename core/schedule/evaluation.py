"""The day-10 evaluation: paid, monitored, with the specialist, or handed to the creditor with a summary."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from core.actors import Actor
from core.config import Settings
from core.db.models import CallTask, Case, CaseEvent, ContactStep, Debtor, OutboundMessage
from core.domain.case_states import CaseStatus
from core.judicial.advice import draft_advice
from core.money import money_str
from core.notifications import notify_creditor
from core.schedule.calendar import add_business_days, local_moment
from core.schedule.plan import EVALUATE_AT, SEND_AT, Channel, Windows
from core.services.case_access import record_event
from core.services.case_view import statement_for
from core.services.lifecycle import escalate
from core.services.payments import settle_if_paid
from core.uow import UnitOfWork

SYSTEM = Actor.system("day-10 evaluation")
# After the 14-day term ends, the debtor gets the "costs now due" notice and this many business days to react.
DAYS_AFTER_COSTS_NOTICE = 2


def evaluate_case(
    uow: UnitOfWork, step: ContactStep, case: Case, settings: Settings, *, today: date, windows: Windows
) -> tuple[str, str]:
    status = CaseStatus(case.status)
    if status is CaseStatus.ARRANGEMENT:
        return _done(uow, case, "arrangement", "arrangement active: installments are monitored")
    if status is CaseStatus.DISPUTED:
        return _done(uow, case, "disputed", "dispute open: the case stays with the specialist")
    if status is not CaseStatus.AMICABLE:
        return "cancelled", f"case is {case.status}"

    statement = statement_for(uow, case, today)
    if settle_if_paid(uow, case, SYSTEM, statement.total_open):  # the creditor is told by settle_if_paid
        return _done(uow, case, "paid", "paid in full")
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    claimable = statement.costs_claimable_from
    if debtor.kind == "consumer" and claimable is not None and claimable > today:
        return _wait_for_term(uow, step, case, debtor, claimable)

    summary = _summary(uow, case, statement.total_open)
    record_event(uow, case, SYSTEM, "day10_evaluation", {"outcome": "escalated", **summary})
    escalate(uow, SYSTEM, case.reference, "amicable phase ended without full payment")
    # the advice draft from the statement computed above; a specialist reviews and sends it (incasso case advice…)
    draft_advice(uow, SYSTEM, case.reference, as_of=today, statement=statement, case=case)
    notify_creditor(uow, case, "decision_needed", f"decision-needed:{case.id}:{step.id}", **summary)
    return "done", f"escalated to the creditor: {summary['total_open']} open"


def _done(uow: UnitOfWork, case: Case, outcome: str, note: str) -> tuple[str, str]:
    record_event(uow, case, SYSTEM, "day10_evaluation", {"outcome": outcome})
    return "done", note


def _wait_for_term(uow: UnitOfWork, step: ContactStep, case: Case, debtor: Debtor, claimable: date) -> tuple[str, str]:
    """A consumer's 14-day term still runs: tell them the costs when it ends, then evaluate again."""
    channels = [Channel.EMAIL] if debtor.email else []
    if debtor.street and debtor.postcode and debtor.city and not channels:
        channels.append(Channel.LETTER)
    channels.append(Channel.TELEGRAM)
    for channel in channels:
        uow.session.add(
            ContactStep(
                case_id=case.id,
                day_offset=step.day_offset,
                channel=channel.value,
                template="costs_now_due",
                condition="telegram_linked" if channel is Channel.TELEGRAM else None,
                due_at=local_moment(claimable, SEND_AT[channel]),
                status="planned",
            )
        )
    again = add_business_days(claimable, DAYS_AFTER_COSTS_NOTICE + 1)
    uow.session.add(
        ContactStep(
            case_id=case.id,
            day_offset=step.day_offset,
            channel=Channel.EVALUATION.value,
            template="day10",
            due_at=local_moment(again, EVALUATE_AT),
            status="planned",
        )
    )
    record_event(
        uow,
        case,
        SYSTEM,
        "day10_evaluation",
        {
            "outcome": "waiting_for_14_day_term",
            "costs_claimable_from": claimable.isoformat(),
            "evaluate_again_on": again.isoformat(),
        },
    )
    return "done", f"14-day term still running: costs due from {claimable}; evaluated again on {again}"


def _summary(uow: UnitOfWork, case: Case, total_open: object) -> dict[str, object]:
    """What was tried and what the debtor said: the creditor's basis for the next decision."""
    sent = Counter(
        f"{channel}:{status}"
        for channel, status in uow.session.execute(
            select(OutboundMessage.channel, OutboundMessage.status).where(OutboundMessage.case_id == case.id)
        )
    )
    calls = Counter(
        outcome or "not yet called"
        for outcome in uow.session.scalars(select(CallTask.outcome).where(CallTask.case_id == case.id))
    )
    debtor_said = [
        {"at": e.occurred_at.isoformat(), "what": e.kind}
        for e in uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.actor_kind == "debtor")
        )
    ]
    return {
        "total_open": money_str(total_open),  # type: ignore[arg-type]
        "messages": dict(sent),
        "calls": dict(calls),
        "debtor_responses": debtor_said,
        "debtor_reached": bool(debtor_said) or calls.get("reached", 0) > 0,
    }
