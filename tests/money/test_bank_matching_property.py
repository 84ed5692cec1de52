"""Property: whatever credits arrive, matching and allocation never record more or less money than came in."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.actors import Actor
from core.clock import AMSTERDAM, FakeClock
from core.db.base import make_engine, make_session_factory
from core.db.models import BankTransaction, Case, Payment
from core.payment_reference import format_payment_reference
from core.services.bank_statements import import_statement
from core.services.case_view import statement_for
from core.uow import UnitOfWork
from tests.builders import business_claim, consumer_claim, make_case, make_creditor
from tests.money.camt_builder import COLLECTION_IBAN, Credit, camt053

NAMES = ["J. de Vries", "Bouwbedrijf Jansen B.V.", "P. Bakker"]
BOOKED = date(2026, 2, 27)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("6000.00"), places=2)


@st.composite
def credits(draw: st.DrawFn, case_count: int) -> list[tuple[int | None, str, Decimal | None]]:
    """(case index or None, how it refers to the case, amount or None for 'exactly what is open')."""
    how = st.sampled_from(["structured", "typed", "name", "stranger"])
    return draw(
        st.lists(
            st.tuples(
                st.one_of(st.none(), st.integers(0, case_count - 1)),
                how,
                st.one_of(st.none(), amounts),
            ),
            min_size=1,
            max_size=6,
        )
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Decimal], list]:
    principals = draw(st.lists(st.decimals(Decimal("10.00"), Decimal("5000.00"), places=2), min_size=1, max_size=3))
    return principals, draw(credits(len(principals)))


@pytest.fixture
def fresh_database(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory):
    def make() -> UnitOfWork:
        target = tmp_path_factory.mktemp("prop") / "incasso.db"
        shutil.copy(sqlite_template, target)
        engine = make_engine(f"sqlite:///{target}")
        clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM))
        return lambda: UnitOfWork(make_session_factory(engine), clock=clock, data_dir=target.parent)

    return make


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_matching_and_allocation_account_for_every_cent(fresh_database, scenario) -> None:
    principals, drawn = scenario
    uow_factory = fresh_database()
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        cases: list[Case] = []
        for i, principal in enumerate(principals):
            claim = business_claim(number=f"F-{i}", principal=str(principal)) if i % 2 else consumer_claim()
            claim["debtor"]["name"] = NAMES[i]
            claim["invoices"][0].update(invoice_number=f"F-{i}", principal=str(principal))
            cases.append(make_case(uow, creditor, claim))
        open_amounts = [statement_for(uow, c, BOOKED).total_open for c in cases]

    lines = []
    for n, (index, how, amount) in enumerate(drawn):
        case = cases[index] if index is not None else None
        value = amount if amount is not None else (open_amounts[index] if index is not None else Decimal("42.00"))
        name = NAMES[index] if index is not None and how != "stranger" else "ONBEKEND"
        ref = case.payment_reference if case and how == "structured" else None
        text = f"betaling {format_payment_reference(case.payment_reference)}" if case and how == "typed" else "dank"
        lines.append(Credit(value, name.upper(), reference=ref, text=text, bank_reference=f"B{n}"))

    with uow_factory() as uow:
        result = import_statement(
            uow, Actor.specialist("prop"), camt053("S1", BOOKED, lines), collection_iban=COLLECTION_IBAN
        )
        uow.commit()

    with uow_factory() as uow:
        matched = list(uow.session.scalars(select(BankTransaction).where(BankTransaction.status == "matched")))
        payments = {p.id: p for p in uow.session.scalars(select(Payment))}
        event(f"matched lines: {min(len(matched), 2)}+; overpaid: {any(p.refund_due for p in payments.values())}")
        assert sum((t.amount for t in matched), Decimal(0)) == sum((p.amount for p in payments.values()), Decimal(0))
        assert result.recorded == sum((t.amount for t in matched), Decimal(0))
        for tx in matched:
            assert payments[tx.payment_id].amount == tx.amount
            assert payments[tx.payment_id].case_id == tx.case_id
        for case in cases:
            own = [p for p in payments.values() if p.case_id == case.id]
            s = statement_for(uow, uow.session.get(Case, case.id), date(2026, 3, 2))
            received = sum((p.amount for p in own), Decimal(0))
            assert s.paid == received
            assert s.principal_paid + s.interest_paid + s.costs_paid + s.overpaid == received
            assert sum((p.refund_due or Decimal(0) for p in own), Decimal(0)) == s.overpaid
