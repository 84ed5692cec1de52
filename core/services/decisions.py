"""The creditor's decision after the amicable phase: court proceedings, more amicable time, or close.

No judicial step happens without this consent; who decided, when and with what note is in the audit log.
"""

from __future__ import annotations

from enum import StrEnum

from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import Case, ContactStep
from core.domain.case_states import CaseStatus
from core.errors import Conflict, UserError
from core.judicial.advice import latest_sent_advice
from core.notifications import alert_specialists
from core.schedule.calendar import add_business_days
from core.schedule.plan import AMICABLE_DAYS, Channel, Condition, PlanStep, Windows, lay_out
from core.schedule.planning import cancel_plan
from core.services.case_access import load_case, record_event, require, transition
from core.uow import UnitOfWork


class Decision(StrEnum):
    START_PROCEEDINGS = "start_proceedings"
    EXTEND = "extend"
    CLOSE = "close"


# Two more weeks of amicable contact: a reminder, a call, a final notice, then the evaluation again.
EXTENSION_PLAN: tuple[PlanStep, ...] = (
    PlanStep(0, Channel.EMAIL, "reminder", Condition.HAS_EMAIL),
    PlanStep(0, Channel.TELEGRAM, "reminder", Condition.TELEGRAM_LINKED),
    PlanStep(2, Channel.PHONE, "call", Condition.HAS_PHONE),
    PlanStep(7, Channel.LETTER, "final_notice", Condition.HAS_ADDRESS),
    PlanStep(7, Channel.EMAIL, "final_notice", Condition.HAS_EMAIL),
    PlanStep(AMICABLE_DAYS, Channel.EVALUATION, "day10"),
)


def decide_next_step(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    decision: str,
    *,
    note: str = "",
    windows: Windows | None = None,
    advice_id: int | None = None,
) -> Case:
    """`advice_id`: the advice the creditor answers; it must be the latest one sent (409 otherwise). Without it the
    decision answers the latest sent advice, if any, and the audit event names it."""
    require(actor, ActorKind.CREDITOR_USER, what="deciding on the judicial phase")
    try:
        choice = Decision(decision)
    except ValueError:
        raise UserError(f"decision: choose from {', '.join(d.value for d in Decision)} ({decision})") from None
    case = load_case(uow, actor, reference, for_update=True)
    if case.status != CaseStatus.AWAITING_CREDITOR.value:
        raise Conflict(f"case {case.reference} is {case.status}: there is no decision to make now")
    advice = latest_sent_advice(uow, case)
    if advice_id is not None and (advice is None or advice.id != advice_id):
        current = f"the current advice is {advice.id}" if advice else "no advice was sent"
        raise Conflict(f"advice {advice_id} is not the current advice of case {case.reference} ({current})")
    details: dict[str, object] = {"decision": choice.value, "note": note.strip()[:2000]}
    if advice is not None:  # cases escalated before any advice was sent answer none
        details |= {"advice_id": advice.id, "advice_version": advice.version,
                    "advice_recommendation": advice.recommendation}
    decided = record_event(uow, case, actor, "creditor_decision", details)
    if choice is Decision.START_PROCEEDINGS:
        transition(uow, case, CaseStatus.JUDICIAL, actor, reason="creditor consented to court proceedings")
        uow.session.flush()  # the decision's id names the alert: once per consent
        # the specialists take the court steps from here (in Slack: a card that records each step)
        alert_specialists(uow, case, "judicial_started", f"judicial-started:{decided.id}", case_id=case.id)
    elif choice is Decision.CLOSE:
        transition(uow, case, CaseStatus.CLOSED, actor, reason="creditor closed the case")
        cancel_plan(uow, case, actor, "closed by the creditor")
    else:
        transition(uow, case, CaseStatus.AMICABLE, actor, reason="creditor extended the amicable phase")
        case.deadline_on = add_business_days(local_today(uow.clock), AMICABLE_DAYS)
        uow.session.add_all(
            ContactStep(case_id=case.id, day_offset=step.day, channel=step.channel.value, template=step.template,
                        condition=step.condition.value if step.condition else None, due_at=due, status="planned")
            for step, due in lay_out(EXTENSION_PLAN, uow.clock.now(), windows or Windows())
        )
    return case
