"""`incasso creditor webhook` on a real database: set, keep or generate the secret, refuse plain http, turn off."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from api.cli.main import cli
from core import webhooks
from core.db.models import Creditor, OutboundMessage
from tests.builders import make_case


@pytest.fixture
def run(database_url: str, tmp_path: Path):
    runner = CliRunner()
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(tmp_path / "data")}

    def invoke(*args: str, expect: int = 0):
        result = runner.invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == expect, result.output
        assert "Traceback" not in result.output
        return result

    run_args = ("creditor", "add", "--name", "Bakkerij De Zon B.V.", "--kvk", "12345678", "--iban",
                "NL91ABNA0417164300")
    invoke(*run_args)
    return invoke


def creditor_row(uow_factory) -> Creditor:
    with uow_factory() as uow:
        return uow.session.scalars(select(Creditor)).one()


def test_a_generated_secret_is_printed_once_and_kept_when_only_the_url_changes(run, uow_factory) -> None:
    out = run("creditor", "webhook", "12345678", "--url", "https://boekhouding.example.nl/hook",
              "--generate-secret").output
    stored = creditor_row(uow_factory)
    assert stored.webhook_url == "https://boekhouding.example.nl/hook"
    assert stored.webhook_secret.startswith("whsec_") and stored.webhook_secret in out

    out = run("creditor", "webhook", "12345678", "--url", "https://boekhouding.example.nl/v2").output
    assert "unchanged" in out and stored.webhook_secret not in out
    assert creditor_row(uow_factory).webhook_secret == stored.webhook_secret

    out = run("creditor", "webhook", "1", "--url", "http://localhost:9000/h", "--secret", "my-own-secret-1234").output
    assert "the one given" in out and "my-own-secret-1234" not in out
    assert creditor_row(uow_factory).webhook_secret == "my-own-secret-1234"


def test_a_url_without_a_secret_yet_gets_one(run, uow_factory) -> None:
    out = run("creditor", "webhook", "12345678", "--url", "http://127.0.0.1:8080/hook").output
    secret = creditor_row(uow_factory).webhook_secret
    assert secret and secret in out


def test_bad_input_is_refused_with_one_line_and_changes_nothing(run, uow_factory) -> None:
    out = run("creditor", "webhook", "12345678", "--url", "http://boekhouding.example.nl/hook", expect=1).output
    assert "https is required" in out
    out = run("creditor", "webhook", "12345678", "--url", "https://x.example/h", "--secret", "short", expect=1).output
    assert "16 to 100 characters" in out
    run("creditor", "webhook", "12345678", expect=1)
    run("creditor", "webhook", "12345678", "--off", "--url", "https://x.example/h", expect=1)
    run("creditor", "webhook", "12345678", "--url", "https://x.example/h", "--secret", "s" * 20, "--generate-secret",
        expect=1)
    assert "not found" in run("creditor", "webhook", "87654321", "--url", "https://x.example/h", expect=1).output
    stored = creditor_row(uow_factory)
    assert stored.webhook_url is None and stored.webhook_secret is None


def test_off_clears_url_and_secret_and_cancels_waiting_webhooks(run, uow_factory) -> None:
    run("creditor", "webhook", "12345678", "--url", "https://boekhouding.example.nl/hook", "--generate-secret")
    with uow_factory() as uow:
        make_case(uow, uow.session.scalars(select(Creditor)).one())
    out = run("creditor", "webhook", "12345678", "--off").output
    assert "off; 1 waiting webhook(s) cancelled" in out
    stored = creditor_row(uow_factory)
    assert stored.webhook_url is None and stored.webhook_secret is None
    with uow_factory() as uow:
        statuses = uow.session.scalars(
            select(OutboundMessage.status).where(OutboundMessage.channel == webhooks.CHANNEL)
        ).all()
    assert statuses == ["cancelled"]
