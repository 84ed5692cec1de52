"""Liveness, readiness and metrics, for the operator's load balancer and Prometheus."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from api.state import AppState
from core.db.migrate import current_revision, head_revision

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Database reachable and migrations current",
    responses={503: {"description": "Not ready: the database is unreachable or its schema is old"}},
)
def readyz(request: Request) -> JSONResponse:
    state: AppState = request.app.state.incasso
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current, head = current_revision(state.engine), head_revision()
    except Exception as exc:  # any database failure means "not ready", said plainly
        return JSONResponse({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
    if current != head:
        return JSONResponse({"status": "migrations pending", "current": current, "head": head}, status_code=503)
    return JSONResponse({"status": "ready", "schema": current})


@router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> PlainTextResponse:
    return PlainTextResponse(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
