"""Durability and the way out: a restart in the middle of a conversation, and the outbox transport that carries
reminders and updates to bound chats through PTB's rate limiter (429 once -> retried, not failed)."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import select

from bots.stand_ins.telegram_api import FakeTelegram
from core.clock import FakeClock
from core.config import Settings
from core.db.models import Arrangement, Case, OutboundMessage, TelegramBinding
from core.deep_link import token_for
from core.notifications import queue_message
from core.schedule.delivery import deliver_due
from core.services.debtor_link import set_opted_out
from tests.telegram.conftest import CHAT, Bot, make_planned_case, running_bot, sqlite_only


async def test_a_restart_in_the_middle_of_a_conversation_continues_where_it_was(
    settings: Settings, clock: FakeClock, uow_factory, fake: FakeTelegram
) -> None:
    case_id = make_planned_case(uow_factory, settings)
    async with running_bot(settings, clock, uow_factory, fake) as first:
        first.token = token_for(case_id, settings.deep_link_key())
        await first.connect()
        await first.press("arr:start")
        await first.press("arr:by_months")
        await first.say("3")
        assert "eerste termijn" in first.last()
        dates = [data for _, data in fake.buttons() if data.startswith("arr:date:")]
    # the process stopped; a new one (new Application, new connections) starts on the same database
    other = FakeTelegram()
    other.calls.extend(fake.calls)  # the message with the date buttons is still on the debtor's screen
    async with running_bot(settings, clock, uow_factory, other) as restarted:
        await restarted.press(dates[0])
        assert "1. " in restarted.last() and "3. " in restarted.last()
        await restarted.press("arr:confirm")
        assert "goedgekeurd" in restarted.last()
    with uow_factory() as uow:
        arrangement = uow.session.scalars(select(Arrangement)).one()
        assert arrangement.months == 3 and arrangement.status == "accepted"


def _queue(bot: Bot, count: int, chat_id: int = CHAT) -> None:
    with bot.uow() as uow:
        case = uow.session.get_one(Case, bot.case_id)
        for n in range(count):
            queue_message(uow, channel="telegram", recipient=str(chat_id), key=f"test:{n}:{chat_id}", case=case,
                          body=json.dumps({"text": f"Herinnering {n}", "case": case.reference}))
        uow.commit()


@sqlite_only
async def test_a_burst_drains_through_the_rate_limiter_even_after_a_429(bot: Bot) -> None:
    await bot.connect()
    _queue(bot, 12)
    bot.fake.fail_once["sendMessage"] = ("429", 1)
    transports = {"telegram": bot.app.state.incasso.transports["telegram"]}
    outcomes = await asyncio.to_thread(deliver_due, bot.uow, transports)
    assert outcomes["telegram:sent"] == 12
    texts = bot.fake.texts(CHAT)
    # the first attempt got the 429; the limiter waited retry_after and sent it again, then the rest in order
    reminders = [t for t in texts if t.startswith("Herinnering")]
    assert reminders == ["Herinnering 0"] + [f"Herinnering {n}" for n in range(12)]
    reminder = [c for c in bot.fake.sent("sendMessage", CHAT) if c["text"] == "Herinnering 0"][-1]
    assert bot.fake.buttons(reminder) == [("Bekijk mijn mogelijkheden", "menu:show")]
    with bot.uow() as uow:
        statuses = uow.session.scalars(select(OutboundMessage.status).where(OutboundMessage.channel == "telegram"))
        assert set(statuses) == {"sent"}


@sqlite_only
async def test_a_blocked_bot_fails_permanently_and_opts_the_chat_out(bot: Bot) -> None:
    await bot.connect()
    _queue(bot, 1)
    bot.fake.blocked_chats.add(CHAT)
    transports = {"telegram": bot.app.state.incasso.transports["telegram"]}
    outcomes = await asyncio.to_thread(deliver_due, bot.uow, transports)
    assert outcomes["telegram:failed"] == 1
    with bot.uow() as uow:
        binding = uow.session.scalars(select(TelegramBinding)).one()
        assert binding.opted_out_at is not None
        set_opted_out(uow, CHAT, False)
        uow.commit()


@sqlite_only
async def test_without_a_running_bot_messages_wait_in_the_outbox(bot: Bot) -> None:
    await bot.connect()
    transport = bot.app.state.incasso.transports["telegram"]
    _queue(bot, 1)
    transport.detach()
    outcomes = await asyncio.to_thread(deliver_due, bot.uow, {"telegram": transport})
    assert outcomes["telegram:retry"] == 1


@sqlite_only
async def test_installment_reminders_reach_the_chat_before_each_due_date(bot: Bot) -> None:
    from datetime import timedelta

    from core.actors import Actor
    from core.clock import local_today
    from core.schedule.tick import run_tick
    from core.services.arrangements import propose_arrangement

    await bot.connect()
    first = local_today(bot.clock) + timedelta(days=10)
    with bot.uow() as uow:
        case = uow.session.get_one(Case, bot.case_id)
        propose_arrangement(uow, Actor.debtor(case.id, str(CHAT)), case.reference, first_due_on=first, months=3)
        uow.commit()
    transports = {"telegram": bot.app.state.incasso.transports["telegram"]}
    await asyncio.to_thread(run_tick, bot.uow, bot.settings, transports)
    assert not any("termijn 1 van 3" in t for t in bot.fake.texts(CHAT))  # ten days ahead: not yet
    bot.clock.advance(timedelta(days=8))  # two days before the first due date, 10:00
    for _ in range(2):  # the daily pass may run twice (restart): one reminder
        await asyncio.to_thread(run_tick, bot.uow, bot.settings, transports)
    reminders = [t for t in bot.fake.texts(CHAT) if "termijn 1 van 3" in t]
    assert len(reminders) == 1 and first.strftime("%d-%m-%Y") in reminders[0]


@sqlite_only
def test_a_scheduler_without_the_service_delivers_telegram_messages_too(
    settings: Settings, clock: FakeClock, uow_factory, fake: FakeTelegram
) -> None:
    import httpx
    from telegram.request import HTTPXRequest

    from bots.telegram.standalone import scheduler_transports

    case_id = make_planned_case(uow_factory, settings)
    with uow_factory() as uow:
        case = uow.session.get_one(Case, case_id)
        queue_message(uow, channel="telegram", recipient=str(CHAT), key="standalone:1", case=case,
                      body=json.dumps({"text": "Herinnering", "case": case.reference}))
        uow.commit()
    request = HTTPXRequest(httpx_kwargs={"transport": httpx.ASGITransport(app=fake.app)})
    transports = scheduler_transports(settings, uow_factory, request=request)
    assert deliver_due(uow_factory, transports)["telegram:sent"] == 1
    assert fake.texts(CHAT) == ["Herinnering"]
