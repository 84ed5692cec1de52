"""The Telegram bot under test: create_app with the real python-telegram-bot Application, fed through our webhook
route, talking to the fake Bot API (bots/stand_ins/telegram_api.py) in-process.

Updates are shaped as Telegram sends them (message with from/chat/date/entities, callback_query with the message
that carried the button), so PTB parses and routes them as it would in production.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from telegram.request import HTTPXRequest

from api.app import create_app
from bots.stand_ins.telegram_api import BOT, BOT_TOKEN, FAKE_API_URL, FakeTelegram
from bots.stand_ins.telegram_updates import UpdateBuilder, command_entities
from core.clock import FakeClock
from core.config import Settings, load_settings
from core.db.models import Case
from core.deep_link import token_for
from core.schedule.planning import start_new_cases
from core.schedule.step_rules import windows_of
from core.uow import UnitOfWork
from tests.builders import consumer_claim, make_case, make_creditor

WEBHOOK_SECRET = "test-webhook-secret-0123456789"
CHAT = 555001  # the debtor's private chat (= their user id, as Telegram does for private chats)
POLICY = {"max_months": 6, "min_installment": "50.00"}

_update_ids = itertools.count(10_000)


def telegram_settings(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "data_dir": data_dir,
        "secret_key": "test-secret",
        "telegram_bot_token": BOT_TOKEN,
        "telegram_webhook_secret": WEBHOOK_SECRET,
        "telegram_api_url": FAKE_API_URL,
        "telegram_bot_username": BOT["username"],
        "public_url": "https://incasso.test",
    }
    return load_settings(**(values | overrides))


@dataclass
class Bot:
    """Drives the bot as Telegram would: POSTs updates to /telegram/webhook with the secret header."""

    client: httpx.AsyncClient
    fake: FakeTelegram
    settings: Settings
    app: FastAPI
    clock: FakeClock
    uow: Callable[[], UnitOfWork]
    case_id: int = 0
    token: str = ""
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def post(self, update: dict[str, Any], *, secret: str | None = WEBHOOK_SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return await self.client.post("/telegram/webhook", json=update, headers=headers)

    def user(self, chat_id: int, language: str = "nl") -> dict[str, Any]:
        return UpdateBuilder.user(chat_id, language)

    def chat(self, chat_id: int) -> dict[str, Any]:
        return UpdateBuilder.chat(chat_id)

    def message_update(self, chat_id: int, extra: dict[str, Any], update_id: int | None = None) -> dict[str, Any]:
        return {
            "update_id": update_id if update_id is not None else next(_update_ids),
            "message": {
                "message_id": next(self._message_ids),
                "from": self.user(chat_id),
                "chat": self.chat(chat_id),
                "date": int(self.clock.now().timestamp()),
                **extra,
            },
        }

    async def say(self, text: str, chat_id: int = CHAT, *, update_id: int | None = None) -> httpx.Response:
        return await self.post(self.message_update(chat_id, command_entities(text), update_id))

    async def press(self, data: str, chat_id: int = CHAT) -> httpx.Response:
        """Press the button with this callback data on the latest message to the chat that shows it."""
        sent = reversed(self.fake.sent("sendMessage", chat_id))
        carrier = next((c for c in sent if data in [d for _, d in self.fake.buttons(c)]), None)
        assert carrier is not None, f"no message to {chat_id} has a button {data!r}"
        message = dict(carrier.result)
        return await self.post(
            {
                "update_id": next(_update_ids),
                "callback_query": {
                    "id": str(next(_update_ids)),
                    "from": self.user(chat_id),
                    "chat_instance": f"ci-{chat_id}",
                    "data": data,
                    "message": message,
                },
            }
        )

    async def press_label(self, label_part: str, chat_id: int = CHAT) -> httpx.Response:
        for call in reversed(self.fake.sent("sendMessage", chat_id)):
            for label, data in self.fake.buttons(call):
                if label_part.lower() in label.lower():
                    return await self.press(data, chat_id)
        raise AssertionError(f"no button labelled {label_part!r} was sent to {chat_id}")

    async def send_photo(self, content: bytes, chat_id: int = CHAT, *, size: int | None = None) -> httpx.Response:
        stored = self.fake.add_file(content)
        photo = [
            {"file_id": stored.file_id + "s", "file_unique_id": stored.file_unique_id + "s", "width": 90, "height": 67,
             "file_size": 1200},
            {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "width": 1280, "height": 960,
             "file_size": size if size is not None else len(content)},
        ]
        return await self.post(self.message_update(chat_id, {"photo": photo}))

    async def send_document(
        self, content: bytes, name: str, mime: str, chat_id: int = CHAT, *, size: int | None = None
    ) -> httpx.Response:
        stored = self.fake.add_file(content, suffix=name.rsplit(".", 1)[-1])
        document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_name": name,
                    "mime_type": mime, "file_size": size if size is not None else len(content)}
        return await self.post(self.message_update(chat_id, {"document": document}))

    async def connect(self, chat_id: int = CHAT, postcode: str = "1234 AB") -> None:
        await self.say(f"/start {self.token}", chat_id)
        await self.say(postcode, chat_id)

    def last(self, chat_id: int = CHAT) -> str:
        return self.fake.last_text(chat_id)


def make_planned_case(uow_factory: Callable[[], UnitOfWork], settings: Settings, **claim: Any) -> int:
    with uow_factory() as uow:
        creditor = make_creditor(uow, arrangement_policy=POLICY)
        case = make_case(uow, creditor, consumer_claim(**claim))
        case_id = case.id
    with uow_factory() as uow:
        start_new_cases(uow, windows=windows_of(settings), token_key=settings.deep_link_key())
        uow.commit()
        assert uow.session.get_one(Case, case_id).status == "amicable"
    return case_id


@asynccontextmanager
async def running_bot(
    settings: Settings, clock: FakeClock, uow_factory: Callable[[], UnitOfWork], fake: FakeTelegram
) -> AsyncIterator[Bot]:
    request = HTTPXRequest(httpx_kwargs={"transport": httpx.ASGITransport(app=fake.app)})
    app = create_app(settings, clock=clock, transports={}, telegram_request=request)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://incasso.test") as client:
            yield Bot(client, fake, settings, app, clock, uow_factory)


@pytest.fixture
def settings(database_url: str, data_dir: Path) -> Settings:
    return telegram_settings(database_url, data_dir)


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock, uow_factory, fake: FakeTelegram) -> AsyncIterator[Bot]:
    case_id = make_planned_case(uow_factory, settings)
    async with running_bot(settings, clock, uow_factory, fake) as running:
        running.case_id = case_id
        running.token = token_for(case_id, settings.deep_link_key())
        yield running


sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
