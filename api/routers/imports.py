"""Bulk intake: a CSV file of invoices, filed as cases, with a result per row."""

from __future__ import annotations

import codecs
import io
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import UploadFile

from api.deps import CreditorActor, Lang, Uow
from api.idempotency import Idem
from api.limits import MULTIPART_OVERHEAD, MiB, body_limit, too_large
from api.openapi import problem_responses
from api.schemas import ImportResult, RefusedRow
from core.csv_import import KNOWN, REQUIRED, import_claims_csv

MAX_CSV_BYTES = 50 * MiB
CSV_TYPES = ("text/csv", "application/csv", "text/plain")

router = APIRouter(prefix="/v1", tags=["imports"], route_class=body_limit(MAX_CSV_BYTES + MULTIPART_OVERHEAD))


async def csv_upload(request: Request) -> bytes:
    """The CSV bytes, from a multipart form (field `file`) or from a text/csv body."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"type": "missing", "loc": ("body", "file"), "msg": "send the CSV file in the form field `file`"}]
            )
        data = await upload.read()
    elif media_type in CSV_TYPES:
        data = await request.body()
    else:
        raise HTTPException(415, "send the CSV file as multipart/form-data (field `file`) or as a text/csv body")
    if len(data) > MAX_CSV_BYTES:
        raise too_large(MAX_CSV_BYTES)
    return data


def utf8_stream(data: bytes) -> io.TextIOWrapper:
    """The CSV as text, checked to be UTF-8 first, so an import never stops halfway on a bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    offset = 0
    try:
        while offset < len(view):
            decoder.decode(view[offset : offset + MiB])
            offset += MiB
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise RequestValidationError(
            [{"type": "encoding", "loc": ("body", "file"), "msg": "the file is not UTF-8 text"}]
        ) from None
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


CsvUpload = Annotated[bytes, Depends(csv_upload)]

_EXAMPLE = (
    "debtor_kind,debtor_name,street,postcode,city,email,invoice_number,invoice_date,due_date,principal,case_key\n"
    "business,Bouwbedrijf Jansen B.V.,Industrieweg 12,3542 AD,Utrecht,administratie@jansen-bouw.nl,"
    "F-2026-100,2025-12-01,2025-12-31,2500.00,jansen\n"
    "business,Bouwbedrijf Jansen B.V.,Industrieweg 12,3542 AD,Utrecht,administratie@jansen-bouw.nl,"
    "F-2026-117,2025-12-15,2026-01-14,830.50,jansen\n"
)


@router.post(
    "/imports",
    response_model=ImportResult,
    summary="Import claims from a CSV file",
    description="One row per invoice; consecutive rows with the same `case_key` form one case. Required columns: "
    f"{', '.join(REQUIRED)}; optional: {', '.join(sorted(KNOWN - set(REQUIRED)))}. Every row is checked; a bad row "
    "(or a case with one bad row) is refused whole with its row number and reasons, the rest is filed. Importing "
    "the same file again files nothing twice. UTF-8, at most 50 MB. `dry_run=true` checks without filing.",
    responses=problem_responses(400, 401, 409, 413, 415, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary", "description": "The CSV"}},
                    }
                },
                "text/csv": {"schema": {"type": "string"}, "example": _EXAMPLE},
            },
        }
    },
)
def import_claims(
    actor: CreditorActor,
    upload: CsvUpload,
    uow: Uow,
    idem: Idem,
    lang: Lang,
    dry_run: Annotated[bool, Query(description="Check every row, file nothing")] = False,
) -> Response:
    assert actor.creditor_id is not None
    summary = import_claims_csv(uow, actor, actor.creditor_id, utf8_stream(upload), lang=lang, dry_run=dry_run)
    result = ImportResult(
        dry_run=dry_run,
        rows=summary.rows,
        accepted_cases=summary.accepted_cases,
        accepted_rows=summary.accepted_rows,
        references=summary.references,
        refused=[RefusedRow(row=row, reason=reason) for row, reason in summary.refused],
    )
    return idem.respond(result)
