"""`incasso case …`: look at a case — its statement and its timeline."""

from __future__ import annotations

import json
from datetime import date, datetime

import click
from sqlalchemy import select

from api.cli.context import CliContext
from core.actors import Actor
from core.clock import AMSTERDAM, local_today
from core.db.models import Case, Creditor, Debtor
from core.law import render_statement
from core.services.case_access import load_case
from core.services.case_view import plan_view, statement_for, timeline


@click.group()
def case() -> None:
    """Cases (dossiers)."""


@case.command("show")
@click.argument("reference")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="statement date (default today)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def case_show(reference: str, as_of: object, as_json: bool, lang: str) -> None:
    """Show a case: parties, statement and timeline."""
    ctx = CliContext.from_env()
    day: date = as_of.date() if as_of else local_today(ctx.clock)  # type: ignore[attr-defined]
    with ctx.uow() as uow:
        found = load_case(uow, Actor.system("cli"), reference.strip().upper())
        creditor = uow.session.get(Creditor, found.creditor_id)
        debtor = uow.session.get(Debtor, found.debtor_id)
        assert creditor is not None and debtor is not None
        statement = statement_for(uow, found, day)
        events = timeline(uow, found)
        plan = plan_view(uow, found)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "reference": found.reference,
                    "status": found.status,
                    "phase": found.phase,
                    "creditor": {"id": creditor.id, "name": creditor.name},
                    "debtor": {"name": debtor.name, "kind": debtor.kind},
                    "filed_at": found.filed_at.isoformat(),
                    "statement": statement.to_dict(),
                    "plan": [p.__dict__ for p in plan],
                    "timeline": [e.__dict__ for e in events],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(f"{found.reference}  {found.status} ({found.phase})")
    click.echo(f"creditor: {creditor.name}    debtor: {debtor.name} ({debtor.kind})")
    click.echo("")
    click.echo(render_statement(statement, lang=lang))
    click.echo("")
    click.echo("contact plan:" if lang == "en" else "contactplan:")
    for p in plan:
        outcome = "; ".join(filter(None, [p.note, *p.deliveries]))
        click.echo(f"  {p.due_at}  day {p.day:<2} {p.channel:<10} {p.template:<14} {p.status:<9} {outcome}")
    if not plan:
        click.echo("  (not laid out yet: the scheduler plans new cases within a minute)")
    click.echo("")
    click.echo("timeline:" if lang == "en" else "tijdlijn:")
    for e in events:
        details = ", ".join(f"{k}={v}" for k, v in e.payload.items() if v not in (None, "", [], {}))
        at = datetime.fromisoformat(e.at).astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")
        click.echo(f"  {at}  {e.kind:<22} {e.actor:<20} {details}")


@case.command("list")
@click.option("--status")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
def case_list(status: str | None, limit: int) -> None:
    """List the newest cases."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        query = select(Case).order_by(Case.id.desc()).limit(limit)
        if status:
            query = query.where(Case.status == status)
        cases = uow.session.scalars(query).all()
        for c in cases:
            click.echo(f"{c.reference}  {c.status:<18} filed {c.filed_at.date()}")
        if not cases:
            click.echo("no cases")
