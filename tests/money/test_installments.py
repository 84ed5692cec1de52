"""Installments of an accepted arrangement: matched to payments, reminded before their due dates (Telegram when a
chat is linked, else e-mail through a real SMTP server), warned when late, broken when a second one is late, and a
completed arrangement closes the case as paid. The clock travels the days; the scheduler's daily pass does the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bots.stand_ins.smtp_sink import SmtpServer
from core.actors import Actor
from core.clock import AMSTERDAM, FakeClock
from core.config import Settings, load_settings
from core.db.models import (
    Arrangement,
    BankTransaction,
    Case,
    CaseAdvice,
    CaseEvent,
    ContactStep,
    Installment,
    OutboundMessage,
    TelegramBinding,
)
from core.domain.installments import InstallmentPolicy, apply_to_installments, late_action
from core.schedule.tick import run_tick
from core.schedule.transports import core_transports
from core.services.arrangements import installment_amounts, propose_arrangement
from core.services.bank_statements import import_statement
from core.services.case_view import statement_for
from core.services.lifecycle import escalate
from core.services.payments import record_payment
from core.uow import UnitOfWork
from tests.builders import business_claim, make_case, make_creditor
from tests.money.camt_builder import COLLECTION_IBAN, Credit, camt053

SPECIALIST = Actor.specialist("u-sanne", label="Sanne")
CHAT = 4242


@pytest.fixture
def settings(database_url: str, data_dir: Path, smtp: SmtpServer) -> Settings:
    return load_settings(
        database_url=database_url,
        data_dir=data_dir,
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_starttls=False,
        smtp_from="incasso@incasso.example",
        collection_iban=COLLECTION_IBAN,
        secret_key="test-secret",
    )


class Days:
    """Travel to a day at 10:00 and run the scheduler's pass with its daily part, delivering e-mail over SMTP."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: FakeClock, settings: Settings) -> None:
        self.uow = uow_factory
        self.clock = clock
        self.settings = settings
        self.transports = core_transports(settings)

    def go(self, day: date, *, ticks: int = 1) -> None:
        self.clock.set(datetime(day.year, day.month, day.day, 10, 0, tzinfo=AMSTERDAM))
        for _ in range(ticks):
            run_tick(self.uow, self.settings, self.transports, evaluations=True)

    def pay(self, case_id: int, amount: Decimal, day: date) -> None:
        self.clock.set(datetime(day.year, day.month, day.day, 12, 0, tzinfo=AMSTERDAM))
        with self.uow() as uow:
            case = uow.session.get_one(Case, case_id)
            record_payment(
                uow, SPECIALIST, case.reference, amount=str(amount), paid_on=day.isoformat(), source="manual"
            )
            uow.commit()

    def installments(self, case_id: int) -> list[Installment]:
        with self.uow() as uow:
            rows = uow.session.scalars(
                select(Installment)
                .join(Arrangement, Arrangement.id == Installment.arrangement_id)
                .where(Arrangement.case_id == case_id)
                .order_by(Installment.seq)
            ).all()
            uow.session.expunge_all()
            return list(rows)

    def rows(self, case_id: int, channel: str) -> list[OutboundMessage]:
        with self.uow() as uow:
            rows = uow.session.scalars(
                select(OutboundMessage)
                .where(OutboundMessage.case_id == case_id, OutboundMessage.channel == channel)
                .order_by(OutboundMessage.id)
            ).all()
            uow.session.expunge_all()
            return list(rows)

    def events(self, case_id: int, kind: str) -> list[dict[str, Any]]:
        with self.uow() as uow:
            return [
                e.payload
                for e in uow.session.scalars(
                    select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind).order_by(CaseEvent.id)
                )
            ]

    def case(self, case_id: int) -> Case:
        with self.uow() as uow:
            case = uow.session.get_one(Case, case_id)
            uow.session.expunge(case)
            return case

    def total_open(self, case_id: int, day: date) -> Decimal:
        with self.uow() as uow:
            return statement_for(uow, uow.session.get_one(Case, case_id), day).total_open


def _file_and_arrange(days: Days, *, months: int, first_due: date, policy: dict | None = None, claim=None) -> int:
    """File a claim (the tick plans it and sends the demand), then the debtor proposes an arrangement in policy."""
    with days.uow() as uow:
        creditor = make_creditor(uow, **({"arrangement_policy": policy} if policy else {}))
        case_id = make_case(uow, creditor, claim).id
    days.go(date(2026, 3, 2))
    with days.uow() as uow:
        case = uow.session.get_one(Case, case_id)
        propose_arrangement(
            uow, Actor.debtor(case_id), case.reference, first_due_on=first_due.isoformat(), months=months
        )
        uow.commit()
    assert days.case(case_id).status == "arrangement"
    return case_id


def _texts(rows: list[OutboundMessage]) -> list[str]:
    return [json.loads(r.body)["text"] for r in rows]


@pytest.fixture
def days(uow_factory, clock: FakeClock, settings: Settings) -> Days:
    return Days(uow_factory, clock, settings)


def test_six_installments_one_late_then_paid_one_missed_breaks_and_the_schedule_resumes(days: Days, smtp) -> None:
    case_id = _file_and_arrange(days, months=6, first_due=date(2026, 3, 10))
    case = days.case(case_id)
    assert case.interest_frozen_on == date(2026, 3, 2)
    plan = days.installments(case_id)
    assert [i.due_on for i in plan] == [date(2026, m, 10) for m in range(3, 9)]
    each = plan[0].amount
    assert sum(i.amount for i in plan) == days.total_open(case_id, date(2026, 3, 2))
    smtp.messages.clear()  # the demand e-mail of day 0

    # Installment 1: no reminder four days ahead; three days ahead one e-mail, however often the daily pass runs.
    days.go(date(2026, 3, 6))
    assert smtp.messages == []
    days.go(date(2026, 3, 7), ticks=2)
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["Subject"] == f"Herinnering: termijn 1 van 6 betalen uiterlijk 10 maart 2026 (dossier {case.reference})"
    text = mail.get_body(("plain",)).get_content()
    for expected in (
        days.settings.collection_account_name,
        "NL20 INGB 0001 2345 67",
        case.payment_reference,
        f"€ {each}".replace(".", ","),
        "10 maart 2026",
    ):
        assert expected in text
    days.pay(case_id, each, date(2026, 3, 9))
    first = days.installments(case_id)[0]
    assert (first.status, first.paid_on, first.paid_amount) == ("paid", date(2026, 3, 9), each)

    # Installment 2: reminded, not paid; on day 7 after the due date nothing yet, on day 8 a warning.
    days.go(date(2026, 4, 7))
    days.go(date(2026, 4, 17))
    assert days.installments(case_id)[1].status == "open"
    days.go(date(2026, 4, 18), ticks=2)
    second = days.installments(case_id)[1]
    assert second.status == "late" and second.warned_at is not None
    assert [m["Subject"] for m in smtp.messages[1:]] == [
        f"Herinnering: termijn 2 van 6 betalen uiterlijk 10 april 2026 (dossier {case.reference})",
        f"Uw termijn 2 is niet betaald (dossier {case.reference})",
    ]
    warning = smtp.messages[2].get_body(("plain",)).get_content()
    assert "uiterlijk op 25 april 2026" in warning and "vervalt de betalingsregeling" in warning
    assert [(e["seq"], e["debtor_told_by"]) for e in days.events(case_id, "installment_late")] == [(2, ["email"])]

    # ...then paid late by bank transfer without a reference: matched by the installment's amount and the name.
    content = camt053("STMT-0420", date(2026, 4, 20), [Credit(each, "J DE VRIES", text="termijn 2")])
    days.clock.set(datetime(2026, 4, 20, 12, 0, tzinfo=AMSTERDAM))
    with days.uow() as uow:
        result = import_statement(uow, SPECIALIST, content, collection_iban=COLLECTION_IBAN)
        uow.commit()
    assert result.counts["matched"] == 1
    with days.uow() as uow:
        tx = uow.session.scalars(select(BankTransaction)).one()
        assert (tx.case_id, tx.matched_by) == (case_id, "installment+name")
    second = days.installments(case_id)[1]
    assert (second.status, second.paid_on) == ("paid", date(2026, 4, 20)) and second.warned_at is not None
    assert days.events(case_id, "installment_paid")[-1]["after_warning"] is True

    # The debtor links Telegram: installment 3's reminder goes to the chat, not by e-mail.
    with days.uow() as uow:
        uow.session.add(TelegramBinding(case_id=case_id, chat_id=CHAT, bound_at=uow.clock.now()))
        uow.commit()
    mails = len(smtp.messages)
    days.go(date(2026, 5, 7), ticks=2)
    assert len(smtp.messages) == mails
    reminders = [t for t in _texts(days.rows(case_id, "telegram")) if "termijn 3 van 6" in t]
    assert len(reminders) == 1
    for expected in ("10-05-2026", COLLECTION_IBAN, case.payment_reference, str(each).replace(".", ",")):
        assert expected in reminders[0]
    days.pay(case_id, each, date(2026, 5, 10))
    # interest is frozen: what is open is exactly the three installments still to come
    assert days.total_open(case_id, date(2026, 5, 10)) == sum(i.amount for i in days.installments(case_id)[3:])

    # Installment 4 is late as well: the second late installment breaks the arrangement.
    days.go(date(2026, 6, 7))
    days.go(date(2026, 6, 18), ticks=2)
    assert [i.status for i in days.installments(case_id)] == ["paid", "paid", "paid", "missed", "open", "open"]
    with days.uow() as uow:
        assert uow.session.scalars(select(Arrangement.status)).all() == ["broken"]
        steps = uow.session.scalars(select(ContactStep).where(ContactStep.case_id == case_id)).all()
        assert not [s for s in steps if s.status == "paused"]
        assert [s for s in steps if s.status == "planned" and s.channel == "evaluation"]
    case = days.case(case_id)
    assert case.status == "amicable" and case.interest_frozen_on is None
    broken = days.events(case_id, "arrangement_broken")
    assert len(broken) == 1 and broken[0]["seq"] == 4 and broken[0]["interest_freeze_ended"] is True
    assert days.events(case_id, "plan_resumed")
    # the freeze ended: interest (and the collection costs after the 14-day term) are owed again
    assert days.total_open(case_id, date(2026, 6, 18)) > sum(i.amount for i in days.installments(case_id)[3:])
    alerts = [json.loads(r.body) for r in days.rows(case_id, "specialist_alert")]
    assert [(a["kind"], a["seq"], a["next_step"]) for a in alerts] == [("arrangement_broken", 4, "resumed")]
    told = [t for t in _texts(days.rows(case_id, "telegram")) if "beëindigd" in t]
    assert len(told) == 1 and "U krijgt weer herinneringen" in told[0]


def test_a_completed_arrangement_closes_the_case_as_paid_though_months_passed(days: Days) -> None:
    claim = business_claim(principal="900.00")  # business: costs and commercial interest run from the start
    case_id = _file_and_arrange(days, months=3, first_due=date(2026, 3, 31), claim=claim)
    plan = days.installments(case_id)
    for installment in plan:
        days.go(installment.due_on - timedelta(days=3))
        days.pay(case_id, installment.amount, installment.due_on)
    assert [i.status for i in days.installments(case_id)] == ["paid", "paid", "paid"]
    assert days.case(case_id).status == "paid"
    assert days.total_open(case_id, date(2026, 6, 1)) == Decimal("0.00")
    assert days.events(case_id, "arrangement_completed") == [
        {"arrangement_id": days.events(case_id, "arrangement_accepted")[0]["arrangement_id"], "total_open": "0.00"}
    ]
    # reminders by e-mail (no chat linked), one per installment
    reminders = [r.subject for r in days.rows(case_id, "email") if r.idempotency_key.startswith("installment-reminder")]
    assert len(reminders) == 3 and all("Herinnering: termijn" in s for s in reminders)


def test_without_a_freeze_the_paid_off_schedule_leaves_interest_open_and_the_schedule_resumes(days: Days) -> None:
    policy = {"max_months": 6, "min_installment": "25.00", "freeze_interest": False}
    case_id = _file_and_arrange(days, months=2, first_due=date(2026, 3, 31), policy=policy, claim=business_claim())
    assert days.case(case_id).interest_frozen_on is None
    for installment in days.installments(case_id):
        days.pay(case_id, installment.amount, installment.due_on)
    case = days.case(case_id)
    assert case.status == "amicable"  # the interest that ran on is still owed; the reminders resume for it
    assert days.total_open(case_id, date(2026, 4, 30)) > 0
    assert days.events(case_id, "arrangement_completed")[0]["total_open"] != "0.00"


# the same writes as the flows above, which run on both databases: once is enough
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_after_the_amicable_phase_a_warned_installment_left_unpaid_goes_to_the_creditor(days: Days) -> None:
    with days.uow() as uow:
        creditor = make_creditor(uow)
        case_id = make_case(uow, creditor).id
    days.go(date(2026, 3, 2))
    with days.uow() as uow:
        escalate(uow, SPECIALIST, days.case(case_id).reference, "amicable phase ended without full payment")
        uow.commit()
    with days.uow() as uow:
        case = uow.session.get_one(Case, case_id)
        propose_arrangement(uow, Actor.debtor(case_id), case.reference, first_due_on="2026-03-10", months=3)
        uow.commit()
    days.go(date(2026, 3, 18))  # 8 days late: warned (the only installment late so far)
    assert days.installments(case_id)[0].status == "late"
    days.go(date(2026, 3, 25))  # 7 days after the warning: still the benefit of the doubt
    assert days.case(case_id).status == "arrangement"
    days.go(date(2026, 3, 26))
    assert days.case(case_id).status == "awaiting_creditor"
    assert days.installments(case_id)[0].status == "missed"
    with days.uow() as uow:
        assert uow.session.scalars(select(CaseAdvice).where(CaseAdvice.case_id == case_id)).all()
    mails = [r.subject for r in days.rows(case_id, "email") if r.idempotency_key.startswith("arrangement-broken")]
    assert mails == [f"Uw betalingsregeling is beëindigd (dossier {days.case(case_id).reference})"]
    broken = next(r for r in days.rows(case_id, "email") if r.idempotency_key.startswith("arrangement-broken"))
    assert "Die beslist over de volgende stap" in " ".join(broken.body.split())


# -- the rules as properties -------------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c) / 100)


@given(total=cents, months=st.integers(min_value=1, max_value=36), payments=st.lists(cents, max_size=12))
def test_installments_sum_to_the_total_and_payments_never_give_more_than_they_bring(
    total: Decimal, months: int, payments: list[Decimal]
) -> None:
    amounts = installment_amounts(total, months)
    assert sum(amounts) == total and all(a > 0 for a in amounts) and len(amounts) <= months
    paid = [Decimal("0.00")] * len(amounts)
    for payment in payments:
        parts, rest = apply_to_installments(payment, [a - p for a, p in zip(amounts, paid, strict=True)])
        assert sum(parts) + rest == payment and rest >= 0 and all(p >= 0 for p in parts)
        paid = [p + part for p, part in zip(paid, parts, strict=True)]
        assert all(p <= a for p, a in zip(paid, amounts, strict=True))
        # oldest first: after the first installment not paid in full, nothing has been paid yet
        first_open = next((i for i, (p, a) in enumerate(zip(paid, amounts, strict=True)) if p < a), len(amounts))
        assert all(p == 0 for p in paid[first_open + 1 :])
    assert sum(paid) == min(total, sum(payments, start=Decimal(0)))


@given(
    late_by=st.integers(min_value=-40, max_value=40),
    warnings_given=st.integers(min_value=0, max_value=3),
    days_after=st.integers(min_value=1, max_value=30),
    allowed=st.integers(min_value=0, max_value=2),
)
def test_late_rules(late_by: int, warnings_given: int, days_after: int, allowed: int) -> None:
    policy = InstallmentPolicy(late_after_days=days_after, late_warnings=allowed)
    due = date(2026, 5, 10)
    action = late_action(
        due_on=due, warned_on=None, today=due + timedelta(days=late_by), warnings_given=warnings_given, policy=policy
    )
    if late_by <= days_after:
        assert action == "none"
    else:
        assert action == ("warn" if warnings_given < allowed else "break")
