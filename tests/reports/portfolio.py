"""A hand-built portfolio over four weeks of March 2026 (W10-W13), made through the real services on a FakeClock.

Creditor "De Zon" (the one reported on), all business claims:
  c1  filed Mon 02-03 (W10), started 02-03, 10th business day Mon 16-03 (W12); paid in full Thu 05-03 -> success
  c2  filed Mon 02-03 (W10), started 02-03, 10th 16-03 (W12); paid in full Fri 20-03 (W12)            -> too late
  c3  filed Tue 03-03 (W10), started 03-03, 10th Tue 17-03 (W12); 100.00 paid Tue 10-03 (W11); still open,
      withdrawn Mon 30-03 07:00 (after the report week: open and "amicable" at its end)
  c4  filed Tue 10-03 (W11), started 10-03, withdrawn Thu 12-03: left out of its cohort (10th: 24-03, W13)
  c7  filed Mon 09-03 (W11), started 09-03, 10th Mon 23-03 (W13); paid in full Mon 23-03 -> success (on the day)
  c5  filed Tue 17-03 (W12), started 17-03 (10th: 31-03, after the window); disputed Wed 18-03
  c6  filed Tue 24-03 (W13), never started: status "new"
Creditor "Andere B.V.": one case filed Tue 03-03 and paid Wed 04-03 — never in De Zon's figures.
The report is made Mon 30-03-2026 08:00 (the week before ended at 00:00, the first night of summer time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.actors import Actor
from core.clock import AMSTERDAM, FakeClock
from core.db.models import Case
from core.schedule.plan import Windows
from core.schedule.planning import start_new_cases
from core.services.case_view import statement_for
from core.services.disputes import open_dispute
from core.services.lifecycle import withdraw
from core.services.payments import record_payment
from core.uow import UnitOfWork
from tests.builders import business_claim, make_case, make_creditor

REPORT_MOMENT = datetime(2026, 3, 30, 8, 0, tzinfo=AMSTERDAM)
SYSTEM = Actor.system("test")
SYSTEM_SPECIALIST = Actor.specialist("U0SPEC", label="Sanne")


@dataclass
class Portfolio:
    creditor_id: int
    other_id: int
    cases: dict[str, Case] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)  # what each payment brought, by case name


def at(clock: FakeClock, day: date, hour: int = 10) -> None:
    clock.set(datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMSTERDAM))


def build(uow_factory: Callable[[], UnitOfWork], clock: FakeClock) -> Portfolio:
    with uow_factory() as uow:
        zon = make_creditor(uow)
        other = make_creditor(uow, kvk_number="99999999", name="Andere B.V.")
        p = Portfolio(zon.id, other.id)

    def file(name: str, day: date, creditor_id: int | None = None) -> None:
        at(clock, day)
        with uow_factory() as uow:
            creditor = uow.session.get_one(type(zon), creditor_id or p.creditor_id)
            p.cases[name] = make_case(uow, creditor, business_claim(number=f"F-{name}", principal="1000.00"))

    def start(day: date) -> None:
        at(clock, day, 11)
        with uow_factory() as uow:
            start_new_cases(uow, windows=Windows(), token_key=b"k" * 32)
            uow.commit()

    def pay(name: str, day: date, amount: Decimal | None = None) -> None:
        at(clock, day, 12)
        with uow_factory() as uow:
            case = uow.session.get_one(Case, p.cases[name].id)
            value = amount if amount is not None else statement_for(uow, case, day).total_open
            record_payment(uow, SYSTEM, case.reference, amount=str(value), paid_on=day.isoformat(), source="manual")
            uow.commit()
        p.paid[name] = p.paid.get(name, Decimal(0)) + value

    def act(day: date, hour: int, work: Callable[[UnitOfWork], object]) -> None:
        at(clock, day, hour)
        with uow_factory() as uow:
            work(uow)
            uow.commit()

    file("c1", date(2026, 3, 2))
    file("c2", date(2026, 3, 2))
    start(date(2026, 3, 2))
    file("c3", date(2026, 3, 3))
    file("x1", date(2026, 3, 3), other.id)
    start(date(2026, 3, 3))
    pay("x1", date(2026, 3, 4))
    pay("c1", date(2026, 3, 5))
    file("c7", date(2026, 3, 9))
    start(date(2026, 3, 9))
    file("c4", date(2026, 3, 10))
    start(date(2026, 3, 10))
    pay("c3", date(2026, 3, 10), Decimal("100.00"))
    act(date(2026, 3, 12), 10, lambda uow: withdraw(uow, SYSTEM, p.cases["c4"].reference, "paid us directly"))
    file("c5", date(2026, 3, 17))
    start(date(2026, 3, 17))
    act(date(2026, 3, 18), 10, lambda uow: open_dispute(uow, SYSTEM_SPECIALIST, p.cases["c5"].reference,
                                                         "goods never delivered"))
    pay("c2", date(2026, 3, 20))
    pay("c7", date(2026, 3, 23))
    file("c6", date(2026, 3, 24))
    act(date(2026, 3, 30), 7, lambda uow: withdraw(uow, SYSTEM, p.cases["c3"].reference, "settled privately"))
    clock.set(REPORT_MOMENT)
    return p

