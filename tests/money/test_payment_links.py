"""Payment links through the real Mollie client against a fake Mollie API, and Mollie's webhook through our app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from api.app import create_app
from bots.stand_ins.mollie_api import API_KEY, FakeMollie, MollieServer
from core.actors import Actor
from core.clock import FakeClock, local_today
from core.config import load_settings
from core.db.models import Case, Payment, PaymentLink
from core.errors import UserError
from core.providers.mollie import MollieProvider
from core.providers.payments import PaymentProviderError
from core.services.case_view import statement_for
from core.services.payment_links import payment_link_for
from core.services.payments import record_payment
from core.uow import UnitOfWork
from tests.builders import business_claim, make_case, make_creditor

WEBHOOK = "/webhooks/mollie"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def mollie(clock: FakeClock) -> Iterator[FakeMollie]:
    with MollieServer(FakeMollie(now=clock.now)) as fake:
        yield fake


@dataclass
class Service:
    client: httpx.AsyncClient
    provider: object
    cases: list[Case]
    uow: Callable[[], UnitOfWork]

    def link(self, case: Case) -> str | None:
        with self.uow() as uow:
            url = payment_link_for(uow, uow.session.get(Case, case.id), self.provider)  # type: ignore[arg-type]
            uow.commit()
        return url

    def payments(self, case: Case) -> list[Payment]:
        with self.uow() as uow:
            return list(uow.session.scalars(select(Payment).where(Payment.case_id == case.id)))

    def status(self, case: Case) -> str:
        with self.uow() as uow:
            return uow.session.get(Case, case.id).status  # type: ignore[union-attr]

    async def webhook(self, body: str) -> httpx.Response:
        return await self.client.post(WEBHOOK, content=body, headers=FORM)


@pytest.fixture
async def service(
    database_url: str, data_dir: Path, clock: FakeClock, uow_factory, mollie: FakeMollie
) -> AsyncIterator[Service]:
    settings = load_settings(
        database_url=database_url,
        data_dir=data_dir,
        secret_key="test-secret",
        mollie_api_key=API_KEY,
        mollie_api_url=mollie.base_url,
        public_url="https://incasso.example",
    )
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        cases = [make_case(uow, creditor, business_claim(number=n)) for n in ("F-1", "F-2")]
    app = create_app(settings, clock=clock, transports={})
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="https://app") as c:
        yield Service(c, app.state.incasso.payment_provider, cases, uow_factory)


async def test_a_paid_link_is_recorded_once_and_only_as_mollie_says(
    service: Service, mollie: FakeMollie, clock: FakeClock, uow_factory
) -> None:
    case, other = service.cases
    with uow_factory() as uow:
        open_amount = statement_for(uow, case, local_today(clock)).total_open
    url = service.link(case)
    assert url is not None and url.startswith(f"{mollie.base_url}/checkout/tr_")
    [(tr_id, sent)] = mollie.payments.items()
    assert sent["amount"] == {"value": f"{open_amount:.2f}", "currency": "EUR"}
    assert sent["webhookUrl"] == "https://incasso.example/webhooks/mollie"
    assert sent["metadata"] == {"case": case.reference, "payment_reference": case.payment_reference}
    assert sent["description"] == f"{case.reference} Bakkerij De Zon B.V."
    assert service.link(case) == url  # the same open link for the same amount: no second checkout
    assert mollie.calls.count(("POST", "/v2/payments")) == 1

    # a forged "paid" in the body changes nothing: Mollie says the payment is still open
    assert (await service.webhook(f"id={tr_id}&status=paid&amount=9999.00")).status_code == 200
    assert service.payments(case) == [] and service.status(case) == "new"

    mollie.settle(tr_id, "paid")
    for _ in range(3):  # Mollie repeats webhooks; a repeat records nothing
        response = await service.webhook(f"id={tr_id}")
        assert (response.status_code, response.content) == (200, b"")
    [payment] = service.payments(case)
    assert (payment.amount, payment.source, payment.external_id) == (open_amount, "payment_provider", tr_id)
    assert payment.paid_on == local_today(clock)
    assert service.status(case) == "paid"
    assert service.link(case) is None  # nothing open any more
    with uow_factory() as uow:
        link = uow.session.scalars(select(PaymentLink).where(PaymentLink.provider_id == tr_id)).one()
        assert (link.status, link.payment_id) == ("paid", payment.id)

    # the other case: a link that runs out, and one that fails, record nothing
    first = service.link(other)
    expired_id = first.rsplit("/", 1)[-1]  # type: ignore[union-attr]
    clock.advance(timedelta(minutes=11))  # within 5 minutes of running out: not handed out again
    second = service.link(other)
    assert second != first
    clock.advance(timedelta(minutes=5))
    assert (await service.webhook(f"id={expired_id}")).status_code == 200  # Mollie: expired
    failed_id = second.rsplit("/", 1)[-1]  # type: ignore[union-attr]
    mollie.settle(failed_id, "failed")
    assert (await service.webhook(f"id={failed_id}")).status_code == 200
    with uow_factory() as uow:
        statuses = dict(uow.session.execute(select(PaymentLink.provider_id, PaymentLink.status)).all())
    assert (statuses[expired_id], statuses[failed_id]) == ("expired", "failed")
    assert service.payments(other) == [] and service.status(other) == "new"

    # a partial payment elsewhere changes the amount: a new link for what is open now
    with uow_factory() as uow:
        record_payment(
            uow, Actor.system("test"), other.reference, amount="100.00", paid_on="2026-03-02", source="manual"
        )
        uow.commit()
    third = service.link(other)
    assert third not in (first, second)
    assert mollie.payments[third.rsplit("/", 1)[-1]]["amount"]["value"] != mollie.payments[failed_id]["amount"]["value"]  # type: ignore[union-attr]


async def test_unknown_and_malformed_webhooks(service: Service, mollie: FakeMollie) -> None:
    response = await service.webhook("id=tr_NotOurs123")
    assert (response.status_code, response.content) == (200, b"")
    assert ("GET", "/v2/payments/tr_NotOurs123") not in mollie.calls  # never ask Mollie about ids we never made
    for body in ("", "id=", "id=abc", "id=tr_1&id=tr_2", "id=tr_bad%00id", '{"id": "tr_abc"}', "x" * 5000):
        response = await service.webhook(body)
        assert response.status_code == 400, body
        assert response.headers["content-type"] == "application/problem+json"
    assert (await service.client.get(WEBHOOK)).status_code == 405


async def test_payments_off(database_url: str, data_dir: Path, clock: FakeClock, uow_factory) -> None:
    settings = load_settings(database_url=database_url, data_dir=data_dir, secret_key="test-secret")
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        assert payment_link_for(uow, case, None) is None
    app = create_app(settings, clock=clock, transports={})
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="https://app") as c:
        response = await c.post(WEBHOOK, content="id=tr_abc", headers=FORM)
    assert response.status_code == 404


def test_provider_errors_are_clear(mollie: FakeMollie) -> None:
    with pytest.raises(UserError, match="MOLLIE_API_KEY"):
        MollieProvider("sk_live_wrong", redirect_url="https://x", webhook_url=None)
    wrong_key = MollieProvider("test_someoneelses", api_url=mollie.base_url, redirect_url="https://x", webhook_url=None)
    with pytest.raises(PaymentProviderError) as refused:
        wrong_key.fetch_status("tr_abc")
    assert not refused.value.transient
    closed = MollieProvider(API_KEY, api_url="http://127.0.0.1:9", redirect_url="https://x", webhook_url=None)
    with pytest.raises(PaymentProviderError) as down:
        closed.create_link(
            case_reference="INC-2026-000001",
            amount=Decimal("10.00"),
            payment_reference="RF11INC2026000001",
            description="x",
            redirect_url="https://x",
            webhook_url=None,
            idempotency_key="k",
        )
    assert down.value.transient
