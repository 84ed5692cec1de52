"""Laying out a case's plan, and the events that change it: pause, resume, cancel — each in the audit log."""

from __future__ import annotations

from sqlalchemy import select, update

from core.actors import Actor
from core.clock import local_today
from core.db.models import Case, CaseEvent, ContactStep, Creditor
from core.deep_link import token_for, token_hash
from core.domain.case_states import CaseStatus
from core.schedule.calendar import AMSTERDAM, add_business_days, business_days_between, next_allowed_moment
from core.schedule.plan import AMICABLE_DAYS, DEFAULT_PLAN, Channel, PlanStep, Windows, lay_out, parse_plan
from core.services.case_access import record_event, transition
from core.uow import UnitOfWork


def plan_of(creditor: Creditor) -> tuple[PlanStep, ...]:
    return parse_plan(creditor.contact_plan) if creditor.contact_plan else DEFAULT_PLAN


def plan_case(uow: UnitOfWork, case: Case, *, windows: Windows, token_key: bytes, actor: Actor) -> list[ContactStep]:
    """Lay out the contact plan of a new case and start its amicable phase."""
    creditor = uow.session.get_one(Creditor, case.creditor_id)
    now = uow.clock.now()
    steps = [
        ContactStep(
            case_id=case.id,
            day_offset=step.day,
            channel=step.channel.value,
            template=step.template,
            condition=step.condition.value if step.condition else None,
            due_at=due,
            status="planned",
        )
        for step, due in lay_out(plan_of(creditor), now, windows)
    ]
    uow.session.add_all(steps)
    case.telegram_token_hash = token_hash(token_for(case.id, token_key))
    case.deadline_on = add_business_days(local_today(uow.clock), AMICABLE_DAYS)
    case.amicable_started_at = now
    transition(uow, case, CaseStatus.AMICABLE, actor, reason="contact plan laid out")
    record_event(
        uow,
        case,
        actor,
        "plan_laid_out",
        {
            "steps": len(steps),
            "deadline": case.deadline_on.isoformat(),
            "first": steps[0].due_at.isoformat() if steps else None,
        },
    )
    return steps


def start_new_cases(uow: UnitOfWork, *, windows: Windows, token_key: bytes, limit: int = 500) -> int:
    """Plan every case still in status `new` (filed by Slack, API, CLI or import); the caller commits."""
    query = select(Case).where(Case.status == CaseStatus.NEW.value).order_by(Case.id).limit(limit)
    if uow.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    cases = uow.session.scalars(query).all()
    actor = Actor.system("scheduler")
    for case in cases:
        plan_case(uow, case, windows=windows, token_key=token_key, actor=actor)
    return len(cases)


def _set_status(uow: UnitOfWork, case: Case, old: str, new: str, note: str) -> int:
    result = uow.session.execute(
        update(ContactStep)
        .where(ContactStep.case_id == case.id, ContactStep.status == old)
        .values(status=new, note=note[:300])
    )
    return result.rowcount or 0


def cancel_plan(uow: UnitOfWork, case: Case, actor: Actor, reason: str) -> int:
    count = sum(_set_status(uow, case, old, "cancelled", reason) for old in ("planned", "paused"))
    if count:
        record_event(uow, case, actor, "plan_cancelled", {"steps": count, "reason": reason})
    return count


def pause_plan(uow: UnitOfWork, case: Case, actor: Actor, reason: str) -> int:
    count = _set_status(uow, case, "planned", "paused", reason)
    if count:
        record_event(uow, case, actor, "plan_paused", {"steps": count, "reason": reason})
    return count


def resume_plan(uow: UnitOfWork, case: Case, actor: Actor, reason: str, windows: Windows | None = None) -> int:
    """Paused steps run again, shifted by the business days the pause lasted, within contact hours."""
    windows = windows or Windows()
    paused_event = uow.session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "plan_paused")
        .order_by(CaseEvent.id.desc())
    ).first()
    now = uow.clock.now()
    paused_on = (paused_event.occurred_at if paused_event else now).astimezone(AMSTERDAM).date()
    shift = business_days_between(paused_on, now.astimezone(AMSTERDAM).date())
    steps = uow.session.scalars(
        select(ContactStep).where(ContactStep.case_id == case.id, ContactStep.status == "paused")
    ).all()
    for step in steps:
        local = step.due_at.astimezone(AMSTERDAM)
        day = add_business_days(local.date(), shift)
        due = max(now, local.replace(year=day.year, month=day.month, day=day.day).astimezone(step.due_at.tzinfo))
        if step.channel == Channel.PHONE.value:
            due = next_allowed_moment(due, windows.phone, business_only=True)
        elif step.channel != Channel.EVALUATION.value:
            due = next_allowed_moment(due, windows.message)
        step.due_at, step.status, step.note = due, "planned", f"resumed: {reason}"[:300]
    if steps:
        case.deadline_on = add_business_days(case.deadline_on or paused_on, shift)
        record_event(
            uow, case, actor, "plan_resumed", {"steps": len(steps), "shift_business_days": shift, "reason": reason}
        )
    return len(steps)
