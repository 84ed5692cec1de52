"""What the claim-law engine is given: invoices, payments, the agreed interest and costs, and the input error.

All values are plain frozen dataclasses with `Decimal` money and `datetime.date` days; nothing here reads a
clock or a database. Checks that need several inputs together (a payment before the invoice date, …) live in
`statement.compute_statement`, which names the offending field in its `LawInputError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Literal


class LawInputError(ValueError):
    """Input the law engine cannot compute with; the message starts with the field it is about."""


class DebtorKind(StrEnum):
    """Consumer: a natural person not acting in a profession or business (art. 6:96 lid 6 BW, 6:119 BW).
    Business: a commercial transaction (art. 6:119a BW)."""

    CONSUMER = "consumer"
    BUSINESS = "business"


@dataclass(frozen=True, slots=True)
class InvoiceInput:
    invoice_number: str
    invoice_date: date
    due_date: date
    principal: Decimal
    # A consumer purchase price: limitation 2 years (art. 7:28 BW) instead of 5 (art. 3:307 BW).
    consumer_purchase: bool = False


@dataclass(frozen=True, slots=True)
class PaymentInput:
    paid_on: date
    amount: Decimal


def _parse_percent(text: str, what: str) -> Decimal:
    raw = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{what}: not a percentage: {text!r}") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{what}: percentage must be positive: {text!r}")
    return value


_CONTRACTUAL = re.compile(r"^contractual:([^/:]+)/(month|year)(?::(compound|simple))?$")


@dataclass(frozen=True, slots=True)
class InterestSpec:
    """Which interest runs on the principal.

    - ``statutory``: art. 6:119 BW (consumer, non-commercial) or 6:119a BW (business, commercial), chosen by the
      debtor kind; always compounded yearly (art. 6:119 lid 2).
    - ``contractual``: a fixed agreed percentage. Convention for "% per month": the yearly rate is 12 × the
      monthly rate, accrued per day Actual/365 like statutory interest (not per calendar month). Simple unless
      ``compound`` (then yearly on each anniversary of the due date, like statutory interest).
    """

    kind: Literal["statutory", "contractual"] = "statutory"
    rate_percent: Decimal | None = None
    per: Literal["month", "year"] = "year"
    compound: bool = False

    def __post_init__(self) -> None:
        if self.kind not in ("statutory", "contractual"):
            raise LawInputError(f"interest.kind: unknown kind {self.kind!r} (statutory or contractual)")
        if self.per not in ("month", "year"):
            raise LawInputError(f"interest.per: {self.per!r} (month or year)")
        if self.kind == "contractual":
            rate = self.rate_percent
            if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
                raise LawInputError(
                    f"interest.rate_percent: contractual interest needs a positive Decimal, got {rate!r}"
                )
        elif self.rate_percent is not None:
            raise LawInputError("interest.rate_percent: statutory interest takes its rates from the rate table")

    @property
    def yearly_percent(self) -> Decimal | None:
        """The contractual rate as a yearly percentage (12 × a monthly rate); None for statutory interest."""
        if self.rate_percent is None:
            return None
        return self.rate_percent * 12 if self.per == "month" else self.rate_percent

    @classmethod
    def parse(cls, text: str) -> InterestSpec:
        """``statutory`` | ``contractual:1%/month`` | ``contractual:8%/year`` | ``contractual:1%/month:compound``."""
        raw = text.strip().lower().replace(" ", "")
        if raw == "statutory":
            return cls()
        match = _CONTRACTUAL.match(raw)
        if match is None:
            raise ValueError(
                f"not an interest spec: {text!r} (use statutory, contractual:1%/month, contractual:8%/year "
                "or contractual:1%/month:compound)"
            )
        rate = _parse_percent(match.group(1), "interest")
        per: Literal["month", "year"] = "month" if match.group(2) == "month" else "year"
        return cls(kind="contractual", rate_percent=rate, per=per, compound=match.group(3) == "compound")

    def describe(self) -> str:
        if self.kind == "statutory":
            return "statutory"
        text = f"contractual:{self.rate_percent}%/{self.per}"
        return text + (":compound" if self.compound else "")


@dataclass(frozen=True, slots=True)
class CostTerms:
    """Collection costs agreed in the creditor's terms (business debtors only; consumers always get the staffel).

    ``percentage``: ``value`` % of the principal; ``fixed``: ``value`` euro. Never below the € 40 minimum.
    """

    kind: Literal["statutory", "percentage", "fixed"] = "statutory"
    value: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("statutory", "percentage", "fixed"):
            raise LawInputError(f"cost_terms.kind: unknown kind {self.kind!r} (statutory, percentage or fixed)")
        if self.kind == "statutory":
            if self.value is not None:
                raise LawInputError("cost_terms.value: statutory costs take no value")
        elif not isinstance(self.value, Decimal) or not self.value.is_finite() or self.value <= 0:
            raise LawInputError(f"cost_terms.value: {self.kind} costs need a positive Decimal, got {self.value!r}")

    @classmethod
    def parse(cls, text: str) -> CostTerms:
        """``statutory`` | ``percentage:10`` | ``fixed:250``."""
        raw = text.strip().lower().replace(" ", "")
        if raw == "statutory":
            return cls()
        kind, sep, value = raw.partition(":")
        if not sep or kind not in ("percentage", "fixed"):
            raise ValueError(f"not a cost rule: {text!r} (use statutory, percentage:10 or fixed:250)")
        if kind == "percentage":
            return cls(kind="percentage", value=_parse_percent(value, "costs"))
        try:
            amount = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"costs: not an amount: {value!r}") from None
        if not amount.is_finite() or amount <= 0:
            raise ValueError(f"costs: amount must be positive: {value!r}")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"costs: at most two decimals allowed: {value!r}")
        return cls(kind="fixed", value=amount)
