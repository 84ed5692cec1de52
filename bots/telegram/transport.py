"""The outbox transport of the "telegram" channel: reminders, the final notice and case updates to bound chats.

`deliver` is synchronous (the scheduler's thread calls it); the message is sent by the bot on the service's event
loop, through python-telegram-bot's AIORateLimiter (Telegram allows about 30 messages a second), and `deliver`
waits for the result. A burst of thousands of rows thus drains at the allowed pace instead of failing; a 429 is
retried by the limiter after Telegram's retry_after.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bots.telegram.texts import t
from core.channels.errors import DeliveryError
from core.db.models import OutboundMessage, TelegramChat
from core.schedule.delivery import Parcel
from core.services.debtor_link import set_opted_out
from core.uow import UnitOfWork

log = logging.getLogger("incasso.telegram")

SEND_TIMEOUT = 120.0  # seconds: generous, as the rate limiter may hold a message back during a burst
ACTION_BUTTONS = {"counter_accept": "btn_counter_accept", "counter_reject": "btn_counter_reject"}


class TelegramTransport:
    def __init__(self, application: Application, uow_factory: Callable[[], UnitOfWork]) -> None:
        self.application = application
        self.uow_factory = uow_factory
        self.loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    def attach(self, loop: asyncio.AbstractEventLoop, *, thread_id: int | None = None) -> None:
        """Called on start-up from the service's loop: the one the bot's HTTP client and rate limiter live on."""
        self.loop = loop
        self._loop_thread = thread_id if thread_id is not None else threading.get_ident()

    def detach(self) -> None:
        self.loop = None

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            raise DeliveryError("the Telegram bot is not running", transient=True)
        if threading.get_ident() == self._loop_thread:
            raise DeliveryError("deliver() was called on the bot's own event loop", transient=True)
        try:
            chat_id = int(message.recipient)
            body = json.loads(message.body)
            text = str(body["text"])
        except (ValueError, KeyError, TypeError):
            raise DeliveryError(f"not a Telegram message: {message.recipient!r}", transient=False) from None
        language = self._language(chat_id, parcel.language)
        markup = _keyboard(body.get("actions") or [], language)
        future = asyncio.run_coroutine_threadsafe(
            self.application.bot.send_message(chat_id, text, reply_markup=markup), loop
        )
        try:
            future.result(timeout=SEND_TIMEOUT)
        except FutureTimeout:
            future.cancel()
            raise DeliveryError("Telegram did not answer in time", transient=True) from None
        except Forbidden as exc:
            # the debtor blocked the bot (or deleted the chat): stop writing there; /start re-enables
            self._opt_out(chat_id)
            raise DeliveryError(f"Telegram refused: {exc.message}", transient=False) from None
        except RetryAfter as exc:
            raise DeliveryError(f"Telegram flood limit: retry after {exc.retry_after}", transient=True) from None
        except BadRequest as exc:
            raise DeliveryError(f"Telegram refused the message: {exc.message}", transient=False) from None
        except NetworkError as exc:
            raise DeliveryError(f"Telegram unreachable: {exc.message}", transient=True) from None
        except TelegramError as exc:
            raise DeliveryError(f"Telegram error: {exc.message}", transient=True) from None

    def _language(self, chat_id: int, fallback: str) -> str:
        with self.uow_factory() as uow:
            chat = uow.session.get(TelegramChat, chat_id)
            return chat.language if chat is not None else fallback

    def _opt_out(self, chat_id: int) -> None:
        with self.uow_factory() as uow:
            set_opted_out(uow, chat_id, True)
            uow.commit()
        log.info("chat %s blocked the bot; its messages stop until /start", chat_id)


def _keyboard(actions: list[Any], language: str) -> InlineKeyboardMarkup:
    buttons = []
    for action in actions:
        if isinstance(action, list) and len(action) == 2 and action[0] in ACTION_BUTTONS:
            label = t(language, ACTION_BUTTONS[action[0]])
            buttons.append([InlineKeyboardButton(label, callback_data=f"arr:{action[0]}:{int(action[1])}")])
    if not buttons:  # a reminder: one press away from paying, an arrangement or a dispute
        buttons.append([InlineKeyboardButton(t(language, "btn_open_menu"), callback_data="menu:show")])
    return InlineKeyboardMarkup(buttons)
