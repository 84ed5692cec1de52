"""Extrajudicial collection costs (art. 6:96 lid 2 sub c and lid 5 BW; Besluit vergoeding voor
buitengerechtelijke incassokosten, Stb. 2012, 141).

- The staffel below applies to the summed principal of all invoices handed over together (one staffel, once).
- Minimum € 40, maximum € 6,775 (reached at a principal of € 1,000,000).
- + 21 % VAT only when the creditor cannot deduct the VAT on the collection service (and says so).
- Consumers: the staffel is mandatory. Business debtors: a percentage or fixed amount agreed in the creditor's
  terms applies instead, never below € 40 (directive 2011/7/EU); courts may reduce agreed costs towards the
  staffel (HR 10-07-2015, ECLI:NL:HR:2015:1868), so the statement warns when they exceed it.
- Costs are amounts claimed in a letter: rounded half-up to cents when computed; VAT is rounded separately.
"""

from __future__ import annotations

from decimal import Decimal

from core.money import cents

# (upper bound of the bracket or None for the rest, percentage of the part of the principal in this bracket)
# Besluit vergoeding voor buitengerechtelijke incassokosten, art. 2 lid 1.
STAFFEL: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("2500"), Decimal("15")),
    (Decimal("5000"), Decimal("10")),
    (Decimal("10000"), Decimal("5")),
    (Decimal("200000"), Decimal("1")),
    (None, Decimal("0.5")),
)
MINIMUM = Decimal("40.00")  # Besluit art. 2 lid 1 (minimum)
MAXIMUM = Decimal("6775.00")  # Besluit art. 2 lid 1 (maximum)
VAT_PERCENT = Decimal("21")  # Wet OB 1968, general rate
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_FIRST_UPPER, _FIRST_PERCENT = STAFFEL[0]


def statutory_costs(principal: Decimal) -> Decimal:
    """The staffel amount for a (summed) principal, rounded to cents, between € 40 and € 6,775."""
    if principal <= 0:
        return _ZERO
    if principal < _FIRST_UPPER:  # type: ignore[operator]
        # the common case, the first bracket only: the loop's first round, the same operations in the same order
        total = _ZERO + (principal - _ZERO) * _FIRST_PERCENT
    else:
        total = _ZERO
        lower = _ZERO
        for upper, percent in STAFFEL:
            part = principal - lower if upper is None or principal < upper else upper - lower
            total += part * percent
            if upper is None or principal <= upper:
                break
            lower = upper
    costs = cents(total / _HUNDRED)
    if costs < MINIMUM:
        return MINIMUM
    if costs > MAXIMUM:
        return MAXIMUM
    return costs


def agreed_costs(principal: Decimal, *, kind: str, value: Decimal) -> Decimal:
    """Costs agreed with a business debtor: ``value`` % of the principal, or a fixed ``value``; at least € 40."""
    if kind == "percentage":
        amount = cents(principal * value / _HUNDRED)
    elif kind == "fixed":
        amount = cents(value)
    else:
        raise ValueError(f"unknown agreed cost kind {kind!r}")
    return amount if amount > MINIMUM else MINIMUM


def vat_on(costs: Decimal) -> Decimal:
    """21 % VAT on collection costs, rounded to cents (only when the creditor cannot deduct VAT)."""
    return cents(costs * VAT_PERCENT / _HUNDRED)
