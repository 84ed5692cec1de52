"""A fake Mollie API (v2 payments) that the official client (mollie-api-python, on `requests`) talks to.

Runs in a thread on 127.0.0.1 with a real socket: the client uses `requests`, which cannot be handed an in-process
transport. Point the client at `server.base_url` (MOLLIE_API_URL). Answers like Mollie: HAL JSON, errors as
{"status", "title", "detail"}, 401 for another API key, 404 for an unknown payment, the same payment again for a
repeated Idempotency-Key. Tests move a payment on with `settle(id, "paid" | "expired" | "failed" | "canceled")`.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

API_KEY = "test_incassofakemolliekey0000000000"
HAL = "application/hal+json"
_AMOUNT = re.compile(r"[0-9]+\.[0-9]{2}")


def _problem(status: int, title: str, detail: str, field_name: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "title": title, "detail": detail}
    if field_name:
        body["field"] = field_name
    return JSONResponse(body, status_code=status, media_type=HAL)


@dataclass
class FakeMollie:
    api_key: str = API_KEY
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    # how long a new payment stays open (Mollie: about 15 minutes for iDEAL)
    lifetime: timedelta = timedelta(minutes=15)
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    base_url: str = ""
    _by_idempotency_key: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def settle(self, payment_id: str, status: str) -> None:
        """What happens at Mollie when the debtor pays, walks away or the bank refuses."""
        stamp = self.now().isoformat()
        with self._lock:
            payment = self.payments[payment_id]
            payment["status"] = status
            payment[{"paid": "paidAt", "expired": "expiredAt", "failed": "failedAt"}.get(status, "canceledAt")] = stamp
            if status == "paid":
                payment["amountRemaining"] = payment["amount"]
            payment["_links"].pop("checkout", None)

    def asgi(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v2/payments", self._create, methods=["POST"]),
                Route("/v2/payments/{payment_id}", self._get, methods=["GET"]),
                Route("/checkout/{payment_id}", self._checkout, methods=["GET"]),
            ]
        )

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.api_key}"

    async def _create(self, request: Request) -> JSONResponse:
        self.calls.append(("POST", request.url.path))
        if not self._authorised(request):
            return _problem(401, "Unauthorized Request", "Missing authentication, or failed to authenticate")
        key = request.headers.get("idempotency-key", "")
        if key and key in self._by_idempotency_key:
            return JSONResponse(self.payments[self._by_idempotency_key[key]], status_code=201, media_type=HAL)
        data = await request.json()
        amount = data.get("amount") or {}
        if not isinstance(amount, dict) or not _AMOUNT.fullmatch(str(amount.get("value", ""))):
            return _problem(422, "Unprocessable Entity", "The amount is invalid", "amount.value")
        if amount.get("currency") != "EUR":
            return _problem(422, "Unprocessable Entity", "The currency is not supported", "amount.currency")
        for required in ("description", "redirectUrl"):
            if not data.get(required):
                return _problem(422, "Unprocessable Entity", f"The {required} is missing", required)
        payment_id = "tr_" + secrets.token_hex(5)
        created = self.now()
        payment = {
            "resource": "payment",
            "id": payment_id,
            "mode": "test",
            "createdAt": created.isoformat(),
            "amount": {"value": amount["value"], "currency": "EUR"},
            "description": data["description"],
            "method": None,
            "metadata": data.get("metadata"),
            "status": "open",
            "isCancelable": False,
            "expiresAt": (created + self.lifetime).isoformat(),
            "profileId": "pfl_fakeprofile",
            "sequenceType": "oneoff",
            "redirectUrl": data["redirectUrl"],
            "webhookUrl": data.get("webhookUrl"),
            "_links": {
                "self": {"href": f"{self.base_url}/v2/payments/{payment_id}", "type": HAL},
                "checkout": {"href": f"{self.base_url}/checkout/{payment_id}", "type": "text/html"},
            },
        }
        with self._lock:
            self.payments[payment_id] = payment
            if key:
                self._by_idempotency_key[key] = payment_id
        return JSONResponse(payment, status_code=201, media_type=HAL)

    async def _get(self, request: Request) -> JSONResponse:
        payment_id = request.path_params["payment_id"]
        self.calls.append(("GET", request.url.path))
        if not self._authorised(request):
            return _problem(401, "Unauthorized Request", "Missing authentication, or failed to authenticate")
        payment = self.payments.get(payment_id)
        if payment is None:
            return _problem(404, "Not Found", f"No payment exists with token {payment_id}.")
        if payment["status"] == "open" and datetime.fromisoformat(payment["expiresAt"]) <= self.now():
            self.settle(payment_id, "expired")
        return JSONResponse(payment, media_type=HAL)

    async def _checkout(self, request: Request) -> HTMLResponse:
        return HTMLResponse(f"<h1>Mollie test checkout {request.path_params['payment_id']}</h1>")


class MollieServer:
    """Serves a FakeMollie on 127.0.0.1:<free port> in a background thread; use as a context manager."""

    def __init__(self, fake: FakeMollie | None = None) -> None:
        self.fake = fake or FakeMollie()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> FakeMollie:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.fake.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._server = uvicorn.Server(uvicorn.Config(self.fake.asgi(), log_level="warning", lifespan="off"))
        server = self._server
        self._thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Mollie did not start")
            time.sleep(0.01)
        return self.fake

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True  # the client's idle keep-alive connections need no goodbye
        if self._thread is not None:
            self._thread.join(timeout=10)
