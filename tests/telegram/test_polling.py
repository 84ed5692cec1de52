"""Polling mode, for local development: the bot fetches updates itself (no webhook route, no secret needed)."""

from __future__ import annotations

import asyncio
import time

from core.deep_link import token_for
from tests.telegram.conftest import CHAT, make_planned_case, running_bot, sqlite_only, telegram_settings


@sqlite_only
async def test_polling_fetches_updates_and_handles_a_repeated_one_once(database_url, data_dir, clock, uow_factory,
                                                                       fake) -> None:  # type: ignore[no-untyped-def]
    settings = telegram_settings(database_url, data_dir, telegram_mode="polling", telegram_webhook_secret="")
    case_id = make_planned_case(uow_factory, settings)
    token = token_for(case_id, settings.deep_link_key())
    def update(update_id: int, chat_id: int, text: str) -> dict:
        command = text.split()[0]
        return {"update_id": update_id, "message": {
            "message_id": update_id, "date": int(time.time()), "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
            "from": {"id": chat_id, "is_bot": False, "first_name": "Jan", "language_code": "nl"},
            "chat": {"id": chat_id, "type": "private", "first_name": "Jan"}}}

    start = update(70_001, CHAT, f"/start {token}")
    fake.updates.append(start)
    fake.ignore_offset_once = True  # the first poll after the update was handled hands it out again
    async with running_bot(settings, clock, uow_factory, fake) as bot:
        assert [c for c in fake.calls if c.method == "deleteWebhook"], "polling must remove a webhook first"
        assert not [c for c in fake.calls if c.method == "setWebhook"]
        await eventually(lambda: not fake.ignore_offset_once)  # the repeat has been handed out
        # updates are handled one after another: once a later update is answered, the repeat has been handled too
        fake.updates.append(update(70_002, OTHER_CHAT, "/help"))
        await eventually(lambda: fake.sent("sendMessage", OTHER_CHAT))
        # the postcode question, asked once although the update came twice
        assert len(fake.sent("sendMessage", CHAT)) == 1
        assert "postcode" in fake.last_text(CHAT).lower()
        # no webhook route in polling mode
        assert (await bot.client.post("/telegram/webhook", json=start)).status_code == 404


OTHER_CHAT = 555999


async def eventually(predicate, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)
    return result
