"""The debtors' Telegram bot (python-telegram-bot), served by the FastAPI service at /telegram/webhook.

Settings: TELEGRAM_BOT_TOKEN (on), TELEGRAM_MODE webhook (default; needs INCASSO_PUBLIC_URL and
TELEGRAM_WEBHOOK_SECRET) or polling (local development), TELEGRAM_API_URL (a local or self-hosted Bot API).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.telegram")


def mount(app: FastAPI, state: AppState, *, request: Any = None) -> None:
    """Mount /telegram/webhook and register the outbox transport for the `telegram` channel."""
    settings = state.settings
    if not settings.telegram_bot_token:
        log.warning("Telegram bot is off: TELEGRAM_BOT_TOKEN is not set; Telegram messages wait in the outbox")
        return
    webhook = settings.telegram_mode == "webhook"
    if webhook and not settings.telegram_webhook_secret:
        # an unauthenticated webhook would let anyone post forged updates as any debtor
        log.error("Telegram bot is off: TELEGRAM_WEBHOOK_SECRET is required in webhook mode (or TELEGRAM_MODE=polling)")
        return
    if webhook and not settings.public_url:
        log.error("Telegram bot is off: INCASSO_PUBLIC_URL is required in webhook mode (or TELEGRAM_MODE=polling)")
        return

    from bots.telegram.application import build_application, register_commands
    from bots.telegram.transport import TelegramTransport
    from bots.telegram.webhook import PATH, webhook_router

    application = build_application(state, request)
    transport = TelegramTransport(application, state.uow)
    state.transports["telegram"] = transport
    app.state.telegram = application
    if webhook:
        app.include_router(webhook_router(state, application, settings.telegram_webhook_secret))

    async def start() -> None:
        transport.attach(asyncio.get_running_loop())
        await application.initialize()
        await application.start()
        try:
            await register_commands(application)
            if webhook:
                await application.bot.set_webhook(
                    url=settings.public_url.rstrip("/") + PATH,
                    secret_token=settings.telegram_webhook_secret,
                    allowed_updates=["message", "callback_query"],
                )
                log.info("Telegram bot on: webhook %s%s", settings.public_url.rstrip("/"), PATH)
            else:
                await _start_polling(application)
        except Exception:
            log.exception("Telegram bot: registering commands or the webhook failed; updates may not arrive")

    async def stop() -> None:
        transport.detach()
        if not webhook:
            await _stop_polling(application)
        if application.running:
            await application.stop()
        await application.shutdown()

    state.on_startup.append(start)
    state.on_shutdown.append(stop)


# -- polling (local development): PTB's Updater fetches updates and puts them in the application's queue ---------


async def _start_polling(application: Any) -> None:
    from telegram.ext import Updater

    await application.bot.delete_webhook()
    updater = Updater(application.bot, application.update_queue)
    application.bot_data["polling_updater"] = updater
    await updater.initialize()
    await updater.start_polling(allowed_updates=["message", "callback_query"])
    log.info("Telegram bot on: polling (local development)")


async def _stop_polling(application: Any) -> None:
    updater = application.bot_data.pop("polling_updater", None)
    if updater is not None:
        if updater.running:
            await updater.stop()
        await updater.shutdown()
