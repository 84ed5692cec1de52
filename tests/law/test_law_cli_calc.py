"""`incasso calc` through click's CliRunner on the real `incasso` group."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli.main import cli


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["calc", *args])


def test_json_for_the_consumer_example() -> None:
    result = run(
        "--principal", "1000.00", "--due", "2023-03-14", "--as-of", "2025-03-14", "--debtor", "consumer", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["principal"] == "1000.00"
    assert data["interest"] == "128.10"
    assert data["interest_open"] == "128.10"
    assert data["costs"] == data["vat"] == data["paid"] == "0.00"
    assert data["total_open"] == "1128.10"
    assert data["costs_claimable_from"] is None
    assert data["prescribes_on"] == "2028-03-15"
    assert [(row["days"], row["rate"], row["interest"]) for row in data["interest_periods"]] == [
        (108, "4.00", "11.84"),
        (184, "6.00", "30.25"),
        (74, "7.00", "14.19"),
        (292, "7.00", "59.15"),
        (73, "6.00", "12.68"),
    ]


def test_json_for_the_commercial_example_with_vat() -> None:
    result = run(
        "--principal", "10000", "--due", "2024-01-31", "--as-of", "2025-06-30",
        "--debtor", "business", "--vat-deductible", "no", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["interest"], data["costs"], data["vat"]) == ("1743.91", "875.00", "183.75")
    assert data["total_open"] == "12802.66"
    assert data["costs_claimable_from"] == "2024-02-01"
    assert data["prescribes_on"] == "2029-02-01"


def test_payments_letter_and_text_in_dutch() -> None:
    result = run(
        "--principal", "1234.56", "--due", "2024-03-01", "--invoice-date", "2024-02-01", "--as-of", "2025-06-30",
        "--debtor", "consumer", "--letter-sent", "2024-03-20", "--payment", "2024-09-01:300.00",
        "--payment", "2025-01-15:100,00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "€\xa01.234,56" in text
    assert re.search(r"€\s\d{1,3}(\.\d{3})*,\d{2}", text)
    assert "Specificatie van de vordering per 30-06-2025" in text
    assert "Betalingen" in text and "01-09-2024" in text
    assert "Toelichting" in text


def test_english_and_contractual_interest() -> None:
    result = run(
        "--principal", "1000", "--due", "2024-01-01", "--as-of", "2024-12-31", "--debtor", "business",
        "--interest", "contractual:1%/month", "--costs", "fixed:250", "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "contractual interest: 12.00% per year (1.00% per month), simple" in result.stdout
    assert "12 × the monthly rate" in result.stdout
    assert "€\xa0250,00" in result.stdout


def test_invoices_from_csv_and_json(tmp_path: Path) -> None:
    csv_file = tmp_path / "invoices.csv"
    csv_file.write_text(
        "invoice_number,invoice_date,due_date,principal\nA-1,2024-01-01,2024-01-31,1000.00\nA-2,2024-02-01,2024-02-29,500\n"
    )
    result = run("--invoices", str(csv_file), "--as-of", "2024-12-31", "--debtor", "business", "--json")
    assert result.exit_code == 0, result.output
    from_csv = json.loads(result.stdout)
    assert from_csv["principal"] == "1500.00"
    assert from_csv["costs"] == "225.00"  # one staffel on 1,500
    json_file = tmp_path / "invoices.json"
    json_file.write_text(
        json.dumps(
            [
                {
                    "invoice_number": "A-1",
                    "invoice_date": "2024-01-01",
                    "due_date": "2024-01-31",
                    "principal": "1000.00",
                },
                {"invoice_number": "A-2", "invoice_date": "2024-02-01", "due_date": "2024-02-29", "principal": 500},
            ]
        )
    )
    result = run("--invoices", str(json_file), "--as-of", "2024-12-31", "--debtor", "business", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == from_csv


BASE = ("--principal", "1250.00", "--due", "2024-03-01", "--as-of", "2025-06-30", "--debtor", "consumer")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--principal", "1250", "--due", "2025-02-30", "--debtor", "consumer"), "error: --due 2025-02-30: not a date"),
        (("--principal", "-5", "--due", "2024-03-01", "--debtor", "consumer"), "error: --principal -5:"),
        (("--principal=-5", "--due", "2024-03-01", "--debtor", "consumer"), "error: --principal -5:"),
        (("--principal", "abc", "--due", "2024-03-01", "--debtor", "consumer"), "error: --principal abc:"),
        ((*BASE, "--payment", "2024-13-01:300"), "error: --payment 2024-13-01:300: not a date"),
        ((*BASE, "--payment", "300.00"), "error: --payment 300.00:"),
        ((*BASE, "--payment", "2024-09-01:-300"), "error: --payment 2024-09-01:-300:"),
        ((*BASE, "--payment", "2024-01-15:300", "--invoice-date", "2024-02-01"), "error: --payment 2024-01-15:300:"),
        ((*BASE, "--payment"), "error:"),
        ((*BASE, "--frobnicate"), "error:"),
        ((*BASE, "--vat-deductible", "maybe"), "error: --vat-deductible maybe"),
        ((*BASE, "--interest", "contractual:x"), "error: --interest contractual:x"),
        ((*BASE, "--costs", "free"), "error: --costs free"),
        ((*BASE, "--lang", "de"), "error: --lang de"),
        ((*BASE, "--letter-sent", "yesterday"), "error: --letter-sent yesterday"),
        (("--principal", "100", "--due", "2024-03-01", "--debtor", "alien"), "error: --debtor alien"),
        (("--principal", "100", "--due", "2024-03-01"), "error: --debtor"),
        (("--due", "2024-03-01", "--debtor", "consumer"), "error: give --principal and --due"),
        (
            ("--principal", "100", "--due", "2024-03-01", "--as-of", "2024-01-01", "--debtor", "business"),
            "error: --as-of",
        ),
        (("--invoices", "/nonexistent/file.csv", "--debtor", "business"), "error: --invoices /nonexistent/file.csv"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(args: tuple[str, ...], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected), lines[0]
    assert "Traceback" not in result.output


def test_payment_before_invoice_date_names_the_payment() -> None:
    result = run(*BASE, "--invoice-date", "2024-02-01", "--payment", "2024-01-15:300")
    assert result.stderr.strip() == "error: --payment 2024-01-15:300: 2024-01-15 is before the invoice date 2024-02-01"


def test_bad_invoice_file_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("invoice_number,invoice_date,due_date,principal\nA,2024-01-01,2024-02-30,100\n")
    result = run("--invoices", str(bad), "--debtor", "business")
    assert result.exit_code == 1
    assert "row 2: due_date 2024-02-30: not a date" in result.stderr
    columns = tmp_path / "columns.csv"
    columns.write_text("number,amount\n1,2\n")
    result = run("--invoices", str(columns), "--debtor", "business")
    assert result.exit_code == 1 and "missing invoice_number" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    result = run("--invoices", str(broken), "--debtor", "business")
    assert result.exit_code == 1 and "not valid JSON" in result.stderr
    both = run("--invoices", str(bad), "--principal", "100", "--due", "2024-01-01", "--debtor", "business")
    assert both.exit_code == 1 and "one or the other" in both.stderr


def test_help_still_works() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "--principal" in result.stdout


def test_as_of_defaults_to_today() -> None:
    result = run("--principal", "100", "--due", "2024-03-01", "--debtor", "business", "--json")
    assert result.exit_code == 0, result.output
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", json.loads(result.stdout)["as_of"])
