"""`incasso import`: streamed bulk intake; bad rows are refused whole with their reasons, good rows land once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from api.cli.main import cli
from core.actors import Actor
from core.csv_import import import_claims_csv
from core.db.models import Case, ClaimLine
from tests.builders import CSV_HEADER as HEADER
from tests.builders import claims_csv as to_csv
from tests.builders import csv_row as row
from tests.builders import make_creditor


def test_good_rows_land_bad_rows_are_refused_whole(uow_factory) -> None:
    content = to_csv(
        [
            row("A-1"),
            row("A-2", principal="-3"),  # row 3: negative amount
            row("A-3", key="g1", name="Groep B.V.", kind="business"),
            row("A-4", key="g1", name="Groep B.V.", kind="business", due="2027-01-01"),  # row 5 spoils group g1
            row("A-5", key="g2", name="Twee B.V.", kind="business"),
            row("A-6", key="g2", name="Twee B.V.", kind="business"),
            row("A-7", email="kapot@"),  # row 8
        ]
    )
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        summary = import_claims_csv(uow, Actor.creditor(creditor.id), creditor.id, io.StringIO(content), batch_size=2)
        assert (summary.rows, summary.accepted_rows, summary.accepted_cases) == (7, 3, 2)
        reasons = dict(summary.refused)
        assert sorted(reasons) == [3, 4, 8]
        assert "principal (row 3)" in reasons[3] and "amount must be positive" in reasons[3]
        assert "due_date (row 5)" in reasons[4] and "future" in reasons[4]
        assert reasons[8].startswith("email:")
        numbers = uow.session.scalars(select(ClaimLine.invoice_number).order_by(ClaimLine.id)).all()
        assert numbers == ["A-1", "A-5", "A-6"]
        two = uow.session.scalars(
            select(Case).where(
                Case.id == uow.session.scalar(select(ClaimLine.case_id).where(ClaimLine.invoice_number == "A-5"))
            )
        ).one()
        assert [line.invoice_number for line in two.claim_lines] == ["A-5", "A-6"]


def test_importing_the_same_file_again_files_nothing_twice(uow_factory) -> None:
    content = to_csv([row(f"B-{i}") for i in range(5)])
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        actor = Actor.creditor(creditor.id)
        first = import_claims_csv(uow, actor, creditor.id, io.StringIO(content))
        second = import_claims_csv(uow, actor, creditor.id, io.StringIO(content))
        assert first.accepted_cases == 5 and second.accepted_cases == 0
        assert all("already filed" in reason for _, reason in second.refused)
        assert uow.session.scalar(select(func.count(Case.id))) == 5


def test_the_cli_reports_accepted_and_refused_rows(database_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(tmp_path)}
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["creditor", "add", "--name", "Zon B.V.", "--kvk", "12345678", "--iban", "NL91ABNA0417164300"], env=env
        ).exit_code
        == 0
    )
    path = tmp_path / "claims.csv"
    path.write_text(to_csv([row("C-1"), row("C-2", principal="abc"), row("C-3")]))
    dry = runner.invoke(cli, ["import", str(path), "--creditor", "12345678", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "2 row(s) in 2 case(s) would be accepted, 1 refused" in dry.output
    result = runner.invoke(cli, ["import", str(path), "--creditor", "12345678"], env=env)
    assert result.exit_code == 0, result.output
    assert "3 row(s) read: 2 row(s) in 2 case(s) accepted, 1 refused" in result.output
    assert "row 3: principal (row 3): amount must be positive" in result.output
    assert runner.invoke(cli, ["case", "list"], env=env).output.count("INC-2026-") == 2


@pytest.mark.parametrize(
    ("header", "message"),
    [(["debtor_name", "principal"], "missing column(s): debtor_kind"), ([*HEADER, "shoe_size"], "unknown column")],
)
def test_a_wrong_header_stops_before_anything_is_written(database_url: str, tmp_path: Path, header, message) -> None:
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(tmp_path)}
    runner = CliRunner()
    runner.invoke(
        cli, ["creditor", "add", "--name", "Zon B.V.", "--kvk", "12345678", "--iban", "NL91ABNA0417164300"], env=env
    )
    path = tmp_path / "claims.csv"
    path.write_text(to_csv([], header=header))
    result = runner.invoke(cli, ["import", str(path), "--creditor", "12345678"], env=env)
    assert result.exit_code == 1 and message in result.output
