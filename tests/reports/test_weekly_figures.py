"""The weekly figures on a hand-built portfolio (tests/reports/portfolio.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from core.actors import Actor
from core.db.models import Case
from core.errors import Forbidden
from core.reports.chart import render_png
from core.reports.texts import summary_text
from core.reports.weekly import agency_report, creditor_report, report_for
from core.reports.weeks import complete_weeks, week_of
from core.services.case_view import statement_for
from tests.reports.portfolio import REPORT_MOMENT, build


def test_weeks_run_monday_to_monday_in_amsterdam_and_only_complete_ones_count() -> None:
    weeks = complete_weeks(REPORT_MOMENT, 4)
    assert [w.label for w in weeks] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    last = weeks[-1]
    assert (last.monday, last.sunday) == (date(2026, 3, 23), date(2026, 3, 29))
    # summer time began on Sunday 29-03: that week has 167 hours, and ends at 22:00 UTC, not 23:00
    assert (last.ends - last.starts).total_seconds() == 167 * 3600
    assert last.ends.isoformat() == "2026-03-29T22:00:00+00:00"
    assert week_of(date(2026, 3, 29)) == last
    with pytest.raises(ValueError):
        complete_weeks(REPORT_MOMENT, 0)


def test_a_creditors_figures_equal_the_hand_computed_ones(uow_factory, clock) -> None:  # type: ignore[no-untyped-def]
    p = build(uow_factory, clock)
    with uow_factory() as uow:
        report = creditor_report(uow, p.creditor_id, 4)
        def owed(name: str, sunday: date) -> Decimal:  # what the law engine says the case owed that Sunday
            return statement_for(uow, uow.session.get_one(Case, p.cases[name].id), sunday).total_open

        sundays = [date(2026, 3, 8), date(2026, 3, 15), date(2026, 3, 22), date(2026, 3, 29)]
        expected_open = [sum((owed(n, sunday) for n in names), Decimal(0)) for sunday, names in zip(
            sundays, [("c2", "c3"), ("c2", "c3", "c7"), ("c3", "c5", "c7"), ("c3", "c5", "c6")], strict=True)]
        end = {name: owed(name, sundays[-1]) for name in ("c3", "c5", "c6")}

    w10, w11, w12, w13 = report.weeks
    assert [w.cases_filed for w in report.weeks] == [3, 2, 1, 1]  # c1 c2 c3 | c7 c4 | c5 | c6 (never "x1")
    assert w10.collected == p.paid["c1"]
    assert w11.collected == Decimal("100.00")
    assert w12.collected == p.paid["c2"]
    assert w13.collected == p.paid["c7"]
    # the 10-day cohorts: W12 holds c1 (paid on day 3), c2 (paid on day 14) and c3 (not paid): 1 of 3;
    # W13 holds c7 (paid on its 10th business day exactly); c4 was withdrawn before its 10th day: not counted
    assert [(w.ten_day_cohort, w.paid_within_10_days) for w in report.weeks] == [(0, 0), (0, 0), (3, 1), (1, 1)]
    assert (w12.success_rate, w13.success_rate, w10.success_rate) == (Decimal("0.3333"), Decimal("1"), None)
    # days from filing to the payment date: c1 3 (W10), c2 18 (W12), c7 14 (W13)
    assert [(w.paid_cases, w.average_days_to_payment) for w in report.weeks] == [
        (1, Decimal("3.0")), (0, None), (1, Decimal("18.0")), (1, Decimal("14.0"))]
    # open at each week's end, per the law engine on that Sunday: c1 paid in W10, c4 withdrawn in W11, c2 paid in
    # W12, c7 paid in W13, c6 filed in W13
    assert [w.open_cases for w in report.weeks] == [2, 3, 3, 3]
    assert [w.open_total for w in report.weeks] == expected_open
    assert end["c3"] < end["c6"]  # c3's 100.00 counts
    # split by the status at the end of the week: c3 was withdrawn only on Monday morning
    assert [(s.status, s.cases, s.amount) for s in report.open_by_status] == [
        ("new", 1, end["c6"]), ("amicable", 1, end["c3"]), ("disputed", 1, end["c5"])]

    data = report.as_dict()
    assert data["scope"] == "creditor" and data["creditor"] == {"id": p.creditor_id, "name": "Bakkerij De Zon B.V."}
    assert data["week"]["week"] == "2026-W13" and data["week"]["success_rate"] == "1.0000"
    assert data["weeks"][2]["success_rate"] == "0.3333" and data["weeks"][2]["collected"] == str(p.paid["c2"])
    text = summary_text(data, "nl")
    assert "Weekrapport Bakkerij De Zon B.V. — week 2026-W13 (23-03-2026 t/m 29-03-2026)" in text
    assert "Binnen 10 werkdagen betaald: 1 van 1 (100 %)" in text and "Nieuwe dossiers: 1" in text
    assert "Gemiddeld 14,0 dagen van indienen tot betaling (1 dossier(s) volledig betaald)" in text
    english = summary_text(data, "en")
    assert "Paid within 10 business days: 1 of 1 (100%)" in english and "• disputed: €" in english

    # the PNG: a real image of the promised size, decoded by matplotlib itself
    png = render_png(report, "en")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    from matplotlib import image

    pixels = image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[:2] == (450, 900)
    assert pixels[..., :3].std() > 0.05  # not a blank canvas


def test_the_agency_report_adds_every_creditor_and_the_queue(uow_factory, clock) -> None:  # type: ignore[no-untyped-def]
    p = build(uow_factory, clock)
    with uow_factory() as uow:
        agency = agency_report(uow, 4)
        mine = creditor_report(uow, p.creditor_id, 4)
        theirs = creditor_report(uow, p.other_id, 4)
        with pytest.raises(Forbidden):
            report_for(uow, Actor.creditor(p.creditor_id), 4, creditor_id=p.other_id)
        assert report_for(uow, Actor.creditor(p.creditor_id), 4).creditor_id == p.creditor_id
    w10 = agency.weeks[0]
    assert w10.cases_filed == 4 and w10.collected == p.paid["c1"] + p.paid["x1"]
    assert theirs.weeks[0].collected == p.paid["x1"] and theirs.weeks[0].paid_cases == 1
    assert theirs.weeks[2].ten_day_cohort == 1 and theirs.weeks[2].paid_within_10_days == 1  # x1: 10th day 17-03
    for week, a, b in zip(agency.weeks, mine.weeks, theirs.weeks, strict=True):
        assert week.open_total == a.open_total + b.open_total
        assert week.ten_day_cohort == a.ten_day_cohort + b.ten_day_cohort
    assert agency.queue is not None and agency.queue.counts["disputes"] == 1  # c5
    text = summary_text(agency.as_dict(), "nl")
    assert text.startswith("Weekrapport van het kantoor — week 2026-W13") and "geschillen 1" in text
