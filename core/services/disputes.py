"""Disputes pause the schedule until a specialist decides: upheld closes the case, rejected resumes it."""

from __future__ import annotations

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.db.models import Dispute
from core.domain.case_states import CaseStatus, check_transition
from core.errors import NotFound, UserError
from core.schedule.planning import cancel_plan, pause_plan, resume_plan
from core.services.case_access import load_case, record_event, require, transition
from core.uow import UnitOfWork

MAX_REASON = 4000


def open_dispute(uow: UnitOfWork, actor: Actor, reference: str, reason: str) -> Dispute:
    require(actor, ActorKind.DEBTOR, ActorKind.SPECIALIST, ActorKind.CREDITOR_USER, what="opening a dispute")
    reason = (reason or "").strip()
    if not reason:
        raise UserError("reason: say why the claim is disputed")
    if len(reason) > MAX_REASON:
        raise UserError(f"reason: at most {MAX_REASON} characters")
    case = load_case(uow, actor, reference, for_update=True)
    check_transition(case.reference, CaseStatus(case.status), CaseStatus.DISPUTED)
    dispute = Dispute(
        case_id=case.id,
        status="open",
        reason=reason,
        opened_by=actor.label or actor.kind.value,
        opened_at=uow.clock.now(),
    )
    uow.session.add(dispute)
    uow.session.flush()
    transition(uow, case, CaseStatus.DISPUTED, actor, reason="dispute opened")
    pause_plan(uow, case, actor, "dispute opened")
    record_event(uow, case, actor, "dispute_opened", {"dispute_id": dispute.id, "reason": reason})
    return dispute


def resolve_dispute(uow: UnitOfWork, actor: Actor, dispute_id: int, *, upheld: bool, resolution: str) -> Dispute:
    require(actor, ActorKind.SPECIALIST, what="deciding a dispute")
    dispute = uow.session.get(Dispute, dispute_id)
    if dispute is None:
        raise NotFound(f"dispute {dispute_id} not found")
    if dispute.status != "open":
        raise UserError(f"dispute {dispute_id} was decided already ({dispute.status})")
    case = load_case(uow, actor, dispute.case_id, for_update=True)
    dispute.status = "upheld" if upheld else "rejected"
    dispute.resolved_by = actor.label or actor.id or actor.kind.value
    dispute.resolved_at = uow.clock.now()
    dispute.resolution = resolution.strip() or None
    record_event(
        uow,
        case,
        actor,
        "dispute_resolved",
        {"dispute_id": dispute.id, "outcome": dispute.status, "resolution": dispute.resolution},
    )
    if upheld:
        transition(uow, case, CaseStatus.CLOSED, actor, reason="dispute upheld")
        cancel_plan(uow, case, actor, "dispute upheld")
    else:
        transition(uow, case, CaseStatus.AMICABLE, actor, reason="dispute rejected; schedule resumes")
        resume_plan(uow, case, actor, "dispute rejected")
    return dispute


def open_dispute_of(uow: UnitOfWork, case_id: int) -> Dispute | None:
    return uow.session.scalars(select(Dispute).where(Dispute.case_id == case_id, Dispute.status == "open")).first()
