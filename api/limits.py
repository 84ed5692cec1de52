"""Request body limits per router: a body larger than the limit gets a 413 problem before it is buffered.

The declared Content-Length is checked first; the bytes actually received are counted too (a chunked body has no
length, and a client may lie about it), and reading stops as soon as they pass the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.types import Message, Receive

MiB = 1024 * 1024
JSON_BODY_LIMIT = 1 * MiB  # a claim with 200 invoices is some 60 KB
MULTIPART_OVERHEAD = 256 * 1024  # boundaries, part headers and the small form fields around a file


def too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the request body is larger than the {_size(limit)} this endpoint accepts")


def body_limit(max_bytes: int) -> type[APIRoute]:
    """A route class for `APIRouter(route_class=...)` whose routes read at most `max_bytes` of request body."""

    class LimitedBodyRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def limited(request: Request) -> Response:
                declared = request.headers.get("content-length", "").strip()
                if declared.isdecimal() and int(declared) > max_bytes:
                    raise too_large(max_bytes)
                return await handler(Request(request.scope, _counting(request.receive, max_bytes)))

            return limited

    LimitedBodyRoute.__name__ = f"LimitedBodyRoute{max_bytes}"
    return LimitedBodyRoute


def _counting(receive: Receive, max_bytes: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise too_large(max_bytes)
        return message

    return counted


def _size(limit: int) -> str:
    return f"{limit / MiB:.0f} MB" if limit >= MiB else f"{limit // 1024} KB"
