"""`incasso calc`: a claim statement from the command line, straight from core.law (no database).

Every mistake in the input, including click's own usage errors (unknown option, missing value), prints one line
`error: …` on stderr and exits with code 1; never a traceback, never click's exit code 2. The errors are
``CalcError`` (a ``click.ClickException`` with exit code 1 and a one-line ``show``), so they work the same under
the `incasso` group (which runs click in non-standalone mode) and standalone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from core.clock import SystemClock, local_today
from core.law import (
    CostTerms,
    DebtorKind,
    InterestSpec,
    InvoiceInput,
    LawInputError,
    PaymentInput,
    Statement,
    compute_statement,
    render_statement,
)
from core.money import MoneyError, parse_amount

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PAYMENT_FIELD = re.compile(r"^payments\[(\d+)\]\.\w+: ")
INVOICE_COLUMNS = ("invoice_number", "invoice_date", "due_date", "principal")


class CalcInputError(Exception):
    """One line for the user; the command prints it as `error: …` and exits 1."""


class CalcError(click.ClickException):
    """Shown as one line `error: …` on stderr, exit code 1, by click or by the `incasso` group."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


def _fail(message: str) -> NoReturn:
    raise CalcError(message)


class _OneLineErrorCommand(click.Command):
    """A click command whose usage errors are one line on stderr and exit code 1 (instead of usage + 2)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:  # unknown option, missing value, …: one line, exit 1 (not 2)
            message = error.format_message().strip()
            _fail(message.splitlines()[0] if message else "bad usage (see incasso calc --help)")


# -- parsing helpers -------------------------------------------------------------------------------------


def parse_day(text: str, what: str) -> date:
    raw = text.strip()
    if not _ISO_DATE.match(raw):
        raise CalcInputError(f"{what} {text}: not a date (use YYYY-MM-DD)")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CalcInputError(f"{what} {text}: not a date") from None


def _reason(error: MoneyError) -> str:
    """MoneyError's reason without the repeated value ("amount must be positive: '-5'" -> "amount must be …")."""
    return re.sub(r": '.*'$", "", str(error))


def parse_money(text: str | Decimal, what: str) -> Decimal:
    try:
        return parse_amount(text)
    except MoneyError as error:
        raise CalcInputError(f"{what} {text}: {_reason(error)}") from None


def parse_payment(text: str) -> PaymentInput:
    day, sep, amount = text.partition(":")
    if not sep or not day.strip() or not amount.strip():
        raise CalcInputError(f"--payment {text}: use DATE:AMOUNT, e.g. 2024-09-01:300.00")
    try:
        paid_on = parse_day(day, "--payment")
    except CalcInputError:
        raise CalcInputError(f"--payment {text}: not a date") from None
    try:
        value = parse_amount(amount)
    except MoneyError as error:
        raise CalcInputError(f"--payment {text}: {_reason(error)}") from None
    return PaymentInput(paid_on=paid_on, amount=value)


def _yes_no(text: str, what: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "ja", "true"):
        return True
    if value in ("no", "n", "nee", "false"):
        return False
    raise CalcInputError(f"{what} {text}: use yes or no")


def _invoice_from_record(record: dict[str, Any], where: str, consumer_purchase: bool) -> InvoiceInput:
    missing = [column for column in INVOICE_COLUMNS if record.get(column) in (None, "")]
    if missing:
        raise CalcInputError(f"{where}: missing {', '.join(missing)}")
    principal = record["principal"]
    if isinstance(principal, float):  # json is read with Decimal, but be explicit
        raise CalcInputError(f"{where}: principal must not be a float")
    number = str(record["invoice_number"]).strip()
    flag = record.get("consumer_purchase", consumer_purchase)
    if isinstance(flag, str):
        flag = _yes_no(flag, f"{where}: consumer_purchase") if flag.strip() else consumer_purchase
    return InvoiceInput(
        invoice_number=number,
        invoice_date=parse_day(str(record["invoice_date"]), f"{where}: invoice_date"),
        due_date=parse_day(str(record["due_date"]), f"{where}: due_date"),
        principal=parse_money(principal if isinstance(principal, Decimal) else str(principal), f"{where}: principal"),
        consumer_purchase=bool(flag),
    )


def read_invoices(path_text: str, consumer_purchase: bool = False) -> list[InvoiceInput]:
    """Invoices from a CSV file (columns invoice_number,invoice_date,due_date,principal) or a JSON list."""
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise CalcInputError(f"--invoices {path_text}: cannot read: {reason}") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        try:
            data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
        except json.JSONDecodeError as error:
            raise CalcInputError(f"--invoices {path_text}: not valid JSON: {error.msg} (line {error.lineno})") from None
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise CalcInputError(f"--invoices {path_text}: JSON must be a list of invoice objects")
        records: Sequence[dict[str, Any]] = data
        label = "item"
        first = 1
    else:
        reader = csv.DictReader(io.StringIO(text))
        columns = [name.strip() for name in (reader.fieldnames or [])]
        missing = [column for column in INVOICE_COLUMNS if column not in columns]
        if missing:
            raise CalcInputError(
                f"--invoices {path_text}: CSV needs the columns {','.join(INVOICE_COLUMNS)} "
                f"(missing {', '.join(missing)})"
            )
        records = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
        label = "row"
        first = 2  # line 1 is the header
    if not records:
        raise CalcInputError(f"--invoices {path_text}: no invoices in the file")
    return [
        _invoice_from_record(record, f"--invoices {path_text}: {label} {index}", consumer_purchase)
        for index, record in enumerate(records, start=first)
    ]


_SINGLE_INVOICE_FIELDS = {
    "invoices[0].principal": "--principal",
    "invoices[0].due_date": "--due",
    "invoices[0].invoice_date": "--invoice-date",
    "invoices[0].consumer_purchase": "--consumer-purchase",
    "as_of": "--as-of",
    "letter_sent": "--letter-sent",
}
_INVOICE_FIELD = re.compile(r"^invoices\[(\d+)\]\.(\w+): ")


def _explain(error: LawInputError, payment_texts: Sequence[str], invoices_file: str | None) -> str:
    """Name the command-line option instead of the engine's field where we can."""
    message = str(error)
    match = _PAYMENT_FIELD.match(message)
    if match is not None:
        index = int(match.group(1))
        if index < len(payment_texts):
            return f"--payment {payment_texts[index]}: {message[match.end() :]}"
    field_name, sep, rest = message.partition(": ")
    if sep and invoices_file is not None:
        match = _INVOICE_FIELD.match(message)
        if match is not None:
            return f"--invoices {invoices_file}: invoice {int(match.group(1)) + 1}: {match.group(2)}: {rest}"
    elif sep and field_name in _SINGLE_INVOICE_FIELDS:
        return f"{_SINGLE_INVOICE_FIELDS[field_name]}: {rest}"
    if sep and field_name == "as_of":
        return f"--as-of: {rest}"
    return message


# -- the command -----------------------------------------------------------------------------------------


@click.command(
    "calc",
    cls=_OneLineErrorCommand,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--principal", metavar="AMOUNT", help="Principal of one invoice, e.g. 1250.00.")
@click.option("--due", metavar="DATE", help="Due date of that invoice (YYYY-MM-DD).")
@click.option("--invoice-date", metavar="DATE", help="Invoice date (default: the due date).")
@click.option("--invoices", "invoices_file", metavar="FILE", help="Several invoices: CSV or JSON list.")
@click.option("--as-of", metavar="DATE", help="Statement date (default: today in Europe/Amsterdam).")
@click.option("--debtor", metavar="consumer|business", help="Kind of debtor (required).")
@click.option("--vat-deductible", default="yes", show_default=True, metavar="yes|no")
@click.option("--letter-sent", metavar="DATE", help="Date the 14-day letter was sent (consumers).")
@click.option("--payment", "payments", multiple=True, metavar="DATE:AMOUNT", help="A payment; repeatable.")
@click.option(
    "--interest",
    default="statutory",
    show_default=True,
    metavar="SPEC",
    help="statutory | contractual:1%/month | contractual:8%/year | contractual:1%/month:compound",
)
@click.option(
    "--costs",
    default="statutory",
    show_default=True,
    metavar="RULE",
    help="statutory | percentage:10 | fixed:250 (business debtors only)",
)
@click.option("--consumer-purchase", is_flag=True, help="Consumer purchase price: 2-year limitation (art. 7:28 BW).")
@click.option("--lang", default="nl", show_default=True, metavar="nl|en")
@click.option("--json", "as_json", is_flag=True, help="Print the statement as JSON.")
def calc(
    principal: str | None,
    due: str | None,
    invoice_date: str | None,
    invoices_file: str | None,
    as_of: str | None,
    debtor: str | None,
    vat_deductible: str,
    letter_sent: str | None,
    payments: tuple[str, ...],
    interest: str,
    costs: str,
    consumer_purchase: bool,
    lang: str,
    as_json: bool,
) -> None:
    """Compute a claim statement: interest, collection costs, payments and limitation."""
    try:
        statement = _compute(
            principal=principal,
            due=due,
            invoice_date=invoice_date,
            invoices_file=invoices_file,
            as_of=as_of,
            debtor=debtor,
            vat_deductible=vat_deductible,
            letter_sent=letter_sent,
            payments=payments,
            interest=interest,
            costs=costs,
            consumer_purchase=consumer_purchase,
        )
        if lang not in ("nl", "en"):
            raise CalcInputError(f"--lang {lang}: use nl or en")
        if as_json:
            output = json.dumps(statement.to_dict(), indent=2, ensure_ascii=False)
        else:
            output = render_statement(statement, lang=lang).rstrip("\n")
    except CalcInputError as error:
        _fail(str(error))
    except LawInputError as error:
        _fail(_explain(error, payments, invoices_file))
    except Exception as error:  # never a traceback for the user
        _fail(f"unexpected {type(error).__name__}: {error}")
    click.echo(output)


def _compute(
    *,
    principal: str | None,
    due: str | None,
    invoice_date: str | None,
    invoices_file: str | None,
    as_of: str | None,
    debtor: str | None,
    vat_deductible: str,
    letter_sent: str | None,
    payments: tuple[str, ...],
    interest: str,
    costs: str,
    consumer_purchase: bool,
) -> Statement:
    if debtor is None:
        raise CalcInputError("--debtor is required: consumer or business")
    try:
        debtor_kind = DebtorKind(debtor.strip().lower())
    except ValueError:
        raise CalcInputError(f"--debtor {debtor}: use consumer or business") from None

    if invoices_file is not None:
        if principal is not None or due is not None or invoice_date is not None:
            raise CalcInputError(
                "--invoices FILE replaces --principal, --due and --invoice-date: give one or the other"
            )
        invoices = read_invoices(invoices_file, consumer_purchase)
    else:
        if principal is None or due is None:
            raise CalcInputError("give --principal and --due, or --invoices FILE")
        amount = parse_money(principal, "--principal")
        due_date = parse_day(due, "--due")
        issued = parse_day(invoice_date, "--invoice-date") if invoice_date is not None else due_date
        invoices = [
            InvoiceInput(
                invoice_number="1",
                invoice_date=issued,
                due_date=due_date,
                principal=amount,
                consumer_purchase=consumer_purchase,
            )
        ]

    statement_day = parse_day(as_of, "--as-of") if as_of is not None else local_today(SystemClock())
    letter = parse_day(letter_sent, "--letter-sent") if letter_sent is not None else None
    try:
        interest_spec = InterestSpec.parse(interest)
    except ValueError as error:
        raise CalcInputError(f"--interest {interest}: {error}") from None
    try:
        cost_terms = CostTerms.parse(costs)
    except ValueError as error:
        raise CalcInputError(f"--costs {costs}: {error}") from None
    return compute_statement(
        invoices=invoices,
        debtor_kind=debtor_kind,
        as_of=statement_day,
        payments=[parse_payment(text) for text in payments],
        letter_sent=letter,
        vat_deductible=_yes_no(vat_deductible, "--vat-deductible"),
        interest=interest_spec,
        cost_terms=cost_terms,
    )
