"""Calendar helpers for the law engine: anniversaries and Dutch public holidays.

Public holidays ("algemeen erkende feestdagen", Algemene termijnenwet art. 3) come from the ``holidays``
package (NL: New Year, Good Friday, Easter, King's Day, Ascension, Whitsun, Christmas, and 5 May in lustrum
years), plus 5 May in every year, which art. 3 lid 1 Atw names without a lustrum condition.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

ONE_DAY = timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


ANNIVERSARY_HORIZON_YEARS = 100


@lru_cache(maxsize=8192)
def anniversaries(due_ordinal: int) -> tuple[int, ...]:
    """Ordinals of the 1st, 2nd, … anniversary of a due date (``add_years``), for 100 years.

    Cached: a pure calendar fact shared by every invoice with the same due date.
    """
    due = date.fromordinal(due_ordinal)
    last_year = min(due.year + ANNIVERSARY_HORIZON_YEARS, date.max.year)
    return tuple(add_years(due, years).toordinal() for years in range(1, last_year - due.year + 1))


@lru_cache(maxsize=256)
def _holidays_of(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("NL", years=year).keys())
    days.add(date(year, 5, 5))  # Bevrijdingsdag: art. 3 lid 1 Algemene termijnenwet, every year
    return frozenset(days)


def is_public_holiday(day: date) -> bool:
    """A Dutch public holiday in the sense of the Algemene termijnenwet (see module docstring)."""
    return day in _holidays_of(day.year)


def is_weekend_or_holiday(day: date) -> bool:
    """Saturday, Sunday or a public holiday: a statutory term ending on such a day runs on (art. 1 Atw)."""
    return day.weekday() >= 5 or is_public_holiday(day)
