"""The judicial phase as tracked steps, set by a specialist with a date, a note and documents, in a fixed order.

No step without the creditor's consent: the case must be `judicial` and the latest creditor decision in its audit
log must be `start_proceedings`. Each step is a case event ("judicial_step"), so the creditor's thread and
webhooks hear of it. The statement keeps running (interest and costs) through this phase: it depends on the claim
and the payments, not on the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import Case, CaseEvent, Document, JudicialStep
from core.domain.case_states import CaseStatus
from core.errors import Conflict, UserError
from core.services.case_access import load_case, record_event, require
from core.services.documents import add_document
from core.uow import UnitOfWork

# summons drafted -> served by the bailiff -> hearing date set -> judgment -> execution (of the judgment)
STEP_ORDER: tuple[str, ...] = ("drafted", "served", "hearing", "judgment", "execution")
MAX_NOTE = 4000
# dates are mostly in the past; a hearing (and a planned service) may be ahead, but not this far
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class StepDocument:
    file_name: str
    data: bytes
    kind: str = "court_document"  # or "summons" (the summons as served)


def consent_given(uow: UnitOfWork, case: Case) -> bool:
    """The latest creditor decision on the case is start_proceedings (and the case is in the judicial phase)."""
    if case.status != CaseStatus.JUDICIAL.value:
        return False
    latest = uow.session.scalars(
        select(CaseEvent.payload)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "creditor_decision")
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    return bool(latest) and latest.get("decision") == "start_proceedings"


def record_step(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    step: str,
    *,
    on: date,
    note: str = "",
    documents: list[StepDocument] | None = None,
    agent_name: str = "",
) -> JudicialStep:
    """`documents` are stored with the step; "drafted" without documents stores the generated draft summons."""
    require(actor, ActorKind.SPECIALIST, what="recording a judicial step")
    if step not in STEP_ORDER:
        raise UserError(f"step: choose from {', '.join(STEP_ORDER)} ({step})")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise UserError(f"note: at most {MAX_NOTE} characters")
    if not isinstance(on, date):
        raise UserError("on: give the date of the step (YYYY-MM-DD)")
    if on > local_today(uow.clock) + timedelta(days=MAX_DAYS_AHEAD):
        raise UserError(f"on: {on} is more than a year ahead")
    case = load_case(uow, actor, reference, for_update=True)
    if not consent_given(uow, case):
        raise Conflict(
            f"case {case.reference} has no consent for court proceedings: the creditor must choose "
            f"start_proceedings first (the case is {case.status})"
        )
    done = {s.step: s for s in steps_of(uow, case)}
    if step in done:
        raise Conflict(f"case {case.reference}: step {step} was recorded already (on {done[step].occurred_on})")
    position = STEP_ORDER.index(step)
    if position > 0:
        previous = STEP_ORDER[position - 1]
        if previous not in done:
            raise Conflict(f"case {case.reference}: step {step} comes after {previous}, which is not recorded yet")
        if on < done[previous].occurred_on:
            raise UserError(f"on: {on} is before the {previous} step ({done[previous].occurred_on})")
    if step == "drafted" and not documents:
        from core.judicial.summons_pdf import draft_summons

        pdf = draft_summons(uow, case, local_today(uow.clock), agent_name=agent_name)
        documents = [StepDocument(f"concept-dagvaarding-{case.reference}.pdf", pdf, "summons")]
    stored: list[Document] = [
        add_document(uow, actor, case.reference, kind=d.kind, file_name=d.file_name, data=d.data)
        for d in documents or []
    ]
    row = JudicialStep(
        case_id=case.id,
        step=step,
        occurred_on=on,
        note=note or None,
        document_ids=[d.id for d in stored],
        recorded_by=actor.label or actor.id or actor.kind.value,
        recorded_at=uow.clock.now(),
    )
    uow.session.add(row)
    uow.session.flush()
    case.updated_at = uow.clock.now()
    record_event(
        uow,
        case,
        actor,
        "judicial_step",
        {"step": step, "on": on.isoformat(), "note": row.note, "document_ids": row.document_ids},
    )
    return row


def steps_of(uow: UnitOfWork, case: Case) -> list[JudicialStep]:
    rows = uow.session.scalars(select(JudicialStep).where(JudicialStep.case_id == case.id)).all()
    return sorted(rows, key=lambda s: STEP_ORDER.index(s.step))
