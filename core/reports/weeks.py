"""Report weeks: Monday 00:00 to the next Monday 00:00 in Europe/Amsterdam (so a week has 167 or 169 hours when
the clocks change), named by their ISO week ("2026-W10")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from core.clock import AMSTERDAM

MAX_WEEKS = 52


@dataclass(frozen=True)
class Week:
    monday: date

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def next_monday(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def starts(self) -> datetime:
        """Monday 00:00 Amsterdam, in UTC."""
        return local_midnight(self.monday)

    @property
    def ends(self) -> datetime:
        """The next Monday 00:00 Amsterdam, in UTC (exclusive)."""
        return local_midnight(self.next_monday)

    @property
    def label(self) -> str:
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    def holds(self, day: date) -> bool:
        return self.monday <= day <= self.sunday


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), AMSTERDAM).astimezone(UTC)


def week_of(day: date) -> Week:
    return Week(day - timedelta(days=day.weekday()))


def complete_weeks(now: datetime, count: int) -> list[Week]:
    """The `count` complete weeks before the week `now` falls in, oldest first: on Monday 08:00 the last one is the
    week that ended eight hours ago."""
    if not 1 <= count <= MAX_WEEKS:
        raise ValueError(f"weeks must be between 1 and {MAX_WEEKS}")
    current = week_of(now.astimezone(AMSTERDAM).date())
    return [Week(current.monday - timedelta(days=7 * back)) for back in range(count, 0, -1)]
