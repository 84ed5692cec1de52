"""The "telegram" outbox transport for a scheduler that runs without the service (`incasso scheduler`, used with
`incasso serve --no-scheduler --workers N`): the bot gets an event loop of its own in a daemon thread."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from core.config import Settings
from core.uow import UnitOfWork

log = logging.getLogger("incasso.telegram")


def scheduler_transports(
    settings: Settings, uow_factory: Callable[[], UnitOfWork], *, request: Any = None
) -> dict[str, Any]:
    """{"telegram": transport} when TELEGRAM_BOT_TOKEN is set, else {} (messages wait in the outbox)."""
    if not settings.telegram_bot_token:
        return {}
    from bots.telegram.application import build_application
    from bots.telegram.transport import TelegramTransport

    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.call_soon(ready.set)
        loop.run_forever()

    thread = threading.Thread(target=run, name="telegram-bot-loop", daemon=True)
    thread.start()
    ready.wait()
    # only the bot is used here (no updates are handled), so the application needs no service state
    application = build_application(SimpleNamespace(settings=settings), request)  # type: ignore[arg-type]
    try:
        asyncio.run_coroutine_threadsafe(application.initialize(), loop).result(timeout=30)
    except Exception as exc:  # Telegram unreachable or the token refused: the schedule runs on, messages wait
        log.warning("Telegram delivery is off for this scheduler: the bot could not start (%s)", exc)
        loop.call_soon_threadsafe(loop.stop)
        return {}
    transport = TelegramTransport(application, uow_factory)
    transport.attach(loop, thread_id=thread.ident)
    log.info("Telegram delivery on (scheduler without the service)")
    return {"telegram": transport}
