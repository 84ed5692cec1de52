"""What a case looks like to a reader: the statement from the law engine and the timeline from the audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import Row, Select, select

from core.db.models import Case, CaseEvent, ContactStep, Creditor, Debtor, OutboundMessage, Payment
from core.law import (
    CostTerms,
    DebtorKind,
    InterestSpec,
    InvoiceInput,
    PaymentInput,
    Statement,
    compute_statement,
)
from core.schedule.calendar import AMSTERDAM
from core.uow import UnitOfWork


def cost_terms_of(creditor: Creditor) -> CostTerms:
    terms = creditor.cost_terms or {}
    value = terms.get("value")
    return _cost_terms(str(terms.get("kind", "statutory")), None if value is None else str(value))


# A statement is computed for every step of a tick; the creditors' terms and the cases' interest bases are a few
# distinct strings, and both results are frozen values.
@lru_cache(maxsize=256)
def _cost_terms(kind: str, value: str | None) -> CostTerms:
    return CostTerms(kind=kind, value=Decimal(value) if value is not None else None)  # type: ignore[arg-type]


_interest_spec = lru_cache(maxsize=256)(InterestSpec.parse)


def statement_for(
    uow: UnitOfWork, case: Case, as_of: date, *, payments: Sequence[Payment] | None = None
) -> Statement:
    """The one statement every channel shows (letters, e-mail, Telegram, Slack, API, CLI).

    `payments`: the case's payments when the caller loaded them already (the dispatcher does, per batch).
    """
    creditor = uow.session.get(Creditor, case.creditor_id)
    debtor = uow.session.get(Debtor, case.debtor_id)
    assert creditor is not None and debtor is not None
    if payments is None:
        payments = uow.session.scalars(
            select(Payment).where(Payment.case_id == case.id).order_by(Payment.paid_on, Payment.id)
        ).all()
    return statement_of(case, case.claim_lines, debtor.kind, creditor, payments, as_of)


_DEBTOR_KINDS = {kind.value: kind for kind in DebtorKind}
_LINE_COLUMNS = ("invoice_number", "invoice_date", "due_date", "principal", "consumer_purchase")
_PAYMENT_COLUMNS = ("paid_on", "amount")


def _columns(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The named values of a row: by key from a SQLAlchemy Row's mapping (its attributes are answered by
    __getattr__ after a failed lookup, several times slower), by attribute from anything else (ORM objects)."""
    by_key, by_attribute = itemgetter(*names), attrgetter(*names)

    def values(row: Any) -> tuple[Any, ...]:
        if type(row) is Row:
            try:
                return by_key(row._mapping)
            except KeyError:
                pass  # the attribute path raises what a missing column raised before
        return by_attribute(row)

    return values


_line_values = _columns(_LINE_COLUMNS)
_payment_values = _columns(_PAYMENT_COLUMNS)
# statement_of builds the inputs positionally from these columns: their order must stay the dataclasses' own
for _input, _names in ((InvoiceInput, _LINE_COLUMNS), (PaymentInput, _PAYMENT_COLUMNS)):
    if tuple(f.name for f in fields(_input)) != _names:
        raise TypeError(f"{_input.__name__}'s fields changed: update statement_of's column list {_names}")


def statement_of(
    case: Any, lines: Iterable[Any], debtor_kind: str, creditor: Any, payments: Iterable[Any], as_of: date
) -> Statement:
    """The statement from the rows it depends on: ORM objects or plain rows with the same attribute names (the
    API's read path, core.services.case_read), so both give the same statement. `lines` in due-date order."""
    # Once per due step of a scheduler tick: positional construction, and the debtor kind from a dict (any other
    # value still goes to DebtorKind, for its error).
    return compute_statement(
        invoices=[InvoiceInput(*_line_values(line)) for line in lines],
        debtor_kind=(_DEBTOR_KINDS.get(debtor_kind) if type(debtor_kind) is str else None) or DebtorKind(debtor_kind),
        as_of=as_of,
        payments=[
            PaymentInput(paid_on, amount) for paid_on, amount in map(_payment_values, payments) if paid_on <= as_of
        ],
        letter_sent=case.fourteen_day_letter_sent_on,
        vat_deductible=creditor.vat_deductible,
        interest=_interest_spec(case.interest_basis),
        cost_terms=cost_terms_of(creditor),
        # a kept payment arrangement: interest and costs stop on the day its total was computed
        frozen_on=getattr(case, "interest_frozen_on", None),
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    actor: str
    kind: str
    payload: dict


def timeline(uow: UnitOfWork, case: Case) -> list[TimelineEntry]:
    return timeline_entries(uow.session.scalars(timeline_query(case.id)))


def timeline_query(case_id: Any) -> Select:
    """The case's events, oldest first (`case_id` may be a bound parameter)."""
    return select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.occurred_at, CaseEvent.id)


def timeline_entries(events: Iterable[Any]) -> list[TimelineEntry]:
    """Timeline entries from event rows (ORM objects or plain rows with the same names)."""
    return [
        TimelineEntry(
            at=e.occurred_at.isoformat(),
            actor=e.actor_label or (f"{e.actor_kind}:{e.actor_id}" if e.actor_id else e.actor_kind),
            kind=e.kind,
            payload=e.payload,
        )
        for e in events
    ]


@dataclass(frozen=True)
class PlanEntry:
    due_at: str  # local time, Europe/Amsterdam
    day: int
    channel: str
    template: str
    status: str
    note: str | None
    deliveries: list[str]  # "email sent", "telegram pending: no transport yet", …
    due: str | None = None  # the same moment in ISO 8601 with its offset, for machines (the API, JSON output)


def plan_view(uow: UnitOfWork, case: Case) -> list[PlanEntry]:
    """Every contact step of the case with its date, time, channel and outcome (what `case show` prints)."""
    steps = uow.session.scalars(plan_steps_query(case.id)).all()
    return plan_entries(steps, uow.session.scalars(plan_deliveries_query(case.id)) if steps else ())


def plan_steps_query(case_id: Any) -> Select:
    return select(ContactStep).where(ContactStep.case_id == case_id).order_by(ContactStep.due_at, ContactStep.id)


def plan_deliveries_query(case_id: Any) -> Select:
    return (
        select(OutboundMessage)
        .where(OutboundMessage.case_id == case_id, OutboundMessage.contact_step_id.is_not(None))
        .order_by(OutboundMessage.id)
    )


def plan_entries(steps: Iterable[Any], messages: Iterable[Any]) -> list[PlanEntry]:
    """Plan entries from contact step rows and their outbox rows (ORM objects or plain rows with the same names)."""
    deliveries: dict[int, list[str]] = {}
    for row in messages:
        detail = f"{row.channel} {row.status}"
        if row.status != "sent" and row.last_error:
            detail += f": {row.last_error[:80]}"
        deliveries.setdefault(row.contact_step_id or 0, []).append(detail)
    return [
        PlanEntry(
            due_at=s.due_at.astimezone(AMSTERDAM).strftime("%a %Y-%m-%d %H:%M"),
            day=s.day_offset,
            channel=s.channel,
            template=s.template,
            status=s.status,
            note=s.note,
            deliveries=deliveries.get(s.id, []),
            due=s.due_at.isoformat(),
        )
        for s in steps
    ]
