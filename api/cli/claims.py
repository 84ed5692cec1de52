"""`incasso claim file` and `incasso import`: claims from a JSON file or a CSV file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from api.cli.context import CliContext
from core.actors import Actor
from core.clock import local_today
from core.csv_import import import_claims_csv
from core.errors import UserError
from core.intake import parse_claim
from core.services.claims import Upload, file_claim
from core.services.creditors import find_creditor

MAX_REFUSALS_SHOWN = 50


@click.group()
def claim() -> None:
    """File claims."""


@claim.command("file")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--creditor", "creditor_key", help='creditor id or KvK number (else the file\'s "creditor")')
@click.option("--lang", type=click.Choice(["nl", "en"]), default="en", show_default=True)
def claim_file(path: Path, creditor_key: str | None, lang: str) -> None:
    """File one claim from a JSON file (debtor, invoices, optional documents next to the file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a JSON object with debtor and invoices")
    key = creditor_key or data.get("creditor")
    if key is None:
        raise UserError('say which creditor files the claim: --creditor or "creditor" in the file')
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        creditor = find_creditor(uow, key)
        request = parse_claim(data, today=local_today(ctx.clock), lang=lang)
        uploads = []
        for doc in request.documents:
            doc_path = (path.parent / str(doc.get("path", ""))).resolve()
            if not doc_path.is_file():
                raise UserError(f"documents: {doc.get('path')} not found next to {path.name}")
            uploads.append(Upload(str(doc.get("kind", "invoice")), doc_path.name, doc_path.read_bytes()))
        actor = Actor.creditor(creditor.id, label="cli")
        case = file_claim(uow, actor, creditor.id, request, source="cli", documents=uploads)
        uow.commit()
        click.echo(
            f"{case.reference} filed for {creditor.name}: {len(request.invoices)} invoice(s), "
            f"debtor {request.debtor.name}"
        )


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--creditor", "creditor_key", required=True, help="creditor id or KvK number")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=1000, show_default=True)
@click.option("--dry-run", is_flag=True, help="check every row, write nothing")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="en", show_default=True)
def import_csv(path: Path, creditor_key: str, batch_size: int, dry_run: bool, lang: str) -> None:
    """Bulk intake of claims from a CSV file (one invoice per row; rows sharing a case_key form one case)."""
    ctx = CliContext.from_env()
    with path.open("rb") as raw:
        total_rows = max(sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b"")) - 1, 0)
    with ctx.uow() as uow:
        creditor = find_creditor(uow, creditor_key)
        actor = Actor.creditor(creditor.id, label="csv import")
        with (
            path.open(encoding="utf-8-sig", newline="") as stream,
            click.progressbar(length=total_rows, label="importing", file=sys.stderr) as bar,
        ):
            summary = import_claims_csv(
                uow,
                actor,
                creditor.id,
                stream,
                batch_size=batch_size,
                lang=lang,
                dry_run=dry_run,
                progress=bar.update,
            )
    verb = "would be accepted" if dry_run else "accepted"
    click.echo(
        f"{summary.rows} row(s) read: {summary.accepted_rows} row(s) in {summary.accepted_cases} case(s) {verb}, "
        f"{len(summary.refused)} refused"
    )
    for row, reason in summary.refused[:MAX_REFUSALS_SHOWN]:
        click.echo(f"  row {row}: {reason}")
    if len(summary.refused) > MAX_REFUSALS_SHOWN:
        click.echo(f"  … and {len(summary.refused) - MAX_REFUSALS_SHOWN} more refused row(s)")
