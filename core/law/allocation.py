"""How a payment is allocated (art. 6:43 and 6:44 BW) — the result types and the rule, documented once.

Rule Incasso applies (reference/dutch-collection-law.md §4):
1. interest is first computed up to and including the payment day (a payment counts at the end of its day);
2. the payment goes to the collection costs first — costs and their VAT are one bucket (art. 6:44 BW; collection
   costs count as costs, HR 10-07-2015, ECLI:NL:HR:2015:1868) — as far as they are claimable on that day;
3. then to the invoices, oldest due date first (art. 6:43 lid 2 BW: the debtor designated nothing; all invoices
   bear the same rate, so none is more onerous; the oldest is also the first to have fallen due); within each
   invoice first its interest (capitalised interest first, then the current year's), then its principal
   (art. 6:44 lid 1 BW), before the next invoice is touched;
4. anything left is ``overpaid`` — reported, never silently lost.
Interest due at a payment is rounded half-up to cents; principal and allocations are always whole cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(slots=True)
class AllocationLine:
    """The part of one payment that went to one invoice."""

    invoice_number: str
    to_interest: Decimal
    to_principal: Decimal


@dataclass(slots=True)
class Allocation:
    """One payment and where it went."""

    paid_on: date
    amount: Decimal
    to_costs: Decimal  # collection costs including their VAT
    lines: list[AllocationLine]
    overpaid: Decimal

    @property
    def to_interest(self) -> Decimal:
        return sum((line.to_interest for line in self.lines), ZERO)

    @property
    def to_principal(self) -> Decimal:
        return sum((line.to_principal for line in self.lines), ZERO)


def split_simple(
    amount: Decimal, *, costs: Decimal, interest: Decimal, principal: Decimal
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Art. 6:44 BW for one claim: (to costs, to interest, to principal, overpaid) of ``amount``."""
    to_costs = min(amount, costs)
    rest = amount - to_costs
    to_interest = min(rest, interest)
    rest -= to_interest
    to_principal = min(rest, principal)
    return to_costs, to_interest, to_principal, rest - to_principal
