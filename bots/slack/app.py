"""The Bolt app (AsyncApp, HTTP mode) and the FastAPI routes that feed it.

Multi-workspace OAuth (SLACK_CLIENT_ID/SECRET) with installations and OAuth states in our database, or one
workspace with SLACK_BOT_TOKEN. Every POST is signature-checked here before anything is written (Bolt checks it
again), then deduplicated (dedupe.py), then dispatched by Bolt.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from starlette.responses import Response

from bots.slack import dedupe
from bots.slack.context import SlackContext
from bots.slack.downloads import FileFetcher
from bots.slack.identity import in_thread
from bots.slack.installations import DatabaseInstallationStore, DatabaseOAuthStateStore
from bots.slack.listeners.creditor.common import Deps
from core.config import Settings

log = logging.getLogger("incasso.slack")

# what the app asks for in a workspace (also in manifest.json; a test keeps the two equal)
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "files:read", "files:write", "users:read", "im:write",
              "channels:history", "groups:history")  # the last two: creditors' answers in case threads
# a "message" listener is subscribed in the manifest per kind of conversation: public and private case channels
MESSAGE_EVENTS = ("message.channels", "message.groups")
DEFAULT_API_URL = "https://slack.com/api/"


def why_off(settings: Settings) -> str | None:
    """None if the Slack app can run with these settings, else the reason it cannot."""
    if not settings.slack_signing_secret:
        return "SLACK_SIGNING_SECRET is not set"
    oauth = settings.slack_client_id and settings.slack_client_secret
    if not oauth and not settings.slack_bot_token:
        return "neither SLACK_CLIENT_ID + SLACK_CLIENT_SECRET (OAuth) nor SLACK_BOT_TOKEN is set"
    return None


@dataclass
class Surfaces:
    """Every command, shortcut and event the app listens to, as registered: the manifest must declare the same."""

    commands: set[str] = field(default_factory=set)
    shortcuts: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)

    def watch(self, app: AsyncApp) -> None:
        """Record through the app's own registration methods, so no listener can be added unseen."""
        command, shortcut, event, message = app.command, app.shortcut, app.event, app.message

        def rec_command(name: str, *args: Any, **kwargs: Any) -> Any:
            self.commands.add(str(name))
            return command(name, *args, **kwargs)

        def rec_shortcut(constraints: Any, *args: Any, **kwargs: Any) -> Any:
            callback_id = constraints.get("callback_id") if isinstance(constraints, dict) else constraints
            self.shortcuts.add(str(callback_id))
            return shortcut(constraints, *args, **kwargs)

        def rec_event(constraints: Any, *args: Any, **kwargs: Any) -> Any:
            kind = constraints.get("type") if isinstance(constraints, dict) else constraints
            self.events.update(MESSAGE_EVENTS if str(kind) == "message" else {str(kind)})
            return event(constraints, *args, **kwargs)

        def rec_message(*args: Any, **kwargs: Any) -> Any:
            self.events.update(MESSAGE_EVENTS)
            return message(*args, **kwargs)

        app.command = rec_command  # type: ignore[method-assign]
        app.shortcut = rec_shortcut  # type: ignore[method-assign]
        app.global_shortcut = rec_shortcut  # type: ignore[method-assign]
        app.event = rec_event  # type: ignore[method-assign]
        app.message = rec_message  # type: ignore[method-assign]


@dataclass
class SlackApp:
    bolt: AsyncApp
    handler: AsyncSlackRequestHandler
    surfaces: Surfaces
    client: AsyncWebClient
    creditor: Deps
    files: FileFetcher

    async def finish_pending_work(self, timeout: float = 30.0) -> None:
        """On shutdown: let downloads that started after an ack finish (for a while) instead of cutting them off."""
        pending = set(self.creditor.tasks)
        if pending:
            log.info("slack: waiting for %d document download(s) before stopping", len(pending))
            await asyncio.wait(pending, timeout=timeout)


def build(ctx: SlackContext, client: AsyncWebClient | None = None) -> SlackApp:
    """The Bolt app with every listener registered. `client` points Bolt at another Web API (tests, a proxy)."""
    settings = ctx.settings
    base_url = client.base_url if client is not None else (settings.slack_api_url or DEFAULT_API_URL)
    oauth = bool(settings.slack_client_id and settings.slack_client_secret)
    if oauth:
        app_client = client or AsyncWebClient(base_url=base_url)
        store = DatabaseInstallationStore(ctx.uow)
        redirect = f"{settings.public_url.rstrip('/')}/slack/oauth_redirect" if settings.public_url else None
        bolt = AsyncApp(
            signing_secret=settings.slack_signing_secret,
            client=app_client,
            installation_store=store,
            installation_store_bot_only=True,
            oauth_settings=AsyncOAuthSettings(
                client_id=settings.slack_client_id,
                client_secret=settings.slack_client_secret,
                scopes=list(BOT_SCOPES),
                redirect_uri=redirect,
                install_path="/slack/install",
                redirect_uri_path="/slack/oauth_redirect",
                install_page_rendering_enabled=False,  # /slack/install redirects straight to Slack
                installation_store=store,
                installation_store_bot_only=True,
                state_store=DatabaseOAuthStateStore(ctx.uow, ctx.state.clock),
            ),
        )
    else:
        app_client = AsyncWebClient(token=settings.slack_bot_token, base_url=base_url)
        bolt = AsyncApp(signing_secret=settings.slack_signing_secret, client=app_client)
    surfaces = Surfaces()
    surfaces.watch(bolt)
    deps = register_listeners(bolt, ctx)
    deps.fetcher = FileFetcher(ctx, str(base_url))
    return SlackApp(bolt, AsyncSlackRequestHandler(bolt), surfaces, app_client, deps, deps.fetcher)


def register_listeners(bolt: AsyncApp, ctx: SlackContext) -> Deps:
    from bots.slack.listeners import creditor

    deps = creditor.register(bolt, ctx)
    specialist = None
    if importlib.util.find_spec("bots.slack.listeners.specialist") is not None:
        specialist = importlib.import_module("bots.slack.listeners.specialist")
    if specialist is None or not hasattr(specialist, "register"):
        log.warning("Slack: the specialists' listeners are not available; creditors are served")
        return deps
    specialist.register(bolt, ctx)
    return deps


def add_routes(api: FastAPI, slack: SlackApp, ctx: SlackContext) -> None:
    verifier = SignatureVerifier(ctx.settings.slack_signing_secret)

    async def events(request: Request) -> Response:
        body = await request.body()  # Starlette keeps it; Bolt's handler reads the same bytes
        if not verifier.is_valid_request(body, dict(request.headers)):
            return Response("invalid signature", status_code=401)
        receipt = dedupe.receipt_for(body, request.headers.get("content-type", ""))
        return await dedupe.handle_once(receipt, ctx.uow, lambda: slack.handler.handle(request), in_thread)

    async def oauth(request: Request) -> Response:
        return await slack.handler.handle(request)

    api.add_api_route("/slack/events", events, methods=["POST"], include_in_schema=False)
    if slack.bolt.oauth_flow is not None:
        api.add_api_route("/slack/install", oauth, methods=["GET"], include_in_schema=False)
        api.add_api_route("/slack/oauth_redirect", oauth, methods=["GET"], include_in_schema=False)
