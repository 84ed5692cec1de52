"""Extrajudicial collection costs: the staffel of the Besluit BIK, VAT, agreed costs (reference §1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.law import agreed_costs, statutory_costs, vat_on
from core.law.collection_costs import MAXIMUM, MINIMUM

D = Decimal

# reference/dutch-collection-law.md §1: principal, costs, with 21 % VAT
REFERENCE_TABLE = [
    ("100.00", "40.00", "48.40"),
    ("267.00", "40.05", "48.46"),
    ("2500.00", "375.00", "453.75"),
    ("2500.10", "375.01", "453.76"),
    ("3000.00", "425.00", "514.25"),
    ("7500.00", "750.00", "907.50"),
    ("10000.00", "875.00", "1058.75"),
    ("12000.00", "895.00", "1082.95"),
    ("250000.00", "3025.00", "3660.25"),
    ("1200000.00", "6775.00", "8197.75"),
]


@pytest.mark.parametrize(("principal", "costs", "with_vat"), REFERENCE_TABLE)
def test_reference_table(principal: str, costs: str, with_vat: str) -> None:
    amount = statutory_costs(D(principal))
    assert amount == D(costs)
    assert amount + vat_on(amount) == D(with_vat)


def test_maximum_is_reached_at_one_million() -> None:
    assert statutory_costs(D("1000000.00")) == D("6775.00")
    assert statutory_costs(D("999998.00")) == D("6774.99")


def test_agreed_costs_never_below_minimum() -> None:
    assert agreed_costs(D("100.00"), kind="percentage", value=D("10")) == D("40.00")
    assert agreed_costs(D("5000.00"), kind="percentage", value=D("10")) == D("500.00")
    assert agreed_costs(D("5000.00"), kind="fixed", value=D("25")) == D("40.00")
    assert agreed_costs(D("5000.00"), kind="fixed", value=D("250")) == D("250.00")


principals = st.decimals(min_value=D("0.01"), max_value=D("3000000"), places=2)


@settings(max_examples=300, deadline=None)
@given(principals, principals)
def test_costs_within_bounds_and_monotone(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert MINIMUM <= statutory_costs(low) <= MAXIMUM
    assert statutory_costs(low) <= statutory_costs(high)
    assert statutory_costs(low) == statutory_costs(low).quantize(D("0.01"))
