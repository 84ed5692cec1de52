"""What every creditor listener needs: who is asking (or a polite refusal), texts, and small Block Kit pieces."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from bots.slack.context import SlackContext
from bots.slack.identity import Who, who
from bots.slack.texts import LocaleCache, t

log = logging.getLogger("incasso.slack")


@dataclass
class Deps:
    ctx: SlackContext
    locales: LocaleCache = field(default_factory=LocaleCache)
    # work after the ack (file downloads); kept so it is not garbage-collected mid-way
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    # bots.slack.downloads.FileFetcher: fetches the documents of a new claim (set by bots.slack.app.build)
    fetcher: Any = None

    async def who(self, client: Any, body: dict[str, Any]) -> Who:
        return await who(self.ctx, self.locales, client, body)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("slack: work after the ack failed", exc_info=task.exception())


def refusal(who: Who) -> str | None:
    """Why this user may not use the creditor functions, in their language; None if they may."""
    if who.is_creditor:
        return None
    if who.is_specialist:
        return t(who.lang, "specialist_workspace")
    return t(who.lang, "not_linked")


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def info_view(lang: str, title: str, text: str | list[dict[str, Any]]) -> dict[str, Any]:
    """A modal that only shows something, with a Close button."""
    blocks = [section(text)] if isinstance(text, str) else text
    return {"type": "modal", "title": plain(title, 24), "close": plain(t(lang, "close")), "blocks": blocks}


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def value_of(values: dict[str, Any], block_id: str) -> str | None:
    """The entered value of an input block (action_id == block_id), whatever the element, or None if empty."""
    element = (values.get(block_id) or {}).get(block_id) or {}
    for key in ("value", "selected_date"):
        if element.get(key):
            return str(element[key]).strip() or None
    option = element.get("selected_option")
    if isinstance(option, dict):
        return option.get("value")
    return None


def input_block(block_id: str, label: str, element: dict[str, Any], *, optional: bool = True,
                hint: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
                             "optional": optional, "element": {**element, "action_id": block_id}}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_input(block_id: str, label: str, *, optional: bool = True, multiline: bool = False, initial: str | None = None,
               hint: str | None = None, max_length: int = 200) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    return input_block(block_id, label, element, optional=optional, hint=hint)


def date_input(block_id: str, label: str, *, optional: bool = True) -> dict[str, Any]:
    return input_block(block_id, label, {"type": "datepicker"}, optional=optional)


async def tell(client: Any, user_id: str, text: str) -> None:
    """A direct message from the app to one user (App Home and modals have no channel to answer in)."""
    await client.chat_postMessage(channel=user_id, text=text)
