"""Idempotency-Key on POST: a repeat returns the first answer and creates nothing; concurrent repeats create one."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from core.db.models import Document, Payment
from core.db.models.api_support import IdempotentRequest
from tests.api.support import PDF, assert_problem, claim, count_cases


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def test_a_repeated_claim_gets_the_first_answer_and_files_nothing(api, uow_factory, clock) -> None:
    headers = api.auth() | key()
    first = await api.client.post("/v1/cases", json=claim("F-1"), headers=headers)
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    clock.advance(timedelta(hours=3))  # the statement would differ now; the stored answer does not
    again = await api.client.post("/v1/cases", json=claim("F-1"), headers=headers)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert count_cases(uow_factory) == 1
    # without the key the same claim is a duplicate invoice, as always
    assert_problem(await api.client.post("/v1/cases", json=claim("F-1"), headers=api.auth()), 422)


async def test_the_same_key_for_another_request_is_refused(api, uow_factory) -> None:
    headers = api.auth() | key()
    assert (await api.client.post("/v1/cases", json=claim("F-1"), headers=headers)).status_code == 201
    other = assert_problem(await api.client.post("/v1/cases", json=claim("F-2"), headers=headers), 422)
    assert other["title"] == "Idempotency-Key reused" and "POST /v1/cases" in other["detail"]
    reference = (await api.client.get("/v1/cases", headers=api.auth())).json()["items"][0]["reference"]
    elsewhere = await api.client.post(f"/v1/cases/{reference}/contact", json={"note": "x"}, headers=headers)
    assert_problem(elsewhere, 422)
    assert count_cases(uow_factory) == 1
    # keys belong to a creditor: another creditor may use the same key for its own request
    theirs = await api.client.post("/v1/cases", json=claim("F-1"), headers=headers | api.auth(api.other_token))
    assert theirs.status_code == 201 and "idempotent-replayed" not in theirs.headers


async def test_a_refused_request_is_not_stored_and_can_be_corrected(api, uow_factory) -> None:
    headers = api.auth() | key()
    bad = claim("F-1")
    bad["invoices"][0]["due_date"] = "2026-12-31"
    assert_problem(await api.client.post("/v1/cases", json=bad, headers=headers), 422)
    fixed = await api.client.post("/v1/cases", json=claim("F-1"), headers=headers)
    assert fixed.status_code == 201
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(IdempotentRequest)) == 1


async def test_every_post_is_idempotent(api, uow_factory) -> None:
    reference = (await api.client.post("/v1/cases", json=claim("F-1"), headers=api.auth())).json()["reference"]
    payment = {"amount": "10.00", "paid_on": "2026-03-01"}
    headers = api.auth() | key()
    paid = [await api.client.post(f"/v1/cases/{reference}/payments", json=payment, headers=headers) for _ in range(3)]
    assert [p.status_code for p in paid] == [201, 201, 201] and len({p.content for p in paid}) == 1
    headers = api.auth() | key()
    files = {"file": ("f.pdf", PDF, "application/pdf")}
    uploads = [
        await api.client.post(
            f"/v1/cases/{reference}/documents", data={"kind": "invoice"}, files=files, headers=headers
        )
        for _ in range(2)
    ]
    assert [u.status_code for u in uploads] == [201, 201] and uploads[0].content == uploads[1].content
    different = await api.client.post(
        f"/v1/cases/{reference}/documents", data={"kind": "evidence"}, files=files, headers=headers
    )
    assert_problem(different, 422)
    headers = api.auth() | key()
    withdrawn = [
        await api.client.post(f"/v1/cases/{reference}/withdraw", json={"reason": "done"}, headers=headers)
        for _ in range(2)
    ]
    assert [w.status_code for w in withdrawn] == [200, 200]  # the repeat is not a 409: it is the same request
    csv_headers = api.auth() | key() | {"Content-Type": "text/csv"}
    text = (
        b"debtor_kind,debtor_name,email,invoice_number,invoice_date,due_date,principal\n"
        b"consumer,Piet,piet@example.nl,P-1,2026-01-01,2026-01-31,10.00\n"
    )
    imported = [await api.client.post("/v1/imports", content=text, headers=csv_headers) for _ in range(2)]
    assert imported[0].json()["accepted_cases"] == 1 and imported[1].content == imported[0].content
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Payment)) == 1
        assert uow.session.scalar(select(func.count()).select_from(Document)) == 1
    assert count_cases(uow_factory) == 2


async def test_concurrent_duplicates_create_one_case(api, uow_factory) -> None:
    headers = api.auth() | key()
    responses = await asyncio.gather(
        *(api.client.post("/v1/cases", json=claim("F-1"), headers=headers) for _ in range(6))
    )
    assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    assert len({r.content for r in responses}) == 1
    assert sum("idempotent-replayed" not in r.headers for r in responses) == 1
    assert count_cases(uow_factory) == 1


async def test_concurrent_filings_of_one_invoice_without_a_key_file_it_once(api, uow_factory) -> None:
    responses = await asyncio.gather(
        *(api.client.post("/v1/cases", json=claim("F-1"), headers=api.auth()) for _ in range(4))
    )
    assert sorted(r.status_code for r in responses) == [201, 422, 422, 422], [r.text for r in responses]
    assert all(r.json()["errors"][0]["rule"] == "duplicate_invoice" for r in responses if r.status_code == 422)
    assert count_cases(uow_factory) == 1


async def test_bad_keys(api) -> None:
    for bad in ("", "with space", "x" * 201, "é"):
        response = await api.client.post(
            "/v1/cases", json=claim("F-1"), headers=api.auth() | {"Idempotency-Key": bad.encode("utf-8")}
        )
        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "header.Idempotency-Key"


async def test_a_key_still_running_is_409_and_an_abandoned_one_is_taken_over(api, uow_factory, clock) -> None:
    headers = api.auth() | key()
    text = (
        b"debtor_kind,debtor_name,email,invoice_number,invoice_date,due_date,principal\n"
        b"consumer,Piet,piet@example.nl,P-1,2026-01-01,2026-01-31,10.00\n"
    )
    csv_headers = headers | {"Content-Type": "text/csv"}
    first = await api.client.post("/v1/imports", content=text, headers=csv_headers)
    with uow_factory() as uow:  # as if the import were still running (the import commits as it goes)
        row = uow.session.scalars(select(IdempotentRequest)).one()
        stored = row.response_body
        row.status_code, row.response_body, row.media_type = 0, "", ""
        uow.commit()
    running = assert_problem(await api.client.post("/v1/imports", content=text, headers=csv_headers), 409)
    assert "still being processed" in running["detail"]
    clock.advance(timedelta(minutes=20))  # the process that held it died
    taken = await api.client.post("/v1/imports", content=text, headers=csv_headers)
    assert taken.status_code == 200 and "idempotent-replayed" not in taken.headers
    assert taken.json()["accepted_cases"] == 0 and first.content == stored.encode()  # filed once, not twice
    assert count_cases(uow_factory) == 1
