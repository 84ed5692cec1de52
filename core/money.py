"""Money is Decimal, rounded half-up to cents only when shown or stored (DESIGN.md: never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern

CENT = Decimal("0.01")
ZERO = Decimal("0")


class MoneyError(ValueError):
    """An amount that cannot be money (not a number, too many decimals, negative where it may not be)."""


def cents(amount: Decimal) -> Decimal:
    """Round to whole cents, half-up: the Dutch legal convention for amounts shown or claimed."""
    return amount.quantize(CENT, ROUND_HALF_UP)  # positional: half the cost of the keyword call, same result


def to_cents_int(amount: Decimal) -> int:
    return int(cents(amount) * 100)


def from_cents_int(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(CENT)


def parse_amount(text: str | int | Decimal, *, allow_zero: bool = False) -> Decimal:
    """Parse a positive amount with at most two decimals.

    Accepts `1234.56`, `1234,56` and `1.234,56` (the Dutch way); rejects floats so that binary rounding
    can never enter the books.
    """
    if isinstance(text, bool | float):
        raise MoneyError("amount must be given as text or Decimal, not a float")
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        raw = text.strip().replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
        if "," in raw:
            # Dutch notation: dots group thousands, the comma separates the cents.
            raw = raw.replace(".", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise MoneyError(f"not an amount: {text!r}") from None
    if not value.is_finite():
        raise MoneyError(f"not an amount: {text!r}")
    if value.adjusted() > 12:  # beyond a trillion euro it is a typo, and quantize() would overflow
        raise MoneyError(f"amount too large: {text!r}")
    if value.as_tuple().exponent < -2 and value != cents(value):  # type: ignore[operator]
        raise MoneyError(f"at most two decimals allowed: {text!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise MoneyError(f"amount must be positive: {text!r}")
    return cents(value)


@lru_cache(maxsize=8)
def _currency_format(locale: str) -> tuple[Locale, NumberPattern]:
    parsed = Locale.parse(locale)
    return parsed, parsed.currency_formats["standard"]


# nl_NL and en_GB written out (CLDR: "€ 1.234,56", "€ -1.234,56"; "€1,234.56", "-€1,234.56"); a property test
# checks these against Babel for any amount. Other locales go through Babel itself.
_FAST = {"nl_NL": ("€\u00a0{}", "€\u00a0-{}", ".", ","), "en_GB": ("€{}", "-€{}", ",", ".")}


def format_eur(amount: Decimal, locale: str = "nl_NL") -> str:
    """`€ 1.234,56` for Dutch readers, `€1,234.56` for English ones (CLDR data, via Babel for other locales).

    A statement, letter or e-mail formats dozens of amounts; Babel's general path costs tens of microseconds each.
    """
    value = cents(amount)
    fast = _FAST.get(locale)
    if fast is None:
        parsed, pattern = _currency_format(locale)
        return pattern.apply(value, parsed, currency="EUR")
    positive, negative, group, decimal = fast
    whole, _, fraction = f"{abs(value):,.2f}".partition(".")
    number = whole.replace(",", group) + decimal + fraction
    return (negative if value < 0 else positive).format(number)


def money_str(amount: Decimal) -> str:
    """Machine form: a string with exactly two decimals, for JSON."""
    return str(cents(amount))
