"""`incasso case advise / advice / advice-edit / advice-send / judicial-step / summons / export`: after day 10.

The specialist's commands until the specialists' Slack has buttons for them. `--by` names the specialist in the
audit log.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from api.cli.context import CliContext
from core.actors import Actor
from core.clock import local_today
from core.errors import UserError
from core.judicial import advice as advice_service
from core.judicial.export import export_case
from core.judicial.steps import STEP_ORDER, StepDocument, record_step
from core.judicial.summons_pdf import draft_summons
from core.services.case_access import load_case

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _ref(reference: str) -> str:
    return reference.strip().upper()


def _specialist(by: str) -> Actor:
    return Actor.specialist(f"cli:{by}", label=by)


def _show(advice: object, as_json: bool) -> None:
    a = advice  # CaseAdvice
    if as_json:
        click.echo(json.dumps(
            {"id": a.id, "version": a.version, "status": a.status, "recommendation": a.recommendation,  # type: ignore[attr-defined]
             "language": a.language, "text": a.text, "facts": a.facts,  # type: ignore[attr-defined]
             "sent_at": a.sent_at.isoformat() if a.sent_at else None},  # type: ignore[attr-defined]
            indent=2, ensure_ascii=False,
        ))
        return
    click.echo(f"advice v{a.version} ({a.status}), recommendation: {a.recommendation}")  # type: ignore[attr-defined]
    click.echo("")
    click.echo(a.text)  # type: ignore[attr-defined]


@click.command("advise")
@click.argument("reference")
@click.option("--as-of", type=_DATE, help="compute as of this day (default today)")
@click.option("--claimant", type=click.Choice(["legal_entity", "natural_person", "indigent"]), default="legal_entity",
              show_default=True, help="the creditor's fee class for the court fee")
@click.option("--by", default="cli", show_default=True, help="the specialist's name for the audit log")
@click.option("--json", "as_json", is_flag=True)
def advise(reference: str, as_of: object, claimant: str, by: str, as_json: bool) -> None:
    """Make a new draft advice for a case (a specialist reviews it, then sends it)."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        day = as_of.date() if as_of else None  # type: ignore[attr-defined]
        advice = advice_service.draft_advice(uow, _specialist(by), _ref(reference), as_of=day, claimant=claimant)
        uow.commit()
    _show(advice, as_json)


@click.command("advice")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True)
def advice_show(reference: str, as_json: bool) -> None:
    """Show the latest advice of a case (draft or sent)."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        case = load_case(uow, Actor.system("cli"), _ref(reference))
        advice = advice_service.latest_advice(uow, case)
    if advice is None:
        raise UserError(f"case {case.reference} has no advice yet: `incasso case advise {case.reference}`")
    _show(advice, as_json)


@click.command("advice-edit")
@click.argument("reference")
@click.option("--recommendation", type=click.Choice([r.value for r in advice_service.Recommendation]))
@click.option("--text-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="the new advice text (UTF-8)")
@click.option("--by", required=True, help="the specialist's name for the audit log")
def advice_edit(reference: str, recommendation: str | None, text_file: Path | None, by: str) -> None:
    """Change the recommendation and/or the text of the latest advice (a new draft version)."""
    text = text_file.read_text(encoding="utf-8") if text_file else None
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        advice = advice_service.edit_advice(
            uow, _specialist(by), _ref(reference), recommendation=recommendation, text=text
        )
        uow.commit()
    click.echo(f"advice v{advice.version} (draft): {advice.recommendation}")


@click.command("advice-send")
@click.argument("reference")
@click.option("--by", required=True, help="the specialist's name for the audit log")
def advice_send(reference: str, by: str) -> None:
    """Send the latest draft advice to the creditor; it is final from then on."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        advice = advice_service.send_advice(uow, _specialist(by), _ref(reference))
        uow.commit()
    click.echo(f"advice v{advice.version} sent: {advice.recommendation}")


@click.command("judicial-step")
@click.argument("reference")
@click.option("--step", required=True, type=click.Choice(STEP_ORDER))
@click.option("--on", "on", required=True, type=_DATE, help="the date of the step (the hearing date for hearing)")
@click.option("--note", default="")
@click.option("--document", "documents", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="a document of this step (repeatable); drafted without one stores the generated draft summons")
@click.option("--by", default="cli", show_default=True, help="the specialist's name for the audit log")
def judicial_step(reference: str, step: str, on: object, note: str, documents: tuple[Path, ...], by: str) -> None:
    """Record a step of the court procedure: drafted, served, hearing, judgment, execution (in that order)."""
    ctx = CliContext.from_env()
    files = [
        StepDocument(p.name, p.read_bytes(), "summons" if step in ("drafted", "served") else "court_document")
        for p in documents
    ]
    with ctx.uow() as uow:
        row = record_step(
            uow, _specialist(by), _ref(reference), step, on=on.date(), note=note,  # type: ignore[attr-defined]
            documents=files, agent_name=ctx.settings.agency_name,
        )
        uow.commit()
    click.echo(f"{_ref(reference)}: {row.step} on {row.occurred_on}" + (
        f", documents {', '.join(map(str, row.document_ids))}" if row.document_ids else ""))


@click.command("summons")
@click.argument("reference")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="default: concept-dagvaarding-REF.pdf")
@click.option("--as-of", type=_DATE)
def summons(reference: str, out: Path | None, as_of: object) -> None:
    """Write the draft summons (dagvaarding) of a case as PDF, for a bailiff or lawyer to finish."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        case = load_case(uow, Actor.system("cli"), _ref(reference))
        day: date = as_of.date() if as_of else local_today(ctx.clock)  # type: ignore[attr-defined]
        pdf = draft_summons(uow, case, day, agent_name=ctx.settings.agency_name)
    target = out or Path(f"concept-dagvaarding-{case.reference}.pdf")
    target.write_bytes(pdf)
    click.echo(f"draft summons written to {target}")


@click.command("export")
@click.argument("reference")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="default: REF-dossier-DATE.zip")
def export(reference: str, out: Path | None) -> None:
    """The whole case file as one ZIP: statement, timeline, letters and e-mails, debtor's messages, documents."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        name, data = export_case(uow, Actor.system("cli"), _ref(reference), local_today(ctx.clock))
    target = out or Path(name)
    target.write_bytes(data)
    click.echo(f"case file written to {target} ({len(data)} bytes)")


def register(group: click.Group) -> None:
    for command in (advise, advice_show, advice_edit, advice_send, judicial_step, summons, export):
        group.add_command(command)
