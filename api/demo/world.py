"""The demo's world: the real service (create_app) on a temporary SQLite database, a simulated clock, and local
stand-ins for Slack, Telegram, the mail server and Mollie. This module only wires; the story is in story.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from slack_sdk.web.async_client import AsyncWebClient
from telegram.request import HTTPXRequest

from api.app import create_app
from api.state import AppState
from bots.stand_ins.mollie_api import API_KEY as MOLLIE_KEY
from bots.stand_ins.mollie_api import FakeMollie, MollieServer
from bots.stand_ins.slack_api import FakeSlack, SlackServer
from bots.stand_ins.smtp_sink import SmtpServer, SmtpSink
from bots.stand_ins.telegram_api import BOT, FAKE_API_URL, FakeTelegram
from bots.stand_ins.telegram_api import BOT_TOKEN as TELEGRAM_TOKEN
from core.clock import AMSTERDAM, FakeClock
from core.config import Settings, load_settings
from core.schedule.tick import TickReport, run_tick

SIGNING_SECRET = "demo-signing-secret"
WEBHOOK_SECRET = "demo-webhook-secret-0123456789"
PUBLIC_URL = "https://incasso.demo"
AGENCY_TEAM = "T0AGENCY"
AGENCY_CHANNEL = "C0SPECIALISTS"
TICK_MINUTE = 5  # the scheduler runs every minute; the demo wakes it at 5 past each hour within contact hours
FIRST_HOUR, LAST_HOUR = 7, 20


@dataclass
class World:
    settings: Settings
    clock: FakeClock
    app: FastAPI
    client: httpx.AsyncClient
    slack: FakeSlack
    telegram: FakeTelegram
    mollie: FakeMollie
    mail: SmtpSink
    data_dir: Path

    @property
    def state(self) -> AppState:
        return self.app.state.incasso  # type: ignore[no-any-return]

    async def tick(self) -> TickReport:
        """One scheduler pass at the clock's moment, off the event loop (the bots deliver from another thread)."""
        return await asyncio.to_thread(run_tick, self.state.uow, self.settings, self.state.transports)

    async def run_until(self, moment: datetime, on_tick: Callable[[], Any] | None = None) -> None:
        """Move the clock to `moment`, waking the scheduler every hour within contact hours on the way."""
        now = self.clock.now().astimezone(AMSTERDAM)
        if moment <= now:  # the story never goes back in time
            return
        wake = now.replace(minute=TICK_MINUTE, second=0, microsecond=0)
        if wake <= now:
            wake += timedelta(hours=1)
        while wake <= moment:
            if FIRST_HOUR <= wake.hour <= LAST_HOUR:
                self.clock.set(wake)
                await self.tick()
                if on_tick is not None:
                    on_tick()
            wake += timedelta(hours=1)
        self.clock.set(moment)


async def eventually(predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Wait for work the service does after it answered (Slack's ack comes first, the work after)."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise RuntimeError("the demo waited in vain for the service to finish a step")
        await asyncio.sleep(0.02)


def demo_settings(database_url: str, data_dir: Path, *, slack: FakeSlack, mollie: FakeMollie,
                  smtp_port: int) -> Settings:
    return load_settings(
        database_url=database_url, data_dir=data_dir, secret_key="demo-secret-key",
        public_url=PUBLIC_URL,
        slack_signing_secret=SIGNING_SECRET, slack_client_id="111.222", slack_client_secret="demo-client-secret",
        slack_api_url=slack.api_url, slack_specialist_team_id=AGENCY_TEAM, slack_specialist_channel=AGENCY_CHANNEL,
        telegram_bot_token=TELEGRAM_TOKEN, telegram_webhook_secret=WEBHOOK_SECRET, telegram_api_url=FAKE_API_URL,
        telegram_bot_username=BOT["username"],
        smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_starttls=False, smtp_from="incasso@incasso.demo",
        mollie_api_key=MOLLIE_KEY, mollie_api_url=mollie.base_url,
    )


@asynccontextmanager
async def running_world(workdir: Path, start: datetime) -> AsyncIterator[World]:
    """Everything up and running on `workdir` (database, documents, print queue), the clock at `start`."""
    clock = FakeClock(start)
    async with AsyncExitStack() as stack:
        fake_slack = stack.enter_context(SlackServer())
        fake_mollie = stack.enter_context(MollieServer(FakeMollie(now=clock.now)))
        smtp = stack.enter_context(SmtpServer())
        fake_telegram = FakeTelegram()
        data_dir = workdir / "data"
        settings = demo_settings(f"sqlite:///{workdir / 'incasso.db'}", data_dir, slack=fake_slack,
                                 mollie=fake_mollie, smtp_port=smtp.port)
        request = HTTPXRequest(httpx_kwargs={"transport": httpx.ASGITransport(app=fake_telegram.app)})
        # transports=None: the core transports from the settings (print queue, SMTP), plus what the bots add
        app = create_app(settings, clock=clock, run_scheduler=False, telegram_request=request,
                         slack_client=AsyncWebClient(base_url=fake_slack.api_url))
        await stack.enter_async_context(app.router.lifespan_context(app))
        # https: Bolt's OAuth state cookie is Secure, and httpx withholds Secure cookies over http
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC_URL))
        yield World(settings, clock, app, client, fake_slack, fake_telegram, fake_mollie, smtp.sink, data_dir)
