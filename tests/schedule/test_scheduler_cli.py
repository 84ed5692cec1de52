"""`incasso scheduler --once --at …` and the plan in `incasso case show`, through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from api.cli.main import cli
from tests.builders import consumer_claim


def test_once_at_a_moment_plans_sends_and_shows_the_plan(database_url: str, tmp_path: Path, smtp) -> None:
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(tmp_path / "data"), "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(smtp.port), "SMTP_STARTTLS": "false", "INCASSO_SECRET_KEY": "k"}
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run("creditor", "add", "--name", "Zon B.V.", "--kvk", "12345678", "--iban", "NL91ABNA0417164300")
    (tmp_path / "c.json").write_text(json.dumps(consumer_claim()))
    reference = run("claim", "file", str(tmp_path / "c.json"), "--creditor", "12345678").split()[0]

    out = run("scheduler", "--once", "--at", "2026-03-02T21:30+01:00")  # Monday evening: outside contact hours
    assert "new cases planned: 1; steps: none" in out  # day 0 starts at 08:00 the next morning
    assert "no transport for: telegram, phone_task" in out  # said, not silently dropped
    assert smtp.messages == []
    out = run("scheduler", "--once", "--at", "2026-03-03T08:00+01:00")
    for outcome in ("letter:done 1", "email:done 1", "email:sent 1", "letter:sent 1"):
        assert outcome in out
    assert len(smtp.messages) == 1 and reference in smtp.messages[0]["Subject"]

    shown = json.loads(run("case", "show", reference, "--json"))
    plan = [(p["day"], p["channel"], p["status"]) for p in shown["plan"]]
    assert plan[:3] == [(0, "letter", "done"), (0, "email", "done"), (2, "phone", "planned")]
    assert shown["plan"][1]["deliveries"] == ["email sent"]
    assert shown["status"] == "amicable"
    human = run("case", "show", reference)
    assert "contactplan:" in human and "Tue 2026-03-03 08:00" in human

    assert "--at goes with --once" in run("scheduler", "--at", "2026-03-03T08:00+01:00", code=1)
    assert "give a time zone offset" in run("scheduler", "--once", "--at", "2026-03-03T08:00", code=1)


def test_the_apscheduler_jobs_run_the_schedule(uow_factory, service_settings, clock) -> None:
    import time

    from core.db.models import Case
    from core.schedule.transports import core_transports
    from scheduler import build_scheduler
    from tests.builders import make_case, make_creditor

    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow))
    scheduler = build_scheduler(uow_factory, service_settings, core_transports(service_settings), blocking=False)
    assert {job.id for job in scheduler.get_jobs()} == {"dispatch", "day-10-evaluations", "monthly-settlement",
                                                        "weekly-reports", "housekeeping"}
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        status = "new"
        while time.monotonic() < deadline and status == "new":
            time.sleep(0.05)
            with uow_factory() as uow:
                status = uow.session.get(Case, case.id).status
    finally:
        scheduler.shutdown(wait=True)
    assert status == "amicable"


def test_a_creditor_with_its_own_plan(database_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(tmp_path / "data"), "INCASSO_SECRET_KEY": "k"}
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run("creditor", "add", "--name", "Zon B.V.", "--kvk", "12345678", "--iban", "NL91ABNA0417164300")
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps([{"day": 0, "channel": "email", "template": "demand", "condition": "has_email"},
                                {"day": 4, "channel": "evaluation", "template": "day10"}]))
    assert "own plan" in run("creditor", "plan", "12345678", str(plan))
    plan.write_text(json.dumps([{"day": 0, "channel": "fax", "template": "demand"}]))
    assert "not a valid contact plan" in run("creditor", "plan", "12345678", str(plan), code=1)
    (tmp_path / "c.json").write_text(json.dumps(consumer_claim()))
    reference = run("claim", "file", str(tmp_path / "c.json"), "--creditor", "12345678").split()[0]
    run("scheduler", "--once", "--at", "2026-03-02T21:30+01:00")
    shown = json.loads(run("case", "show", reference, "--json"))
    assert [(p["day"], p["channel"]) for p in shown["plan"]] == [(0, "email"), (4, "evaluation")]
