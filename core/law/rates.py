"""Statutory interest rates as data (art. 6:119 and 6:119a BW, art. 6:120 lid 2 BW: set per 1 January / 1 July).

A new half-year rate is one more line in ``STATUTORY_RATES``. Rows marked ``confirmed=False`` were found only in
secondary sources or public code (see reference/dutch-collection-law.md §3); a statement that uses one of them
says so in its warnings, and confirming it is changing that flag.

- 6:119 (non-commercial, consumers): set by decree, ECB main refinancing rate + 2.25 points, rounded.
- 6:119a (commercial transactions): ECB main refinancing rate + 8 points, per half year.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class RateRow:
    start: date  # in force from this day until the day before the next row's start
    non_commercial: Decimal  # % per year, art. 6:119 BW
    commercial: Decimal  # % per year, art. 6:119a BW
    source: str
    confirmed: bool = True


def _row(start: str, non_commercial: str, commercial: str, source: str, *, confirmed: bool = True) -> RateRow:
    return RateRow(date.fromisoformat(start), Decimal(non_commercial), Decimal(commercial), source, confirmed)


# fmt: off
STATUTORY_RATES: tuple[RateRow, ...] = (
    _row("2015-01-01", "2", "8.05", "rechtnet.nl, bierensgroup.com"),
    _row("2016-07-01", "2", "8.00", "rijksoverheid.nl (hoogte wettelijke rente)"),
    _row("2023-01-01", "4", "10.50", "flib.nl, abenslag.nl"),
    _row("2023-07-01", "6", "12.00", "wieringa-advocaten.nl, watsonlaw.nl"),
    _row("2024-01-01", "7", "12.50", "wieringa-advocaten.nl, e-justice.europa.eu"),
    _row("2024-07-01", "7", "12.25", "metaalunie.nl"),
    _row("2025-01-01", "6", "11.15", "vvoadvocatuur.nl"),
    _row("2025-07-01", "6", "10.15", "only in public code", confirmed=False),  # UNCONFIRMED
    _row("2026-01-01", "4", "10.15", "only in public code", confirmed=False),  # UNCONFIRMED
)
# fmt: on


@dataclass(frozen=True, slots=True)
class RateSchedule:
    """One column of a rate table, ready for the interest engine: day ordinals where a rate starts, the rate."""

    starts: tuple[int, ...]  # date.toordinal() of each row's first day, ascending
    rates: tuple[Decimal, ...]  # % per year
    confirmed: tuple[bool, ...]
    label: str  # e.g. "art. 6:119 BW"

    def index_on(self, day_ordinal: int) -> int:
        """Index of the row in force on that day; -1 before the first row."""
        return bisect_right(self.starts, day_ordinal) - 1

    @property
    def first_day(self) -> date:
        return date.fromordinal(self.starts[0])


@dataclass(frozen=True)
class RateTable:
    """The statutory rate table; injectable into ``compute_statement`` (tests add rows, a new decree is data)."""

    rows: tuple[RateRow, ...] = STATUTORY_RATES
    _schedules: dict[bool, RateSchedule] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.rows:
            raise ValueError("a rate table needs at least one row")
        for before, after in zip(self.rows, self.rows[1:], strict=False):
            if after.start <= before.start:
                raise ValueError(f"rate table rows must be in ascending order of start: {after.start}")
        for commercial in (False, True):
            column = [row.commercial if commercial else row.non_commercial for row in self.rows]
            self._schedules[commercial] = RateSchedule(
                starts=tuple(row.start.toordinal() for row in self.rows),
                rates=tuple(column),
                confirmed=tuple(row.confirmed for row in self.rows),
                label="art. 6:119a BW" if commercial else "art. 6:119 BW",
            )

    def schedule(self, *, commercial: bool) -> RateSchedule:
        return self._schedules[commercial]

    def rate_on(self, day: date, *, commercial: bool) -> Decimal:
        schedule = self._schedules[commercial]
        index = schedule.index_on(day.toordinal())
        if index < 0:
            raise LookupError(f"no statutory rate known before {schedule.first_day.isoformat()}")
        return schedule.rates[index]


DEFAULT_RATE_TABLE = RateTable()


def flat_schedule(yearly_percent: Decimal, label: str) -> RateSchedule:
    """A contractual rate: one row in force on every day."""
    return RateSchedule(starts=(date.min.toordinal(),), rates=(yearly_percent,), confirmed=(True,), label=label)
