"""Dispute with a photo, call me back, I can't pay, a complaint, stop — each through the real bot, each checked in
the database the way a specialist would look at it."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from core.db.models import (
    CallTask,
    Case,
    CaseEvent,
    CaseFlag,
    Complaint,
    ContactStep,
    Dispute,
    Document,
    OutboundMessage,
)
from tests.telegram.conftest import CHAT, Bot, sqlite_only

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 2048 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan_statuses(bot: Bot) -> set[str]:
    with bot.uow() as uow:
        return set(uow.session.scalars(select(ContactStep.status).where(ContactStep.case_id == bot.case_id)))


async def test_dispute_with_a_photo_pauses_the_case_and_alerts_the_specialists(bot: Bot) -> None:
    await bot.connect()
    await bot.press("disp:start")
    await bot.press("disp:reason:not_delivered")
    await bot.say("De taart is nooit bezorgd. Ik heb gebeld maar niemand nam op.")
    assert "bewijs" in bot.last()
    # a 30 MB file is refused from its stated size, without downloading it
    await bot.send_document(b"%PDF-1.4 big", "bonnetje.pdf", "application/pdf", size=30 * 1024 * 1024)
    assert "te groot (31 MB" in bot.last() or "te groot (30 MB" in bot.last()
    assert bot.fake.downloads == []
    # a file that is not PDF/JPEG/PNG by its content is refused after the download
    await bot.send_document(b"MZ\x90\x00 not a pdf", "factuur.pdf", "application/pdf")
    assert "PDF, JPG of PNG" in bot.last()
    await bot.send_photo(JPEG)
    assert "Ontvangen: photo-" in bot.last()
    assert bot.fake.sent("getFile") and bot.fake.downloads[-1].startswith("photos/")
    await bot.press("disp:done")
    assert "bezwaar is geregistreerd met 1 bijlage" in bot.last() and "gepauzeerd" in bot.last()
    with bot.uow() as uow:
        case = uow.session.get_one(Case, bot.case_id)
        assert case.status == "disputed"
        dispute = uow.session.scalars(select(Dispute)).one()
        assert dispute.reason.startswith("not delivered or defective: De taart is nooit bezorgd")
        documents = uow.session.scalars(select(Document).where(Document.kind == "evidence")).all()
        assert [(d.media_type, d.size) for d in documents] == [("image/jpeg", len(JPEG))]
        assert uow.documents.get(documents[0].sha256) == JPEG
        alerts = uow.session.scalars(select(OutboundMessage.body).where(OutboundMessage.channel == "specialist_alert"))
        assert any(json.loads(body)["kind"] == "dispute_opened" for body in alerts)
    assert "planned" not in plan_statuses(bot) and "paused" in plan_statuses(bot)
    # a second dispute is refused politely
    await bot.press_label("Niet eens")
    assert "loopt al een bezwaar" in bot.last()


async def test_call_back_in_a_business_hours_slot_becomes_a_phone_task(bot: Bot) -> None:
    await bot.connect()
    await bot.press("call:start")
    slots = [data for _, data in bot.fake.buttons() if data.startswith("call:slot:")]
    assert slots and all(date.fromisoformat(s.split(":")[2][:10]).weekday() < 5 for s in slots)
    await bot.press(slots[0])
    assert "we bellen u op" in bot.last() and "+31612345678" in bot.last()
    with bot.uow() as uow:
        task = uow.session.scalars(select(CallTask)).one()
        assert (task.origin, task.status, task.phone) == ("callback_request", "open", "+31612345678")
        assert task.preferred_time.startswith(slots[0].split(":")[2][:10])
        row = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "phone_task")).one()
        assert json.loads(row.body)["task_id"] == task.id
    await bot.press(slots[1])  # a button of the finished conversation
    assert "niet meer actief" in bot.last()


@sqlite_only
async def test_cannot_pay_pauses_reminders_until_a_specialist_has_looked(bot: Bot) -> None:
    from core.actors import Actor
    from core.services.cannot_pay import review_cannot_pay

    await bot.connect()
    await bot.press("cantpay:start")
    assert "schuldhulp" in bot.last() and "geldfit.nl" in bot.last()
    assert "paused" not in plan_statuses(bot)  # information only, until the debtor asks for a person
    await bot.press("cantpay:confirm")
    assert "gepauzeerd" in bot.last()
    assert "planned" not in plan_statuses(bot)
    with bot.uow() as uow:
        flag = uow.session.scalars(select(CaseFlag)).one()
        assert flag.kind == "cannot_pay" and flag.cleared_at is None
        alerts = uow.session.scalars(select(OutboundMessage.body).where(OutboundMessage.channel == "specialist_alert"))
        assert any(json.loads(body)["kind"] == "cannot_pay" for body in alerts)
        review_cannot_pay(uow, Actor.specialist("U1", "Sanne"), bot.case_id, note="gebeld, regeling volgt")
        uow.commit()
        # the debtor hears it in the chat, through the outbox
        telegram = uow.session.scalars(select(OutboundMessage.body).where(OutboundMessage.channel == "telegram")).all()
        assert any("medewerker heeft naar uw situatie gekeken" in body for body in telegram)
    assert "planned" in plan_statuses(bot)


@sqlite_only
async def test_a_complaint_is_registered_acknowledged_with_its_terms_and_queued(bot: Bot) -> None:
    await bot.connect()
    await bot.press("compl:start")
    await bot.say("   ")
    await bot.say("Uw medewerker was onbeleefd aan de telefoon.")
    text = bot.last()
    with bot.uow() as uow:
        complaint = uow.session.scalars(select(Complaint)).one()
        assert complaint.reference in text and complaint.acknowledged_at is not None
        # received Monday 2 March 2026: 2 working days -> Wednesday 4 March; handled within 4 weeks
        assert complaint.acknowledge_by == date(2026, 3, 4) and complaint.handle_by == date(2026, 3, 30)
        assert "04-03-2026" in text and "30-03-2026" in text
        alert = json.loads(uow.session.scalars(
            select(OutboundMessage.body).where(OutboundMessage.channel == "specialist_alert")
        ).all()[-1])
        assert alert["kind"] == "complaint_registered" and alert["respond_by"] == "2026-03-04"


@sqlite_only
async def test_stop_ends_messages_and_start_brings_them_back(bot: Bot) -> None:
    from core.actors import Actor
    from core.services.payments import record_payment

    await bot.connect()
    await bot.say("/stop")
    assert "geen berichten meer" in bot.last()
    with bot.uow() as uow:
        case = uow.session.get_one(Case, bot.case_id)
        record_payment(uow, Actor.system("bank"), case.reference, amount="100.00", paid_on="2026-03-02",
                       source="bank_statement")
        uow.commit()
        assert uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "telegram")).all() == []
    await bot.say("/start")
    assert "weer berichten" in " ".join(bot.fake.texts(CHAT)[-2:])
    with bot.uow() as uow:
        record_payment(uow, Actor.system("bank"), case.reference, amount="50.00", paid_on="2026-03-02",
                       source="bank_statement")
        uow.commit()
        bodies = uow.session.scalars(select(OutboundMessage.body).where(OutboundMessage.channel == "telegram")).all()
        assert len(bodies) == 1 and "50,00 ontvangen" in json.loads(bodies[0])["text"]
        assert uow.session.scalars(select(CaseEvent.kind).where(CaseEvent.kind == "payment_recorded")).all()
