"""What a connected debtor sees and proposes: the statement (equal to the law engine's), how to pay, and payment
arrangements inside and outside the creditor's policy, with the bad inputs along the way."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import local_today
from core.db.models import Arrangement, Case, ContactStep, OutboundMessage
from core.money import format_eur
from core.services.case_view import statement_for
from tests.telegram.conftest import Bot, sqlite_only


def eur(amount) -> str:
    return format_eur(amount, "nl_NL")


async def test_overview_shows_the_law_engines_amounts_and_pay_gives_iban_and_reference(bot: Bot) -> None:
    await bot.connect()
    await bot.press("menu:overview")
    text = bot.last()
    with bot.uow() as uow:
        case = uow.session.get_one(Case, bot.case_id)
        statement = statement_for(uow, case, local_today(bot.clock))
        reference, payref, deadline = case.reference, case.payment_reference, case.deadline_on
    invoice = statement.invoices[0]
    assert f"Dossier {reference}" in text and "F-2026-001" in text
    assert f"Hoofdsom: {eur(invoice.principal)}" in text
    assert f"Rente: {eur(invoice.interest)}" in text and statement.interest > 0
    assert f"Incassokosten: {eur(statement.costs)}" in text and f"Btw over de kosten: {eur(statement.vat)}" in text
    assert f"Totaal open: {eur(statement.total_open)}" in text
    assert f"uiterlijk {deadline.strftime('%d-%m-%Y')}" in text
    # the button's message was closed with the choice, through editMessageText
    assert bot.fake.sent("answerCallbackQuery") and "→ 📄 Overzicht" in bot.fake.sent("editMessageText")[-1]["text"]

    await bot.press("menu:pay")
    text = bot.last()
    assert eur(statement.total_open) in text and bot.settings.collection_iban in text
    assert bot.settings.collection_account_name in text and payref in text

    await bot.say("/taal en")
    await bot.press("menu:overview")
    assert f"Total open: {format_eur(statement.total_open, 'en_GB')}" in bot.last()


async def test_arrangement_within_policy_is_accepted_at_once_with_its_plan(bot: Bot) -> None:
    await bot.connect()
    await bot.press("arr:start")
    await bot.press("arr:by_months")
    for bad, answer in (("zes", "geen getal"), ("-3", "minstens 1"), ("40", "hoogstens 36")):
        await bot.say(bad)
        assert answer in bot.last()
    await bot.say("4")
    assert "eerste termijn" in bot.last()
    today = local_today(bot.clock)
    await bot.say((today - timedelta(days=1)).strftime("%d-%m-%Y"))
    assert "al voorbij" in bot.last()
    await bot.say("morgen")
    assert "geen datum" in bot.last()
    await bot.say((today + timedelta(days=40)).strftime("%d-%m-%Y"))
    assert "uiterlijk op" in bot.last()
    first = today + timedelta(days=10)
    await bot.say(first.strftime("%d-%m-%Y"))
    preview = bot.last()
    assert preview.count("\n1. ") == 1 and "4. " in preview and "5. " not in preview
    with bot.uow() as uow:
        assert uow.session.scalars(select(Arrangement)).all() == []  # nothing proposed before the debtor confirms
    await bot.press("arr:confirm")
    assert "goedgekeurd" in bot.last() and first.strftime("%d-%m-%Y") in bot.last()
    with bot.uow() as uow:
        arrangement = uow.session.scalars(select(Arrangement)).one()
        assert (arrangement.status, arrangement.months, arrangement.first_due_on) == ("accepted", 4, first)
        assert uow.session.get_one(Case, bot.case_id).status == "arrangement"
        statuses = set(uow.session.scalars(select(ContactStep.status).where(ContactStep.case_id == bot.case_id)))
        assert "planned" not in statuses and "paused" in statuses


@sqlite_only
async def test_arrangement_outside_policy_goes_to_a_specialist_and_a_counter_offer_is_accepted_in_chat(
    bot: Bot,
) -> None:
    from core.actors import Actor
    from core.schedule.delivery import deliver_due
    from core.services.arrangements import counter_offer

    await bot.connect()
    await bot.press("arr:start")
    await bot.press("arr:by_amount")
    for bad, answer in (("veel", "geen bedrag"), ("-50", "groter zijn dan 0"), ("1", "hoogstens 36")):
        await bot.say(bad)
        assert answer in bot.last()
    await bot.say("25,00")  # some 42 months? no: ~1000 / 25 = 41 > 36 refused above; 30 gives 34 months
    assert "hoogstens 36" in bot.last()
    await bot.say("40")
    dates = [data for _, data in bot.fake.buttons() if data.startswith("arr:date:")]
    await bot.press(dates[0])
    await bot.press("arr:confirm")
    assert "medewerker bekijkt" in bot.last()
    with bot.uow() as uow:
        proposal = uow.session.scalars(select(Arrangement)).one()
        assert proposal.status == "proposed" and not proposal.within_policy
        alerts = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "specialist_alert"))
        assert any("arrangement_proposed" in a.body for a in alerts)
        assert uow.session.get_one(Case, bot.case_id).status == "amicable"
        counter = counter_offer(uow, Actor.specialist("U1", "Sanne"), proposal.id,
                                first_due_on=proposal.first_due_on.isoformat(), months=6, note="6 maanden kan wel")
        uow.commit()
        counter_id = counter.id
    # the counter-offer reaches the chat through the outbox, with buttons to answer it
    await asyncio.to_thread(deliver_due, bot.uow, {"telegram": bot.app.state.incasso.transports["telegram"]})
    assert "bieden u deze regeling aan" in bot.last() and "6 maanden kan wel" in bot.last()
    await bot.press(f"arr:counter_accept:{counter_id}")
    assert "aangenomen" in bot.last()
    with bot.uow() as uow:
        assert uow.session.get_one(Arrangement, counter_id).status == "accepted"
        assert uow.session.get_one(Case, bot.case_id).status == "arrangement"
    await bot.press(f"arr:counter_accept:{counter_id}")
    assert "geldt niet meer" in bot.last()


@pytest.fixture
def mollie(clock):
    from bots.stand_ins.mollie_api import FakeMollie, MollieServer

    with MollieServer(FakeMollie(now=clock.now)) as fake_mollie:
        yield fake_mollie


@sqlite_only
async def test_pay_gives_a_payment_link_when_a_provider_is_configured(
    database_url, data_dir, clock, uow_factory, fake, mollie
) -> None:
    from bots.stand_ins.mollie_api import API_KEY
    from core.deep_link import token_for
    from tests.telegram.conftest import make_planned_case, running_bot, telegram_settings

    settings = telegram_settings(database_url, data_dir, mollie_api_key=API_KEY, mollie_api_url=mollie.base_url)
    case_id = make_planned_case(uow_factory, settings)
    async with running_bot(settings, clock, uow_factory, fake) as bot:
        bot.token = token_for(case_id, settings.deep_link_key())
        await bot.connect()
        await bot.press("menu:pay")
        texts = bot.fake.texts()[-2:]
        assert "direct via deze link" in texts[0] and mollie.base_url + "/checkout/" in texts[0]
        assert bot.settings.collection_iban in texts[1]  # the transfer details stay as the alternative
