"""Filing claims, listing and reading cases through /v1, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from tests.api.support import PROBLEM, assert_problem, claim, consumer, count_cases


async def file(api, body, **headers):  # type: ignore[no-untyped-def]
    return await api.client.post("/v1/cases", json=body, headers=api.auth() | headers)


async def test_filing_a_claim_returns_the_case_with_its_statement(api) -> None:
    response = await file(api, claim("F-1", "2500.00"))
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    case = response.json()
    reference = case["reference"]
    assert reference.startswith("INC-2026-") and case["status"] == "new" and case["phase"] == "amicable"
    assert case["creditor_reference"] == "ref-F-1" and case["payment_reference"].startswith("RF")
    assert case["debtor"]["name"] == "Bouwbedrijf Jansen B.V." and case["debtor"]["address"]["postcode"] == "3542 AD"
    statement = case["statement"]
    assert statement["as_of"] == "2026-03-02" and statement["principal"] == "2500.00"
    assert statement["debtor_kind"] == "business" and statement["costs"] == "375.00"  # 15 % of 2,500 (staffel)
    assert statement["interest_periods"][0]["from"] == "2026-01-01"
    assert case["links"] == {
        "self": f"/v1/cases/{reference}",
        "timeline": f"/v1/cases/{reference}/timeline",
        "documents": f"/v1/cases/{reference}/documents",
    }
    assert [e["kind"] for e in case["timeline"]] == ["case_filed"]
    assert case["timeline"][0]["payload"]["source"] == "api"
    again = await api.client.get(case["links"]["self"], headers=api.auth())
    assert again.status_code == 200 and again.json()["statement"] == statement


async def test_every_broken_field_is_named_in_the_callers_language(api, uow_factory) -> None:
    body = consumer()
    body["debtor"]["address"]["postcode"] = "12345"
    body["invoices"][0]["due_date"] = "2026-04-01"
    body["invoices"][0]["principal"] = "12,345"
    english = assert_problem(await file(api, body), 422)
    fields = {e["field"]: e["rule"] for e in english["errors"]}
    assert fields == {
        "debtor.address.postcode": "postcode",
        "invoices[0].due_date": "due_in_future",
        "invoices[0].principal": "amount",
    }
    assert "not a valid Dutch postcode" in english["detail"]
    dutch = assert_problem(await file(api, body, **{"Accept-Language": "nl-NL,nl;q=0.9"}), 422)
    assert "geen geldige Nederlandse postcode" in dutch["detail"]
    assert any("vervaldatum ligt in de toekomst" in e["message"] for e in dutch["errors"])
    assert count_cases(uow_factory) == 0


async def test_bad_bodies_get_a_problem_never_a_server_error(api, uow_factory) -> None:
    auth = api.auth() | {"Content-Type": "application/json"}
    cases = {
        b"{not json": "json_invalid",
        b"": "json_invalid",
        b"[1, 2]": "dict_type",
        b'"a claim"': "dict_type",
        b"\xff\xfe{}": "json_invalid",
        b"[" * 100_000: "json_invalid",
        b'{"invoices": [{"principal": ' + b"9" * 5000 + b"}]}": "json_invalid",
    }
    for raw, rule in cases.items():
        body = assert_problem(await api.client.post("/v1/cases", content=raw, headers=auth), 422)
        assert body["errors"][0] == {"field": "body", "rule": rule, "message": body["errors"][0]["message"]}
    odd = {
        "debtor": {"kind": ["business"], "name": {"first": "x"}, "kvk_number": 12345678, "email": 7},
        "invoices": [{"invoice_number": "A\x00B", "invoice_date": 20260101, "due_date": None, "principal": "INF"}],
        "interest": "contractual:1.000000000000000000000000000000000001%/month",
        "fourteen_day_letter_sent_on": {"$date": 0},
        "extra": "ignored",
    }
    raw = json.dumps(odd).replace('"INF"', "1e400").encode()  # Python reads 1e400 as float('inf')
    problem = assert_problem(await api.client.post("/v1/cases", content=raw, headers=auth), 422)
    rules = {e["field"]: e["rule"] for e in problem["errors"]}
    assert rules["debtor.kind"] == "not_a_value" and rules["debtor.name"] == "not_a_value"
    assert rules["invoices[0].invoice_number"] == "control_characters" and rules["invoices[0].principal"] == "amount"
    assert rules["interest"] == "too_long" and rules["fourteen_day_letter_sent_on"] == "not_a_value"
    huge = claim(principal="1" + "0" * 40)
    assert assert_problem(await file(api, huge), 422)["errors"][0]["rule"] == "amount"
    too_big = assert_problem(await api.client.post("/v1/cases", content=b" " * (1024 * 1024 + 1), headers=auth), 413)
    assert "1 MB" in too_big["detail"]
    assert count_cases(uow_factory) == 0


async def test_unknown_fields_are_ignored_and_numbers_accepted_as_core_accepts_them(api) -> None:
    body = claim("F-7", "99.95")
    body["invoices"][0]["principal"] = 100  # an integer amount is unambiguous
    body["debtor"]["nickname"] = "Jansen"
    body["documents"] = [{"path": "/etc/passwd", "kind": "invoice"}]  # the CLI's field: no meaning here
    response = await file(api, body)
    assert response.status_code == 201 and response.json()["statement"]["principal"] == "100.00"


async def test_an_invoice_number_is_claimed_once(api, uow_factory) -> None:
    assert (await file(api, claim("F-9"))).status_code == 201
    problem = assert_problem(await file(api, claim("F-9")), 422)
    assert problem["errors"][0]["rule"] == "duplicate_invoice"
    # another creditor has its own invoice numbers
    other = await api.client.post("/v1/cases", json=claim("F-9"), headers=api.auth(api.other_token))
    assert other.status_code == 201
    assert count_cases(uow_factory) == 2


async def test_statement_as_of_a_day_and_the_timeline(api, clock) -> None:
    reference = (await file(api, claim("F-1", "2500.00"))).json()["reference"]
    later = await api.client.get(f"/v1/cases/{reference}", params={"as_of": "2026-12-31"}, headers=api.auth())
    assert later.status_code == 200
    assert later.json()["statement"]["as_of"] == "2026-12-31"
    today = (await api.client.get(f"/v1/cases/{reference}", headers=api.auth())).json()["statement"]
    assert Decimal(later.json()["statement"]["interest"]) > Decimal(today["interest"]) > 0
    before_invoice = await api.client.get(f"/v1/cases/{reference}?as_of=2025-01-01", headers=api.auth())
    assert "before the invoice date" in assert_problem(before_invoice, 422)["detail"]
    assert_problem(await api.client.get(f"/v1/cases/{reference}?as_of=yesterday", headers=api.auth()), 422)
    clock.advance(timedelta(days=1))
    await api.client.post(f"/v1/cases/{reference}/contact", json={"note": "Belde, betaalt vrijdag"}, headers=api.auth())
    timeline = await api.client.get(f"/v1/cases/{reference}/timeline", headers=api.auth())
    assert [e["kind"] for e in timeline.json()] == ["case_filed", "contact_reported"]
    assert timeline.json()[1]["at"].startswith("2026-03-03T09:00:00")
    assert timeline.json()[1]["actor"] == "API key test"


async def test_listing_filters_and_pages(api, clock) -> None:
    references = []
    for n in range(7):
        clock.advance(timedelta(days=1))
        body = claim(f"F-{n}")
        if n == 3:
            body["debtor"]["name"] = "Café 't Hoekje_%"
        references.append((await file(api, body)).json()["reference"])
    await api.client.post("/v1/cases", json=claim("F-other"), headers=api.auth(api.other_token))
    await api.client.post(f"/v1/cases/{references[0]}/withdraw", json={"reason": "paid us"}, headers=api.auth())

    async def listing(**params):  # type: ignore[no-untyped-def]
        response = await api.client.get("/v1/cases", params=params, headers=api.auth())
        assert response.status_code == 200, response.text
        return response.json()

    everything = await listing()
    assert [c["reference"] for c in everything["items"]] == references[::-1]  # newest first, only mine
    assert everything["next_cursor"] is None
    first = everything["items"][-1]
    assert first["status"] == "withdrawn" and first["principal"] == "2500.00" and first["invoices"] == 1
    assert first["debtor_name"] == "Bouwbedrijf Jansen B.V." and first["links"]["self"].endswith(references[0])

    seen, cursor = [], None
    while True:
        page = await listing(limit=3, **({"cursor": cursor} if cursor else {}))
        seen += [c["reference"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == references[::-1]

    assert [c["reference"] for c in (await listing(status="withdrawn"))["items"]] == [references[0]]
    both = await listing(status=["withdrawn", "new"], limit=200)
    assert len(both["items"]) == 7
    # filed on day n+1 after 2026-03-02 (10:00 Amsterdam): 03-03 … 03-09
    window = await listing(filed_from="2026-03-04", filed_to="2026-03-05")
    assert [c["reference"] for c in window["items"]] == [references[2], references[1]]
    assert (await listing(filed_from="0001-01-01", filed_to="9999-12-31"))["items"] == everything["items"]
    assert [c["reference"] for c in (await listing(q="hoekje_%"))["items"]] == [references[3]]
    assert [c["reference"] for c in (await listing(q=references[5].lower()))["items"]] == [references[5]]
    assert [c["reference"] for c in (await listing(q="ref-F-6"))["items"]] == [references[6]]
    for wildcard in ("%", "_"):  # matched literally, not as LIKE wildcards
        assert [c["reference"] for c in (await listing(q=wildcard))["items"]] == [references[3]]

    for params in (
        {"limit": 0},
        {"limit": 201},
        {"status": "lost"},
        {"cursor": "bm9wZQ"},
        {"cursor": "!!"},
        {"filed_from": "03/04/2026"},
        {"filed_to": "0"},  # not a Unix timestamp either
        {"filed_from": "20260304"},
        {"q": "a\x00b"},
    ):
        response = await api.client.get("/v1/cases", params=params, headers=api.auth())
        assert_problem(response, 422)


async def test_a_creditor_never_sees_another_creditors_case(api) -> None:
    reference = (await file(api, claim("F-1"))).json()["reference"]
    theirs = api.auth(api.other_token)
    for path in (f"/v1/cases/{reference}", f"/v1/cases/{reference}/timeline", f"/v1/cases/{reference}/documents"):
        body = assert_problem(await api.client.get(path, headers=theirs), 404)
        assert "Bouwbedrijf" not in str(body)
    listing = await api.client.get("/v1/cases", params={"q": reference}, headers=theirs)
    assert listing.json() == {"items": [], "next_cursor": None}
    # guessing references gives the same answer as a reference that does not exist
    missing = assert_problem(await api.client.get("/v1/cases/INC-2026-999999", headers=theirs), 404)
    mine_for_them = assert_problem(await api.client.get(f"/v1/cases/{reference}", headers=theirs), 404)
    assert missing["title"] == mine_for_them["title"]


async def test_odd_paths_and_methods_are_problems(api) -> None:
    for path in ("/v1/cases/%00", "/v1/cases/INC%2F..%2Fetc", "/v1/cases/" + "A" * 500, "/v1/cases/INC 1"):
        response = await api.client.get(path, headers=api.auth())
        assert response.status_code in (404, 422) and response.headers["content-type"] == PROBLEM
    assert_problem(await api.client.get("/v1/nothing", headers=api.auth()), 404)
    not_allowed = assert_problem(await api.client.delete("/v1/cases", headers=api.auth()), 405)
    assert not_allowed  # and the Allow header names every method of the resource, not only the first route's
    assert (await api.client.put("/v1/cases", headers=api.auth())).headers["allow"] == "GET, POST"
    documents = await api.client.patch("/v1/cases/INC-2026-000001/documents", headers=api.auth())
    assert documents.headers["allow"] == "GET, POST"
