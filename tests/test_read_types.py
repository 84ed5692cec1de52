"""The bulk reads' date types (core.db.types.DateRead, UTCDateTimeRead) read what the columns' own types read."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import select, type_coerce

from core.db.models import ClaimLine, ContactStep
from core.db.types import DateRead, UTCDateTimeRead
from tests.builders import consumer_claim, make_case, make_creditor


def test_the_read_types_give_the_same_dates_and_aware_utc_moments(uow_factory, clock) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), consumer_claim())
        for minutes in (0, 1, 90):  # the same moment twice: the second read comes from the parse cache
            uow.session.add(ContactStep(case_id=case.id, day_offset=0, channel="email", template="reminder",
                                        due_at=clock.now() + timedelta(minutes=minutes), status="planned",
                                        attempts=0, done_at=clock.now() + timedelta(seconds=minutes)))
            uow.session.add(ContactStep(case_id=case.id, day_offset=0, channel="email", template="reminder",
                                        due_at=clock.now() + timedelta(minutes=minutes), status="planned",
                                        attempts=0))
        uow.commit()
        connection = uow.session.connection()
        own = connection.execute(select(ContactStep.due_at, ContactStep.done_at).order_by(ContactStep.id)).all()
        read = connection.execute(
            select(
                type_coerce(ContactStep.due_at, UTCDateTimeRead()), type_coerce(ContactStep.done_at, UTCDateTimeRead())
            ).order_by(ContactStep.id)
        ).all()
        assert read == own and len(read) == 6
        assert all(due.tzinfo is UTC for due, _ in read)
        assert [done is None for _, done in read] == [False, True] * 3 and read[0][1].tzinfo is UTC
        dates = select(ClaimLine.invoice_date, ClaimLine.due_date)
        assert connection.execute(
            select(type_coerce(ClaimLine.invoice_date, DateRead()), type_coerce(ClaimLine.due_date, DateRead()))
        ).all() == connection.execute(dates).all()
