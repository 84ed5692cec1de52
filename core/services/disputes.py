"""Disputes pause the schedule until a specialist decides: upheld closes the case, rejected resumes it, and
upheld in part reduces the claim and resumes it. Each opened dispute raises a specialist alert."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from core import validation as v
from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import Case, ClaimLine, Dispute
from core.domain.case_states import CaseStatus, check_transition
from core.errors import InvalidInput, NotFound, UserError
from core.money import ZERO, money_str
from core.notifications import alert_specialists
from core.schedule.planning import cancel_plan, pause_plan, resume_plan
from core.services.case_access import load_case, record_event, require, transition
from core.uow import UnitOfWork

MAX_REASON = 4000
MAX_QUESTION = 2000


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
    alert_specialists(uow, case, "dispute_opened", f"dispute:{dispute.id}", dispute_id=dispute.id)
    return dispute


def resolve_dispute(
    uow: UnitOfWork,
    actor: Actor,
    dispute_id: int,
    *,
    upheld: bool,
    resolution: str,
    reduce_by: object | None = None,
) -> Dispute:
    """Decide an open dispute. Upheld with `reduce_by`: the debtor is right in part — the claim's principal is
    reduced by that amount (outcome "reduced") and the schedule resumes for the rest."""
    require(actor, ActorKind.SPECIALIST, what="deciding a dispute")
    dispute = uow.session.get(Dispute, dispute_id)
    if dispute is None:
        raise NotFound(f"dispute {dispute_id} not found")
    case = load_case(uow, actor, dispute.case_id, for_update=True)
    uow.session.refresh(dispute)  # decided by someone else since we looked? the case lock serialises deciders
    if dispute.status != "open":
        raise UserError(f"dispute {dispute_id} was decided already ({dispute.status})")
    reduction = _checked_reduction(case, reduce_by) if upheld and reduce_by is not None else None
    dispute.status = "reduced" if reduction is not None else "upheld" if upheld else "rejected"
    dispute.resolved_by = actor.label or actor.id or actor.kind.value
    dispute.resolved_at = uow.clock.now()
    dispute.resolution = resolution.strip() or None
    details = {"dispute_id": dispute.id, "outcome": dispute.status, "resolution": dispute.resolution}
    if reduction is not None:
        details["reduced_by"] = money_str(reduction)
    record_event(uow, case, actor, "dispute_resolved", details)
    if reduction is not None:
        reduce_claim(uow, actor, case, reduction, reason=f"dispute {dispute.id} upheld in part")
        transition(uow, case, CaseStatus.AMICABLE, actor, reason="dispute upheld in part; claim reduced")
        resume_plan(uow, case, actor, "dispute upheld in part")
        from core.services.case_view import statement_for
        from core.services.payments import settle_if_paid

        settle_if_paid(uow, case, actor, statement_for(uow, case, local_today(uow.clock)).total_open)
    elif upheld:
        transition(uow, case, CaseStatus.CLOSED, actor, reason="dispute upheld")
        cancel_plan(uow, case, actor, "dispute upheld")
    else:
        transition(uow, case, CaseStatus.AMICABLE, actor, reason="dispute rejected; schedule resumes")
        resume_plan(uow, case, actor, "dispute rejected")
    return dispute


def _checked_reduction(case: Case, reduce_by: object) -> Decimal:
    c = v.Collector()
    amount = c.check("reduce_by", reduce_by, v.amount)
    principal = sum((line.principal for line in case.claim_lines), start=ZERO)
    if amount is not None and amount >= principal:
        c.add("reduce_by", "reduction_too_large", limit=money_str(principal), value=money_str(amount))
    if c.errors or amount is None:
        raise InvalidInput(c.errors)
    return amount


def reduce_claim(uow: UnitOfWork, actor: Actor, case: Case, amount: Decimal, *, reason: str) -> list[ClaimLine]:
    """Lower the principal by `amount`, latest invoice first (the part found not owed); interest and costs follow
    from the lower principal, as if it had never been claimed. The lines keep their invoice numbers."""
    left = amount
    changed: list[dict[str, str]] = []
    for line in sorted(case.claim_lines, key=lambda line: (line.due_date, line.id), reverse=True):
        if left <= 0:
            break
        cut = min(left, line.principal)
        changed.append(
            {"invoice": line.invoice_number, "from": money_str(line.principal), "to": money_str(line.principal - cut)}
        )
        line.principal -= cut
        left -= cut
    case.updated_at = uow.clock.now()
    record_event(uow, case, actor, "claim_reduced", {"amount": money_str(amount), "reason": reason, "lines": changed})
    return list(case.claim_lines)


def ask_creditor(uow: UnitOfWork, actor: Actor, dispute_id: int, question: str = "") -> Dispute:
    """A specialist asks the creditor for their view on an open dispute (it reaches the creditor's case thread)."""
    require(actor, ActorKind.SPECIALIST, what="asking the creditor about a dispute")
    dispute = uow.session.get(Dispute, dispute_id)
    if dispute is None:
        raise NotFound(f"dispute {dispute_id} not found")
    if dispute.status != "open":
        raise UserError(f"dispute {dispute_id} was decided already ({dispute.status})")
    case = load_case(uow, actor, dispute.case_id)
    question = (question or "").strip()[:MAX_QUESTION]
    details = {"dispute_id": dispute.id, "reason": dispute.reason, "question": question}
    record_event(uow, case, actor, "creditor_consulted", details)
    return dispute


def open_dispute_of(uow: UnitOfWork, case_id: int) -> Dispute | None:
    return uow.session.scalars(select(Dispute).where(Dispute.case_id == case_id, Dispute.status == "open")).first()
