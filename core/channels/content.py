"""Everything a debtor-facing message shows, gathered once from the case so every channel says the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from core.law import Statement, letter_term, statutory_costs, vat_on


class Template(StrEnum):
    DEMAND = "demand"  # day 0: first demand (for a consumer without a valid one: the 14-day letter)
    REMINDER = "reminder"  # day 3
    FINAL_NOTICE = "final_notice"  # day 7
    COSTS_NOW_DUE = "costs_now_due"  # consumer: the 14-day term ended unpaid, collection costs are now due
    PAYMENT_RECEIVED = "payment_received"  # confirmation of a (partial) payment


@dataclass(frozen=True)
class AgencyInfo:
    name: str
    registration_number: str  # Justis register (Wet kwaliteit incassodienstverlening)
    address_lines: tuple[str, ...]
    phone: str
    email: str
    website: str
    collection_iban: str  # the third-party account debtors pay into
    collection_account_name: str
    complaint_text_nl: str  # how to complain, and the dispute body
    complaint_text_en: str


@dataclass(frozen=True)
class CreditorInfo:
    name: str
    kvk_number: str
    email: str | None
    vat_deductible: bool


@dataclass(frozen=True)
class DebtorInfo:
    name: str
    kind: str  # consumer | business
    street: str | None
    postcode: str | None
    city: str | None
    country: str
    email: str | None


@dataclass(frozen=True)
class FourteenDayTerm:
    """Set when this message is the 14-day letter (art. 6:96 lid 6 BW) for a consumer."""

    sent_on: date
    presumed_receipt: date
    term_ends: date  # the last day to pay without collection costs
    costs: Decimal  # the exact collection costs that become due if unpaid (statutory staffel)
    vat: Decimal  # VAT on those costs (0 when the creditor deducts VAT)


def fourteen_day_term(sent_on: date, principal_open: Decimal, *, vat_deductible: bool) -> FourteenDayTerm:
    """The 14-day letter's dates and the exact costs it must state (the staffel on the principal still open)."""
    dates = letter_term(sent_on)
    costs = statutory_costs(principal_open)
    return FourteenDayTerm(
        sent_on=sent_on,
        presumed_receipt=dates.presumed_receipt,
        term_ends=dates.last_day,
        costs=costs,
        vat=Decimal("0.00") if vat_deductible else vat_on(costs),
    )


@dataclass(frozen=True)
class MessageContext:
    template: Template
    language: str  # nl | en
    agency: AgencyInfo
    creditor: CreditorInfo
    debtor: DebtorInfo
    case_reference: str
    statement: Statement  # the one statement (core.law): principal, interest, costs, VAT, payments, total
    payment_reference: str  # structured reference with check digits (ISO 11649, "RF…")
    pay_url: str | None  # payment link when a provider is configured
    deadline: date  # pay before or on this day
    telegram_link: str | None  # https://t.me/<bot>?start=<token>, also shown as QR code
    letter_date: date
    fourteen_day: FourteenDayTerm | None = None
