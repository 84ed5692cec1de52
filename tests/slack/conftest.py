"""The Slack app under test: create_app with the real Bolt app, pointed at a fake Slack Web API on a local socket.

Requests are signed exactly as Slack signs them; `eventually` waits for work done after the ack.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.web.async_client import AsyncWebClient

from api.app import create_app
from api.state import AppState
from bots.slack.app import BOT_SCOPES
from bots.slack.installations import save_installation
from bots.slack.workspaces import link_team, set_language
from bots.stand_ins import slack_requests
from bots.stand_ins.slack_api import BOT_TOKEN, FakeSlack, SlackServer
from core.clock import FakeClock
from core.config import Settings, load_settings

SIGNING_SECRET = "test-signing-secret"
SPECIALIST_TEAM = "T0AGENCY"
SPECIALIST_CHANNEL = "C0SPECIALISTS"


def sign(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    return slack_requests.sign(body, secret=secret, timestamp=timestamp)


@dataclass
class SlackHarness:
    client: httpx.AsyncClient
    fake: FakeSlack
    settings: Settings
    state: AppState | None = None  # the app's state: its units of work, clock and settings
    api: Any = None  # the FastAPI app; api.state.slack is the mounted bots.slack.app.SlackApp

    def install(self, team_id: str, *, bot_token: str = BOT_TOKEN, team_name: str = "Workspace") -> None:
        """Store the app's installation in a workspace, as OAuth would (the fixture installs the two usual ones)."""
        assert self.state is not None
        with self.state.uow() as uow:
            save_installation(uow, Bot(app_id="A0FAKE", team_id=team_id, team_name=team_name, bot_token=bot_token,
                                       bot_id="B0BOT", bot_user_id="U0BOT", bot_scopes=",".join(BOT_SCOPES),
                                       installed_at=time.time()))
            uow.commit()

    def link(self, creditor_id: int, team_id: str = "T0CREDITOR", *, channel: str | None = "C0CASES",
             language: str | None = None) -> None:
        """Link a workspace to a creditor as `incasso creditor link-slack --team` does."""
        assert self.state is not None
        with self.state.uow() as uow:
            link_team(uow, creditor_id, team_id, specialist_team_id=SPECIALIST_TEAM, channel_id=channel)
            if language:
                set_language(uow, team_id, language)
            uow.commit()

    async def submit_view(self, callback_id: str, values: dict[str, Any], *, view_id: str = "V0VIEW",
                          private_metadata: str = "", team_id: str = "T0CREDITOR", user_id: str = "U0CRED",
                          headers: dict[str, str] | None = None) -> httpx.Response:
        """A view_submission as Slack sends it (view.type included; file_input files inside state.values)."""
        payload = slack_requests.view_submission(callback_id, values, view_id=view_id,
                                                 private_metadata=private_metadata, team_id=team_id, user_id=user_id)
        return await self.interaction(payload, headers)

    async def click(self, action_id: str, value: str = "", *, block_id: str = "b", view: dict[str, Any] | None = None,
                    team_id: str = "T0CREDITOR", user_id: str = "U0CRED", action_ts: str | None = None,
                    headers: dict[str, str] | None = None) -> httpx.Response:
        """A block_actions payload for one button click (in App Home unless `view` says otherwise)."""
        payload = slack_requests.block_actions(action_id, value, team_id=team_id, user_id=user_id, view=view,
                                               block_id=block_id, action_ts=action_ts)
        return await self.interaction(payload, headers)

    async def command(self, text: str = "", *, team_id: str = "T0CREDITOR", user_id: str = "U0CRED",
                      command: str = "/incasso", **extra: str) -> httpx.Response:
        extra.setdefault("channel_id", "C0CRED")
        body = slack_requests.command_form(text, team_id=team_id, user_id=user_id, command=command, **extra)
        return await self.post("/slack/events", body, "application/x-www-form-urlencoded")

    async def interaction(self, payload: dict[str, Any], headers: dict[str, str] | None = None) -> httpx.Response:
        body = slack_requests.interaction_form(payload)
        return await self.post("/slack/events", body, "application/x-www-form-urlencoded", headers)

    async def event(self, event: dict[str, Any], *, team_id: str = "T0CREDITOR", event_id: str = "Ev0001",
                    headers: dict[str, str] | None = None) -> httpx.Response:
        body = slack_requests.event_envelope(event, team_id=team_id, event_id=event_id)
        return await self.post("/slack/events", body, "application/json", headers)

    async def post(self, path: str, body: str, content_type: str,
                   headers: dict[str, str] | None = None) -> httpx.Response:
        all_headers = {"Content-Type": content_type, **sign(body), **(headers or {})}
        return await self.client.post(path, content=body, headers=all_headers)


async def eventually(predicate: Callable[[], Any], timeout: float = 3.0) -> Any:
    """Poll until predicate() is truthy (work done after Slack's ack); never assert on wall-clock timing."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with SlackServer() as fake:
        yield fake


@pytest.fixture
def slack_settings(database_url: str, data_dir: Path, fake_slack: FakeSlack) -> Settings:
    return load_settings(
        database_url=database_url, data_dir=data_dir, secret_key="test-secret",
        slack_signing_secret=SIGNING_SECRET, slack_client_id="111.222", slack_client_secret="client-secret",
        slack_api_url=fake_slack.api_url, slack_specialist_team_id=SPECIALIST_TEAM,
        slack_specialist_channel=SPECIALIST_CHANNEL, public_url="https://incasso.example",
    )


@pytest.fixture
async def slack(slack_settings: Settings, fake_slack: FakeSlack, clock: FakeClock,
                uow_factory) -> AsyncIterator[SlackHarness]:  # type: ignore[no-untyped-def]
    app = create_app(slack_settings, clock=clock, transports={},
                     slack_client=AsyncWebClient(base_url=fake_slack.api_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://app") as client:
            harness = SlackHarness(client, fake_slack, slack_settings, app.state.incasso, app)
            harness.install("T0CREDITOR", team_name="Creditor workspace")
            harness.install(SPECIALIST_TEAM, team_name="Agency")
            yield harness
