"""`incasso bank …` on a real database: import, queue, assign, ignore; bad input is one line and exit 1."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli.main import cli
from core.uow import UnitOfWork
from tests.money.scenario import file_cases

SAMPLES = Path(__file__).with_name("samples")


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    """SQLite only: the CLI's database work is the service's, which test_bank_statements runs on PostgreSQL too."""
    target = tmp_path / "incasso.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def run(database_url: str, data_dir: Path):
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(data_dir), "USER": "sanne"}

    def invoke(*args: str, expect: int = 0) -> str:
        result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == expect, result.output
        assert "Traceback" not in result.output
        return result.output

    return invoke


def test_import_queue_assign_ignore(run, uow_factory: Callable[[], UnitOfWork], tmp_path: Path) -> None:
    with uow_factory() as uow:
        file_cases(uow)
    out = run("bank", "import", str(SAMPLES / "ing-camt053-2026-02-27.xml"))
    assert "7 lines, 1 already imported; new: 2 matched (€\xa03.315,32 recorded), 1 unmatched, 1 ambiguous" in out
    assert "wrong check digits" in out and "[INC-2026-000003, INC-2026-000004]" in out
    assert "incasso bank assign ID CASE" in out
    assert "7 already imported; new: 0 matched" in run("bank", "import", str(SAMPLES / "ing-camt053-2026-02-27.xml"))

    queue = run("bank", "queue")
    assert "#3" in queue and "P BAKKER" in queue and "candidates: INC-2026-000003, INC-2026-000004" in queue
    assert "#4" in queue and "A. VISSER" in queue
    assert "€\xa0251,15 recorded as a payment of INC-2026-000003" in run("bank", "assign", "3", "inc-2026-000003")
    assert "bank transaction 3 is matched" in run("bank", "assign", "3", "INC-2026-000004", expect=1)
    assert "#4: ignored (by hand: refunded to A. Visser)" in run(
        "bank", "ignore", "4", "--reason", "refunded to A. Visser"
    )
    assert "nothing waiting" in run("bank", "queue")
    assert "#3" in run("bank", "queue", "--status", "matched")

    (tmp_path / "export.csv").write_text("Datum,Bedrag\n2026-03-01,12.00\n")
    assert "error: not a bank statement" in run("bank", "import", str(tmp_path / "export.csv"), expect=1)
    assert "bank transaction 99 not found" in run("bank", "assign", "99", "INC-2026-000001", expect=1)
