"""The webhook as the internet sees it: the secret header, repeated updates, malformed and oversized bodies."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from core.db.models import TelegramChat, TelegramUpdate
from tests.telegram.conftest import CHAT, Bot


async def test_a_forged_or_missing_secret_is_refused_and_nothing_is_processed(bot: Bot) -> None:
    command = {"text": "/menu", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}
    update = bot.message_update(CHAT, command)
    assert (await bot.post(update, secret="wrong-secret")).status_code == 403
    assert (await bot.post(update, secret=None)).status_code == 403
    assert bot.fake.sent("sendMessage") == []
    with bot.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(TelegramUpdate)) == 0
        assert uow.session.scalar(select(func.count()).select_from(TelegramChat)) == 0
    # the same update with the right secret is handled
    assert (await bot.post(update)).status_code == 200
    assert len(bot.fake.sent("sendMessage")) == 1


async def test_a_repeated_update_id_is_handled_once(bot: Bot) -> None:
    await bot.connect()
    bot.fake.clear()
    first = await bot.say("/menu", update_id=9_000_001)
    again = await bot.say("/menu", update_id=9_000_001)
    assert first.status_code == again.status_code == 200
    assert len(bot.fake.sent("sendMessage")) == 1


async def test_two_deliveries_of_one_update_at_the_same_time_act_once(bot: Bot) -> None:
    """Telegram repeats an update it got no answer for, possibly while the first delivery is still running."""
    await bot.connect()
    bot.fake.clear()
    command = {"text": "/menu", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}
    update = bot.message_update(CHAT, command)
    first, again = await asyncio.gather(bot.post(update), bot.post(update))
    assert first.status_code == again.status_code == 200
    assert len(bot.fake.sent("sendMessage")) == 1
    with bot.uow() as uow:
        assert uow.session.get(TelegramUpdate, update["update_id"]) is not None


async def test_malformed_and_oversized_bodies_are_refused(bot: Bot) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": bot.settings.telegram_webhook_secret,
               "Content-Type": "application/json"}
    for body in (b"{not json", b"[1, 2]", b'{"update_id": "x"}'):
        assert (await bot.client.post("/telegram/webhook", content=body, headers=headers)).status_code == 400
    huge = b'{"update_id": 1, "message": {"text": "' + b"x" * 300_000 + b'"}}'
    assert (await bot.client.post("/telegram/webhook", content=huge, headers=headers)).status_code == 413
    assert bot.fake.sent("sendMessage") == []
