"""Documents through /v1: upload checked by content and size, list, download of the exact bytes."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

from sqlalchemy import func, select

from core.db.models import Document
from core.documents_store import MAX_DOCUMENT_BYTES
from tests.api.support import EXE, PDF, PNG, assert_problem, claim

MiB = 1024 * 1024


async def new_case(api, number: str = "F-1", token: str | None = None) -> str:  # type: ignore[no-untyped-def]
    response = await api.client.post("/v1/cases", json=claim(number), headers=api.auth(token))
    assert response.status_code == 201, response.text
    return response.json()["reference"]


async def upload(api, reference, data, *, name="factuur.pdf", kind="invoice", token=None, content_type=None):  # type: ignore[no-untyped-def]
    files = {"file": (name, data, content_type or "application/octet-stream")}
    return await api.client.post(
        f"/v1/cases/{reference}/documents", data={"kind": kind}, files=files, headers=api.auth(token)
    )


async def test_upload_list_and_download_the_exact_bytes(api) -> None:
    reference = await new_case(api)
    response = await upload(api, reference, PDF, name="Factuur F-1 (juni) é.pdf", content_type="image/png")
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["kind"] == "invoice" and document["media_type"] == "application/pdf"  # sniffed, not as sent
    assert document["size"] == len(PDF) and document["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert document["file_name"] == "Factuur F-1 (juni) é.pdf" and document["uploaded_by"] == "API key test"
    assert document["links"]["download"] == f"/v1/cases/{reference}/documents/{document['id']}"
    picture = (await upload(api, reference, PNG, name="../../etc/bon.png", kind="evidence")).json()
    assert picture["file_name"] == ".._.._etc_bon.png" and picture["media_type"] == "image/png"

    listed = await api.client.get(f"/v1/cases/{reference}/documents", headers=api.auth())
    assert [d["id"] for d in listed.json()] == [document["id"], picture["id"]]

    download = await api.client.get(document["links"]["download"], headers=api.auth())
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "filename*=utf-8''Factuur%20F-1%20%28juni%29%20%C3%A9.pdf" in download.headers["content-disposition"]
    assert download.headers["x-content-type-options"] == "nosniff"
    image = await api.client.get(picture["links"]["download"], headers=api.auth())
    assert image.content == PNG and image.headers["content-type"] == "image/png"

    timeline = (await api.client.get(f"/v1/cases/{reference}/timeline", headers=api.auth())).json()
    assert [e["kind"] for e in timeline].count("document_added") == 2


async def test_refused_uploads(api, uow_factory) -> None:
    reference = await new_case(api)
    wrong = assert_problem(await upload(api, reference, EXE, name="factuur.pdf"), 422)
    assert wrong["errors"][0]["field"] == "file" and "file type not accepted" in wrong["detail"]
    assert_problem(await upload(api, reference, b"", name="leeg.pdf"), 422)
    kind = assert_problem(await upload(api, reference, PDF, kind="love letter"), 422)
    assert kind["errors"][0]["field"] == "kind"
    no_file = await api.client.post(f"/v1/cases/{reference}/documents", data={"kind": "invoice"}, headers=api.auth())
    assert assert_problem(no_file, 422)["errors"][0]["field"] == "file"
    not_multipart = await api.client.post(f"/v1/cases/{reference}/documents", json={"kind": "x"}, headers=api.auth())
    assert_problem(not_multipart, 422)
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Document)) == 0


async def test_a_file_over_20_mb_is_refused_early_with_413(api) -> None:
    reference = await new_case(api)
    # just over the limit, inside the multipart allowance: the file's own size decides
    over = PDF + b"0" * (MAX_DOCUMENT_BYTES + 1 - len(PDF))
    body = assert_problem(await upload(api, reference, over), 413)
    assert "20 MB" in body["detail"]
    exactly = PDF + b"0" * (MAX_DOCUMENT_BYTES - len(PDF))
    assert (await upload(api, reference, exactly)).status_code == 201

    # a declared Content-Length over the limit: refused before a byte is read
    pulled = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal pulled
        yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-'
        for _ in range(100):
            pulled += 1
            yield b"x" * MiB

    headers = api.auth() | {"Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": str(100 * MiB)}
    response = await api.client.post(f"/v1/cases/{reference}/documents", content=endless(), headers=headers)
    assert_problem(response, 413)
    assert pulled <= 1
    # no length (chunked): reading stops just past the limit, the rest is never buffered
    pulled = 0
    headers = api.auth() | {"Content-Type": "multipart/form-data; boundary=xyz"}
    response = await api.client.post(f"/v1/cases/{reference}/documents", content=endless(), headers=headers)
    assert_problem(response, 413)
    assert 20 <= pulled <= 22


async def test_documents_are_private_to_the_creditor_and_the_case(api) -> None:
    mine = await new_case(api, "F-1")
    other_of_mine = await new_case(api, "F-2")
    theirs = await new_case(api, "F-3", token=api.other_token)
    document = (await upload(api, mine, PDF)).json()
    their_document = (await upload(api, theirs, PNG, token=api.other_token)).json()
    them = api.auth(api.other_token)

    assert_problem(await api.client.get(f"/v1/cases/{mine}/documents", headers=them), 404)
    assert_problem(await api.client.get(f"/v1/cases/{mine}/documents/{document['id']}", headers=them), 404)
    assert_problem(await upload(api, mine, PNG, token=api.other_token), 404)
    # guessing: their own case with my document's id, or my other case with the right id
    assert_problem(await api.client.get(f"/v1/cases/{theirs}/documents/{document['id']}", headers=them), 404)
    stray = await api.client.get(f"/v1/cases/{other_of_mine}/documents/{document['id']}", headers=api.auth())
    assert_problem(stray, 404)
    mine_guess = await api.client.get(f"/v1/cases/{mine}/documents/{their_document['id']}", headers=api.auth())
    assert_problem(mine_guess, 404)
    for odd in ("0", "-1", "99999999999999999999", "abc"):
        assert_problem(await api.client.get(f"/v1/cases/{mine}/documents/{odd}", headers=api.auth()), 422)
