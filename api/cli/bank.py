"""`incasso bank …`: the collection account's statements, and the credits waiting for a person."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from api.cli.context import CliContext
from core.actors import Actor
from core.errors import UserError
from core.money import format_eur
from core.services.bank_statements import (
    AMBIGUOUS,
    IGNORED,
    MATCHED,
    UNMATCHED,
    assign_transaction,
    ignore_transaction,
    import_statement,
    queued_transactions,
)

MAX_FILE_BYTES = 50 * 1024 * 1024


def _operator(by: str | None) -> Actor:
    who = by or getpass.getuser()
    return Actor.specialist(f"cli:{who}", label=who)


@click.group()
def bank() -> None:
    """Bank statements of the collection account (CAMT.053, MT940) and the queue of credits without a case."""


@bank.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", help="who imports (default: the logged-in user)")
def bank_import(file: Path, by: str | None) -> None:
    """Import a statement: credits are matched to cases and recorded; the rest waits in the queue."""
    if file.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"{file.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; is this a statement?")
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        result = import_statement(uow, _operator(by), file.read_bytes(), collection_iban=ctx.settings.collection_iban)
        uow.commit()
    c = result.counts
    click.echo(
        f"{file.name}: {result.lines} lines, {result.already_known} already imported; new: "
        f"{c[MATCHED]} matched ({format_eur(result.recorded)} recorded), {c[UNMATCHED]} unmatched, "
        f"{c[AMBIGUOUS]} ambiguous, {c[IGNORED]} ignored"
    )
    for tx in result.transactions:
        where = tx.candidates and ", ".join(tx.candidates)
        detail = f"{tx.matched_by}" if tx.status == MATCHED else (tx.reason or "")
        click.echo(
            f"  #{tx.id:<5} {tx.booked_on}  {tx.direction:<6} {format_eur(tx.amount):>14} {tx.currency}  "
            f"{tx.status:<9} {(tx.counterparty_name or '-')[:30]:<30} {detail}{f' [{where}]' if where else ''}"
        )
    if c[UNMATCHED] or c[AMBIGUOUS]:
        click.echo("queued for the specialists: `incasso bank queue`, then `incasso bank assign ID CASE`")


@bank.command("queue")
@click.option("--status", type=click.Choice([UNMATCHED, AMBIGUOUS, MATCHED, IGNORED]), help="default: the queue")
def bank_queue(status: str | None) -> None:
    """Credits waiting for a person (unmatched and ambiguous), or all lines with one status."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        rows = queued_transactions(uow, status=status)
    if not rows:
        click.echo("nothing waiting" if not status else f"no {status} lines")
    for tx in rows:
        click.echo(
            f"#{tx.id:<5} {tx.booked_on}  {format_eur(tx.amount):>14} {tx.currency}  {tx.status:<9} "
            f'{tx.counterparty_name or "-"} ({tx.counterparty_iban or "-"})  "{tx.remittance or ""}"'
        )
        if tx.reason or tx.candidates:
            candidates = f" candidates: {', '.join(tx.candidates)}" if tx.candidates else ""
            click.echo(f"        {tx.reason or ''}{candidates}")


@bank.command("assign")
@click.argument("transaction_id", type=int)
@click.argument("case_reference")
@click.option("--by", help="who decides (default: the logged-in user)")
def bank_assign(transaction_id: int, case_reference: str, by: str | None) -> None:
    """Record a queued credit as a payment of the case (INC-…)."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        tx = assign_transaction(uow, _operator(by), transaction_id, case_reference)
        uow.commit()
    click.echo(f"#{tx.id}: {format_eur(tx.amount)} recorded as a payment of {case_reference.strip().upper()}")


@bank.command("ignore")
@click.argument("transaction_id", type=int)
@click.option("--reason", required=True, help="why this credit is no case's payment (e.g. refunded)")
@click.option("--by", help="who decides (default: the logged-in user)")
def bank_ignore(transaction_id: int, reason: str, by: str | None) -> None:
    """Take a queued credit out of the queue without recording it for a case."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        tx = ignore_transaction(uow, _operator(by), transaction_id, reason)
        uow.commit()
    click.echo(f"#{tx.id}: ignored ({tx.reason})")
