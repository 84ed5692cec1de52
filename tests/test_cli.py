"""The `incasso` command end to end on a real database: exit 0 on success, 1 with one line on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli.main import cli
from core.db.migrate import head_revision
from tests.builders import business_claim, consumer_claim

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def run(database_url: str, tmp_path: Path):
    runner = CliRunner()
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(tmp_path / "data")}

    def invoke(*args: str, expect: int = 0):
        result = runner.invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == expect, result.output
        assert "Traceback" not in result.output
        return result

    return invoke


@pytest.fixture
def creditor(run) -> str:
    out = run(
        "creditor",
        "add",
        "--name",
        "Bakkerij De Zon B.V.",
        "--kvk",
        "12345678",
        "--iban",
        "NL91ABNA0417164300",
        "--no-vat-deductible",
    ).output
    assert "creditor 1 added" in out
    return "12345678"


def test_help_lists_the_commands() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    for command in ("db", "creditor", "claim", "import", "case", "calc"):
        assert command in out


def test_file_a_claim_with_a_document_and_show_it(run, creditor, tmp_path: Path) -> None:
    (tmp_path / "invoice.pdf").write_bytes(PDF)
    claim = business_claim(documents=[{"path": "invoice.pdf", "kind": "invoice"}])
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(claim))
    out = run("claim", "file", str(path), "--creditor", creditor).output
    assert "INC-2026-000001 filed for Bakkerij De Zon B.V." in out or "INC-20" in out
    reference = out.split()[0]

    shown = json.loads(run("case", "show", reference, "--json", "--as-of", "2026-03-02").output)
    assert shown["status"] == "new"
    assert shown["statement"]["principal"] == "2500.00"
    assert shown["statement"]["costs"] == "375.00" and shown["statement"]["vat"] == "78.75"  # no VAT deduction
    assert [e["kind"] for e in shown["timeline"]] == ["case_filed", "document_added"]

    human = run("case", "show", reference, "--as-of", "2026-03-02").output
    assert "€ 2.500,00" in human.replace("\xa0", " ") and "case_filed" in human


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("case", "show", "INC-2026-999999"), "not found"),
        (("claim", "file", "/nonexistent.json", "--creditor", "1"), "does not exist"),
        (("creditor", "add", "--name", "X", "--kvk", "123", "--iban", "NL00"), "kvk_number"),
        (("case", "explode"), "No such command"),
        (("creditor", "add", "--bogus"), "No such option"),
    ],
)
def test_bad_input_exits_1_with_a_message(run, args, message) -> None:
    result = run(*args, expect=1)
    assert message in result.output


def test_a_bad_claim_file_names_every_field_and_writes_nothing(run, creditor, tmp_path: Path) -> None:
    bad = consumer_claim()
    bad["debtor"]["email"] = "nope"
    bad["invoices"][0]["principal"] = "12,345"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    out = run("claim", "file", str(path), "--creditor", creditor, "--lang", "nl", expect=1).output
    assert "debtor.email" in out and "invoices[0].principal" in out and "bedrag" in out
    (tmp_path / "broken.json").write_text("{not json")
    assert (
        "not valid JSON" in run("claim", "file", str(tmp_path / "broken.json"), "--creditor", creditor, expect=1).output
    )
    assert run("case", "list").output.strip() == "no cases"


def test_an_invalid_setting_names_the_variable(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["case", "list"], env={"INCASSO_TIMEZONE": "Mars/Olympus"})
    assert result.exit_code == 1
    assert "INCASSO_TIMEZONE" in result.output and "unknown time zone" in result.output
    result = CliRunner().invoke(cli, ["case", "list"], env={"DATABASE_URL": "mysql://x"})
    assert result.exit_code == 1 and "DATABASE_URL" in result.output


def test_db_upgrade_is_idempotent(run) -> None:
    head = head_revision()
    assert f"-> {head}" in run("db", "upgrade").output
    assert f"current: {head}; head: {head}" in run("db", "current").output
