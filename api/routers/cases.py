"""Cases: file a claim, list and find cases, read one case with its statement, plan and timeline."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Connection

from api.deps import Credentials, CreditorActor, Lang, Uow, authenticated, bearer
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
from api.state import AppState
from core.actors import Actor
from core.clock import local_today
from core.db.models import Case, Debtor
from core.domain.case_states import CasePhase, CaseStatus
from core.errors import NotFound
from core.intake import parse_claim
from core.services import claims
from core.services.case_access import load_case
from core.services.case_read import CaseRead, read_case
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
_REFERENCE = re.compile(REFERENCE_PATTERN)


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


async def get_case(
    request: Request,
    reference: Reference,
    found: Annotated[CaseRead | NotFound, Depends(case_for_key)],
    as_of: Annotated[
        IsoDate | None, Query(description="The day to compute the statement for; not before the first invoice date")
    ] = None,
) -> Response:
    # The busiest endpoint: the key and the case read on one connection without the ORM (case_for_key), the
    # answer validated once against CaseOut and sent as the JSON FastAPI would make of it (returning a Response
    # skips FastAPI's second validation of a returned model).
    if isinstance(found, NotFound):
        raise found
    state: AppState = request.app.state.incasso
    body = case_document(found, as_of or local_today(state.clock))
    return Response(CaseOut.__pydantic_serializer__.to_json(body, by_alias=True), media_type="application/json")


async def case_for_key(request: Request, credentials: Credentials) -> CaseRead | NotFound:
    """The caller's API key checked (401) and the case read, in one connection. A case that is not there or not
    theirs is returned as the NotFound the endpoint raises once FastAPI has checked the parameters, so errors come
    in the order of the other routes: 401, then 422, then 404."""
    reference = request.path_params["reference"]

    def read(connection: Connection, actor: Actor) -> CaseRead | NotFound:
        try:
            if not _REFERENCE.fullmatch(reference):  # FastAPI answers 422 for it; never sent to the database
                raise NotFound(f"case {reference} not found")
            return read_case(connection, actor, reference)
        except NotFound as exc:
            return exc

    _, found = await authenticated(request.app.state.incasso, credentials, read)
    assert found is not None
    return found


class CaseReadRoute(body_limit(JSON_BODY_LIMIT)):  # type: ignore[misc]
    """GET /v1/cases/{reference}, the busiest route: a plain request (a well-formed reference, no query but
    `as_of=YYYY-MM-DD`, no body) goes straight to the endpoint's own code, without FastAPI's generic dependency
    and parameter machinery (some 0.15 ms a request); anything else, from a bad reference to an extra query
    parameter, takes FastAPI's standard path, which validates it and answers exactly as it always did."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        standard = super().get_route_handler()

        async def handler(request: Request) -> Response:
            plain = _plain_get(request)
            if plain is None:
                return await standard(request)
            found = await case_for_key(request, await bearer(request))
            return await get_case(request, plain[0], found, plain[1])

        return handler


_AS_OF_QUERY = re.compile(rb"as_of=([0-9]{4}-[0-9]{2}-[0-9]{2})")


def _plain_get(request: Request) -> tuple[str, date | None] | None:
    """(reference, as_of) when FastAPI's validation of this request could not fail, else None."""
    scope = request.scope
    if scope["method"] != "GET" or not _REFERENCE.fullmatch(reference := scope["path_params"]["reference"]):
        return None
    headers = request.headers
    if headers.get("content-length", "0") != "0" or "transfer-encoding" in headers:
        return None  # a body: body_limit's checks on the standard path
    query: bytes = scope["query_string"]
    if not query:
        return reference, None
    match = _AS_OF_QUERY.fullmatch(query)
    if match is None:
        return None
    try:
        return reference, date.fromisoformat(match.group(1).decode())
    except ValueError:  # 2026-02-30: the standard path's 422
        return None


router.add_api_route(
    "/cases/{reference}",
    get_case,
    methods=["GET"],
    response_model=CaseOut,
    summary="A case with its statement",
    description="The case, its debtor, the statement as of `as_of` (default: today in Amsterdam) as the law "
    "engine computes it, the contact plan and the timeline.",
    responses=problem_responses(401, 404, 422),
    route_class_override=CaseReadRoute,
)


def case_document(read: CaseRead, as_of: date) -> CaseOut:
    """What case_out gives, from a CaseRead (tests/api/test_case_read.py holds the two side by side)."""
    case = read.case
    return CaseOut.model_validate(
        {
            "reference": case.reference,
            "status": case.status,
            "phase": case.phase,
            "creditor_reference": case.creditor_reference,
            "payment_reference": case.payment_reference,
            "filed_at": case.filed_at,
            "amicable_started_at": case.amicable_started_at,
            "deadline_on": case.deadline_on,
            "closed_at": case.closed_at,
            "updated_at": case.updated_at,
            "debtor": {
                "kind": case.debtor_kind,
                "name": case.debtor_name,
                "address": {
                    "street": case.debtor_street,
                    "postcode": case.debtor_postcode,
                    "city": case.debtor_city,
                    "country": case.debtor_country,
                },
                "email": case.debtor_email,
                "phone": case.debtor_phone,
                "kvk_number": case.debtor_kvk_number,
                "language": case.debtor_language,
            },
            "statement": read.statement(as_of).to_dict(),
            "plan": [PlanStepOut.of(entry) for entry in read.plan],
            "timeline": [TimelineEntryOut.of(entry) for entry in read.timeline],
            "links": CaseLinks.of(case.reference),
        }
    )


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
