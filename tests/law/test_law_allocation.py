"""Payment allocation (art. 6:43 / 6:44 BW, reference §4), checked against a naive day-by-day model."""

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
    compute_statement,
    costs_claimable_from,
    statutory_costs,
)
from core.law.allocation import split_simple
from core.law.dates import add_years
from core.money import cents

D = Decimal
ZERO = D(0)


def test_reference_example_split() -> None:
    assert split_simple(D("100"), costs=D("40"), interest=D("5"), principal=D("100")) == (
        D("40"),
        D("5"),
        D("55"),
        D("0"),
    )


def test_reference_example_through_the_engine() -> None:
    """€ 100 principal, € 5 interest (5 %/year simple over exactly 365 days), € 40 costs; € 100 paid."""
    due = date(2023, 1, 1)
    paid_on = due + timedelta(days=365)
    statement = compute_statement(
        invoices=[InvoiceInput("F1", due, due, D("100.00"))],
        debtor_kind=DebtorKind.BUSINESS,
        as_of=paid_on,
        payments=[PaymentInput(paid_on, D("100.00"))],
        interest=InterestSpec.parse("contractual:5%/year"),
    )
    allocation = statement.allocations[0]
    assert (allocation.to_costs, allocation.to_interest, allocation.to_principal) == (D("40"), D("5"), D("55"))
    assert statement.principal_open == D("45.00")
    assert statement.total_open == D("45.00")
    later = compute_statement(
        invoices=[InvoiceInput("F1", due, due, D("100.00"))],
        debtor_kind=DebtorKind.BUSINESS,
        as_of=paid_on + timedelta(days=73),
        payments=[PaymentInput(paid_on, D("100.00"))],
        interest=InterestSpec.parse("contractual:5%/year"),
    )
    assert later.interest_open == D("0.45")  # 45 × 5 % × 73/365: only the open principal bears interest


def test_oldest_invoice_first_and_overpayment_reported() -> None:
    old = InvoiceInput("OLD", date(2024, 1, 1), date(2024, 1, 31), D("100.00"))
    new = InvoiceInput("NEW", date(2024, 2, 1), date(2024, 2, 29), D("200.00"))
    statement = compute_statement(
        invoices=[new, old],
        debtor_kind=DebtorKind.BUSINESS,
        as_of=date(2024, 3, 31),
        payments=[PaymentInput(date(2024, 3, 1), D("120.00")), PaymentInput(date(2024, 3, 15), D("500.00"))],
    )
    first, second = statement.allocations
    assert first.to_costs == D("45.00")  # one staffel on the summed principal: 15 % of 300
    assert [line.invoice_number for line in first.lines] == ["OLD"]
    assert first.lines[0].to_interest > 0
    assert first.lines[0].to_principal == D("75.00") - first.lines[0].to_interest
    assert [line.invoice_number for line in second.lines] == ["OLD", "NEW"]
    assert statement.total_open == 0
    assert statement.overpaid == second.overpaid > 0
    assert statement.paid == D("620.00")
    assert any("overpaid" in warning for warning in statement.warnings)
    assert [inv.invoice_number for inv in statement.invoices] == ["NEW", "OLD"]  # input order kept


# -- a naive model: day by day, the rules as written ---------------------------------------------------


def naive_statement(
    invoices: list[InvoiceInput],
    payments: list[PaymentInput],
    kind: DebtorKind,
    as_of: date,
    letter_sent: date | None,
) -> dict[str, Decimal]:
    commercial = kind == DebtorKind.BUSINESS
    order = sorted(range(len(invoices)), key=lambda i: (invoices[i].due_date, invoices[i].invoice_date, i))
    principal = [inv.principal for inv in invoices]
    capitalised = [ZERO] * len(invoices)
    running = [ZERO] * len(invoices)
    interest_paid = [ZERO] * len(invoices)
    claimable = [
        costs_claimable_from(debtor_kind=kind, due_date=inv.due_date, letter_sent=letter_sent) for inv in invoices
    ]
    costs_base = ZERO
    costs_paid = ZERO
    bucket = ZERO
    overpaid = ZERO
    day = min(inv.invoice_date for inv in invoices)
    while day <= as_of:
        for i, start in enumerate(claimable):  # costs become claimable at the start of the day
            if start == day:
                costs_base += principal[i]
                bucket = statutory_costs(costs_base)
        for i, inv in enumerate(invoices):  # one day of interest
            if day > inv.due_date:
                rate = DEFAULT_RATE_TABLE.rate_on(day, commercial=commercial)
                running[i] += (principal[i] + capitalised[i]) * rate / 36500
                years = day.year - inv.due_date.year
                if day == add_years(inv.due_date, years) and years > 0:
                    capitalised[i] += running[i]
                    running[i] = ZERO
        for payment in (p for p in payments if p.paid_on == day):  # at the end of the day
            rest = payment.amount
            to_costs = min(rest, bucket - costs_paid)
            costs_paid += to_costs
            rest -= to_costs
            for i in order:
                if not rest:
                    break  # the payment does not reach this invoice
                due_interest = cents(capitalised[i] + running[i])
                if rest >= due_interest:
                    rest -= due_interest
                    interest_paid[i] += due_interest
                    capitalised[i] = running[i] = ZERO
                else:
                    interest_paid[i] += rest
                    from_capitalised = min(rest, capitalised[i])
                    capitalised[i] -= from_capitalised
                    running[i] -= rest - from_capitalised
                    rest = ZERO
                to_principal = min(rest, principal[i])
                principal[i] -= to_principal
                rest -= to_principal
            overpaid += rest
        day += timedelta(days=1)
    interest_open = sum((cents(capitalised[i] + running[i]) for i in range(len(invoices))), ZERO)
    return {
        "principal_open": sum(principal, ZERO),
        "interest_open": interest_open,
        "interest": sum(interest_paid, ZERO) + interest_open,
        "costs_open": bucket - costs_paid,
        "overpaid": overpaid,
    }


invoice_strategy = st.tuples(
    st.dates(min_value=date(2019, 1, 1), max_value=date(2024, 12, 31)),
    st.integers(0, 60),
    st.decimals(min_value=D("1"), max_value=D("20000"), places=2),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(invoice_strategy, min_size=1, max_size=3),
    st.lists(
        st.tuples(st.integers(0, 1200), st.decimals(min_value=D("0.01"), max_value=D("9000"), places=2)), max_size=3
    ),
    st.sampled_from([DebtorKind.CONSUMER, DebtorKind.BUSINESS]),
    st.integers(0, 1300),
    st.integers(-5, 60),
)
def test_engine_matches_the_naive_day_by_day_model(
    raw_invoices: list[tuple[date, int, Decimal]],
    raw_payments: list[tuple[int, Decimal]],
    kind: DebtorKind,
    as_of_days: int,
    letter_days: int,
) -> None:
    invoices = [
        InvoiceInput(f"F{n}", issued, issued + timedelta(days=term), amount)
        for n, (issued, term, amount) in enumerate(raw_invoices)
    ]
    start = min(inv.invoice_date for inv in invoices)
    first_due = min(inv.due_date for inv in invoices)
    payments = [PaymentInput(start + timedelta(days=offset), amount) for offset, amount in raw_payments]
    as_of = start + timedelta(days=as_of_days)
    as_of = max(as_of, max(inv.invoice_date for inv in invoices))
    letter = first_due + timedelta(days=letter_days) if kind == DebtorKind.CONSUMER else None
    statement = compute_statement(
        invoices=invoices, debtor_kind=kind, as_of=as_of, payments=payments, letter_sent=letter
    )
    model = naive_statement(invoices, [p for p in payments if p.paid_on <= as_of], kind, as_of, letter)
    assert statement.principal_open == model["principal_open"]
    assert statement.interest_open == model["interest_open"]
    assert statement.interest == model["interest"]
    assert statement.costs_open == model["costs_open"]
    assert statement.overpaid == model["overpaid"]
    # bookkeeping identities
    for allocation in statement.allocations:
        assert allocation.to_costs + allocation.to_interest + allocation.to_principal + allocation.overpaid == (
            allocation.amount
        )
    assert statement.paid == statement.costs_paid + statement.interest_paid + statement.principal_paid + (
        statement.overpaid
    )
    assert statement.total_open == statement.principal_open + statement.interest_open + statement.costs_open
    assert statement.principal == statement.principal_paid + statement.principal_open
    assert statement.interest == statement.interest_paid + statement.interest_open


@settings(max_examples=150, deadline=None)
@given(
    st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2),
    st.lists(st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2), min_size=1, max_size=5),
    st.integers(0, 2000),
)
def test_every_allocation_sums_to_the_payment(principal: Decimal, amounts: list[Decimal], spacing: int) -> None:
    due = date(2020, 6, 30)
    payments = [PaymentInput(due + timedelta(days=(n + 1) * (spacing // 5 + 1)), a) for n, a in enumerate(amounts)]
    statement = compute_statement(
        invoices=[InvoiceInput("F1", due, due, principal)],
        debtor_kind=DebtorKind.BUSINESS,
        as_of=date(2026, 1, 1),
        payments=payments,
        vat_deductible=False,
    )
    for allocation in statement.allocations:
        parts = allocation.to_costs + allocation.to_interest + allocation.to_principal + allocation.overpaid
        assert parts == allocation.amount
        assert min(allocation.to_costs, allocation.to_interest, allocation.to_principal, allocation.overpaid) >= 0
    assert statement.costs_paid <= statement.costs + statement.vat
