"""The report over the HTTP API (JSON and PNG, per API key) and on the command line."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from api.app import create_app
from api.cli.main import cli
from core.config import load_settings
from core.services.creditors import create_api_key
from tests.reports.portfolio import build


async def test_a_creditor_gets_its_own_report_as_json_and_png(uow_factory, clock, database_url,
                                                              data_dir) -> None:  # type: ignore[no-untyped-def]
    p = build(uow_factory, clock)
    with uow_factory() as uow:
        mine = create_api_key(uow, p.creditor_id, "test").token
        theirs = create_api_key(uow, p.other_id, "test").token
        uow.commit()
    app = create_app(load_settings(database_url=database_url, data_dir=data_dir, secret_key="test-secret"),
                     clock=clock, transports={})
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://app") as client:
        answer = await client.get("/v1/reports/weekly?weeks=4", headers={"Authorization": f"Bearer {mine}"})
        assert answer.status_code == 200, answer.text
        report = answer.json()
        assert report["creditor"] == {"id": p.creditor_id, "name": "Bakkerij De Zon B.V."}
        assert [w["week"] for w in report["weeks"]] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
        assert [w["cases_filed"] for w in report["weeks"]] == [3, 2, 1, 1]
        assert report["weeks"][0]["collected"] == str(p.paid["c1"])  # "x1" of the other creditor is not in it
        assert report["weeks"][2]["success_rate"] == "0.3333"
        assert [s["status"] for s in report["open_by_status"]] == ["new", "amicable", "disputed"]

        other = (await client.get("/v1/reports/weekly?weeks=4", headers={"Authorization": f"Bearer {theirs}"})).json()
        assert other["creditor"]["id"] == p.other_id
        assert other["weeks"][0]["collected"] == str(p.paid["x1"]) and other["weeks"][0]["cases_filed"] == 1
        assert other["open_by_status"] == [] and other["weeks"][-1]["open_total"] == "0.00"

        png = await client.get("/v1/reports/weekly.png", params={"weeks": 4, "lang": "en"},
                               headers={"Authorization": f"Bearer {mine}"})
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        from matplotlib import image

        assert image.imread(io.BytesIO(png.content), format="png").shape[:2] == (450, 900)

        assert (await client.get("/v1/reports/weekly")).status_code == 401
        assert (await client.get("/v1/reports/weekly.png", headers={"Authorization": "Bearer nope"})).status_code == 401
        for bad in ("weeks=0", "weeks=53", "weeks=eight"):
            refused = await client.get(f"/v1/reports/weekly?{bad}", headers={"Authorization": f"Bearer {mine}"})
            assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["errors"][0]["field"] == "query.weeks"
        refused = await client.get("/v1/reports/weekly.png?lang=de", headers={"Authorization": f"Bearer {mine}"})
        assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"


@pytest.fixture
def sqlite_only(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "cli.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


def test_the_report_command(sqlite_only, data_dir, tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    """SQLite only: the figures are the core's, tested on both databases."""
    from core.db.base import make_engine, make_session_factory
    from core.uow import UnitOfWork

    engine = make_engine(sqlite_only)
    sessions = make_session_factory(engine)
    p = build(lambda: UnitOfWork(sessions, clock=clock, data_dir=data_dir), clock)
    engine.dispose()
    env = {"DATABASE_URL": sqlite_only, "INCASSO_DATA_DIR": str(data_dir)}
    at = ["--as-of", "2026-03-30T08:00+02:00"]

    def run(*args: str, expect: int = 0) -> str:
        result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == expect, result.output
        assert "Traceback" not in result.output
        return result.output

    chart = tmp_path / "report.png"
    text = run("report", "--creditor", "12345678", "--weeks", "4", "--out", str(chart), *at)
    assert "Weekrapport Bakkerij De Zon B.V. — week 2026-W13" in text and f"chart: {chart}" in text
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    data = json.loads(run("report", "--creditor", str(p.other_id), "--weeks", "4", "--json", *at))
    assert data["creditor"]["name"] == "Andere B.V." and data["weeks"][0]["collected"] == str(p.paid["x1"])
    agency = json.loads(run("report", "--agency", "--weeks", "4", "--json", *at))
    assert agency["scope"] == "agency" and agency["queue"]["disputes"] == 1
    assert agency["weeks"][0]["cases_filed"] == 4
    assert "Weekly report of the agency" in run("report", "--agency", "--weeks", "2", "--lang", "en", *at)

    assert "give --creditor" in run("report", "--weeks", "4", expect=1)
    assert "give --creditor" in run("report", "--agency", "--creditor", "12345678", expect=1)
    assert "not found" in run("report", "--creditor", "11112222", expect=1)
    assert "0 is not in the range" in run("report", "--agency", "--weeks", "0", expect=1)
    assert "--as-of" in run("report", "--agency", "--as-of", "next monday", expect=1)
    # --post: nobody is in Slack here, so only the agency's report is queued, and only once
    assert "week 2026-W13: 1 report(s) queued, 0 queued before" in run("report", "--post", "--weeks", "4", *at)
    assert "0 report(s) queued, 1 queued before" in run("report", "--post", *at)
