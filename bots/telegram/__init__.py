"""The debtors' Telegram bot (python-telegram-bot), served by the FastAPI service at /telegram/webhook."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.telegram")


def mount(app: FastAPI, state: AppState, *, request: Any = None) -> None:
    """Mount /telegram/webhook and register the outbox transport for the `telegram` channel."""
    log.warning("Telegram bot is off: not built yet; Telegram messages wait in the outbox")
