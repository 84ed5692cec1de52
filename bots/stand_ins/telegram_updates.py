"""Updates as Telegram sends them to our webhook: messages (with the bot_command entity PTB needs for /start),
photos and documents, and button presses (callback_query carrying the message that showed the button)."""

from __future__ import annotations

import itertools
from typing import Any

from bots.stand_ins.telegram_api import Call, FakeTelegram

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateBuilder:
    """Numbers updates and messages like Telegram (unique, increasing) for one or more private chats."""

    def __init__(self, first_update_id: int = 10_000) -> None:
        self._update_ids = itertools.count(first_update_id)
        self._message_ids = itertools.count(1)

    def next_update_id(self) -> int:
        return next(self._update_ids)

    @staticmethod
    def user(chat_id: int, language: str = "nl", first_name: str = "Jan",
             last_name: str = "de Vries") -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": first_name, "last_name": last_name,
                "language_code": language}

    @staticmethod
    def chat(chat_id: int, first_name: str = "Jan", last_name: str = "de Vries") -> dict[str, Any]:
        return {"id": chat_id, "type": "private", "first_name": first_name, "last_name": last_name}

    def message(self, chat_id: int, extra: dict[str, Any], *, date: int, language: str = "nl",
                update_id: int | None = None, sender: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "update_id": update_id if update_id is not None else self.next_update_id(),
            "message": {"message_id": next(self._message_ids), "from": sender or self.user(chat_id, language),
                        "chat": self.chat(chat_id), "date": date, **extra},
        }

    def text(self, chat_id: int, text: str, *, date: int, language: str = "nl", update_id: int | None = None,
             sender: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.message(chat_id, command_entities(text), date=date, language=language, update_id=update_id,
                            sender=sender)

    def photo(self, fake: FakeTelegram, chat_id: int, content: bytes, *, date: int, language: str = "nl",
              size: int | None = None) -> dict[str, Any]:
        stored = fake.add_file(content)
        photo = [
            {"file_id": stored.file_id + "s", "file_unique_id": stored.file_unique_id + "s", "width": 90,
             "height": 67, "file_size": 1200},
            {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "width": 1280, "height": 960,
             "file_size": size if size is not None else len(content)},
        ]
        return self.message(chat_id, {"photo": photo}, date=date, language=language)

    def document(self, fake: FakeTelegram, chat_id: int, content: bytes, name: str, mime: str, *, date: int,
                 language: str = "nl", size: int | None = None) -> dict[str, Any]:
        stored = fake.add_file(content, suffix=name.rsplit(".", 1)[-1])
        document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_name": name,
                    "mime_type": mime, "file_size": size if size is not None else len(content)}
        return self.message(chat_id, {"document": document}, date=date, language=language)

    def press(self, carrier: Call, chat_id: int, data: str, *, language: str = "nl",
              sender: dict[str, Any] | None = None) -> dict[str, Any]:
        """A callback_query for the button `data` on the message the bot sent in `carrier`."""
        return {
            "update_id": self.next_update_id(),
            "callback_query": {"id": str(self.next_update_id()), "from": sender or self.user(chat_id, language),
                               "chat_instance": f"ci-{chat_id}", "data": data, "message": dict(carrier.result)},
        }


def command_entities(text: str) -> dict[str, Any]:
    """A text message's fields; a leading /command gets the bot_command entity PTB's CommandHandler needs."""
    extra: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split()[0]
        extra["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return extra


def carrier_of(fake: FakeTelegram, chat_id: int, data: str) -> Call | None:
    """The latest message to the chat that shows a button with this callback data."""
    return next((c for c in reversed(fake.sent("sendMessage", chat_id))
                 if data in [d for _, d in fake.buttons(c)]), None)


def button_data(fake: FakeTelegram, chat_id: int, label_part: str) -> str | None:
    """The callback data of the latest button to the chat whose label contains `label_part` (case-insensitive)."""
    for call in reversed(fake.sent("sendMessage", chat_id)):
        for label, data in fake.buttons(call):
            if label_part.lower() in label.lower():
                return data
    return None
