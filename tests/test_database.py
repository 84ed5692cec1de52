"""The schema: migrations match the models, the audit log cannot be rewritten, money and time keep their rules."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from core.db.base import Base
from core.db.migrate import is_current
from core.db.models import CaseEvent, ClaimLine
from tests.builders import business_claim, make_case, make_creditor


def test_migrations_are_current_and_match_the_models(engine: Engine) -> None:
    assert is_current(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_the_audit_log_refuses_update_and_delete(uow_factory, engine: Engine) -> None:
    with uow_factory() as uow:
        make_case(uow, make_creditor(uow))
    for statement in ("UPDATE case_events SET kind = 'forged'", "DELETE FROM case_events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with uow_factory() as uow:
        kinds = uow.session.scalars(select(CaseEvent.kind)).all()
    assert kinds == ["case_filed"]


def test_money_is_exact_cents_and_time_is_utc(uow_factory) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim(principal="0.10"))
        case_id = case.id
    with uow_factory() as uow:
        line = uow.session.scalars(select(ClaimLine).where(ClaimLine.case_id == case_id)).one()
        assert line.principal == Decimal("0.10") and isinstance(line.principal, Decimal)
        event = uow.session.scalars(select(CaseEvent)).one()
        assert event.occurred_at.tzinfo is not None and event.occurred_at.utcoffset().total_seconds() == 0


def test_naive_datetimes_and_floats_are_refused(uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        creditor.created_at = datetime(2026, 1, 1)  # naive
        with pytest.raises(Exception, match="naive datetime"):
            uow.session.flush()
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow, kvk_number="11111111"))
        case.claim_lines[0].principal = 10.5  # type: ignore[assignment]
        with pytest.raises(Exception, match="money must be Decimal"):
            uow.session.flush()


def test_an_invoice_number_is_unique_per_creditor_in_the_database(uow_factory) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim("X-1"))
        uow.session.add(
            ClaimLine(
                case_id=case.id,
                creditor_id=case.creditor_id,
                invoice_number="X-1",
                invoice_date=case.claim_lines[0].invoice_date,
                due_date=case.claim_lines[0].due_date,
                principal=Decimal("1.00"),
            )
        )
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_a_reader_never_waits_for_a_writer(uow_factory, engine: Engine) -> None:
    import time

    from sqlalchemy.orm import sessionmaker

    from core.uow import UnitOfWork

    with uow_factory() as writer:
        make_creditor(writer)
        writer.session.execute(text("UPDATE creditors SET name = 'busy'"))  # holds the write lock, uncommitted
        started = time.monotonic()
        with UnitOfWork(sessionmaker(engine), read_only=True) as reader:
            names = reader.session.scalars(select(text("name")).select_from(text("creditors"))).all()
        assert time.monotonic() - started < 2  # a write-locking BEGIN would wait the 30 s busy timeout
        assert names == ["Bakkerij De Zon B.V."]  # the committed state, not the writer's
