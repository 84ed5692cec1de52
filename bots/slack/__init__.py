"""The Slack app for creditors and specialists (slack-bolt, HTTP mode, mounted in the FastAPI service)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.slack")


def mount(app: FastAPI, state: AppState, *, client: Any = None) -> None:
    """Mount /slack/* and register the outbox transports for creditor updates, specialist alerts and phone tasks."""
    log.warning("Slack is off: not built yet; creditor updates and phone tasks wait in the outbox")
