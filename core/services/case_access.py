"""Loading a case for an actor, changing its status, and writing the audit log: the shared steps of services."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core import creditor_updates, debtor_updates, webhooks
from core.actors import Actor, ActorKind
from core.db.models import Case, CaseEvent
from core.domain.case_states import FINAL_STATUSES, CaseStatus, check_transition, phase_of
from core.errors import Forbidden, NotFound
from core.uow import UnitOfWork


def load_case(uow: UnitOfWork, actor: Actor, reference: str | int, *, for_update: bool = False) -> Case:
    """The case, if this actor may see it. Another creditor's case is reported as not found."""
    query = select(Case).where(Case.id == reference if isinstance(reference, int) else Case.reference == reference)
    if for_update:
        query = query.with_for_update()
    case = uow.session.scalars(query).one_or_none()
    if case is None or not may_access(actor, case):
        raise NotFound(f"case {reference} not found")
    return case


def may_access(actor: Actor, case: Case) -> bool:
    if actor.is_agency:
        return True
    if actor.kind is ActorKind.CREDITOR_USER:
        return actor.creditor_id is not None and actor.creditor_id == case.creditor_id
    if actor.kind is ActorKind.DEBTOR:
        return case.id in actor.case_ids
    return False


def require(actor: Actor, *kinds: ActorKind, what: str) -> None:
    if actor.kind not in kinds and actor.kind is not ActorKind.ADMIN:
        raise Forbidden(f"{what} is not allowed for {actor.kind.value}")


def record_event(
    uow: UnitOfWork, case: Case, actor: Actor, kind: str, payload: dict[str, Any] | None = None
) -> CaseEvent:
    event = CaseEvent(
        case_id=case.id,
        occurred_at=uow.clock.now(),
        actor_kind=actor.kind.value,
        actor_id=actor.id,
        actor_label=actor.label,
        kind=kind,
        payload=payload or {},
    )
    uow.session.add(event)
    webhooks.queue_for_event(uow, case, event)  # nothing unless the creditor has a webhook URL
    creditor_updates.on_case_event(uow, case, event)
    debtor_updates.on_case_event(uow, case, event)
    return event


def transition(uow: UnitOfWork, case: Case, target: CaseStatus, actor: Actor, *, reason: str | None = None) -> None:
    """Move the case to `target` if the state machine allows it; raise and change nothing otherwise."""
    current = CaseStatus(case.status)
    check_transition(case.reference, current, target)
    now = uow.clock.now()
    case.status = target.value
    case.phase = phase_of(target).value
    case.updated_at = now
    if target in FINAL_STATUSES:
        case.closed_at = now
    record_event(uow, case, actor, "status_changed", {"from": current.value, "to": target.value, "reason": reason})
