"""The OpenAPI document: error responses as problem+json, and the schemas FastAPI cannot see on its own.

FastAPI documents the models it validates. Two kinds of schema it cannot find by itself are added here: `Problem`
(errors are rendered by the exception handlers, not by a route) and request bodies a route reads itself (the claim,
checked by `core.intake.parse_claim`; the CSV import, read as multipart or text/csv).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from api.problems import PROBLEM
from api.schemas import ClaimIn, Problem

_REF = "#/components/schemas/{model}"

_WHEN = {
    400: "The request cannot be processed as sent (e.g. a malformed body or CSV header)",
    401: "Missing, unknown or revoked API key",
    404: "No such case or document for this API key (another creditor's case is not found either)",
    409: "Not possible in the case's current state, or a request with this Idempotency-Key is still running",
    413: "The body is larger than this endpoint accepts",
    415: "Content type not accepted here",
    422: "Invalid input: every broken field is listed in `errors`; or an Idempotency-Key reused for another request",
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route: each status an `application/problem+json` Problem."""
    return {
        code: {
            "description": _WHEN[code],
            "content": {PROBLEM: {"schema": {"$ref": _REF.format(model="Problem")}}},
        }
        for code in codes
    }


def schema_ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


EXTRA_MODELS: tuple[type[BaseModel], ...] = (Problem, ClaimIn)

TAGS = [
    {"name": "cases", "description": "File claims; list, find and read cases with their statement and timeline."},
    {
        "name": "case actions",
        "description": "What you report or decide on a case: a direct payment, contact with the debtor, "
        "withdrawal, and the decision after the amicable phase (consent for court proceedings).",
    },
    {"name": "documents", "description": "Invoices, letters and evidence of a case: upload, list, download."},
    {"name": "imports", "description": "Many claims at once from a CSV file, with a result per row."},
]


def install(app: FastAPI, models: Iterable[type[BaseModel]] = EXTRA_MODELS) -> None:
    """Generate the document once, then add the extra models to `components.schemas`."""
    generate: Callable[[], dict[str, Any]] = app.openapi
    extra = tuple(models)
    app.openapi_tags = [*(app.openapi_tags or []), *TAGS]

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()  # caches itself in app.openapi_schema
            _, definitions = models_json_schema([(m, "validation") for m in extra], ref_template=_REF)
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in definitions.get("$defs", {}).items():
                schemas.setdefault(name, schema)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
