""""I can't pay": the case is flagged for a specialist and automated reminders pause until a person has looked.

The plan resumes when a specialist records the review (`review_cannot_pay`, event `cannot_pay_reviewed`), not by
itself: a debtor in trouble should hear from a person before the next automated reminder.
"""

from __future__ import annotations

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.db.models import Case, CaseEvent, CaseFlag
from core.domain.case_states import CaseStatus
from core.errors import UserError
from core.notifications import alert_specialists
from core.schedule.planning import pause_plan, resume_plan
from core.services.case_access import load_case, record_event, require
from core.uow import UnitOfWork

CANNOT_PAY = "cannot_pay"


def open_flag(uow: UnitOfWork, case: Case, kind: str) -> CaseFlag | None:
    return uow.session.scalars(
        select(CaseFlag).where(CaseFlag.case_id == case.id, CaseFlag.kind == kind, CaseFlag.cleared_at.is_(None))
    ).first()


def report_cannot_pay(uow: UnitOfWork, actor: Actor, reference: str | int, note: str = "") -> CaseFlag:
    """Flag the case and pause its reminders. Reporting again while flagged changes nothing."""
    require(actor, ActorKind.DEBTOR, ActorKind.SPECIALIST, what="reporting that the debtor cannot pay")
    case = load_case(uow, actor, reference, for_update=True)
    existing = open_flag(uow, case, CANNOT_PAY)
    if existing is not None:
        return existing
    flag = CaseFlag(
        case_id=case.id,
        kind=CANNOT_PAY,
        raised_by=actor.label or (f"{actor.kind.value}:{actor.id}" if actor.id else actor.kind.value),
        raised_at=uow.clock.now(),
        note=note.strip()[:2000] or None,
    )
    uow.session.add(flag)
    uow.session.flush()
    record_event(uow, case, actor, "cannot_pay_reported", {"flag_id": flag.id})
    pause_plan(uow, case, actor, "debtor cannot pay; waiting for a specialist")
    alert_specialists(uow, case, "cannot_pay", f"cannot-pay:{flag.id}", flag_id=flag.id, note=flag.note)
    return flag


def review_cannot_pay(uow: UnitOfWork, actor: Actor, reference: str | int, note: str = "") -> CaseFlag:
    """A specialist has looked (and usually called): the flag clears and, in the amicable phase, the plan resumes."""
    require(actor, ActorKind.SPECIALIST, what="reviewing a cannot-pay report")
    case = load_case(uow, actor, reference, for_update=True)
    flag = open_flag(uow, case, CANNOT_PAY)
    if flag is None:
        raise UserError(f"case {case.reference} has no open cannot-pay report")
    flag.cleared_at = uow.clock.now()
    flag.cleared_by = actor.label or actor.id or actor.kind.value
    record_event(uow, case, actor, "cannot_pay_reviewed", {"flag_id": flag.id, "note": note.strip() or None})
    if case.status == CaseStatus.AMICABLE.value:
        resume_plan(uow, case, actor, "cannot-pay report reviewed")
    return flag


def keep_cannot_pay_paused(uow: UnitOfWork, actor: Actor, reference: str | int, note: str = "") -> CaseFlag:
    """A specialist has looked and decides the reminders stay paused for now (help is being arranged): the report
    stays open in the queue, with who looked and when, until someone resumes it with `review_cannot_pay`."""
    require(actor, ActorKind.SPECIALIST, what="reviewing a cannot-pay report")
    case = load_case(uow, actor, reference, for_update=True)
    flag = open_flag(uow, case, CANNOT_PAY)
    if flag is None:
        raise UserError(f"case {case.reference} has no open cannot-pay report")
    last = uow.session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "cannot_pay_kept_paused")
        .order_by(CaseEvent.id.desc())
    ).first()
    if last is not None and (last.payload or {}).get("flag_id") == flag.id and last.actor_id == actor.id:
        raise UserError(f"the reminders of {case.reference} are kept paused already (you decided so)")
    record_event(uow, case, actor, "cannot_pay_kept_paused", {"flag_id": flag.id, "note": note.strip() or None})
    return flag
