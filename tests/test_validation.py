"""Validation at the door: each check, its error naming the field and the rule in Dutch and English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import validation as v
from core.errors import InvalidInput
from core.intake import parse_claim
from core.money import MoneyError, format_eur, parse_amount
from tests.builders import business_claim, consumer_claim

TODAY = date(2026, 3, 2)


def test_iban_is_checked_and_compacted() -> None:
    assert v.iban("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    with pytest.raises(v.Invalid) as info:
        v.iban("NL91ABNA0417164301")
    assert info.value.rule == "iban"


def test_phone_becomes_e164_with_dutch_default() -> None:
    assert v.phone("06 12345678") == "+31612345678"
    assert v.phone("+32 470 12 34 56") == "+32470123456"
    with pytest.raises(v.Invalid):
        v.phone("12345")


def test_email_kvk_postcode() -> None:
    assert v.email("Jan@Example.NL") == "Jan@example.nl"
    with pytest.raises(v.Invalid):
        v.email("jan@@example")
    assert v.kvk("1234 5678") == "12345678"
    with pytest.raises(v.Invalid):
        v.kvk("1234567")
    assert v.postcode("1234ab") == "1234 AB"
    with pytest.raises(v.Invalid):
        v.postcode("0123 AB")


@pytest.mark.parametrize("raw", ["-1", "0", "12.345", "abc", "NaN", "Infinity", 1.5])
def test_bad_amounts_are_refused(raw: object) -> None:
    with pytest.raises(v.Invalid):
        v.amount(raw)


def test_amounts_in_dutch_and_english_notation() -> None:
    assert parse_amount("1.234,56") == Decimal("1234.56")
    assert parse_amount("€ 1234.5") == Decimal("1234.50")
    assert parse_amount("12.340") == Decimal("12.34")  # a dot is a decimal point when no comma is present
    with pytest.raises(MoneyError):
        parse_amount(0.1)  # type: ignore[arg-type]
    assert format_eur(Decimal("1234.56")) == "€\xa01.234,56"


@given(st.integers(min_value=1, max_value=10**9))
def test_any_cent_amount_round_trips(cents: int) -> None:
    value = Decimal(cents) / 100
    assert parse_amount(str(value)) == value
    assert parse_amount(f"{value:.2f}".replace(".", ",")) == value


def test_a_good_claim_parses() -> None:
    claim = parse_claim(consumer_claim(), today=TODAY)
    assert claim.debtor.phone == "+31612345678"
    assert claim.debtor.postcode == "1234 AB"
    assert claim.invoices[0].principal == Decimal("1000.00")


def test_every_broken_field_is_named_in_both_languages() -> None:
    bad = consumer_claim()
    bad["debtor"]["email"] = "not-an-email"
    bad["debtor"]["phone"] = "123"
    bad["invoices"][0]["principal"] = "-5"
    bad["invoices"][0]["due_date"] = "2026-02-30"
    with pytest.raises(InvalidInput) as info:
        parse_claim(bad, today=TODAY)
    fields = {e.field for e in info.value.errors}
    assert fields == {"debtor.email", "debtor.phone", "invoices[0].principal", "invoices[0].due_date"}
    assert "bedrag moet positief zijn" in info.value.in_language("nl")
    assert "amount must be positive" in info.value.in_language("en")


def test_due_date_in_the_future_and_before_invoice_date_are_refused() -> None:
    future = business_claim()
    future["invoices"][0]["due_date"] = "2026-03-03"
    with pytest.raises(InvalidInput, match="due date is in the future"):
        parse_claim(future, today=TODAY)
    backwards = business_claim()
    backwards["invoices"][0]["due_date"] = "2025-11-01"
    with pytest.raises(InvalidInput, match="before the invoice date"):
        parse_claim(backwards, today=TODAY)


def test_same_invoice_twice_in_one_claim_is_refused() -> None:
    claim = business_claim()
    claim["invoices"].append(dict(claim["invoices"][0]))
    with pytest.raises(InvalidInput, match="already filed"):
        parse_claim(claim, today=TODAY)


def test_a_debtor_must_be_reachable_by_letter_or_email() -> None:
    claim = consumer_claim()
    claim["debtor"].pop("email")
    claim["debtor"]["address"] = {"postcode": "1234 AB"}
    with pytest.raises(InvalidInput) as info:
        parse_claim(claim, today=TODAY)
    assert {e.field for e in info.value.errors} == {"debtor.address.street", "debtor.address.city"}


def test_a_fourteen_day_letter_before_default_does_not_count() -> None:
    claim = consumer_claim(fourteen_day_letter_sent_on="2026-01-16")
    with pytest.raises(InvalidInput, match="only after the due date"):
        parse_claim(claim, today=TODAY)
    ok = parse_claim(consumer_claim(fourteen_day_letter_sent_on="2026-01-20"), today=TODAY)
    assert ok.fourteen_day_letter_sent_on == date(2026, 1, 20)


@given(st.text(max_size=30))
def test_garbage_in_any_field_never_crashes(junk: str) -> None:
    claim = consumer_claim()
    claim["debtor"]["phone"] = junk
    claim["invoices"][0]["principal"] = junk
    try:
        parse_claim(claim, today=TODAY)
    except InvalidInput as exc:
        assert exc.errors


@pytest.mark.parametrize("raw", ["1E100", "9" * 40, "1e-9"])
def test_absurd_amounts_are_refused_not_crashed(raw: str) -> None:
    with pytest.raises(v.Invalid):
        v.amount(raw)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["nl_NL", "en_GB"]))
def test_euro_formatting_matches_babel(cents_value: int, locale: str) -> None:
    from babel.numbers import format_currency

    amount = Decimal(cents_value) / 100
    assert format_eur(amount, locale) == format_currency(amount, "EUR", locale=locale)
