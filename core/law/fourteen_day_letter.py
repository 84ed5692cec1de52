"""The 14-day letter (art. 6:96 lid 6 BW): when collection costs become claimable.

- Consumers: costs become due only after the debtor, once in default, was reminded in writing to pay within
  14 days starting the day after receipt (art. 6:96 lid 6 BW; HR 13-06-2014, ECLI:NL:HR:2014:1405).
- Presumed receipt (HR 25-11-2016, ECLI:NL:HR:2016:2704): the second day after sending, where Sundays, Mondays
  and public holidays are not counted.
- The term is 14 days starting the day after receipt. It is a term set by law (the BW), so the Algemene
  termijnenwet applies: a term that would end on a Saturday, Sunday or public holiday runs on to the next day that
  is none of these (art. 1 Atw). This never shortens the term, so claiming from the later day is always safe.
- Costs are claimable from the day after the term ends.
- A letter sent on or before the due date does not count: the debtor was not yet in default (art. 6:81 BW).
- Business debtors: no letter needed; costs are claimable from the day after the due date (art. 6:96 BW,
  directive 2011/7/EU as implemented in art. 6:119a and 6:96 lid 4 BW).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from core.law.dates import ONE_DAY, is_public_holiday, is_weekend_or_holiday
from core.law.inputs import DebtorKind

TERM_DAYS = 14  # art. 6:96 lid 6 BW
# Algemene termijnenwet art. 1: extend a statutory term that ends on a weekend day or public holiday.
EXTEND_TERM_PER_ALGEMENE_TERMIJNENWET = True


def _not_a_delivery_day(day: date) -> bool:
    # Sunday (6) and Monday (0) are not counted, nor public holidays (HR 25-11-2016).
    return day.weekday() in (6, 0) or is_public_holiday(day)


@lru_cache(maxsize=4096)
def presumed_receipt(sent: date) -> date:
    """The second day after sending, not counting Sundays, Mondays and Dutch public holidays."""
    day = sent
    counted = 0
    while counted < 2:
        day += ONE_DAY
        if not _not_a_delivery_day(day):
            counted += 1
    return day


@dataclass(frozen=True, slots=True)
class LetterTerm:
    sent: date
    presumed_receipt: date
    last_day: date  # last day of the 14-day term (after any Atw extension)
    costs_claimable_from: date


@lru_cache(maxsize=4096)
def letter_term(sent: date) -> LetterTerm:
    """Presumed receipt, the last day of the 14-day term, and the first day costs are claimable."""
    received = presumed_receipt(sent)
    last_day = received + timedelta(days=TERM_DAYS)  # 14 days starting the day after receipt
    if EXTEND_TERM_PER_ALGEMENE_TERMIJNENWET:
        while is_weekend_or_holiday(last_day):
            last_day += ONE_DAY
    return LetterTerm(sent, received, last_day, last_day + ONE_DAY)


def costs_claimable_from(*, debtor_kind: DebtorKind, due_date: date, letter_sent: date | None) -> date | None:
    """First day on which extrajudicial collection costs may be claimed; None when they may not (yet) be.

    Business: the day after the due date. Consumer: the day after the 14-day term of a letter sent after the
    due date; None without such a letter.
    """
    if debtor_kind == DebtorKind.BUSINESS:
        return due_date + ONE_DAY
    if letter_sent is None or letter_sent <= due_date:
        return None
    return letter_term(letter_sent).costs_claimable_from
