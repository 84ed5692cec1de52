"""Statutory and contractual interest (reference §3), its worked examples and its properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from core.law import (
    DEFAULT_RATE_TABLE,
    DebtorKind,
    InterestSpec,
    InvoiceInput,
    PaymentInput,
    RateRow,
    RateTable,
    accrued_interest,
    compute_statement,
)
from core.law.dates import add_years
from core.money import cents

D = Decimal


def _statement(principal: str, due: date, as_of: date, kind: DebtorKind, **kwargs: object):  # type: ignore[no-untyped-def]
    invoice = InvoiceInput("F1", due, due, D(principal))
    return compute_statement(invoices=[invoice], debtor_kind=kind, as_of=as_of, **kwargs)  # type: ignore[arg-type]


def test_consumer_example_from_reference() -> None:
    statement = _statement("1000.00", date(2023, 3, 14), date(2025, 3, 14), DebtorKind.CONSUMER)
    periods = statement.invoices[0].interest_periods
    assert [(p.days, p.rate, cents(p.interest)) for p in periods] == [
        (108, D("4"), D("11.84")),
        (184, D("6"), D("30.25")),
        (74, D("7"), D("14.19")),
        (292, D("7"), D("59.15")),
        (73, D("6"), D("12.68")),
    ]
    assert periods[0].from_date == date(2023, 3, 15)
    assert periods[2].to_date == date(2024, 3, 14)  # the anniversary closes the first year
    assert cents(sum((p.interest for p in periods[:3]), D(0))) == D("56.27")
    assert cents(periods[3].base) == D("1056.27")
    assert periods[3].from_date == date(2024, 3, 15)
    assert statement.interest == D("128.10")
    assert statement.to_dict()["interest"] == "128.10"
    assert sum(p.days for p in periods) == (date(2025, 3, 14) - date(2023, 3, 14)).days


def test_commercial_example_from_reference() -> None:
    statement = _statement("10000.00", date(2024, 1, 31), date(2025, 6, 30), DebtorKind.BUSINESS)
    assert statement.interest == D("1743.91")
    periods = statement.invoices[0].interest_periods
    assert [p.rate for p in periods] == [D("12.50"), D("12.25"), D("11.15"), D("11.15")]
    assert periods[2].to_date == date(2025, 1, 31)  # one anniversary
    assert periods[3].base > periods[2].base


def test_accrued_interest_helper_matches_statement() -> None:
    result = accrued_interest(D("10000.00"), date(2024, 1, 31), date(2025, 6, 30), commercial=True)
    assert cents(result.interest) == D("1743.91")
    assert len(result.periods) == 4


def test_no_interest_up_to_and_on_the_due_date() -> None:
    due = date(2024, 5, 1)
    assert _statement("500.00", due, due, DebtorKind.BUSINESS).interest == 0
    one_day = _statement("36500.00", due, due + timedelta(days=1), DebtorKind.CONSUMER)
    assert one_day.invoices[0].interest == D("7")  # 36,500 × 7 % / 365


def test_anniversary_of_29_february_falls_on_28_february() -> None:
    result = accrued_interest(D("1000.00"), date(2024, 2, 29), date(2025, 6, 1), commercial=True)
    ends = [p.to_date for p in result.periods]
    assert date(2025, 2, 28) in ends
    after = next(p for p in result.periods if p.from_date == date(2025, 3, 1))
    assert after.base > D("1000.00")


def test_contractual_per_month_is_twelve_times_per_year() -> None:
    due, as_of = date(2024, 1, 1), date(2024, 12, 31)
    monthly = _statement(
        "1000.00", due, as_of, DebtorKind.BUSINESS, interest=InterestSpec.parse("contractual:1%/month")
    )
    yearly = _statement("1000.00", due, as_of, DebtorKind.BUSINESS, interest=InterestSpec.parse("contractual:12%/year"))
    assert monthly.invoices[0].interest == yearly.invoices[0].interest == D("1000.00") * 12 * 365 / 36500
    assert monthly.interest_basis.startswith("contractual 12% per year (1% per month)")


def test_contractual_simple_and_compound_differ_after_a_year() -> None:
    due, as_of = date(2022, 1, 1), date(2024, 1, 1)
    simple = _statement("1000.00", due, as_of, DebtorKind.BUSINESS, interest=InterestSpec.parse("contractual:10%/year"))
    compound = _statement(
        "1000.00", due, as_of, DebtorKind.BUSINESS, interest=InterestSpec.parse("contractual:10%/year:compound")
    )
    assert simple.interest == D("200.00")
    assert compound.interest == D("210.00")


def test_interest_spec_parse() -> None:
    assert InterestSpec.parse("statutory") == InterestSpec()
    spec = InterestSpec.parse("contractual:1,5%/month:compound")
    assert (spec.kind, spec.rate_percent, spec.per, spec.compound) == ("contractual", D("1.5"), "month", True)
    for bad in ("contractual", "contractual:x%/month", "contractual:-1%/year", "contractual:1%/week", "legal"):
        try:
            InterestSpec.parse(bad)
        except ValueError as error:
            assert str(error)
        else:  # pragma: no cover
            raise AssertionError(f"{bad!r} should not parse")


def test_unconfirmed_rates_are_marked() -> None:
    statement = _statement("1000.00", date(2025, 3, 1), date(2025, 9, 1), DebtorKind.BUSINESS)
    confirmed = [p.rate_confirmed for p in statement.invoices[0].interest_periods]
    assert confirmed == [True, False]
    assert any("2025-07-01" in warning and "not yet confirmed" in warning for warning in statement.warnings)
    assert not any(row.confirmed for row in DEFAULT_RATE_TABLE.rows if row.start >= date(2025, 7, 1))


# -- properties ------------------------------------------------------------------------------------------

due_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 6, 30))
amounts = st.decimals(min_value=D("0.01"), max_value=D("250000"), places=2)
kinds = st.sampled_from([DebtorKind.CONSUMER, DebtorKind.BUSINESS])


@settings(max_examples=60, deadline=None)
@given(due_dates, amounts, kinds, st.integers(0, 2500), st.integers(0, 400))
def test_interest_never_decreases_with_a_later_as_of(
    due: date, principal: Decimal, kind: DebtorKind, days: int, more: int
) -> None:
    payments = [PaymentInput(due + timedelta(days=days // 2), D("100.00"))]
    first = _statement(str(principal), due, due + timedelta(days=days), kind, payments=payments)
    later = _statement(str(principal), due, due + timedelta(days=days + more), kind, payments=payments)
    assert later.interest >= first.interest
    assert later.invoices[0].interest + D("0.005") >= first.invoices[0].interest


@settings(max_examples=60, deadline=None)
@given(due_dates, amounts, st.integers(0, 366), st.decimals(min_value=D("0.1"), max_value=D("30"), places=2))
def test_compounding_equals_simple_within_the_first_year(
    due: date, principal: Decimal, days: int, rate: Decimal
) -> None:
    as_of = min(due + timedelta(days=days), add_years(due, 1))  # up to and including the first anniversary
    results = []
    for compound in (False, True):
        spec = InterestSpec(kind="contractual", rate_percent=rate, per="year", compound=compound)
        results.append(_statement(str(principal), due, as_of, DebtorKind.BUSINESS, interest=spec).invoices[0].interest)
    assert results[0] == results[1]
    commercial = [accrued_interest(principal, due, as_of, commercial=True, compound=c).interest for c in (False, True)]
    assert commercial[0] == commercial[1]


@settings(max_examples=200, deadline=None)
@given(
    due_dates,
    amounts,
    kinds,
    st.integers(0, 2500),
    st.dates(min_value=date(2015, 1, 2), max_value=date(2032, 12, 31)),
    st.lists(st.tuples(st.integers(0, 2500), st.integers(1, 5000)), max_size=3),
)
def test_splitting_a_rate_period_changes_nothing(
    due: date, principal: Decimal, kind: DebtorKind, days: int, split: date, pays: list[tuple[int, int]]
) -> None:
    """A rate table with an extra row (same rates) at an arbitrary date gives exactly the same statement."""
    rows = DEFAULT_RATE_TABLE.rows
    if any(row.start == split for row in rows):
        return
    in_force = [row for row in rows if row.start <= split][-1]
    extra = RateRow(split, in_force.non_commercial, in_force.commercial, "test split", in_force.confirmed)
    table = RateTable(tuple(sorted((*rows, extra), key=lambda row: row.start)))
    as_of = due + timedelta(days=days)
    payments = [PaymentInput(due + timedelta(days=offset), D(amount)) for offset, amount in pays]
    original = _statement(str(principal), due, as_of, kind, payments=payments)
    with_split = _statement(str(principal), due, as_of, kind, payments=payments, rate_table=table)
    assert with_split.invoices[0].interest == original.invoices[0].interest  # exact, not just to the cent
    assert with_split.to_dict() == original.to_dict()
