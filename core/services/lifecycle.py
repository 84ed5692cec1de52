"""Moving a case through its life: start, assign, withdraw, escalate, close, and what the creditor reports."""

from __future__ import annotations

from core.actors import Actor, ActorKind
from core.db.models import Case, Role, User
from core.domain.case_states import CaseStatus
from core.errors import NotFound, UserError
from core.notifications import alert_specialists
from core.schedule.planning import cancel_plan
from core.services.case_access import load_case, record_event, require, transition
from core.uow import UnitOfWork

CREDITOR_OR_AGENCY = (ActorKind.CREDITOR_USER, ActorKind.SPECIALIST, ActorKind.SYSTEM)
AGENCY = (ActorKind.SPECIALIST, ActorKind.SYSTEM)


def start_amicable(uow: UnitOfWork, actor: Actor, reference: str) -> Case:
    require(actor, *AGENCY, what="starting the amicable phase")
    case = load_case(uow, actor, reference, for_update=True)
    transition(uow, case, CaseStatus.AMICABLE, actor, reason="amicable phase started")
    case.amicable_started_at = uow.clock.now()
    return case


def withdraw(uow: UnitOfWork, actor: Actor, reference: str, reason: str) -> Case:
    require(actor, *CREDITOR_OR_AGENCY, what="withdrawing a case")
    case = load_case(uow, actor, reference, for_update=True)
    transition(uow, case, CaseStatus.WITHDRAWN, actor, reason=reason)
    cancel_plan(uow, case, actor, "withdrawn by the creditor")
    return case


def assign_specialist(uow: UnitOfWork, actor: Actor, reference: str, user_id: int) -> Case:
    require(actor, *AGENCY, what="assigning a specialist")
    case = load_case(uow, actor, reference, for_update=True)
    user = uow.session.get(User, user_id)
    if user is None or user.role not in (Role.SPECIALIST.value, Role.ADMIN.value) or not user.active:
        raise NotFound(f"specialist {user_id} not found")
    previous = case.assigned_specialist_id
    case.assigned_specialist_id = user.id
    case.updated_at = uow.clock.now()
    record_event(uow, case, actor, "specialist_assigned", {"from": previous, "to": user.id, "name": user.display_name})
    return case


def escalate(uow: UnitOfWork, actor: Actor, reference: str, reason: str) -> Case:
    """The amicable phase ends without full payment: the creditor must decide on the next step."""
    require(actor, *AGENCY, what="escalating a case")
    case = load_case(uow, actor, reference, for_update=True)
    transition(uow, case, CaseStatus.AWAITING_CREDITOR, actor, reason=reason)
    cancel_plan(uow, case, actor, "escalated to the creditor")
    return case


def close(uow: UnitOfWork, actor: Actor, reference: str, reason: str) -> Case:
    require(actor, *AGENCY, what="closing a case")
    case = load_case(uow, actor, reference, for_update=True)
    transition(uow, case, CaseStatus.CLOSED, actor, reason=reason)
    cancel_plan(uow, case, actor, "case closed")
    return case


def report_contact(uow: UnitOfWork, actor: Actor, reference: str, note: str) -> Case:
    """The creditor spoke with the debtor directly; the specialist must know before the next call."""
    require(actor, *CREDITOR_OR_AGENCY, what="reporting contact")
    note = note.strip()
    if not note:
        raise UserError("note: say what was agreed or said")
    case = load_case(uow, actor, reference)
    event = record_event(uow, case, actor, "contact_reported", {"note": note[:2000]})
    case.updated_at = uow.clock.now()
    if actor.kind is ActorKind.CREDITOR_USER:  # the specialists must know before their next call
        uow.session.flush()
        alert_specialists(uow, case, "creditor_reported_contact", f"creditor-contact:{event.id}", note=note[:2000],
                          reported_by=actor.label or actor.id)
    return case
