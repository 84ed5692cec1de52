"""Finding cases: a creditor's cases filtered by status, filing date and a search text, a page at a time.

Pages are keyed on the case id (newest first), so a page stays correct while new cases are filed: the next page
starts below the last id seen, never at an offset that shifts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, or_, select

from core.actors import Actor, ActorKind
from core.clock import AMSTERDAM
from core.db.models import Case, Debtor
from core.errors import Forbidden
from core.uow import UnitOfWork

MAX_PAGE = 200
# filing dates outside these are no filter at all (and stay clear of datetime's limits when turned into moments)
_FIRST_DAY, _LAST_DAY = date(1900, 1, 1), date(9000, 12, 31)


@dataclass(frozen=True)
class CaseFilter:
    statuses: Collection[str] = ()
    filed_from: date | None = None  # first filing day, Europe/Amsterdam
    filed_to: date | None = None  # last filing day (inclusive), Europe/Amsterdam
    text: str | None = None  # part of the reference, the creditor's own reference or the debtor's name


@dataclass(frozen=True)
class CasePage:
    cases: list[tuple[Case, Debtor]]
    next_after_id: int | None  # pass as `after_id` for the next page; None on the last page


def search_cases(
    uow: UnitOfWork, actor: Actor, filters: CaseFilter, *, after_id: int | None = None, limit: int = 50
) -> CasePage:
    """The actor's cases matching `filters`, newest first, at most `limit` (1..200) after the id `after_id`."""
    if actor.kind is ActorKind.DEBTOR:
        raise Forbidden("debtors cannot list cases")
    limit = max(1, min(limit, MAX_PAGE))
    query: Select = select(Case, Debtor).join(Debtor, Debtor.id == Case.debtor_id)
    if actor.kind is ActorKind.CREDITOR_USER:
        query = query.where(Case.creditor_id == actor.creditor_id)  # a creditor sees only its own cases
    if filters.statuses:
        query = query.where(Case.status.in_(sorted(set(filters.statuses))))
    if filters.filed_from and filters.filed_from > _FIRST_DAY:
        query = query.where(Case.filed_at >= _start_of(min(filters.filed_from, _LAST_DAY)))
    if filters.filed_to and filters.filed_to < _LAST_DAY:
        query = query.where(Case.filed_at < _start_of(max(filters.filed_to, _FIRST_DAY) + timedelta(days=1)))
    text = (filters.text or "").strip()
    if text:
        query = query.where(
            or_(
                Case.reference.icontains(text, autoescape=True),
                Case.creditor_reference.icontains(text, autoescape=True),
                Debtor.name.icontains(text, autoescape=True),
            )
        )
    if after_id is not None:
        query = query.where(Case.id < after_id)
    rows = [(case, debtor) for case, debtor in uow.session.execute(query.order_by(Case.id.desc()).limit(limit + 1))]
    more = len(rows) > limit
    rows = rows[:limit]
    return CasePage(rows, rows[-1][0].id if more and rows else None)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM)
