"""The statement: costs timing, limitation, input errors, to_dict and the rendered text."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from core.law import (
    CostTerms,
    DebtorKind,
    InterestSpec,
    InvoiceInput,
    LawInputError,
    PaymentInput,
    compute_statement,
    prescribes_on,
    render_statement,
    statutory_costs,
)

D = Decimal
MONEY = re.compile(r"^\d+\.\d{2}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def invoice(number: str = "F1", due: date = date(2025, 1, 31), principal: str = "1000.00", **kw: Any) -> InvoiceInput:
    return InvoiceInput(number, kw.pop("invoice_date", due), due, D(principal), **kw)


def consumer(**kw: Any):  # type: ignore[no-untyped-def]
    kw.setdefault("invoices", [invoice()])
    return compute_statement(debtor_kind=DebtorKind.CONSUMER, **kw)


# -- collection costs and the 14-day letter --------------------------------------------------------------


def test_consumer_without_letter_gets_no_costs() -> None:
    statement = consumer(as_of=date(2025, 6, 30))
    assert statement.costs == statement.vat == 0
    assert statement.costs_claimable_from is None
    assert any("14-day letter" in warning for warning in statement.warnings)


def test_consumer_costs_start_the_day_after_the_term() -> None:
    letter = date(2025, 3, 4)  # reference row 1: claimable from 2025-03-21
    during = consumer(as_of=date(2025, 3, 20), letter_sent=letter)
    assert during.costs == 0
    assert during.costs_claimable_from == date(2025, 3, 21)
    assert any("claimable from 2025-03-21" in warning for warning in during.warnings)
    after = consumer(as_of=date(2025, 3, 21), letter_sent=letter, vat_deductible=False)
    assert after.costs == D("150.00")
    assert after.vat == D("31.50")
    assert after.letter is not None and after.letter.presumed_receipt == date(2025, 3, 6)


def test_partial_payment_within_the_term_lowers_the_costs_base() -> None:
    letter = date(2025, 3, 4)
    statement = consumer(
        as_of=date(2025, 4, 30), letter_sent=letter, payments=[PaymentInput(date(2025, 3, 10), D("400.00"))]
    )
    allocation = statement.allocations[0]
    assert allocation.to_costs == 0  # not yet claimable on 10 March
    open_at_term_end = D("1000.00") - allocation.to_principal
    assert statement.costs_base == open_at_term_end
    assert statement.costs == statutory_costs(open_at_term_end)


def test_payment_after_the_term_goes_to_costs_first() -> None:
    statement = consumer(
        as_of=date(2025, 4, 30), letter_sent=date(2025, 3, 4), payments=[PaymentInput(date(2025, 3, 21), D("400.00"))]
    )
    assert statement.costs_base == D("1000.00")
    assert statement.allocations[0].to_costs == D("150.00")


def test_letter_before_the_due_date_does_not_count() -> None:
    statement = consumer(as_of=date(2025, 6, 30), letter_sent=date(2025, 1, 20))
    assert statement.costs == 0 and statement.costs_claimable_from is None
    assert any("on or before its due date" in warning for warning in statement.warnings)


def test_letter_covers_only_invoices_already_due() -> None:
    statement = consumer(
        invoices=[invoice("A", date(2025, 1, 31)), invoice("B", date(2025, 3, 31), "500.00")],
        as_of=date(2025, 6, 30),
        letter_sent=date(2025, 3, 4),
    )
    assert statement.costs_base == D("1000.00")
    assert [inv.costs_claimable_from for inv in statement.invoices] == [date(2025, 3, 21), None]
    assert any("invoice B" in warning for warning in statement.warnings)


def test_business_costs_on_summed_principal_and_agreed_terms() -> None:
    invoices = [
        invoice("A", date(2025, 1, 31), "2000.00"),
        invoice("B", date(2025, 2, 28), "1000.00", invoice_date=date(2025, 1, 31)),
    ]
    kwargs: dict[str, Any] = {"invoices": invoices, "debtor_kind": DebtorKind.BUSINESS, "as_of": date(2025, 6, 30)}
    assert compute_statement(**kwargs).costs == D("425.00")  # one staffel on 3,000
    early = compute_statement(**{**kwargs, "as_of": date(2025, 2, 15)})
    assert early.costs == D("300.00")  # only A claimable yet: staffel on 2,000
    agreed = compute_statement(**kwargs, cost_terms=CostTerms.parse("percentage:15"))
    assert agreed.costs == D("450.00")
    assert any("exceed the staffel" in warning for warning in agreed.warnings)
    fixed = compute_statement(**kwargs, cost_terms=CostTerms(kind="fixed", value=D("25")))
    assert fixed.costs == D("40.00")


def test_consumer_always_gets_the_staffel() -> None:
    statement = consumer(as_of=date(2025, 6, 30), letter_sent=date(2025, 3, 4), cost_terms=CostTerms.parse("fixed:500"))
    assert statement.costs == D("150.00")
    assert any("do not apply to a consumer" in warning for warning in statement.warnings)


def test_cost_terms_parse_errors() -> None:
    for bad in ("percentage", "percentage:-1", "fixed:abc", "fixed:1.234", "flat:10"):
        with pytest.raises(ValueError):
            CostTerms.parse(bad)


# -- limitation ------------------------------------------------------------------------------------------


def test_prescribes_on() -> None:
    assert prescribes_on(date(2024, 3, 1)) == date(2029, 3, 2)
    assert prescribes_on(date(2024, 3, 1), consumer_purchase=True) == date(2026, 3, 2)
    assert prescribes_on(date(2024, 2, 29)) == date(2029, 3, 1)


def test_limitation_warnings() -> None:
    inv = invoice(due=date(2024, 3, 1))
    quiet = consumer(invoices=[inv], as_of=date(2028, 9, 1))
    assert quiet.prescribes_on == date(2029, 3, 2)
    assert not any("prescribe" in warning for warning in quiet.warnings)
    near = consumer(invoices=[inv], as_of=date(2028, 9, 2))
    assert any("prescribes on 2029-03-02" in warning for warning in near.warnings)
    gone = consumer(invoices=[inv], as_of=date(2029, 3, 2))
    assert any("prescribed since 2029-03-02" in warning for warning in gone.warnings)


def test_earliest_prescription_among_invoices() -> None:
    statement = consumer(
        invoices=[invoice("A", date(2024, 5, 1)), invoice("B", date(2024, 6, 1), consumer_purchase=True)],
        as_of=date(2024, 7, 1),
    )
    assert [inv.prescribes_on for inv in statement.invoices] == [date(2029, 5, 2), date(2026, 6, 2)]
    assert statement.prescribes_on == date(2026, 6, 2)


# -- bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"invoices": [invoice(principal="-5.00")]}, "invoices[0].principal"),
        ({"invoices": [invoice(principal="0.00")]}, "invoices[0].principal"),
        ({"invoices": [invoice(principal="1.005")]}, "invoices[0].principal"),
        ({"invoices": [invoice(invoice_date=date(2025, 2, 1))]}, "invoices[0].due_date"),
        ({"invoices": [invoice(invoice_date=date(2025, 7, 1), due=date(2025, 7, 31))]}, "as_of"),
        ({"invoices": []}, "invoices"),
        ({"invoices": [invoice("A"), invoice("A")]}, "invoices[1].invoice_number"),
        ({"payments": [PaymentInput(date(2025, 1, 1), D("10.00"))]}, "payments[0].paid_on"),
        ({"payments": [PaymentInput(date(2025, 2, 1), D("-10.00"))]}, "payments[0].amount"),
        ({"payments": [PaymentInput(date(2025, 2, 1), 10.0)]}, "payments[0].amount"),  # type: ignore[arg-type]
        ({"as_of": datetime(2025, 6, 30, 12, 0)}, "as_of"),
        ({"debtor_kind": "government"}, "debtor_kind"),
        ({"invoices": [invoice(due=date(2014, 6, 1))]}, "invoices"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {
        "invoices": [invoice()],
        "debtor_kind": DebtorKind.CONSUMER,
        "as_of": date(2025, 6, 30),
    }
    arguments.update(kwargs)
    with pytest.raises(LawInputError) as caught:
        compute_statement(**arguments)
    assert str(caught.value).startswith(field)


def test_consumer_purchase_only_for_consumers() -> None:
    with pytest.raises(LawInputError, match="consumer_purchase"):
        compute_statement(
            invoices=[invoice(consumer_purchase=True)], debtor_kind=DebtorKind.BUSINESS, as_of=date(2025, 6, 30)
        )


def test_interest_spec_checks() -> None:
    with pytest.raises(LawInputError, match="rate_percent"):
        InterestSpec(kind="contractual")
    with pytest.raises(LawInputError, match="rate_percent"):
        InterestSpec(rate_percent=D("5"))


def test_payments_after_as_of_are_left_out() -> None:
    statement = consumer(as_of=date(2025, 3, 1), payments=[PaymentInput(date(2025, 4, 1), D("10.00"))])
    assert statement.paid == 0 and not statement.allocations
    assert any("after 2025-03-01" in warning for warning in statement.warnings)


# -- output ----------------------------------------------------------------------------------------------


def _walk(value: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _walk(v, k)]
    if isinstance(value, list):
        return [item for v in value for item in _walk(v, key)]
    return [(key, value)]


def test_to_dict_is_json_ready() -> None:
    statement = consumer(
        invoices=[invoice("A", date(2023, 3, 14)), invoice("B", date(2024, 1, 15), "234.56")],
        as_of=date(2025, 3, 14),
        letter_sent=date(2024, 2, 1),
        payments=[PaymentInput(date(2024, 6, 3), D("300.00"))],
        vat_deductible=False,
    )
    data = statement.to_dict()
    json.dumps(data)  # no Decimal, no date left
    money_keys = {"principal", "interest", "interest_open", "costs", "vat", "paid", "total_open", "overpaid", "base"}
    for key, value in _walk(data):
        if key in money_keys:
            assert MONEY.match(value), (key, value)
        if key in ("from", "to", "as_of", "due_date", "prescribes_on", "paid_on"):
            assert ISO.match(value), (key, value)
    assert data["costs_claimable_from"] == "2024-02-20"
    assert len(data["interest_periods"]) == sum(len(inv["interest_periods"]) for inv in data["invoices"])
    assert {"from", "to", "days", "rate", "base", "interest"} <= set(data["interest_periods"][0])
    assert data["total_open"] == str(D(data["principal_open"]) + D(data["interest_open"]) + D(data["costs_open"]))


def test_render_dutch_and_english() -> None:
    statement = compute_statement(
        invoices=[invoice("F-7", date(2024, 1, 31), "1234.56")],
        debtor_kind=DebtorKind.BUSINESS,
        as_of=date(2025, 6, 30),
        payments=[PaymentInput(date(2024, 6, 1), D("100.00"))],
        vat_deductible=False,
    )
    dutch = render_statement(statement)
    assert "€\xa01.234,56" in dutch
    assert re.search(r"€\s\d{1,3}(\.\d{3})*,\d{2}", dutch)
    assert "Specificatie" in dutch and "Totaal openstaand" in dutch
    assert "365" in dutch and "half naar boven" in dutch  # the footnote states the conventions
    english = render_statement(statement, lang="en")
    assert "Total open" in english and "actual/365" in english and "€\xa01.234,56" in english
    with pytest.raises(ValueError):
        render_statement(statement, lang="de")
