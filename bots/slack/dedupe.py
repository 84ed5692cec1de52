"""Slack retries and double submissions are handled once.

Every request to /slack/events passes here after its signature was checked and before Bolt sees it (a Bolt
middleware cannot see the listener's answer; this can). An event is known by its `event_id`; a view submission by
the view's id plus a hash of what was entered; a button click by action_ts + user + action_id. The key goes into
slack_receipts under a unique constraint, committed before the listener runs:
- a repeat while the first is still running gets an empty 200 (Slack's ack) and does nothing;
- a repeat after it gets the first answer again (the same modal update or inline errors), and does nothing;
- if the first failed (5xx, an exception before the ack) the key is released, so Slack's retry does the work.
Slash commands and shortcuts are not deduplicated: Slack does not retry them and each opens only a modal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from starlette.responses import Response

from core.db.models import SlackReceipt
from core.uow import UnitOfWork

log = logging.getLogger("incasso.slack")

MAX_KEPT_BODY = 60_000  # a modal answer is a few KB; a larger one is not replayed, only acknowledged


@dataclass(frozen=True)
class Receipt:
    key: str
    team_id: str | None


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:32]


def receipt_for(body: bytes, content_type: str) -> Receipt | None:
    """The idempotency key of a Slack request, or None for requests that are not deduplicated."""
    try:
        if "json" in content_type:
            data = json.loads(body)
            if data.get("type") == "event_callback" and data.get("event_id"):
                return Receipt(f"event:{data['event_id']}"[:200], data.get("team_id"))
            return None
        form = urllib.parse.parse_qs(body.decode("utf-8"))
        if "payload" not in form:
            return None
        payload = json.loads(form["payload"][0])
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(payload, dict):
        return None
    team_id = (payload.get("team") or {}).get("id")
    user_id = (payload.get("user") or {}).get("id", "")
    kind = payload.get("type")
    if kind == "view_submission":
        view = payload.get("view") or {}
        values = (view.get("state") or {}).get("values") or {}
        return Receipt(f"view:{view.get('id')}:{user_id}:{_digest(values)}"[:200], team_id)
    if kind == "block_actions":
        actions = payload.get("actions") or [{}]
        action = actions[0] if isinstance(actions[0], dict) else {}
        return Receipt(f"action:{action.get('action_ts')}:{user_id}:{action.get('action_id')}"[:200], team_id)
    return None


UowFactory = Callable[[], UnitOfWork]


def _claim(uow_factory: UowFactory, receipt: Receipt) -> SlackReceipt | None:
    """Take the key; None if it is ours now, else the earlier receipt (with its answer, once there is one)."""
    with uow_factory() as uow:
        uow.session.add(SlackReceipt(key=receipt.key, team_id=receipt.team_id, received_at=uow.clock.now()))
        try:
            uow.commit()
            return None
        except IntegrityError:
            uow.rollback()
    with uow_factory() as uow:
        return uow.session.scalars(select(SlackReceipt).where(SlackReceipt.key == receipt.key)).one_or_none()


def _settle(uow_factory: UowFactory, receipt: Receipt, status: int, body: bytes, media_type: str | None) -> None:
    with uow_factory() as uow:
        if status >= 500:
            uow.session.execute(delete(SlackReceipt).where(SlackReceipt.key == receipt.key))
        else:
            row = uow.session.scalars(select(SlackReceipt).where(SlackReceipt.key == receipt.key)).one_or_none()
            if row is not None and len(body) <= MAX_KEPT_BODY:
                row.response_status = status
                row.response_body = body.decode("utf-8", errors="replace")
                row.response_type = (media_type or "")[:100] or None
        uow.commit()


async def handle_once(
    receipt: Receipt | None,
    uow_factory: UowFactory,
    handle: Callable[[], Awaitable[Response]],
    run_in_thread: Callable[..., Awaitable[Any]],
) -> Response:
    """Run `handle` unless this request was taken on before; see the module text."""
    if receipt is None:
        return await handle()
    earlier = await run_in_thread(_claim, uow_factory, receipt)
    if earlier is not None:
        log.info("slack: repeat of %s ignored", receipt.key)
        if earlier.response_status is not None and earlier.response_body is not None:
            return Response(earlier.response_body, status_code=earlier.response_status,
                            media_type=earlier.response_type)
        return Response(status_code=200)
    try:
        response = await handle()
    except BaseException:
        await run_in_thread(_settle, uow_factory, receipt, 500, b"", None)
        raise
    body = bytes(response.body) if hasattr(response, "body") else b""
    await run_in_thread(_settle, uow_factory, receipt, response.status_code, body,
                       response.headers.get("content-type"))
    return response
