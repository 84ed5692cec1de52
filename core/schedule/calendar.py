"""Business days and contact hours in Europe/Amsterdam.

Business days: Monday to Friday, not a public holiday (core.law.dates: the `holidays` package plus 5 May), nor a
day the government equates to one for the Algemene termijnenwet (art. 3 lid 3 Atw, one decree a year: data below).
Contact: never between 20:00 and 07:00, never on Sundays or public holidays (Wet kwaliteit
incassodienstverlening, reference §6); within that, the configured windows (messages 08:00-20:00, phone tasks
09:00-17:00 on business days).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from core.law.dates import is_public_holiday

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Days equated to public holidays by yearly decree (Besluit gelijkstelling dagen, art. 3 lid 3 Atw): usually the
# Friday after Ascension Day. UNCONFIRMED: taken from memory of the yearly decrees, check them at wetten.overheid.nl;
# adding a year is one line.
EQUATED_DAYS: frozenset[date] = frozenset(
    {
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2025, 5, 30),
        date(2026, 5, 15),
    }
)


def is_holiday(day: date) -> bool:
    return is_public_holiday(day) or day in EQUATED_DAYS


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def next_business_day(day: date) -> date:
    """The first business day strictly after `day`."""
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def first_business_day_from(day: date) -> date:
    return day if is_business_day(day) else next_business_day(day)


def add_business_days(day: date, count: int) -> date:
    """Business day number `count` counted from `day` (day 0 is `day` itself, moved to a business day)."""
    result = first_business_day_from(day)
    for _ in range(count):
        result = next_business_day(result)
    return result


def business_days_between(start: date, end: date) -> int:
    """How many business days lie after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day = next_business_day(day)
        if day <= end:
            count += 1
    return count


def _contact_allowed_on(day: date, business_only: bool) -> bool:
    if business_only:
        return is_business_day(day)
    return day.weekday() != 6 and not is_holiday(day)


# the dispatcher asks this for every step of a batch, with the same moment and window
@lru_cache(maxsize=256)
def next_allowed_moment(moment: datetime, window: tuple[int, int], *, business_only: bool = False) -> datetime:
    """`moment` if contact is allowed then, else the start of the next allowed window (returned in UTC).

    `window` is (start, end) in minutes after local midnight; `business_only` for phone tasks (no Saturdays).
    """
    local = moment.astimezone(AMSTERDAM)
    start_min, end_min = window
    day = local.date()
    minutes = local.hour * 60 + local.minute
    if _contact_allowed_on(day, business_only) and start_min <= minutes < end_min:
        return moment
    if not (_contact_allowed_on(day, business_only) and minutes < start_min):
        day += timedelta(days=1)
        while not _contact_allowed_on(day, business_only):
            day += timedelta(days=1)
    start = datetime.combine(day, time(start_min // 60, start_min % 60), tzinfo=AMSTERDAM)
    return start.astimezone(ZoneInfo("UTC"))


def local_moment(day: date, at: time) -> datetime:
    """A wall-clock moment on `day` in Amsterdam (DST handled by zoneinfo), in UTC."""
    return datetime.combine(day, at, tzinfo=AMSTERDAM).astimezone(ZoneInfo("UTC"))
