"""POST /webhooks/mollie: Mollie says "something changed for payment tr_…"; we ask Mollie what.

The body (form-encoded `id=tr_…`) is the only thing Mollie sends, and nothing in it is trusted beyond the id:
the status comes from Mollie's API through the provider. Answers: 200 for anything we handled or do not know
(an unknown id gets the same empty 200, so the endpoint tells a prober nothing), 400 for a malformed body,
503 while Mollie cannot be asked (Mollie retries the webhook), 404 when payments are off.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from api.problems import problem
from api.state import AppState
from core.providers.payments import PaymentProvider, PaymentProviderError
from core.services.payment_links import on_provider_webhook

log = logging.getLogger("incasso.payments")
router = APIRouter()
MAX_BODY = 4096


@router.post("/webhooks/mollie", include_in_schema=False)
async def mollie_webhook(request: Request) -> Response:
    state: AppState = request.app.state.incasso
    provider: PaymentProvider | None = request.app.state.payment_provider
    if provider is None:
        return problem(404, "Not found", "payments are off")
    body = await request.body()
    if len(body) > MAX_BODY:
        return problem(400, "Bad request", "expected a form with one field: id")
    try:
        ids = parse_qs(body.decode("ascii"), strict_parsing=True).get("id", [])
    except (UnicodeDecodeError, ValueError):
        ids = []
    if len(ids) != 1 or not provider.is_payment_id(ids[0]):
        return problem(400, "Bad request", "expected a form with one field: id=tr_…")

    def handle() -> str:
        with state.uow() as uow:
            outcome = on_provider_webhook(uow, provider, ids[0])
            uow.commit()
        return outcome

    try:
        outcome = await run_in_threadpool(handle)
    except PaymentProviderError as exc:
        log.warning("payment webhook for %s not handled yet: %s", ids[0], exc)
        return problem(503, "Payment provider unavailable", "try again later")
    log.info("payment webhook for %s: %s", ids[0], outcome)
    return Response(status_code=200)


def install(app: FastAPI, provider: PaymentProvider | None) -> None:
    app.state.payment_provider = provider
    app.include_router(router)
