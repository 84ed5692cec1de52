"""The 14-day letter: presumed receipt, term, costs claimable from (reference §2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.law import DebtorKind, costs_claimable_from, letter_term, presumed_receipt

# reference/dutch-collection-law.md §2: sent, presumed receipt, last day of term, costs claimable from
REFERENCE_TABLE = [
    (date(2025, 3, 4), date(2025, 3, 6), date(2025, 3, 20), date(2025, 3, 21)),
    (date(2025, 3, 7), date(2025, 3, 11), date(2025, 3, 25), date(2025, 3, 26)),
    (date(2025, 3, 8), date(2025, 3, 12), date(2025, 3, 26), date(2025, 3, 27)),
]


@pytest.mark.parametrize(("sent", "receipt", "last_day", "claimable"), REFERENCE_TABLE)
def test_reference_table(sent: date, receipt: date, last_day: date, claimable: date) -> None:
    assert presumed_receipt(sent) == receipt
    term = letter_term(sent)
    assert (term.presumed_receipt, term.last_day, term.costs_claimable_from) == (receipt, last_day, claimable)
    due = sent - timedelta(days=10)
    assert costs_claimable_from(debtor_kind=DebtorKind.CONSUMER, due_date=due, letter_sent=sent) == claimable


def test_public_holidays_are_not_counted() -> None:
    # Thu 2025-04-17: Good Friday 18th not counted, Sat 19th counts, Sun 20th and Easter Monday 21st not, Tue 22nd.
    assert presumed_receipt(date(2025, 4, 17)) == date(2025, 4, 22)


def test_term_ending_on_a_weekend_runs_on_per_algemene_termijnenwet() -> None:
    # Thu 2025-03-06 -> Fri 7 (1), Sat 8 (2): received Sat 8; 14 days end Sat 22 -> Mon 24; claimable Tue 25.
    term = letter_term(date(2025, 3, 6))
    assert term.presumed_receipt == date(2025, 3, 8)
    assert term.last_day == date(2025, 3, 24)
    assert term.costs_claimable_from == date(2025, 3, 25)


def test_letter_on_or_before_due_date_does_not_count() -> None:
    due = date(2025, 3, 4)
    assert costs_claimable_from(debtor_kind=DebtorKind.CONSUMER, due_date=due, letter_sent=due) is None
    assert costs_claimable_from(debtor_kind=DebtorKind.CONSUMER, due_date=due, letter_sent=date(2025, 3, 1)) is None
    assert costs_claimable_from(debtor_kind=DebtorKind.CONSUMER, due_date=due, letter_sent=None) is None


def test_business_needs_no_letter() -> None:
    due = date(2025, 3, 4)
    expected = date(2025, 3, 5)
    assert costs_claimable_from(debtor_kind=DebtorKind.BUSINESS, due_date=due, letter_sent=None) == expected
    assert costs_claimable_from(debtor_kind=DebtorKind.BUSINESS, due_date=due, letter_sent=date(2025, 4, 1)) == expected


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_receipt_is_a_delivery_day_and_term_is_at_least_fifteen_days(sent: date) -> None:
    receipt = presumed_receipt(sent)
    assert receipt.weekday() not in (6, 0)  # never a Sunday or Monday
    assert 2 <= (receipt - sent).days <= 9
    term = letter_term(sent)
    assert (term.costs_claimable_from - receipt).days >= 15
    assert term.last_day.weekday() < 5
