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
    case = check_step(uow, actor, reference, step, on=on, note=note, for_update=True)
    note = (note or "").strip()
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


def check_step(
    uow: UnitOfWork, actor: Actor, reference: str, step: str, *, on: date, note: str = "", for_update: bool = False
) -> Case:
    """Raise what record_step would refuse (no consent, out of order, a date before the previous step, …) without
    changing anything; the case otherwise. A front end asks this before it fetches the documents of a step."""
    require(actor, ActorKind.SPECIALIST, what="recording a judicial step")
    if step not in STEP_ORDER:
        raise _refused(UserError, "unknown_step", f"step: choose from {', '.join(STEP_ORDER)} ({step})", step=step)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise _refused(UserError, "note_too_long", f"note: at most {MAX_NOTE} characters", limit=MAX_NOTE)
    if not isinstance(on, date):
        raise _refused(UserError, "no_date", "on: give the date of the step (YYYY-MM-DD)")
    if on > local_today(uow.clock) + timedelta(days=MAX_DAYS_AHEAD):
        raise _refused(UserError, "too_far_ahead", f"on: {on} is more than a year ahead", on=on)
    case = load_case(uow, actor, reference, for_update=for_update)
    if not consent_given(uow, case):
        raise _refused(
            Conflict,
            "no_consent",
            f"case {case.reference} has no consent for court proceedings: the creditor must choose "
            f"start_proceedings first (the case is {case.status})",
            status=case.status,
        )
    done = {s.step: s for s in steps_of(uow, case)}
    if step in done:
        raise _refused(Conflict, "already", f"case {case.reference}: step {step} was recorded already "
                       f"(on {done[step].occurred_on})", step=step, on=done[step].occurred_on)
    position = STEP_ORDER.index(step)
    if position > 0:
        previous = STEP_ORDER[position - 1]
        if previous not in done:
            raise _refused(Conflict, "out_of_order", f"case {case.reference}: step {step} comes after {previous}, "
                           "which is not recorded yet", step=step, previous=previous)
        if on < done[previous].occurred_on:
            raise _refused(UserError, "before_previous", f"on: {on} is before the {previous} step "
                           f"({done[previous].occurred_on})", on=on, previous=previous,
                           previous_on=done[previous].occurred_on)
    return case


def _refused(kind: type[UserError], code: str, message: str, **params: object) -> UserError:
    """The error, with a code and its parameters so a front end can say it in the user's language."""
    error = kind(message)
    error.code, error.params = code, params  # type: ignore[attr-defined]
    return error


def next_step(uow: UnitOfWork, case: Case) -> str | None:
    """The step that comes next on this case, or None when all are recorded."""
    done = {s.step for s in steps_of(uow, case)}
    return next((s for s in STEP_ORDER if s not in done), None)


def steps_of(uow: UnitOfWork, case: Case) -> list[JudicialStep]:
    rows = uow.session.scalars(select(JudicialStep).where(JudicialStep.case_id == case.id)).all()
    return sorted(rows, key=lambda s: STEP_ORDER.index(s.step))
