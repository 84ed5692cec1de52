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
    start = {"update_id": 70_001, "message": {
        "message_id": 1, "date": int(time.time()), "text": f"/start {token}",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "from": {"id": CHAT, "is_bot": False, "first_name": "Jan", "language_code": "nl"},
        "chat": {"id": CHAT, "type": "private", "first_name": "Jan"}}}
    fake.updates.append(start)
    fake.ignore_offset_once = True  # the first poll after the update was handled hands it out again
    async with running_bot(settings, clock, uow_factory, fake) as bot:
        assert [c for c in fake.calls if c.method == "deleteWebhook"], "polling must remove a webhook first"
        assert not [c for c in fake.calls if c.method == "setWebhook"]
        deadline = time.monotonic() + 5
        while len(fake.sent("getUpdates")) < 4 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        # the postcode question, asked once although the update came twice
        assert len(fake.sent("sendMessage", CHAT)) == 1
        assert "postcode" in fake.last_text(CHAT).lower()
        # no webhook route in polling mode
        assert (await bot.client.post("/telegram/webhook", json=start)).status_code == 404
