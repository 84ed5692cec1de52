"""The Slack app for creditors and specialists (slack-bolt, HTTP mode, mounted in the FastAPI service)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.slack")


def mount(app: FastAPI, state: AppState, *, client: Any = None) -> None:
    """Mount /slack/events (+ /slack/install and /slack/oauth_redirect with OAuth) and register the outbox
    transports for creditor updates, specialist alerts and phone tasks; or log why Slack is off.

    `client`: an AsyncWebClient whose base URL every Slack call uses (tests point it at a local fake).
    """
    from bots.slack.app import add_routes, build, why_off
    from bots.slack.context import SlackContext

    reason = why_off(state.settings)
    if reason is not None:
        log.warning("Slack is off: %s; creditor updates and phone tasks wait in the outbox", reason)
        return
    from bots.slack import outbound

    ctx = SlackContext(state)
    slack = build(ctx, client)
    add_routes(app, slack, ctx)
    outbound.install(state)  # case threads, specialist alerts and call tasks leave through the outbox
    state.on_shutdown.append(slack.finish_pending_work)
    # documents of new claims left pending by a stopped process: swept at start-up and every few minutes
    state.on_startup.append(slack.files.start)
    state.on_shutdown.append(slack.files.stop)
    from bots.slack import outbound

    outbound.install(state)  # the outbox transports: creditor case threads, specialist alerts, call tasks
    app.state.slack = slack
    mode = "OAuth (multi-workspace)" if slack.bolt.oauth_flow is not None else "one workspace (SLACK_BOT_TOKEN)"
    log.info("Slack is on: %s, at /slack/events", mode)
