"""After the amicable phase: the advice the agency sent, and the whole case file as one ZIP."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CreditorActor, Uow
from api.openapi import problem_responses
from api.routers.cases import Reference
from core.clock import local_today
from core.judicial.advice import sent_advice_for
from core.judicial.export import export_case

router = APIRouter(prefix="/v1/cases/{reference}", tags=["case actions"])


class AdviceOut(BaseModel):
    """The advice after the amicable phase, as the agency sent it (final; a later advice is a new version)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{
                "id": 7, "version": 2, "recommendation": "start_proceedings", "language": "nl",
                "text": "Advies na de minnelijke fase — INC-2026-000042 …", "sent_at": "2026-03-16T09:30:00Z",
                "facts": {"claim": {"total_open": "2812.50"}, "court": {"court": "kanton"}},
            }]
        }
    )

    id: int = Field(description="Send it as `advice_id` with your decision")
    version: int
    recommendation: Literal["start_proceedings", "extend", "close"]
    language: str
    text: str = Field(description="The advice as the specialist wrote or approved it")
    sent_at: datetime
    facts: dict[str, Any] = Field(
        description="The computed basis: `claim` (amounts now), `court` (kanton or rechtbank, district), "
        "`procedure` (court fee, bailiff fee, lump sum, cost to advance, expected recovery), `signals`, `reasons`, "
        "`unconfirmed` (figures not confirmed from a primary source). Money as strings with two decimals."
    )


@router.get(
    "/advice",
    response_model=AdviceOut,
    summary="The advice after the amicable phase",
    description="The latest advice the agency sent on this case: what you can claim now, what a court procedure "
    "costs and brings, which court, the signals for the chance of success and our recommendation. Answer it with "
    "`POST /v1/cases/{reference}/decision` (with `advice_id`). 404 while no advice was sent.",
    responses=problem_responses(401, 404, 422),
)
def get_advice(reference: Reference, actor: CreditorActor, uow: Uow) -> AdviceOut:
    advice = sent_advice_for(uow, actor, reference)
    assert advice.sent_at is not None
    return AdviceOut(
        id=advice.id,
        version=advice.version,
        recommendation=advice.recommendation,  # type: ignore[arg-type]
        language=advice.language,
        text=advice.text,
        sent_at=advice.sent_at,
        facts=advice.facts,
    )


@router.get(
    "/export",
    response_class=Response,
    summary="The case file as one ZIP",
    description="Everything a bailiff or lawyer needs: the statement (JSON, CSV, text), the full timeline (the "
    "audit log, JSON and text), every letter and e-mail sent, the debtor's messages, the advice and judicial steps, "
    "and every document. `README.txt` in the ZIP lists the contents.",
    responses={
        200: {"description": "The ZIP", "content": {"application/zip": {"schema": {"type": "string",
                                                                                     "format": "binary"}}}},
        **problem_responses(401, 404, 422),
    },
)
def get_export(reference: Reference, actor: CreditorActor, uow: Uow) -> Response:
    name, data = export_case(uow, actor, reference, local_today(uow.clock))
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff"},
    )
