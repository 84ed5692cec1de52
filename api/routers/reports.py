"""The creditor's weekly report: the figures as JSON, and the chart as PNG (core/reports)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from api.deps import CreditorActor, Uow
from api.openapi import problem_responses
from core.db.models import Creditor
from core.reports.chart import render_png
from core.reports.weekly import report_for
from core.reports.weeks import MAX_WEEKS

router = APIRouter(prefix="/v1/reports", tags=["reports"])

Weeks = Annotated[int, Query(ge=1, le=MAX_WEEKS, description="How many complete weeks (Monday-Sunday, "
                                                              "Europe/Amsterdam) before the current one")]


class WeekOut(BaseModel):
    week: str = Field(description='ISO week, e.g. "2026-W13"')
    starts_on: str
    ends_on: str
    cases_filed: int
    collected: str = Field(description="Payments dated in the week, less any part to be paid back (EUR)")
    ten_day_cohort: int = Field(description="Cases whose 10 business days after the start of the amicable phase "
                                            "ran out in the week (withdrawn before: left out)")
    paid_within_10_days: int = Field(description="Of those, paid in full on or before their 10th business day")
    success_rate: str | None = Field(description="paid_within_10_days / ten_day_cohort (0-1, four decimals); "
                                                 "null without a cohort")
    paid_cases: int = Field(description="Cases paid in full with their payment dated in the week")
    average_days_to_payment: str | None = Field(description="Calendar days from filing to payment, on average")
    open_total: str = Field(description="Owed at the end of the week over the cases then open (EUR)")
    open_cases: int


class StatusOut(BaseModel):
    status: str
    cases: int
    amount: str


class CreditorRef(BaseModel):
    id: int
    name: str | None


class WeeklyReportOut(BaseModel):
    scope: Literal["creditor"]
    creditor: CreditorRef
    made_at: datetime
    week: WeekOut = Field(description="The report week: the last complete week")
    open_by_status: list[StatusOut] = Field(description="What was open at the end of the report week, by the "
                                                        "status each case had then")
    weeks: list[WeekOut] = Field(description="Every week asked for, oldest first")


@router.get(
    "/weekly",
    response_model=WeeklyReportOut,
    summary="Your weekly report",
    description="Cases filed, collected, the share paid within the 10 business days, average days to payment and "
    "what is open (by status), per week for the last `weeks` complete weeks. Money as strings with two decimals.",
    responses=problem_responses(401, 422),
)
def weekly(actor: CreditorActor, uow: Uow, weeks: Weeks = 8) -> WeeklyReportOut:
    return WeeklyReportOut.model_validate(report_for(uow, actor, weeks).as_dict())


@router.get(
    "/weekly.png",
    response_class=Response,
    summary="Your weekly report as a chart",
    description="Collected per week (bars) and open at each week's end (line), as a PNG of 900 x 450 pixels. "
    "`lang` picks the chart's words; without it, your own language.",
    responses={
        200: {"description": "The chart", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
        **problem_responses(401, 422),
    },
)
def weekly_png(
    actor: CreditorActor, uow: Uow, weeks: Weeks = 8,
    lang: Annotated[Literal["nl", "en"] | None, Query(description="nl or en")] = None,
) -> Response:
    report = report_for(uow, actor, weeks)
    language = lang or uow.session.get_one(Creditor, report.creditor_id).language
    return Response(render_png(report, language), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"})
