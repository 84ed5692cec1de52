"""Limitation (verjaring) of payment claims.

- Contract payment claims: 5 years (art. 3:307 lid 1 BW); consumer purchase price: 2 years (art. 7:28 BW).
- The period runs "from the start of the day after the day on which the claim became due" (art. 3:307 BW), so a
  claim due on D is prescribed from the start of the day after the same calendar date N years later:
  ``prescribes_on`` = add_years(D, N) + 1 day is the first day on which the claim is prescribed, and
  add_years(D, N) is the last day on which it can still be interrupted.
- A written reminder that reaches the debtor interrupts it (art. 3:317 BW); the engine does not know about
  interruptions, so it warns instead of deciding.
"""

from __future__ import annotations

from datetime import date

from core.law.dates import ONE_DAY, add_years

YEARS_CONTRACT = 5  # art. 3:307 BW
YEARS_CONSUMER_PURCHASE = 2  # art. 7:28 BW
WARN_MONTHS_BEFORE = 6


def prescribes_on(due_date: date, *, consumer_purchase: bool = False) -> date:
    """First day on which the claim is prescribed (unless interrupted, art. 3:317 BW)."""
    years = YEARS_CONSUMER_PURCHASE if consumer_purchase else YEARS_CONTRACT
    return add_years(due_date, years) + ONE_DAY


# Six months are at most 184 days: an as-of date further away than this needs no exact month arithmetic.
_MAX_WARN_DAYS = 184


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def limitation_warning(invoice_number: str, prescribed_from: date, as_of: date) -> tuple[str, str] | None:
    """(English, Dutch) warning when the claim is prescribed, or will be within six months of ``as_of``."""
    if (prescribed_from - as_of).days > _MAX_WARN_DAYS:
        return None
    if as_of >= prescribed_from:
        return (
            f"invoice {invoice_number}: prescribed since {prescribed_from.isoformat()} "
            "unless interrupted by a written reminder (art. 3:317 BW)",
            f"factuur {invoice_number}: verjaard sinds {prescribed_from:%d-%m-%Y}, tenzij gestuit door een "
            "schriftelijke aanmaning (art. 3:317 BW)",
        )
    if as_of >= _months_before(prescribed_from, WARN_MONTHS_BEFORE):
        return (
            f"invoice {invoice_number}: prescribes on {prescribed_from.isoformat()} (within 6 months); "
            "interrupt it by a written reminder that reaches the debtor (art. 3:317 BW)",
            f"factuur {invoice_number}: verjaart op {prescribed_from:%d-%m-%Y} (binnen 6 maanden); stuit de "
            "verjaring met een schriftelijke aanmaning die de schuldenaar bereikt (art. 3:317 BW)",
        )
    return None
