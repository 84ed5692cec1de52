"""A case walked through the amicable phase on a moving clock, with a real SMTP server and the print queue."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from core.actors import Actor
from core.clock import FakeClock
from core.db.models import CallTask, Case, ContactStep, FourteenDayLetter, OutboundMessage
from core.schedule.calendar import AMSTERDAM, is_holiday
from core.schedule.tick import run_tick
from core.schedule.transports import core_transports
from core.services import disputes, payments
from core.services.case_view import statement_for
from tests.builders import business_claim, consumer_claim, make_case, make_creditor


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def walk(uow_factory, clock: FakeClock, settings, until: datetime, step: timedelta = timedelta(hours=1)) -> None:
    transports = core_transports(settings)
    while clock.now() < until:
        run_tick(uow_factory, settings, transports)
        clock.advance(step)


def sent_rows(uow, case_id: int) -> list[tuple[str, str, str]]:
    rows = uow.session.scalars(
        select(OutboundMessage).where(OutboundMessage.case_id == case_id).order_by(OutboundMessage.id)
    ).all()
    return [
        (r.channel, r.status, r.sent_at.astimezone(AMSTERDAM).strftime("%a %d %H:%M") if r.sent_at else "-")
        for r in rows
    ]


def test_a_consumer_case_over_a_weekend_and_ascension(uow_factory, clock, service_settings, smtp, data_dir) -> None:
    clock.set(at("2026-05-08T10:00"))  # a Friday; Ascension (Thu 14 May) and the equated Friday follow
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow, vat_deductible=False), consumer_claim())
    walk(uow_factory, clock, service_settings, at("2026-05-29T12:00"))

    with uow_factory() as uow:
        steps = uow.session.scalars(
            select(ContactStep).where(ContactStep.case_id == case.id).order_by(ContactStep.due_at)
        ).all()
        made = [
            (s.channel, s.template, s.status, s.due_at.astimezone(AMSTERDAM).strftime("%a %d %H:%M")) for s in steps
        ]
        assert made == [
            ("letter", "demand", "done", "Fri 08 10:00"),
            ("email", "demand", "done", "Fri 08 10:00"),
            ("phone", "call", "done", "Tue 12 10:00"),
            ("email", "reminder", "done", "Wed 13 09:00"),
            ("telegram", "reminder", "skipped", "Wed 13 10:00"),
            ("phone", "call", "done", "Tue 19 10:00"),
            ("letter", "final_notice", "done", "Thu 21 09:00"),
            ("email", "final_notice", "done", "Thu 21 09:00"),
            ("telegram", "final_notice", "skipped", "Thu 21 10:00"),
            ("evaluation", "day10", "done", "Thu 28 07:00"),
        ]
        # no creditor_update rows: this creditor has no Slack workspace (tests/slack covers the case thread)
        assert sent_rows(uow, case.id)[:8] == [
            ("letter", "sent", "Fri 08 10:00"),
            ("email", "sent", "Fri 08 10:00"),
            ("phone_task", "pending", "-"),  # no Slack yet: waits in the outbox, not dropped
            ("email", "sent", "Wed 13 09:00"),
            ("phone_task", "pending", "-"),
            ("letter", "sent", "Thu 21 09:00"),
            ("email", "sent", "Thu 21 09:00"),
            ("specialist_alert", "pending", "-"),  # day 10: the advice draft waits for a specialist's review
        ]
        for row in uow.session.scalars(select(OutboundMessage).where(OutboundMessage.sent_at.is_not(None))):
            moment = row.sent_at.astimezone(AMSTERDAM)
            assert 8 <= moment.hour < 20 and moment.weekday() != 6 and not is_holiday(moment.date())
        calls = uow.session.scalars(select(CallTask).where(CallTask.case_id == case.id)).all()
        assert [c.origin for c in calls] == ["schedule", "schedule"] and calls[0].phone == "+31612345678"

        letter = uow.session.scalars(select(FourteenDayLetter)).one()
        assert (letter.sent_on.isoformat(), letter.presumed_receipt.isoformat(), letter.term_ends.isoformat()) == (
            "2026-05-08",
            "2026-05-12",
            "2026-05-26",
        )
        assert letter.costs_stated == Decimal("150.00") and letter.vat_stated == Decimal("31.50")
        assert uow.session.get(Case, case.id).status == "awaiting_creditor"

    subjects = [m["Subject"] for m in smtp.messages]
    assert len(subjects) == 3 and all(case.reference in s for s in subjects)
    demand = smtp.messages[0]
    assert demand["To"].addresses[0].addr_spec == "j.devries@example.nl"
    assert [p.get_content_type() for p in demand.iter_attachments()] == ["application/pdf"]
    text = " ".join(demand.get_body(preferencelist=("plain",)).get_content().split())
    assert "binnen veertien dagen na de dag waarop u deze brief hebt ontvangen" in text
    printed = sorted(p.name for p in (data_dir / "print-queue").rglob("*.pdf"))
    assert len(printed) == 2 and "demand" in printed[0] and "final_notice" in printed[1]


def test_day_ten_waits_for_a_running_fourteen_day_term(uow_factory, clock, service_settings, smtp) -> None:
    clock.set(at("2026-06-01T10:00"))  # Monday: day 10 ends before the 14-day term does
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), consumer_claim())
    walk(uow_factory, clock, service_settings, at("2026-06-16T08:00"))
    with uow_factory() as uow:
        assert uow.session.get(Case, case.id).status == "amicable"
        before = statement_for(uow, uow.session.get(Case, case.id), datetime(2026, 6, 17).date())
        assert before.costs == 0  # nothing asked for costs before the term has passed
    walk(uow_factory, clock, service_settings, at("2026-06-24T12:00"))
    with uow_factory() as uow:
        reloaded = uow.session.get(Case, case.id)
        assert reloaded.status == "awaiting_creditor"
        notice = uow.session.scalars(
            select(ContactStep).where(
                ContactStep.case_id == case.id, ContactStep.template == "costs_now_due", ContactStep.channel == "email"
            )
        ).one()
        assert notice.status == "done" and notice.due_at.astimezone(AMSTERDAM).strftime("%d %H:%M") == "18 09:00"
        assert statement_for(uow, reloaded, datetime(2026, 6, 18).date()).costs == Decimal("150.00")
    assert "costs" in smtp.messages[-1]["Subject"].lower() or "kosten" in smtp.messages[-1]["Subject"].lower()


def test_a_dispute_pauses_the_plan_and_rejecting_it_resumes_it(uow_factory, clock, service_settings, smtp) -> None:
    clock.set(at("2026-06-01T10:00"))
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
    walk(uow_factory, clock, service_settings, at("2026-06-03T12:00"))  # day 2
    with uow_factory() as uow:
        disputes.open_dispute(uow, Actor.debtor(case.id), case.reference, "Het werk is niet afgemaakt")
        uow.commit()
    walk(uow_factory, clock, service_settings, at("2026-06-08T12:00"))  # three business days later
    with uow_factory() as uow:
        paused = uow.session.scalars(
            select(ContactStep).where(ContactStep.case_id == case.id, ContactStep.status == "paused")
        ).all()
        assert len(paused) == 7 and all(s.note == "dispute opened" for s in paused)
        dispute = disputes.open_dispute_of(uow, case.id)
        disputes.resolve_dispute(
            uow, Actor.specialist("U1", "Sanne"), dispute.id, upheld=False, resolution="Opleverrapport getekend"
        )
        uow.commit()
        resumed = uow.session.scalars(
            select(ContactStep).where(
                ContactStep.case_id == case.id, ContactStep.template == "reminder", ContactStep.channel == "email"
            )
        ).one()
        # planned for day 3 (Thu 4 June), shifted by the 3 business days of the pause
        assert resumed.due_at.astimezone(AMSTERDAM).strftime("%a %d %H:%M") == "Tue 09 09:00"
    assert len(smtp.messages) == 1  # only the demand; nothing was sent while the dispute was open


def test_a_business_debtor_is_asked_for_costs_from_day_zero_and_payment_cancels(
    uow_factory, clock, service_settings, smtp
) -> None:
    clock.set(at("2026-06-01T10:00"))
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
    walk(uow_factory, clock, service_settings, at("2026-06-01T11:00"))
    with uow_factory() as uow:
        statement = statement_for(uow, uow.session.get(Case, case.id), datetime(2026, 6, 1).date())
        assert statement.costs == Decimal("375.00")
        payments.record_payment(
            uow,
            Actor.system("bank"),
            case.reference,
            amount=str(statement.total_open),
            paid_on="2026-06-01",
            source="bank_statement",
            external_id="stmt-1",
        )
        uow.commit()
    walk(uow_factory, clock, service_settings, at("2026-06-20T12:00"))
    with uow_factory() as uow:
        statuses = {s.status for s in uow.session.scalars(select(ContactStep).where(ContactStep.case_id == case.id))}
        assert statuses == {"done", "cancelled"}
        assert uow.session.get(Case, case.id).status == "paid"
    assert len(smtp.messages) == 1
    assert "375" in smtp.messages[0].get_body(preferencelist=("plain",)).get_content()
