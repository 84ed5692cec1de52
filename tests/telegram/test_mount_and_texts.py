"""When the bot is off and why; every text in both languages with the same placeholders."""

from __future__ import annotations

import logging
import string
from pathlib import Path

import pytest

from api.app import create_app
from bots.telegram.texts import TEXTS
from tests.telegram.conftest import telegram_settings


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"telegram_bot_token": ""}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"telegram_webhook_secret": ""}, "TELEGRAM_WEBHOOK_SECRET is required"),
        ({"public_url": ""}, "INCASSO_PUBLIC_URL is required"),
    ],
)
def test_the_bot_says_why_it_is_off_and_mounts_no_webhook(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, overrides: dict, why: str
) -> None:
    settings = telegram_settings(f"sqlite:///{tmp_path}/x.db", tmp_path, **overrides)
    with caplog.at_level(logging.WARNING, logger="incasso.telegram"):
        app = create_app(settings, transports={})
    assert any("Telegram bot is off" in r.message and why in r.message for r in caplog.records)
    assert "/telegram/webhook" not in {getattr(route, "path", "") for route in app.routes}
    assert "telegram" not in app.state.incasso.transports


def test_every_text_exists_in_dutch_and_english_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, entry in TEXTS.items():
        assert set(entry) == {"nl", "en"}, key
        assert fields(entry["nl"]) == fields(entry["en"]), key
