"""Cases: file a claim, list and find cases, read one case with its statement, plan and timeline."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from api.deps import CreditorActor, Lang, Uow
from api.idempotency import Idem
from api.limits import JSON_BODY_LIMIT, body_limit
from api.openapi import problem_responses, schema_ref
from api.schemas import (
    BUSINESS_CLAIM_EXAMPLE,
    CONSUMER_CLAIM_EXAMPLE,
    NO_CONTROL_CHARACTERS,
    CaseLinks,
    CaseOut,
    CasePage,
    CaseSummary,
    ClaimIn,
    DebtorOut,
    IsoDate,
    PlanStepOut,
    StatementOut,
    TimelineEntryOut,
)
from core.clock import local_today
from core.db.models import Case, Debtor
from core.domain.case_states import CasePhase, CaseStatus
from core.intake import parse_claim
from core.services import claims
from core.services.case_access import load_case
from core.services.case_search import MAX_PAGE, CaseFilter, search_cases
from core.services.case_view import plan_view, statement_for, timeline
from core.uow import UnitOfWork

router = APIRouter(prefix="/v1", tags=["cases"], route_class=body_limit(JSON_BODY_LIMIT))

REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"
Reference = Annotated[
    str,
    Path(pattern=REFERENCE_PATTERN, description="The case reference", examples=["INC-2026-000042"]),
]
MAX_CASE_ID = 2**31 - 1


async def claim_json(request: Request) -> dict[str, Any]:
    """The body as a JSON object; its fields are checked by core (`parse_claim`), all at once and in nl or en."""
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # also: not UTF-8, a number of more than 4300 digits, absurd nesting
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body",), "msg": "the body is not valid JSON"}]
        ) from None
    if not isinstance(data, dict):
        raise RequestValidationError(
            [{"type": "dict_type", "loc": ("body",), "msg": "the body must be a JSON object: a claim"}]
        )
    return data


ClaimJson = Annotated[dict[str, Any], Depends(claim_json)]


def case_out(uow: UnitOfWork, case: Case, as_of: date) -> CaseOut:
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    return CaseOut(
        reference=case.reference,
        status=CaseStatus(case.status),
        phase=CasePhase(case.phase),
        creditor_reference=case.creditor_reference,
        payment_reference=case.payment_reference,
        filed_at=case.filed_at,
        amicable_started_at=case.amicable_started_at,
        deadline_on=case.deadline_on,
        closed_at=case.closed_at,
        updated_at=case.updated_at,
        debtor=DebtorOut.of(debtor),
        statement=StatementOut.of(statement_for(uow, case, as_of)),
        plan=[PlanStepOut.of(entry) for entry in plan_view(uow, case)],
        timeline=[TimelineEntryOut.of(entry) for entry in timeline(uow, case)],
        links=CaseLinks.of(case.reference),
    )


@router.post(
    "/cases",
    status_code=201,
    response_model=CaseOut,
    summary="File a claim",
    description="Files one claim: a debtor and its overdue invoices. Every field is checked before anything is "
    "written, and every broken field is reported at once (in Dutch with `Accept-Language: nl`). An invoice number "
    "is claimed at most once per creditor. Documents (the invoice, the 14-day letter) are uploaded afterwards to "
    "`/v1/cases/{reference}/documents`. The new case starts as `new`; the contact plan is laid out within a minute.",
    responses=problem_responses(400, 401, 413, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": schema_ref(ClaimIn),
                    "examples": {
                        "business": {"summary": "A business debtor, two invoices", "value": BUSINESS_CLAIM_EXAMPLE},
                        "consumer": {
                            "summary": "A consumer who got the 14-day letter",
                            "value": CONSUMER_CLAIM_EXAMPLE,
                        },
                    },
                }
            },
        }
    },
)
def file_claim(
    claim: ClaimJson,
    actor: CreditorActor,
    uow: Uow,
    idem: Idem,
    lang: Lang,
) -> Response:
    today = local_today(uow.clock)
    request = parse_claim(claim, today=today, lang=lang)
    assert actor.creditor_id is not None
    case = claims.file_claim(uow, actor, actor.creditor_id, request, source="api")
    return idem.respond(case_out(uow, case, today), 201)


def _cursor(after_id: int) -> str:
    return base64.urlsafe_b64encode(f"c1:{after_id}".encode()).decode().rstrip("=")


def _after_id(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        version, _, number = text.partition(":")
        after_id = int(number) if version == "c1" and number.isdecimal() else 0
    except (binascii.Error, ValueError):
        after_id = 0
    if not 1 <= after_id <= MAX_CASE_ID:
        raise RequestValidationError(
            [{"type": "cursor", "loc": ("query", "cursor"), "msg": "not a cursor this API handed out"}]
        )
    return after_id


@router.get(
    "/cases",
    response_model=CasePage,
    summary="List your cases",
    description="Newest first, a page at a time: pass `next_cursor` as `cursor` for the next page (the filters "
    "must stay the same). Filing dates are days in Amsterdam.",
    responses=problem_responses(401, 422),
)
def list_cases(
    actor: CreditorActor,
    uow: Uow,
    status: Annotated[list[CaseStatus] | None, Query(description="One or more statuses")] = None,
    filed_from: Annotated[IsoDate | None, Query(description="Filed on or after this day")] = None,
    filed_to: Annotated[IsoDate | None, Query(description="Filed on or before this day")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=NO_CONTROL_CHARACTERS,
            description="Part of the reference, your own reference or the debtor's name (case-insensitive)",
        ),
    ] = None,
    cursor: Annotated[str | None, Query(max_length=100, description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Cases per page")] = 50,
) -> CasePage:
    filters = CaseFilter(statuses=[s.value for s in status or ()], filed_from=filed_from, filed_to=filed_to, text=q)
    page = search_cases(uow, actor, filters, after_id=_after_id(cursor), limit=limit)
    return CasePage(
        items=[CaseSummary.of(case, debtor) for case, debtor in page.cases],
        next_cursor=_cursor(page.next_after_id) if page.next_after_id else None,
    )


@router.get(
    "/cases/{reference}",
    response_model=CaseOut,
    summary="A case with its statement",
    description="The case, its debtor, the statement as of `as_of` (default: today in Amsterdam) as the law "
    "engine computes it, the contact plan and the timeline.",
    responses=problem_responses(401, 404, 422),
)
def get_case(
    reference: Reference,
    actor: CreditorActor,
    uow: Uow,
    as_of: Annotated[
        IsoDate | None, Query(description="The day to compute the statement for; not before the first invoice date")
    ] = None,
) -> CaseOut:
    case = load_case(uow, actor, reference)
    return case_out(uow, case, as_of or local_today(uow.clock))


@router.get(
    "/cases/{reference}/timeline",
    response_model=list[TimelineEntryOut],
    summary="What happened to a case",
    description="Every event of the case from the audit log, oldest first: filed, letters and messages sent, "
    "payments, contact, status changes, decisions.",
    responses=problem_responses(401, 404, 422),
)
def get_timeline(reference: Reference, actor: CreditorActor, uow: Uow) -> list[TimelineEntryOut]:
    case = load_case(uow, actor, reference)
    return [TimelineEntryOut.of(entry) for entry in timeline(uow, case)]
