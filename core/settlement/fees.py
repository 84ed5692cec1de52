"""What the agency keeps of one payment and what the creditor gets (no cure no pay). Pure functions, Decimal cents.

The agency keeps:
- the collection costs the debtor paid (the law engine's costs bucket, art. 6:44 BW). Where the creditor cannot
  deduct VAT the debtor paid 21 % VAT on them already (reference §1, art. 6:96 BW with the BIK decree); nothing is
  added here;
- if agreed, a commission on the principal collected, plus 21 % VAT: the commission is the agency's service to
  the creditor, taxed at the general rate (Wet OB 1968 art. 9 lid 1); a creditor that deducts VAT reclaims it.

The creditor gets interest + principal collected, minus commission and its VAT. What a payment brought above
everything owed (`refund_due`, the law engine's `overpaid`) is held for the payer, never paid to the creditor.
Nothing collected, nothing kept: every amount here is a share of a payment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.law.collection_costs import VAT_PERCENT
from core.money import ZERO, cents

MAX_COMMISSION_PERCENT = Decimal(50)
_HUNDRED = Decimal(100)


class FeeTermsError(ValueError):
    pass


@dataclass(frozen=True)
class FeeTerms:
    commission_percent: Decimal = ZERO

    @property
    def basis_points(self) -> int:
        return int(self.commission_percent * 100)

    @classmethod
    def parse_percent(cls, text: object) -> FeeTerms:
        """0 up to and including 50, at most two decimals ("10", "12.5", "12,5")."""
        raw = str(text).strip().replace("%", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise FeeTermsError(f"commission: {text!r} is not a percentage") from None
        if not value.is_finite() or value != value.quantize(Decimal("0.01")):
            raise FeeTermsError(f"commission: {text!r}: at most two decimals")
        if not ZERO <= value <= MAX_COMMISSION_PERCENT:
            # above this the commission and its VAT could exceed the principal it is taken from
            raise FeeTermsError(f"commission: {text!r}: must be between 0 and {MAX_COMMISSION_PERCENT} %")
        return cls(value.quantize(Decimal("0.01")))

    @classmethod
    def of(cls, stored: Mapping[str, object] | None) -> FeeTerms:
        """From Creditor.fee_terms; absent means the default: the costs only, no commission."""
        value = (stored or {}).get("commission_percent")
        return cls() if value in (None, "") else cls.parse_percent(value)

    def to_json(self) -> dict[str, str]:
        return {"commission_percent": str(self.commission_percent)}


@dataclass(frozen=True)
class Share:
    """One payment as settled. amount == to_costs + to_interest + to_principal + held == fee + payout + held."""

    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    held: Decimal
    commission: Decimal
    commission_vat: Decimal

    @property
    def fee(self) -> Decimal:
        return self.to_costs + self.commission + self.commission_vat

    @property
    def payout(self) -> Decimal:
        return self.to_interest + self.to_principal - self.commission - self.commission_vat


def share_of(
    amount: Decimal,
    *,
    to_costs: Decimal,
    to_interest: Decimal,
    to_principal: Decimal,
    refund_due: Decimal | None,
    terms: FeeTerms,
) -> Share:
    """Split one payment by its allocation (costs, interest, principal; the rest was overpaid).

    A refund flagged on the payment that is larger than what the allocation left over (the claim was reduced
    after the payment, or payments arrived out of date order) is held too: taken from principal first, then
    interest, then costs — the reverse of the order the payment was allocated in.
    """
    overpaid = amount - to_costs - to_interest - to_principal
    if overpaid < 0:
        raise ValueError(f"allocation {to_costs}+{to_interest}+{to_principal} exceeds the payment {amount}")
    held = max(overpaid, min(refund_due or ZERO, amount))
    excess = held - overpaid
    for_principal = min(excess, to_principal)
    to_principal -= for_principal
    excess -= for_principal
    for_interest = min(excess, to_interest)
    to_interest -= for_interest
    to_costs -= excess - for_interest
    commission = cents(to_principal * terms.commission_percent / _HUNDRED)
    vat = cents(commission * VAT_PERCENT / _HUNDRED)
    room = to_interest + to_principal
    if commission + vat > room:  # only by rounding on a cent or two; the creditor's share never goes negative
        commission, vat = room, ZERO
    return Share(amount, to_costs, to_interest, to_principal, held, commission, vat)
