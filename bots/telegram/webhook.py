"""POST /telegram/webhook: Telegram's updates, verified by the secret-token header and handled once per update_id."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections import defaultdict
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from sqlalchemy.exc import IntegrityError
from telegram import Update
from telegram.ext import Application

from bots.telegram.conversation import RECORDED
from core.db.models import TelegramUpdate

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.telegram")

PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 256 * 1024  # an update is a few KB; files come by reference (file_id), never inline


def webhook_router(state: AppState, application: Application, secret: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    # updates of one chat are handled one after another in this process (the chat's row lock does it across
    # processes); different chats run side by side
    chat_locks: dict[int, asyncio.Lock] = {}
    users: defaultdict[int, int] = defaultdict(int)  # requests holding or waiting for a chat's lock
    recorded: set[int] = application.bot_data.setdefault(RECORDED, set())

    @router.post(PATH)
    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("telegram webhook: wrong or missing secret token; refused")
            return Response(status_code=403)
        body = await _read_limited(request)
        if body is None:
            return Response(status_code=413)
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return Response(status_code=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return Response(status_code=400)
        try:
            update = Update.de_json(data, application.bot)
        except Exception:
            log.warning("telegram webhook: update %s could not be read", data.get("update_id"))
            return Response(status_code=400)
        if await asyncio.to_thread(_seen, state, update.update_id):
            log.info("telegram update %s seen before; not handled again", update.update_id)
            return Response(status_code=200)
        chat_id = update.effective_chat.id if update.effective_chat else 0
        users[chat_id] += 1
        try:
            async with chat_locks.setdefault(chat_id, asyncio.Lock()):
                try:
                    await application.process_update(update)
                    # a turn records its update in its own transaction; this covers updates no handler took
                    if update.update_id not in recorded:
                        await asyncio.to_thread(_record, state, update.update_id)
                finally:
                    # inside the lock: a second delivery of this update waiting for it must find it recorded in the
                    # database, not in this process's list of updates in hand (its turns then commit nothing)
                    recorded.discard(update.update_id)
        except Exception:
            # not handled (nothing was recorded): Telegram's retry of this update is handled
            log.exception("telegram update %s failed", update.update_id)
            return Response(status_code=500)
        finally:
            users[chat_id] -= 1
            if users[chat_id] == 0:
                del users[chat_id]
                chat_locks.pop(chat_id, None)
        return Response(status_code=200)

    return router


async def _read_limited(request: Request) -> bytes | None:
    declared = request.headers.get("content-length", "").strip()
    if declared.isdecimal() and int(declared) > MAX_UPDATE_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPDATE_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _seen(state: AppState, update_id: int) -> bool:
    with state.uow(read_only=True) as uow:
        return uow.session.get(TelegramUpdate, update_id) is not None


def _record(state: AppState, update_id: int) -> None:
    """Mark the update handled if its turn did not already (the primary key refuses a second row)."""
    with state.uow() as uow:
        if uow.session.get(TelegramUpdate, update_id) is not None:
            return
        uow.session.add(TelegramUpdate(update_id=update_id, received_at=uow.clock.now()))
        try:
            uow.commit()
        except IntegrityError:
            uow.rollback()
