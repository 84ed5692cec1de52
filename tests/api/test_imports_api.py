"""Bulk intake through POST /v1/imports: multipart or text/csv, a result per row, limits and bad files."""

from __future__ import annotations

from collections.abc import AsyncIterator

from tests.api.support import assert_problem, count_cases
from tests.builders import CSV_HEADER as HEADER
from tests.builders import claims_csv
from tests.builders import csv_row as row


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    return claims_csv(rows, header).encode()


SAMPLE = csv_bytes(
    [
        row("A-1", key="piet"),
        row("A-2", key="piet", principal="100,50"),
        row("B-1", name="Klaas", postcode="99999"),  # refused: postcode
        row("C-1", name="Marie", due="2026-04-01"),  # refused: due in the future
        row("D-1", name="Joke"),
    ]
)


async def test_multipart_import_files_the_good_rows_and_explains_the_rest(api, uow_factory) -> None:
    response = await api.client.post(
        "/v1/imports", files={"file": ("claims.csv", SAMPLE, "text/csv")}, headers=api.auth()
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["dry_run"] is False and result["rows"] == 5
    assert result["accepted_cases"] == 2 and result["accepted_rows"] == 3 and len(result["references"]) == 2
    assert [r["row"] for r in result["refused"]] == [4, 5]
    assert (
        "postcode" in result["refused"][0]["reason"] and "due date is in the future" in result["refused"][1]["reason"]
    )
    case = (await api.client.get(f"/v1/cases/{result['references'][0]}", headers=api.auth())).json()
    assert case["statement"]["principal"] == "350.50" and len(case["statement"]["invoices"]) == 2
    assert count_cases(uow_factory) == 2

    again = await api.client.post("/v1/imports", content=SAMPLE, headers=api.auth() | {"Content-Type": "text/csv"})
    assert again.status_code == 200 and again.json()["accepted_cases"] == 0  # nothing twice
    assert {r["row"] for r in again.json()["refused"]} == {2, 4, 5, 6}
    assert count_cases(uow_factory) == 2


async def test_text_csv_body_dry_run_and_dutch_reasons(api, uow_factory) -> None:
    headers = api.auth() | {"Content-Type": "text/csv; charset=utf-8", "Accept-Language": "nl"}
    body = b"\xef\xbb\xbf" + SAMPLE  # a BOM, as spreadsheets write it
    response = await api.client.post("/v1/imports", params={"dry_run": "true"}, content=body, headers=headers)
    result = response.json()
    assert response.status_code == 200 and result["dry_run"] is True and result["accepted_cases"] == 2
    assert result["references"] == [] and "geen geldige Nederlandse postcode" in result["refused"][0]["reason"]
    assert count_cases(uow_factory) == 0


async def test_bad_files(api, uow_factory) -> None:
    async def post(content: bytes, content_type: str = "text/csv"):  # type: ignore[no-untyped-def]
        return await api.client.post(
            "/v1/imports", content=content, headers=api.auth() | {"Content-Type": content_type}
        )

    header = assert_problem(await post(csv_bytes([row("A-1")], header=[*HEADER[:-1], "amount"])), 400)
    assert "missing column(s): principal" in header["detail"] and "unknown column(s): amount" in header["detail"]
    assert "empty" in assert_problem(await post(b""), 400)["detail"]
    latin1 = csv_bytes([row("A-1", name="Café")]).decode().encode("latin-1")
    assert assert_problem(await post(latin1), 422)["errors"][0]["rule"] == "encoding"
    assert_problem(await post(SAMPLE, "application/json"), 415)
    assert_problem(await post(SAMPLE, "application/x-www-form-urlencoded"), 415)
    no_file = await api.client.post("/v1/imports", files={"other": ("x.csv", SAMPLE)}, headers=api.auth())
    assert assert_problem(no_file, 422)["errors"][0]["field"] == "file"
    # a NUL byte or an absurd field is one refused row, not a crash
    broken = (
        SAMPLE + b'"E","consumer","Nul\x00","Kerkstraat 5","1011 AB","A","a@b.nl","E-1","2026-01-01",'
        b'"2026-01-31","1.00"\n' + csv_bytes([row("F-1", name="Fien")]).split(b"\n", 1)[1]
    )
    huge = b'"G","consumer","' + b"G" * 200_000 + b'",,,,"g@h.nl","G-1","2026-01-01","2026-01-31","1.00"\n'
    result = (await post(broken + huge + csv_bytes([row("H-1", name="Henk")]).split(b"\n", 1)[1])).json()
    assert result["accepted_cases"] == 4 and [r["row"] for r in result["refused"]] == [4, 5, 7, 9]
    assert "row 9: this line cannot be read as CSV (field larger than field limit" in result["refused"][3]["reason"]
    assert count_cases(uow_factory) == 4
    huge_header = assert_problem(await post(b"debtor_kind," + b"x" * 200_000 + b"\n"), 400)
    assert "header cannot be read" in huge_header["detail"]


async def test_a_csv_over_50_mb_is_refused_with_413(api) -> None:
    pulled = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal pulled
        yield ",".join(HEADER).encode() + b"\n"
        for _ in range(80):
            pulled += 1
            yield b"x" * (1024 * 1024)

    headers = api.auth() | {"Content-Type": "text/csv"}
    assert_problem(await api.client.post("/v1/imports", content=endless(), headers=headers), 413)
    assert pulled <= 52
    declared = headers | {"Content-Length": str(60 * 1024 * 1024)}
    assert_problem(await api.client.post("/v1/imports", content=endless(), headers=declared), 413)
