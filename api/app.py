"""The composition root: one factory builds the whole process — database, clock, routers, scheduler.

Nothing is built at import time, so tests and the demo inject a temporary database, a clock and stand-ins.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine

from api import problems
from api.metrics import Metrics, RequestMiddleware
from api.state import AppState
from core.clock import Clock, SystemClock
from core.config import Settings
from core.db.base import make_engine, make_session_factory
from core.db.migrate import is_current, upgrade
from core.schedule.delivery import Transport
from core.schedule.transports import core_transports

log = logging.getLogger("incasso.service")

DESCRIPTION = """The creditor API of Incasso: file claims, follow cases, report payments and contact.

Authenticate with `Authorization: Bearer <api key>` (`incasso creditor api-key`). A key sees only its creditor's
cases. Every POST accepts an `Idempotency-Key` header: a repeated request returns the first answer. Errors are
`application/problem+json` (RFC 9457). Money is a string with two decimals (`"1234.56"`); dates are ISO 8601."""


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Clock | None = None,
    transports: dict[str, Transport] | None = None,
    run_scheduler: bool = False,
    slack_client: Any = None,
    telegram_request: Any = None,
) -> FastAPI:
    """`slack_client` (an AsyncWebClient) and `telegram_request` (a python-telegram-bot BaseRequest) let tests and
    the demo point the real bot frameworks at local stand-ins."""
    engine = engine or make_engine(settings.database_url)
    state = AppState(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        clock=clock or SystemClock(),
        transports=transports if transports is not None else core_transports(settings),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not is_current(engine):
            if not settings.auto_migrate:
                raise RuntimeError("database schema is not current: run `incasso db upgrade`")
            upgrade(engine)
        _say_what_is_off(settings, state.transports)
        for start in state.on_startup:
            await start()
        scheduler = None
        if run_scheduler:
            from scheduler import build_scheduler

            scheduler = build_scheduler(state.uow, settings, state.transports, blocking=False)
            scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=True)  # the running tick finishes; nothing is left half-written
            for stop in reversed(state.on_shutdown):
                await stop()

    app = FastAPI(title="Incasso", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.incasso = state
    metrics = Metrics(state.uow)
    app.state.metrics = metrics
    app.add_middleware(RequestMiddleware, metrics=metrics)

    problems.install(app)
    from api.routers import health

    app.include_router(health.router)
    _include_optional_routers(app)
    _install_payments(app, state)
    _mount_bots(app, state, slack_client=slack_client, telegram_request=telegram_request)
    return app


def _mount_bots(app: FastAPI, state: AppState, *, slack_client: Any, telegram_request: Any) -> None:
    """Each bot adds its routes, its outbox transports and its start/stop hooks, or logs why it is off."""
    import bots.slack
    import bots.telegram

    bots.slack.mount(app, state, client=slack_client)
    bots.telegram.mount(app, state, request=telegram_request)


def _include_optional_routers(app: FastAPI) -> None:
    from api import idempotency, openapi
    from api.routers import case_actions, cases, documents, imports, judicial, reports

    for module in (cases, case_actions, documents, imports, judicial, reports):
        app.include_router(module.router)
    idempotency.install(app)
    openapi.install(app)


def _install_payments(app: FastAPI, state: AppState) -> None:
    """The payment provider (None without MOLLIE_API_KEY) and its webhook; the Telegram bot finds it on the state."""
    from api.routers import mollie_webhook
    from core.providers.payments import provider_from_settings

    state.payment_provider = provider_from_settings(state.settings)
    mollie_webhook.install(app, state.payment_provider)


def _say_what_is_off(settings: Settings, transports: dict[str, Transport]) -> None:
    if not settings.smtp_host:
        log.warning("e-mail is off: SMTP_HOST is not set; e-mails wait in the outbox")
    if not settings.telegram_bot_username:
        log.warning("Telegram deep links are off: TELEGRAM_BOT_USERNAME is not set")
    if not settings.mollie_api_key:
        log.warning("payments are off: MOLLIE_API_KEY is not set; debtors get IBAN and payment reference")
    elif not settings.public_url:
        log.warning("payment webhooks are off: INCASSO_PUBLIC_URL is not set; Mollie cannot report payments")
    if settings.database_url.startswith("sqlite"):
        log.info("database: SQLite (%s); set DATABASE_URL for PostgreSQL", settings.database_url)
