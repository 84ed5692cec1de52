"""Interest on one invoice: statutory (art. 6:119 / 6:119a BW) or contractual, with yearly compounding.

Conventions (reference/dutch-collection-law.md §3; also printed in the statement's footnote):
- interest accrues for every day after the due date up to and including the as-of date (days = as-of − due);
  for a consumer (art. 6:119 BW: interest runs from default) this assumes the due date is a fixed term, so the
  debtor is in default the day after it without a notice (art. 6:83 sub a BW);
- day count Actual/365 (also in leap years); the rate in force on each day applies, so periods are split at
  rate changes (art. 6:120 lid 2 BW: rates change per 1 January / 1 July);
- compounding (art. 6:119 lid 2 BW, also for 6:119a via lid 3 of that article): at the end of each anniversary
  of the due date the interest of that year still unpaid joins the base; an anniversary of 29 February falls on
  28 February in a year without one;
- contractual interest "% per month" is 12 × that rate per year, accrued the same way (per day, Actual/365);
  compounded yearly only when agreed;
- full precision internally; rounded half-up to cents only when shown or when a payment settles it.

The account is advanced from event to event (rate change, anniversary, payment, as-of), so the work is
proportional to the number of rate periods, years and payments, never to the number of days. Consecutive pieces
with the same rate and the same base form one period whose interest is computed once, so splitting the rate
table at an extra date with an unchanged rate changes nothing, not even the last digit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from core.law.dates import anniversaries
from core.law.rates import DEFAULT_RATE_TABLE, RateSchedule, RateTable
from core.money import cents

DAYS_PER_YEAR = 365  # Actual/365
_DIVISOR = Decimal(100 * DAYS_PER_YEAR)  # rates are in % per year
ZERO = Decimal(0)
_NEVER = date.max.toordinal() + 1


class InterestPeriod(NamedTuple):
    """One line of the interest breakdown: ``days`` days from ``from_date`` to ``to_date`` (both inclusive)."""

    from_date: date
    to_date: date
    days: int
    rate: Decimal  # % per year
    base: Decimal  # principal still open + interest capitalised so far
    interest: Decimal  # base × rate/100 × days/365, full precision
    rate_confirmed: bool = True


# A period as the engine records it: (first day ordinal, days, rate, base, interest, rate confirmed). Turned into
# InterestPeriod rows (with dates) only when someone looks at them.
RawPeriod = tuple[int, int, Decimal, Decimal, Decimal, bool]


def to_periods(raw: list[RawPeriod]) -> list[InterestPeriod]:
    fromordinal = date.fromordinal
    return [
        InterestPeriod(fromordinal(start), fromordinal(start + days - 1), days, rate, base, interest, confirmed)
        for start, days, rate, base, interest, confirmed in raw
    ]


class InterestAccount:
    """The interest-bearing state of one invoice, advanced in date order.

    ``principal`` is the principal still open; ``capitalised`` the unpaid interest of earlier years that joined the
    base; ``running`` the unpaid interest of the current year (bears no interest until the next anniversary).
    """

    __slots__ = (
        "_anniversaries",
        "_anniversary",
        "_compound",
        "_confirmed",
        "_idx",
        "_rates",
        "_seg_confirmed",
        "_seg_days",
        "_seg_rate",
        "_seg_start",
        "_starts",
        "_through",
        "_years",
        "capitalised",
        "first_unconfirmed",
        "interest_paid",
        "periods",
        "principal",
        "principal_paid",
        "running",
    )

    def __init__(self, principal: Decimal, due_date: date, schedule: RateSchedule, *, compound: bool) -> None:
        self.principal = principal
        self.principal_paid = ZERO
        self.capitalised = ZERO
        self.running = ZERO
        self.interest_paid = ZERO
        self.periods: list[RawPeriod] = []
        self._starts = schedule.starts
        self._rates = schedule.rates
        self._confirmed = schedule.confirmed
        self.first_unconfirmed: date | None = None  # first day that bore a rate marked unconfirmed
        self._compound = compound
        self._through = through = due_date.toordinal()  # interest is accounted for up to and including this day
        self._idx = schedule.index_on(through + 1)  # rate row in force on the first day not yet accrued
        self._years = 0  # anniversaries passed
        self._anniversaries = years = anniversaries(through) if compound else ()
        self._anniversary = years[0] if years else _NEVER
        self._seg_days = 0  # the open period: consecutive days at one rate on one base
        self._seg_start = 0
        self._seg_rate = ZERO
        self._seg_confirmed = True

    # -- accrual -----------------------------------------------------------------------------------------

    def advance(self, to_day: int, *, close: bool = False) -> None:
        """Accrue interest up to and including the day with ordinal ``to_day``; ``close``: then ``settle``.

        Walks from boundary to boundary (rate change, anniversary, ``to_day``). This is the hot path of every
        statement, so the state lives in local variables here and the period bookkeeping (``_close``, and
        capitalising at an anniversary) is inlined. Raises LookupError when the rate table has no rate for a
        day that needs one.
        """
        through = self._through
        if to_day <= through:
            if close:
                self._close()
            return
        starts = self._starts
        last_idx = len(starts) - 1
        rates = self._rates
        confirmed_flags = self._confirmed
        idx = self._idx
        boundary = starts[idx + 1] if idx < last_idx else _NEVER  # first day of the next rate row
        anniversary = self._anniversary
        base = self.principal + self.capitalised
        running = self.running
        append = self.periods.append
        seg_days = self._seg_days
        seg_rate = self._seg_rate
        seg_start = self._seg_start
        seg_confirmed = self._seg_confirmed
        while through < to_day:
            first = through + 1
            while boundary <= first:
                idx += 1
                boundary = starts[idx + 1] if idx < last_idx else _NEVER
            if idx < 0:
                raise LookupError(f"no rate known before {date.fromordinal(starts[0]).isoformat()}")
            end = boundary - 1 if boundary <= to_day else to_day
            if anniversary < end:
                end = anniversary
            if base:
                rate = rates[idx]
                confirmed = confirmed_flags[idx]
                if not confirmed and self.first_unconfirmed is None:
                    self.first_unconfirmed = date.fromordinal(first)
                if seg_days and rate == seg_rate:
                    seg_days += end - through  # same rate, same base: one period
                    if not confirmed:
                        seg_confirmed = False
                else:
                    if seg_days:  # close the open period (as _close does)
                        interest = base * seg_rate * seg_days / _DIVISOR
                        append((seg_start, seg_days, seg_rate, base, interest, seg_confirmed))
                        running += interest
                    seg_start = first
                    seg_days = end - through
                    seg_rate = rate
                    seg_confirmed = confirmed
            through = end
            if end == anniversary:  # end of an anniversary: close, then capitalise
                if seg_days:
                    interest = base * seg_rate * seg_days / _DIVISOR
                    append((seg_start, seg_days, seg_rate, base, interest, seg_confirmed))
                    running += interest
                    seg_days = 0
                self.capitalised += running
                base += running
                running = ZERO
                years = self._years = self._years + 1
                anniversary = self._anniversaries[years] if years < len(self._anniversaries) else _NEVER
        if close and seg_days:  # as _close does: on principal + capitalised, recomputed
            base = self.principal + self.capitalised
            interest = base * seg_rate * seg_days / _DIVISOR
            append((seg_start, seg_days, seg_rate, base, interest, seg_confirmed))
            running += interest
            seg_days = 0
        self._through = through
        self._idx = idx
        self._anniversary = anniversary
        self.running = running
        self._seg_days = seg_days
        self._seg_rate = seg_rate
        self._seg_start = seg_start
        self._seg_confirmed = seg_confirmed

    def _close(self) -> None:
        """Fix the open period: compute its interest once and add it to this year's running interest."""
        days = self._seg_days
        if not days:
            return
        base = self.principal + self.capitalised
        rate = self._seg_rate
        interest = base * rate * days / _DIVISOR
        self.periods.append((self._seg_start, days, rate, base, interest, self._seg_confirmed))
        self.running += interest
        self._seg_days = 0

    def settle(self) -> None:
        """Close the open period (before reading the totals)."""
        self._close()

    @property
    def interest_open(self) -> Decimal:
        """Unpaid interest, full precision (call after ``settle``/``advance`` to the day of interest)."""
        return self.capitalised + self.running

    # -- payments ----------------------------------------------------------------------------------------

    def pay_interest(self, available: Decimal) -> Decimal:
        """Apply up to ``available`` (whole cents) to the interest accrued so far; return what was applied.

        The interest due is rounded half-up to cents; paying that amount settles it (the sub-cent remainder of
        full precision goes with it). A partial payment goes to the capitalised interest first, then the
        running interest of the current year.
        """
        self._close()
        open_interest = self.capitalised + self.running
        if not open_interest:
            return ZERO
        due = cents(open_interest)
        if available >= due:
            self.capitalised = ZERO
            self.running = ZERO
            self.interest_paid += due
            return due
        if available <= self.capitalised:
            self.capitalised -= available
        else:
            self.running -= available - self.capitalised
            self.capitalised = ZERO
        self.interest_paid += available
        return available

    def pay_principal(self, available: Decimal) -> Decimal:
        """Apply up to ``available`` to the principal still open; return what was applied."""
        principal = self.principal
        if not principal or not available:
            return ZERO
        self._close()
        paid = available if available < principal else principal
        self.principal = principal - paid
        self.principal_paid += paid
        return paid


class InterestResult(NamedTuple):
    interest: Decimal  # full precision; show with cents()
    periods: list[InterestPeriod]


def accrued_interest(
    principal: Decimal,
    due_date: date,
    as_of: date,
    *,
    commercial: bool,
    rate_table: RateTable = DEFAULT_RATE_TABLE,
    compound: bool = True,
) -> InterestResult:
    """Statutory interest on an unpaid principal from the day after ``due_date`` up to and including ``as_of``.

    ``commercial`` selects art. 6:119a BW rates, otherwise art. 6:119 BW. No payments; for those use
    ``compute_statement``.
    """
    account = InterestAccount(principal, due_date, rate_table.schedule(commercial=commercial), compound=compound)
    account.advance(as_of.toordinal(), close=True)
    return InterestResult(account.interest_open, to_periods(account.periods))


__all__ = ["InterestAccount", "InterestPeriod", "InterestResult", "RawPeriod", "accrued_interest", "to_periods"]
