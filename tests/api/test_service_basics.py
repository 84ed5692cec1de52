"""Health, readiness, metrics, authentication and problem+json errors of the running service."""

from __future__ import annotations

from tests.builders import make_case


async def test_health_ready_and_metrics(api) -> None:
    assert (await api.client.get("/healthz")).json() == {"status": "ok"}
    ready = await api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    await api.client.get("/v1/cases/INC-2026-000001", headers=api.auth())
    metrics = (await api.client.get("/metrics")).text
    assert 'incasso_http_requests_total{method="GET",route="/v1/cases/{reference}",status="404"} 1.0' in metrics
    assert "incasso_cases" in metrics


async def test_a_key_sees_only_its_own_cases(api, uow_factory) -> None:
    with uow_factory() as uow:
        from core.db.models import Creditor

        case = make_case(uow, uow.session.get(Creditor, api.creditor_id))
    mine = await api.client.get(f"/v1/cases/{case.reference}", headers=api.auth())
    assert mine.status_code == 200 and mine.json()["statement"]["principal"] == "1000.00"
    theirs = await api.client.get(f"/v1/cases/{case.reference}", headers=api.auth(api.other_token))
    assert theirs.status_code == 404 and theirs.headers["content-type"] == "application/problem+json"
    for headers in ({}, {"Authorization": "Bearer inc_000000000000_nope"}, {"Authorization": "Basic abc"}):
        response = await api.client.get(f"/v1/cases/{case.reference}", headers=headers)
        assert response.status_code == 401 and response.json()["title"] == "Unauthorized"
