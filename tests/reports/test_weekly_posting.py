"""The Monday job queues one report per creditor in Slack (and one for the agency) once per week; the Slack
transports upload the chart to the fake Slack through the real outbox delivery."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bots.slack.outbound import transports
from bots.stand_ins.slack_api import BOT_TOKEN, SlackServer
from core.config import load_settings
from core.db.models import Document, OutboundMessage, SlackWorkspace
from core.reports.posting import queue_weekly_reports
from core.schedule.delivery import deliver_due
from tests.reports.portfolio import build

CASE_CHANNEL, SPECIALIST_CHANNEL = "C0CASES", "C0SPECIALISTS"


def test_one_report_per_creditor_and_week_uploaded_to_its_channel(uow_factory, clock, database_url,
                                                                  data_dir) -> None:  # type: ignore[no-untyped-def]
    p = build(uow_factory, clock)
    with uow_factory() as uow:  # De Zon follows its cases in Slack (in English); Andere B.V. does not
        uow.session.add(SlackWorkspace(team_id="T0ZON", creditor_id=p.creditor_id, case_channel_id=CASE_CHANNEL,
                                       language="en", linked_at=clock.now()))
        uow.commit()

    first = queue_weekly_reports(uow_factory, weeks=4)
    assert (first.week, first.queued, first.already) == (
        "2026-W13", [f"weekly-report:{p.creditor_id}:2026-W13", "weekly-report:agency:2026-W13"], 0)
    clock.advance(timedelta(hours=3))  # a restart, or a second worker, the same Monday
    again = queue_weekly_reports(uow_factory, weeks=4)
    assert (again.queued, again.already) == ([], 2)
    with uow_factory() as uow:
        rows = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.idempotency_key.like(
            "weekly-report:%")).order_by(OutboundMessage.id)).all()
        assert [(r.channel, r.recipient, r.case_id) for r in rows] == [
            ("creditor_update", f"creditor:{p.creditor_id}", None), ("specialist_alert", "specialists", None)]
        mine, agency = rows
        body = json.loads(mine.body)
        assert body["kind"] == "weekly_report" and body["language"] == "en" and body["week"]["week"] == "2026-W13"
        chart = uow.session.get_one(Document, mine.document_id)
        assert (chart.case_id, chart.media_type) == (None, "image/png")
        png = uow.documents.get(chart.sha256)
        agency_png = uow.documents.get(uow.session.get_one(Document, agency.document_id).sha256)
    assert png.startswith(b"\x89PNG") and png != agency_png

    with SlackServer() as fake:
        settings = load_settings(database_url=database_url, data_dir=data_dir, slack_bot_token=BOT_TOKEN,
                                 slack_api_url=fake.api_url, slack_specialist_team_id="T0AGENCY",
                                 slack_specialist_channel=SPECIALIST_CHANNEL)
        deliver_due(uow_factory, transports(settings, uow_factory))  # the reports, and the dispute's card
        asked = fake.of("files.getUploadURLExternal")
        completed = fake.of("files.completeUploadExternal")
        assert [c.params["filename"] for c in asked] == [chart.file_name, "weekly-report-agency-2026-W13.png"]
        assert int(asked[0].params["length"]) == len(png)
        uploaded = [fake.uploads[json.loads(c.params["files"])[0]["id"]] for c in completed]
        assert uploaded == [png, agency_png]  # byte for byte what was rendered and stored
        to_creditor, to_agency = completed
        assert (to_creditor.params["channel_id"], to_creditor.token) == (CASE_CHANNEL, BOT_TOKEN)
        assert to_agency.params["channel_id"] == SPECIALIST_CHANNEL
        comment = to_creditor.params["initial_comment"]
        assert comment.startswith("Weekly report Bakkerij De Zon B.V. — week 2026-W13 (23 Mar 2026 to 29 Mar 2026)")
        assert "Paid within 10 business days: 1 of 1 (100%)" in comment
        assert to_agency.params["initial_comment"].startswith("Weekrapport van het kantoor — week 2026-W13")
        assert "geschillen 1" in to_agency.params["initial_comment"]
        # a file in the case channel, not a message in a case thread
        assert [c for c in fake.of("chat.postMessage") if c.params.get("channel") == CASE_CHANNEL] == []
    with uow_factory() as uow:
        assert {r.status for r in uow.session.scalars(select(OutboundMessage).where(
            OutboundMessage.idempotency_key.like("weekly-report:%")))} == {"sent"}
