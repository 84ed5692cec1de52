"""The Monday job: each creditor that follows its cases in Slack gets last week's report in its case channel, the
specialists get the agency's — one outbox row each, carrying the chart as a document (PNG).

The row's idempotency key names the creditor (or the agency) and the ISO week, so a second run, a restart or a
second worker queues nothing twice; a key already there is seen before anything is computed. The chart is rendered
in the creditor's language (its workspace's setting, else its own); the Slack transport writes the text from the
row's body in the same way.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.db.models import Creditor, Document, DocumentKind, OutboundMessage, SlackWorkspace
from core.notifications import CREDITOR_UPDATE, SPECIALIST_ALERT, queue_message
from core.reports.chart import render_png
from core.reports.weekly import WeeklyReport, agency_report, creditor_report
from core.reports.weeks import complete_weeks
from core.uow import UnitOfWork

log = logging.getLogger("incasso.reports")

WEEKLY_REPORT = "weekly_report"
DEFAULT_WEEKS = 8
AGENCY_LANGUAGE = "nl"  # default; the service passes SLACK_SPECIALIST_LANGUAGE


@dataclass
class PostingResult:
    week: str
    queued: list[str] = field(default_factory=list)  # idempotency keys of the rows queued now
    already: int = 0  # rows that were queued before (this week's job ran already)


def report_key(creditor_id: int | None, week_label: str) -> str:
    return f"weekly-report:{creditor_id if creditor_id is not None else 'agency'}:{week_label}"


def queue_weekly_reports(
    uow_factory: Callable[[], UnitOfWork],
    *,
    weeks: int = DEFAULT_WEEKS,
    agency: bool = True,
    agency_language: str = AGENCY_LANGUAGE,
) -> PostingResult:
    """Queue last week's reports; each creditor in its own transaction (a failure for one stops no other)."""
    with uow_factory() as uow:
        week = complete_weeks(uow.clock.now(), 1)[-1]
        targets = _slack_creditors(uow)
    result = PostingResult(week.label)
    for creditor_id, lang in targets:
        _queue_one(uow_factory, result, creditor_id, lang, weeks)
    if agency:
        _queue_one(uow_factory, result, None, agency_language, weeks)
    return result


def _slack_creditors(uow: UnitOfWork) -> list[tuple[int, str]]:
    """(creditor id, language) of every creditor with a linked workspace that has a case channel."""
    found: dict[int, str] = {}
    for workspace, creditor in uow.session.execute(
        select(SlackWorkspace, Creditor).join(Creditor, Creditor.id == SlackWorkspace.creditor_id)
        .where(SlackWorkspace.case_channel_id.is_not(None))
        .order_by(SlackWorkspace.linked_at, SlackWorkspace.id)
    ):
        found[creditor.id] = workspace.language or creditor.language or "nl"  # the latest link wins, as in Slack
    return sorted(found.items())


def _queue_one(
    uow_factory: Callable[[], UnitOfWork], result: PostingResult, creditor_id: int | None, lang: str, weeks: int
) -> None:
    key = report_key(creditor_id, result.week)
    with uow_factory() as uow:
        if uow.session.scalars(select(OutboundMessage.id).where(OutboundMessage.idempotency_key == key)).first():
            result.already += 1
            return
        report = creditor_report(uow, creditor_id, weeks) if creditor_id is not None else agency_report(uow, weeks)
        if report.week.week.label != result.week:  # the clock crossed Monday 00:00 meanwhile: next run does it
            return
        try:
            queue_report(uow, report, lang, key)
            uow.commit()
        except IntegrityError:  # another worker queued it in the meantime
            uow.rollback()
            result.already += 1
            return
    result.queued.append(key)


def queue_report(uow: UnitOfWork, report: WeeklyReport, lang: str, key: str) -> OutboundMessage:
    """Store the chart as a document (of no case) and queue the row that posts it with the report's text."""
    png = render_png(report, lang)
    who = str(report.creditor_id) if report.creditor_id is not None else "agency"
    file_name = f"weekly-report-{who}-{report.week.week.label}.png"
    blob = uow.documents.put(png, file_name)
    document = Document(case_id=None, kind=DocumentKind.OTHER.value, file_name=file_name,
                        media_type=blob.media_type, size=blob.size, sha256=blob.sha256,
                        uploaded_by="weekly report", created_at=uow.clock.now())
    uow.session.add(document)
    uow.session.flush()
    body: dict[str, Any] = {"kind": WEEKLY_REPORT, "language": lang, "file_name": file_name, **report.as_dict()}
    if report.creditor_id is not None:
        channel, recipient = CREDITOR_UPDATE, f"creditor:{report.creditor_id}"
    else:
        channel, recipient = SPECIALIST_ALERT, "specialists"
    row = queue_message(uow, channel=channel, recipient=recipient, key=key, document_id=document.id,
                        body=json.dumps(body, ensure_ascii=False))
    uow.session.flush()  # a second worker's row for the same key fails here, inside the caller's try
    return row
