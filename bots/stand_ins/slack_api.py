"""A fake Slack Web API: answers like Slack, records every call, serves file downloads only with the bot token.

Runs in a thread on 127.0.0.1 with a real socket (slack_sdk's clients need one). Point clients at `server.api_url`
(ends in "/api/"). Every token is valid for `auth.test`; installs through `oauth.v2.access` return `self.install`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BOT_TOKEN = "xoxb-fake-bot-token"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    result: dict[str, Any] | None = None  # what the fake answered (e.g. the ts of a posted message)


@dataclass
class SlackFile:
    id: str
    name: str
    mimetype: str
    content: bytes
    filetype: str = "binary"


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    files: dict[str, SlackFile] = field(default_factory=dict)
    # what oauth.v2.access answers; tests change team/enterprise ids
    install: dict[str, Any] = field(default_factory=lambda: {
        "ok": True, "app_id": "A0FAKE", "authed_user": {"id": "U0INSTALLER"}, "scope": "commands,chat:write",
        "token_type": "bot", "access_token": BOT_TOKEN, "bot_user_id": "U0BOT",
        "team": {"id": "T0CREDITOR", "name": "Creditor workspace"}, "enterprise": None,
        "is_enterprise_install": False,
    })
    # method -> error code answered once (e.g. {"chat.postMessage": "ratelimited"})
    fail_once: dict[str, str] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    # file id -> the bytes uploaded to the URL files.getUploadURLExternal handed out
    uploads: dict[str, bytes] = field(default_factory=dict)
    base_url: str = ""
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def add_file(self, file_id: str, name: str, mimetype: str, content: bytes) -> dict[str, Any]:
        """Register a file as Slack holds it; returns the file object as a file_input submission carries it."""
        self.files[file_id] = SlackFile(file_id, name, mimetype, content)
        return self.file_object(file_id)

    def file_object(self, file_id: str) -> dict[str, Any]:
        f = self.files[file_id]
        return {
            "id": f.id, "name": f.name, "title": f.name, "mimetype": f.mimetype, "filetype": f.filetype,
            "size": len(f.content), "url_private": f"{self.base_url}/files-pri/{f.id}/{f.name}",
            "url_private_download": f"{self.base_url}/files-pri/{f.id}/download/{f.name}",
        }

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    # -- the ASGI app --------------------------------------------------------------------------------------------
    async def _api(self, request: Request) -> Response:
        method = request.path_params["method"]
        params: dict[str, Any] = dict(request.query_params)
        body = await request.body()
        ctype = request.headers.get("content-type", "")
        if body and "json" in ctype:
            params.update(json.loads(body))
        elif body and "form" in ctype:
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        for key in ("blocks", "view", "attachments"):
            if isinstance(params.get(key), str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(params[key])
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        call = Call(method, params, token)
        with self._lock:
            self.calls.append(call)
            error = self.fail_once.pop(method, None)
        if error == "ratelimited":
            return JSONResponse({"ok": False, "error": "ratelimited"}, status_code=429, headers={"Retry-After": "1"})
        if error:
            return JSONResponse({"ok": False, "error": error})
        call.result = self._answer(method, params)
        return JSONResponse(call.result)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            team = self.install["team"]["id"]
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "bot", "team_id": team,
                    "user_id": "U0BOT", "bot_id": "B0BOT", "is_enterprise_install": False}
        if method == "oauth.v2.access":
            return self.install
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            ts = params.get("ts") or f"{int(time.time())}.{next(self._ts):06d}"
            return {"ok": True, "channel": params.get("channel", "C0FAKE"), "ts": ts,
                    "message": {"text": params.get("text", ""), "ts": ts}}
        if method in ("views.open", "views.update", "views.publish", "views.push"):
            view = params.get("view") or {}
            return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(view if isinstance(view, dict) else {})}}
        if method == "files.info":
            file_id = params.get("file", "")
            if file_id not in self.files:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": self.file_object(file_id)}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):08d}"
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")}
                                          for f in json.loads(params.get("files", "[]"))]}
        if method == "users.info":
            user = params.get("user", "")
            info = self.users.get(user, {"id": user, "locale": "nl-NL", "tz": "Europe/Amsterdam"})
            return {"ok": True, "user": info}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "U0"))[1:]}}
        return {"ok": True}

    async def _download(self, request: Request) -> Response:
        file_id = request.path_params["file_id"]
        if request.headers.get("authorization") != f"Bearer {BOT_TOKEN}" or file_id not in self.files:
            # Slack answers a login page, not a 401, to a download without the bot token
            return Response("<!DOCTYPE html><html><body>Sign in to Slack</body></html>", media_type="text/html")
        f = self.files[file_id]
        return Response(f.content, media_type=f.mimetype)

    async def _upload(self, request: Request) -> Response:
        data = await request.body()
        with self._lock:
            self.uploads[request.path_params["file_id"]] = data
        return Response(f"OK - {len(data)}")

    def asgi(self) -> Starlette:
        return Starlette(routes=[
            Route("/api/{method}", self._api, methods=["GET", "POST"]),
            Route("/files-pri/{file_id}/{rest:path}", self._download),
            Route("/upload/{file_id}", self._upload, methods=["POST"]),
        ])


class SlackServer:
    """Serves a FakeSlack on 127.0.0.1:<free port> in a background thread; use as a context manager."""

    def __init__(self, fake: FakeSlack | None = None) -> None:
        self.fake = fake or FakeSlack()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> FakeSlack:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        self.fake.base_url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(self.fake.asgi(), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=lambda: asyncio.run(self._server.serve(sockets=[sock])), daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Slack did not start")
            time.sleep(0.01)
        return self.fake

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
