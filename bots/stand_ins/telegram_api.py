"""A fake Telegram Bot API: answers like Telegram, records every call, serves file downloads.

A Starlette app, reached in-process: `HTTPXRequest(httpx_kwargs={"transport": httpx.ASGITransport(app=fake.app)})`
with TELEGRAM_API_URL = `FAKE_API_URL` (python-telegram-bot's base_url, ending in "/bot"). Parameters arrive
form-encoded as python-telegram-bot sends them (nested values such as reply_markup are JSON strings) or as
multipart for uploads. `fail_once` answers a method once with 429 (retry_after) or 403 (the user blocked the bot).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

FAKE_API_URL = "http://telegram.invalid/bot"
BOT_TOKEN = "123456:TEST-fake-bot-token"
BOT = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Incasso",
    "username": "incasso_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None

    def __getitem__(self, key: str) -> Any:
        return self.params[key]


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str


@dataclass
class FakeTelegram:
    token: str = BOT_TOKEN
    calls: list[Call] = field(default_factory=list)
    files: dict[str, StoredFile] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    # method -> ("429", retry_after) or ("403", description): answered once, then the method works again
    fail_once: dict[str, tuple[str, Any]] = field(default_factory=dict)
    blocked_chats: set[int] = field(default_factory=set)
    # what getUpdates hands out (polling mode), from the `offset` the bot asks for; `ignore_offset_once` answers one
    # poll from the start again, as a Bot API server may after a restart
    updates: list[dict[str, Any]] = field(default_factory=list)
    ignore_offset_once: bool = False
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._method, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
            ]
        )

    # -- what tests use ------------------------------------------------------------------------------------------

    def add_file(self, content: bytes, *, suffix: str = "jpg") -> StoredFile:
        n = next(self._ids)
        stored = StoredFile(f"FILE{n}", f"U{n}", content, f"photos/file_{n}.{suffix}")
        self.files[stored.file_id] = stored
        return stored

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [c.params["text"] for c in self.sent("sendMessage", chat_id)]

    def last_text(self, chat_id: int | None = None) -> str:
        texts = self.texts(chat_id)
        return texts[-1] if texts else ""

    def buttons(self, call: Call | None = None) -> list[tuple[str, str]]:
        """(label, callback_data) of the inline keyboard of a call (default: the last sendMessage)."""
        call = call or self.sent()[-1]
        markup = call.params.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]

    def clear(self) -> None:
        self.calls.clear()

    # -- the API -------------------------------------------------------------------------------------------------

    async def _params(self, request: Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query_params)
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            params.update(json.loads(await request.body() or b"{}"))
        elif request.method == "POST":
            form = await request.form()
            for key, value in form.multi_items():
                if hasattr(value, "read"):
                    params[key] = {"filename": value.filename, "content": await value.read()}
                else:
                    params[key] = _decoded(value)
        return params

    async def _method(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        method = request.path_params["method"]
        params = await self._params(request)
        call = Call(method, params)
        with self._lock:
            self.calls.append(call)
            failure = self.fail_once.pop(method, None)
        if failure is not None:
            return _failure(*failure)
        if method == "sendMessage" and int(params.get("chat_id", 0)) in self.blocked_chats:
            return _failure("403", "Forbidden: bot was blocked by the user")
        handler = getattr(self, f"_api_{method}", None)
        call.result = handler(params) if handler else True
        if method == "getUpdates" and not call.result:
            await asyncio.sleep(0.05)  # a long poll that found nothing: the bot asks again, not in a tight loop
        return JSONResponse({"ok": True, "result": call.result})

    # named as the Bot API methods
    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        return self._message(params)

    def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        return self._message(params, message_id=int(params.get("message_id", 0)))

    def _api_getFile(self, params: dict[str, Any]) -> Any:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            return {"file_id": params.get("file_id"), "file_unique_id": "missing"}
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        with self._lock:
            if self.ignore_offset_once and self.updates and offset > 0:
                self.ignore_offset_once = False
                offset = 0
            return [update for update in self.updates if update["update_id"] >= offset]

    def _message(self, params: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": message_id or next(self._ids),
            "date": int(time.time()),
            "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
            "from": BOT,
            "text": params.get("text", ""),
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _download(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return Response("Unauthorized", status_code=401)
        path = request.path_params["path"]
        self.downloads.append(path)
        for stored in self.files.values():
            if stored.file_path == path:
                return Response(stored.content, media_type="application/octet-stream")
        return Response("Not Found", status_code=404)


def _decoded(value: str) -> Any:
    """PTB sends nested parameters (reply_markup, commands, allowed_updates) as JSON strings."""
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _failure(kind: str, detail: Any) -> Response:
    if kind == "429":
        body = {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {detail}",
            "parameters": {"retry_after": detail},
        }
        return JSONResponse(body, status_code=429)
    return JSONResponse({"ok": False, "error_code": 403, "description": str(detail)}, status_code=403)
