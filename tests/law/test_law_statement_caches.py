"""The statement's caches (prescription, contractual schedule and basis, rate notices) never carry one claim's values
into another: a statement computed with every cache cleared equals the same statement computed with warm caches,
down to the exponent of every Decimal."""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.law import CostTerms, DebtorKind, InterestSpec, InvoiceInput, PaymentInput, compute_statement
from core.law import statement as statement_module
from core.law.collection_costs import STAFFEL, statutory_costs
from core.money import cents

D = Decimal
CACHES = ("_prescribes_on", "_contractual_schedule", "_contractual_basis", "_rate_notice")


def _clear() -> None:
    for name in CACHES:
        getattr(statement_module, name).cache_clear()


def _exact(value: Any) -> Any:
    """Everything a statement holds, Decimals by repr (so 1.5 and 1.50 differ), dates with their type."""
    if isinstance(value, Decimal):
        return ("D", repr(value))
    if isinstance(value, enum.Enum):
        return ("E", value.value)
    if isinstance(value, date):
        return ("d", type(value).__name__, value.isoformat())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *((f.name, _exact(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, tuple | list):
        return tuple(_exact(item) for item in value)
    return value


# Rates that are equal as numbers but written differently: a cache keyed on the number would mix them up.
RATES = ["1", "1.0", "1.50", "1.5", "12", "12.00", "0.75"]

day = st.integers(min_value=0, max_value=900)


@st.composite
def claims(draw: st.DrawFn) -> dict[str, Any]:
    start = date(2021, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    kind = draw(st.sampled_from([DebtorKind.CONSUMER, DebtorKind.BUSINESS]))
    invoices = []
    for number in range(draw(st.integers(1, 3))):
        invoice_date = start + timedelta(days=draw(day))
        invoices.append(
            InvoiceInput(
                f"F{number}",
                invoice_date,
                invoice_date + timedelta(days=draw(st.integers(0, 60))),
                draw(st.decimals(min_value=D("0.01"), max_value=D("20000"), places=2)),
                kind == DebtorKind.CONSUMER and draw(st.booleans()),
            )
        )
    first = min(invoice.invoice_date for invoice in invoices)
    last = max(invoice.invoice_date for invoice in invoices)
    amounts = st.decimals(D("0.01"), D("3000"), places=2)
    payments = [
        PaymentInput(first + timedelta(days=draw(st.integers(0, 2000))), draw(amounts))
        for _ in range(draw(st.integers(0, 2)))
    ]
    terms = [CostTerms(), CostTerms("percentage", D("10")), CostTerms("fixed", D("250"))]
    interest = draw(
        st.one_of(
            st.just(InterestSpec()),
            st.builds(
                lambda rate, per, compound: InterestSpec("contractual", D(rate), per, compound),
                st.sampled_from(RATES),
                st.sampled_from(["month", "year"]),
                st.booleans(),
            ),
        )
    )
    return {
        "invoices": invoices,
        "debtor_kind": kind,
        "as_of": last + timedelta(days=draw(st.integers(0, 1500))),
        "payments": payments,
        "letter_sent": draw(st.one_of(st.none(), st.builds(lambda n: start + timedelta(days=n), day))),
        "vat_deductible": draw(st.booleans()),
        "interest": interest,
        "cost_terms": draw(st.sampled_from(terms)),
        "frozen_on": draw(st.one_of(st.none(), st.builds(lambda n: last + timedelta(days=n), day))),
    }


def _statement(claim: dict[str, Any]) -> Any:
    statement = compute_statement(**claim)
    return _exact(statement), statement.warnings, [_exact(period) for period in statement.interest_periods]


@settings(max_examples=200, deadline=None)
@given(st.lists(claims(), min_size=2, max_size=5))
def test_warm_caches_give_the_cold_result(batch: list[dict[str, Any]]) -> None:
    cold = []
    for claim in batch:
        _clear()
        cold.append(_statement(claim))
    _clear()
    for claim, expected in zip(batch, cold, strict=True):  # each one computed after the others warmed the caches
        assert _statement(claim) == expected
    for claim, expected in zip(reversed(batch), reversed(cold), strict=True):
        assert _statement(claim) == expected


def test_rates_written_differently_keep_their_own_exponent() -> None:
    claim = {
        "invoices": [InvoiceInput("F1", date(2024, 1, 1), date(2024, 1, 31), D("1000.00"))],
        "debtor_kind": DebtorKind.BUSINESS,
        "as_of": date(2024, 6, 30),
    }
    results = {}
    for rate in ("1.5", "1.50", "1.5", "1.500"):
        _clear()
        cold = _statement({**claim, "interest": InterestSpec("contractual", D(rate), "month")})
        results[rate] = cold
    for rate in ("1.5", "1.50", "1.500"):  # now warm, in another order
        assert _statement({**claim, "interest": InterestSpec("contractual", D(rate), "month")}) == results[rate]
    assert results["1.5"] != results["1.50"]  # the basis text and the period rates show the rate as written


def _staffel_by_brackets(principal: Decimal) -> Decimal:
    """The staffel summed bracket by bracket (the formula of the Besluit, no shortcut)."""
    total, lower = D(0), D(0)
    for upper, percent in STAFFEL:
        top = principal if upper is None or principal < upper else upper
        total += (top - lower) * percent
        if upper is None or principal <= upper:
            break
        lower = upper
    return min(max(cents(total / 100), D("40.00")), D("6775.00"))


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=D("0.01"), max_value=D("3000000"), places=2) | st.sampled_from([D("2500"), D("2499.99")]))
def test_staffel_first_bracket_shortcut(principal: Decimal) -> None:
    assert repr(statutory_costs(principal)) == repr(_staffel_by_brackets(principal))
