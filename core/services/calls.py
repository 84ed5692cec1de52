"""Phone calls: debtors ask to be called back, specialists log what came of a call."""

from __future__ import annotations

from core import validation as v
from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import CallTask, Debtor
from core.errors import InvalidInput, NotFound, UserError
from core.services.case_access import load_case, record_event, require
from core.uow import UnitOfWork

OUTCOMES = ("reached", "no_answer", "voicemail", "wrong_number", "promised_payment", "disputes", "other")


def request_call_back(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    *,
    phone: str | None = None,
    preferred_time: str | None = None,
) -> CallTask:
    require(actor, ActorKind.DEBTOR, ActorKind.SPECIALIST, ActorKind.CREDITOR_USER, what="requesting a call")
    case = load_case(uow, actor, reference)
    c = v.Collector()
    number = c.check("phone", phone, v.phone, required=False)
    if c.errors:
        raise InvalidInput(c.errors)
    debtor = uow.session.get(Debtor, case.debtor_id)
    number = number or (debtor.phone if debtor else None)
    if number is None:
        raise UserError("phone: we have no phone number for you; please give one")
    task = CallTask(
        case_id=case.id,
        origin="callback_request",
        status="open",
        phone=number,
        preferred_time=(preferred_time or "").strip()[:100] or None,
        requested_at=uow.clock.now(),
    )
    uow.session.add(task)
    uow.session.flush()
    record_event(uow, case, actor, "call_back_requested", {"task_id": task.id, "preferred_time": task.preferred_time})
    return task


def log_call_outcome(
    uow: UnitOfWork, actor: Actor, task_id: int, *, outcome: str, notes: str = "", promised_on: object | None = None
) -> CallTask:
    """Log what came of a call. `promised_on`: the date the debtor promised to pay (outcome promised_payment)."""
    require(actor, ActorKind.SPECIALIST, what="logging a call")
    task = uow.session.get(CallTask, task_id)
    if task is None:
        raise NotFound(f"call task {task_id} not found")
    if task.status != "open":
        raise UserError(f"call task {task_id} is {task.status} already")
    c = v.Collector()
    result = c.check("outcome", outcome, v.choice, OUTCOMES)
    promised = c.check("promised_on", promised_on, v.iso_date, required=False)
    if promised is not None and promised < local_today(uow.clock):
        c.add("promised_on", "date", value=f"{promised} is in the past")
    if c.errors:
        raise InvalidInput(c.errors)
    case = load_case(uow, actor, task.case_id, for_update=True)
    uow.session.refresh(task)  # the case lock serialises two people logging the same call
    if task.status != "open":
        raise UserError(f"call task {task_id} is {task.status} already")
    task.status = "done"
    task.outcome = result
    task.notes = notes.strip()[:4000] or None
    task.done_at = uow.clock.now()
    details: dict[str, object] = {"task_id": task.id, "outcome": result, "notes": task.notes}
    if promised is not None:
        details["promised_on"] = promised.isoformat()
    record_event(uow, case, actor, "call_logged", details)
    return task
