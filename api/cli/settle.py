"""`incasso settle --period 2026-11` and `incasso creditor fees`: money out to the creditors."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from api.cli.context import CliContext
from core.actors import Actor
from core.money import format_eur
from core.schedule.calendar import AMSTERDAM
from core.services.creditors import find_creditor
from core.services.settlement import (
    SettlementResult,
    export_files,
    fee_terms_of,
    payer_account,
    set_fee_terms,
    settle_period,
)


def _operator(by: str | None) -> Actor:
    who = by or getpass.getuser()
    return Actor.specialist(f"cli:{who}", label=who)


@click.command("settle")
@click.option("--period", required=True, help="the month to settle, e.g. 2026-11")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="where the statements and the SEPA file are written (default: <data dir>/settlements/<period>)")
@click.option("--by", help="who settles (default: the logged-in user)")
def settle(period: str, out_dir: Path | None, by: str | None) -> None:
    """Settle a month: per creditor a statement (PDF, CSV) and one SEPA payout file; a settled month is locked."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        result = settle_period(uow, _operator(by), period, payer=payer_account(ctx.settings),
                               agency_name=ctx.settings.agency_name)
        target = out_dir or ctx.settings.data_dir / "settlements" / result.period
        if not result.already_settled:
            uow.commit()
            export_files(uow, result, target)
    print_result(result, target)


def print_result(result: SettlementResult, target: Path) -> None:
    when = result.settled_at.astimezone(AMSTERDAM)
    if result.already_settled:
        click.echo(f"{result.period} was settled on {when:%Y-%m-%d %H:%M} by {result.settled_by}; "
                   "it is locked: nothing new written")
    else:
        click.echo(f"{result.period} settled")
    if not result.creditors:
        click.echo("nothing collected in this period: no statements, no payouts")
        return
    for c in result.creditors:
        click.echo(
            f"  {c.name} (KvK {c.kvk_number}): {c.cases} case(s), {c.payments} payment(s); collected "
            f"{format_eur(c.collected)}, fee {format_eur(c.fee)} (costs {format_eur(c.to_costs)}, commission "
            f"{format_eur(c.commission)} + VAT {format_eur(c.commission_vat)}), refunds held {format_eur(c.held)}, "
            f"payout {format_eur(c.payout)} to {c.payout_iban}"
        )
    click.echo(f"total: collected {format_eur(result.collected)}, fee {format_eur(result.fee)}, refunds held "
               f"{format_eur(result.held)}, payout {format_eur(result.payout)}")
    click.echo(f"files in {target}: " + ", ".join(result.files))
    if result.sepa_file_name is None:
        click.echo("no SEPA file: nothing to pay out")


@click.command("fees")
@click.argument("creditor_key")
@click.option("--commission", help="commission on the principal collected, in % (0-50; 0: the costs only)")
def creditor_fees(creditor_key: str, commission: str | None) -> None:
    """Show or set a creditor's no-cure-no-pay fee terms (the collection costs, plus a commission if agreed)."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        if commission is not None:
            found = set_fee_terms(uow, _operator(None), creditor_key, commission=commission)
            uow.commit()
        else:
            found = find_creditor(uow, creditor_key)
        terms = fee_terms_of(found)
    if terms.commission_percent:
        click.echo(f"{found.name}: the collection costs the debtor paid, plus "
                   f"{terms.commission_percent.normalize():f} % commission on the principal collected (+ 21 % VAT)")
    else:
        click.echo(f"{found.name}: the collection costs the debtor paid; no commission")
