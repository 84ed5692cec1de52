"""Errors as application/problem+json (RFC 9457): a clear title and detail, a field list for validation errors,
never a stack trace and never a 500 for bad input."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from core.documents_store import DocumentRefused
from core.errors import Conflict, Forbidden, InvalidInput, NotFound, UserError
from core.law import LawInputError
from core.money import MoneyError

log = logging.getLogger("incasso.api")
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInput)
    async def invalid_input(request: Request, exc: InvalidInput) -> JSONResponse:
        lang = _lang(request)
        return problem(
            422,
            "Invalid input",
            exc.in_language(lang),
            errors=[{"field": e.field, "rule": e.rule, "message": e.message(lang)} for e in exc.errors],
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return problem(404, "Not found", str(exc))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return problem(403, "Not allowed", str(exc))

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> JSONResponse:
        return problem(409, "Not possible in the case's current state", str(exc))

    @app.exception_handler(DocumentRefused)
    async def document_refused(request: Request, exc: DocumentRefused) -> JSONResponse:
        message = str(exc)
        return problem(
            422, "Document refused", message, errors=[{"field": "file", "rule": "document_refused", "message": message}]
        )

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> JSONResponse:
        return problem(400, "Bad request", str(exc))

    @app.exception_handler(LawInputError)
    async def law_input(request: Request, exc: LawInputError) -> JSONResponse:
        return problem(422, "Invalid input", str(exc))

    @app.exception_handler(MoneyError)
    async def money(request: Request, exc: MoneyError) -> JSONResponse:
        return problem(422, "Invalid amount", str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in err["loc"] if p != "body") or "body",
                "rule": err["type"],
                "message": err["msg"],
            }
            for err in exc.errors()
        ]
        return problem(422, "Invalid input", "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = problem(exc.status_code, _TITLES.get(exc.status_code, "Error"), str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:
            # Starlette names only the methods of the first route on this path; RFC 9110 wants all of them
            response.headers["Allow"] = ", ".join(_allowed_methods(request))
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "Internal error", "Something went wrong on our side; it has been logged.")


_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid input",
}


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    ]


def _lang(request: Request) -> str:
    accept = request.headers.get("accept-language", "")
    return "nl" if accept.lower().startswith("nl") else "en"
