"""What waits for a specialist in the judicial phase: advice drafts to review and send, and cases in court with the
step that comes next. Read by the specialists' Slack App Home (and any other front end)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from core.db.models import Case, CaseAdvice, Debtor, JudicialStep
from core.domain.case_states import FINAL_STATUSES, CaseStatus
from core.judicial.steps import STEP_ORDER
from core.uow import UnitOfWork


@dataclass(frozen=True)
class AdviceItem:
    advice_id: int
    case_id: int
    reference: str
    debtor: str
    version: int
    recommendation: str
    total_open: Decimal  # as the advice computed it
    created_by: str


@dataclass(frozen=True)
class CourtItem:
    case_id: int
    reference: str
    debtor: str
    last_step: str | None
    last_on: date | None
    next_step: str | None  # None: every step is recorded


def advices_waiting(uow: UnitOfWork, *, limit: int = 20) -> list[AdviceItem]:
    """Cases whose latest advice is a draft (not sent yet), oldest draft first."""
    latest = (
        select(CaseAdvice.case_id, func.max(CaseAdvice.version).label("version"))
        .group_by(CaseAdvice.case_id)
        .subquery()
    )
    final = [s.value for s in FINAL_STATUSES]
    rows = uow.session.execute(
        select(CaseAdvice, Case.reference, Debtor.name)
        .join(latest, (latest.c.case_id == CaseAdvice.case_id) & (latest.c.version == CaseAdvice.version))
        .join(Case, Case.id == CaseAdvice.case_id)
        .join(Debtor, Debtor.id == Case.debtor_id)
        .where(CaseAdvice.status == "draft", Case.status.not_in(final))
        .order_by(CaseAdvice.created_at, CaseAdvice.id)
        .limit(limit)
    )
    return [
        AdviceItem(a.id, a.case_id, ref, name, a.version, a.recommendation,
                   Decimal(str(((a.facts or {}).get("claim") or {}).get("total_open") or "0")), a.created_by)
        for a, ref, name in rows
    ]


def cases_in_court(uow: UnitOfWork, *, limit: int = 20) -> list[CourtItem]:
    """Cases in the judicial phase with their last recorded step and the next one, longest waiting first."""
    cases = uow.session.execute(
        select(Case.id, Case.reference, Debtor.name)
        .join(Debtor, Debtor.id == Case.debtor_id)
        .where(Case.status == CaseStatus.JUDICIAL.value)
        .order_by(Case.updated_at, Case.id)
        .limit(limit)
    ).all()
    steps: dict[int, dict[str, date]] = {}
    if cases:
        for case_id, step, on in uow.session.execute(
            select(JudicialStep.case_id, JudicialStep.step, JudicialStep.occurred_on)
            .where(JudicialStep.case_id.in_([c.id for c in cases]))
        ):
            steps.setdefault(case_id, {})[step] = on
    items = []
    for case_id, reference, debtor in cases:
        done = steps.get(case_id, {})
        recorded = [s for s in STEP_ORDER if s in done]
        last = recorded[-1] if recorded else None
        items.append(CourtItem(case_id, reference, debtor, last, done.get(last) if last else None,
                               next((s for s in STEP_ORDER if s not in done), None)))
    return items
