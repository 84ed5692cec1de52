"""One case as a reader sees it, read with a handful of plain SQL statements on one connection (run on its DB-API
cursor: core.db.plain_reads).

The API answers GET /v1/cases/{ref} from this on every request, so it avoids what makes the ORM path of
core.services.case_view slow under load (identity map, lazy loads, a Session per request: some 2 ms a case against
some 0.2 ms here). It shares that module's builders, so the statement, the plan and the timeline are the same.
Nothing is cached between calls: every read sees the database as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, select

from core.actors import Actor
from core.db.models import Case, ClaimLine, Creditor, Debtor, Payment
from core.db.plain_reads import PlainRead
from core.errors import NotFound
from core.law import Statement
from core.services.case_access import may_access
from core.services.case_view import (
    PlanEntry,
    TimelineEntry,
    plan_deliveries_query,
    plan_entries,
    plan_steps_query,
    statement_of,
    timeline_entries,
    timeline_query,
)

DEBTOR_FIELDS = ("kind", "name", "street", "postcode", "city", "country", "email", "phone", "kvk_number", "language")

# the case with its debtor (columns as debtor_<name>) and the creditor's terms the statement depends on
_CASE = PlainRead(
    select(
        *Case.__table__.c,
        *(Debtor.__table__.c[name].label(f"debtor_{name}") for name in DEBTOR_FIELDS),
        Creditor.vat_deductible,
        Creditor.cost_terms,
    )
    .join(Debtor, Debtor.id == Case.debtor_id)
    .join(Creditor, Creditor.id == Case.creditor_id)
    .where(Case.reference == bindparam("reference"))
)
_CASE_ID = bindparam("case_id")
# ordered as the Case.claim_lines relationship orders them (ties by id, so the order is stable)
_LINES = PlainRead(
    select(ClaimLine.__table__).where(ClaimLine.case_id == _CASE_ID).order_by(ClaimLine.due_date, ClaimLine.id)
)
_PAYMENTS = PlainRead(
    select(Payment.paid_on, Payment.amount).where(Payment.case_id == _CASE_ID).order_by(Payment.paid_on, Payment.id)
)
# the same statements as the ORM path; on a plain connection they give rows, not objects
_STEPS = PlainRead(plan_steps_query(_CASE_ID))
_DELIVERIES = PlainRead(plan_deliveries_query(_CASE_ID))
_EVENTS = PlainRead(timeline_query(_CASE_ID))


@dataclass(frozen=True)
class CaseRead:
    case: Any  # the cases row, plus debtor_<field> and the creditor's vat_deductible and cost_terms
    lines: Sequence[Any]
    payments: Sequence[Any]
    plan: list[PlanEntry]
    timeline: list[TimelineEntry]

    def statement(self, as_of: date) -> Statement:
        """The same statement as case_view.statement_for gives for this case."""
        case = self.case
        return statement_of(case, self.lines, case.debtor_kind, case, self.payments, as_of)


def read_case(connection: Connection, actor: Actor, reference: str) -> CaseRead:
    """The case, if this actor may see it (another creditor's case is reported as not found, as load_case does)."""
    case = _CASE.first(connection, {"reference": reference})
    if case is None or not may_access(actor, case):  # type: ignore[arg-type]  # a row has the same attributes
        raise NotFound(f"case {reference} not found")
    key = {"case_id": case.id}
    steps = _STEPS.all(connection, key)
    return CaseRead(
        case=case,
        lines=_LINES.all(connection, key),
        payments=_PAYMENTS.all(connection, key),
        plan=plan_entries(steps, _DELIVERIES.all(connection, key) if steps else ()),
        timeline=timeline_entries(_EVENTS.all(connection, key)),
    )
