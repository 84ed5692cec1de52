"""Every /v1 endpoint wants a valid key (401 otherwise, as a problem); the OpenAPI document describes them all."""

from __future__ import annotations

from core.services.creditors import create_api_key, revoke_api_key
from tests.api.support import PDF, assert_problem, claim

ENDPOINTS = (
    ("POST", "/v1/cases"),
    ("GET", "/v1/cases"),
    ("GET", "/v1/cases/{ref}"),
    ("GET", "/v1/cases/{ref}/timeline"),
    ("POST", "/v1/cases/{ref}/payments"),
    ("POST", "/v1/cases/{ref}/contact"),
    ("POST", "/v1/cases/{ref}/withdraw"),
    ("POST", "/v1/cases/{ref}/decision"),
    ("POST", "/v1/cases/{ref}/documents"),
    ("GET", "/v1/cases/{ref}/documents"),
    ("GET", "/v1/cases/{ref}/documents/1"),
    ("POST", "/v1/imports"),
)


async def test_no_key_a_wrong_key_or_a_revoked_key_gets_401_everywhere(api, uow_factory) -> None:
    reference = (await api.client.post("/v1/cases", json=claim("F-1"), headers=api.auth())).json()["reference"]
    await api.client.post(
        f"/v1/cases/{reference}/documents", data={"kind": "invoice"}, files={"file": ("f.pdf", PDF)}, headers=api.auth()
    )
    with uow_factory() as uow:
        issued = create_api_key(uow, api.creditor_id, "old")
        uow.commit()
    assert (await api.client.get("/v1/cases", headers=api.auth(issued.token))).status_code == 200
    with uow_factory() as uow:
        revoke_api_key(uow, issued.id)
        uow.commit()
    wrong = (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer inc_000000000000_nope"},
        {"Authorization": f"Basic {api.token}"},
        {"Authorization": f"Bearer {api.token}x"},
        api.auth(issued.token),
    )
    for method, path in ENDPOINTS:
        for headers in wrong:
            response = await api.client.request(method, path.format(ref=reference), json={}, headers=headers)
            body = assert_problem(response, 401)
            assert response.headers["www-authenticate"] == "Bearer" and "key" in body["detail"]


async def test_the_openapi_document_describes_every_endpoint_and_its_errors(api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    assert document["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "description": "A creditor API key: `incasso creditor api-key CREDITOR`",
        "scheme": "bearer",
    }
    problem = {"$ref": "#/components/schemas/Problem"}
    assert set(document["components"]["schemas"]["Problem"]["properties"]) == {
        "type",
        "title",
        "status",
        "detail",
        "errors",
    }
    for method, path in ENDPOINTS:
        template = path.replace("{ref}", "{reference}").replace("/1", "/{document_id}")
        operation = document["paths"][template][method.lower()]
        assert operation["summary"] and operation["security"] == [{"HTTPBearer": []}], path
        responses = operation["responses"]
        assert "401" in responses and "422" in responses, path
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                assert response["content"] == {"application/problem+json": {"schema": problem}}, (path, status)
        if "{reference}" in template:
            assert "404" in responses
        if method == "POST":
            assert "413" in responses and any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
            assert operation["requestBody"]["required"] is True
        success = next(s for s in responses if s.startswith("2"))
        assert responses[success]["content"], path
    claim_body = document["paths"]["/v1/cases"]["post"]["requestBody"]["content"]["application/json"]
    assert claim_body["schema"] == {"$ref": "#/components/schemas/ClaimIn"}
    examples = [example["value"] for example in claim_body["examples"].values()]
    assert examples == document["components"]["schemas"]["ClaimIn"]["examples"]
    for example in examples:  # the documented examples are claims the API accepts
        filed = await api.client.post("/v1/cases", json=example, headers=api.auth())
        assert filed.status_code == 201, filed.text
    assert {t["name"] for t in document["tags"]} == {"cases", "case actions", "documents", "imports"}
    assert "HTTPValidationError" not in document["components"]["schemas"]
