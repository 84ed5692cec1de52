"""`incasso creditor …`: creditor accounts."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy import select

from api.cli.context import CliContext
from core.db.models import Creditor
from core.errors import UserError
from core.schedule.plan import PlanError, parse_plan
from core.schedule.planning import plan_of
from core.services.creditors import add_creditor, create_api_key, find_creditor, revoke_api_key


@click.group()
def creditor() -> None:
    """Creditor accounts (opdrachtgevers)."""


@creditor.command("add")
@click.option("--name", required=True)
@click.option("--kvk", "kvk_number", required=True, help="KvK number, 8 digits")
@click.option("--iban", "payout_iban", required=True, help="IBAN the collected money is paid out to")
@click.option(
    "--vat-deductible/--no-vat-deductible",
    default=True,
    show_default=True,
    help="whether the creditor can deduct VAT (if not, 21 % VAT is added to collection costs)",
)
@click.option("--email")
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option(
    "--max-months",
    type=click.IntRange(1, 36),
    default=6,
    show_default=True,
    help="arrangements up to this many months are accepted without asking",
)
@click.option("--min-installment", default="25.00", show_default=True)
def creditor_add(
    name: str,
    kvk_number: str,
    payout_iban: str,
    vat_deductible: bool,
    email: str | None,
    language: str,
    max_months: int,
    min_installment: str,
) -> None:
    """Register a creditor."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        created = add_creditor(
            uow,
            name=name,
            kvk_number=kvk_number,
            payout_iban=payout_iban,
            vat_deductible=vat_deductible,
            email=email,
            language=language,
            arrangement_policy={"max_months": max_months, "min_installment": min_installment},
        )
        uow.commit()
        click.echo(f"creditor {created.id} added: {created.name} (KvK {created.kvk_number})")


@creditor.command("list")
def creditor_list() -> None:
    """List creditors."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        for c in uow.session.scalars(select(Creditor).order_by(Creditor.id)):
            vat = "VAT deductible" if c.vat_deductible else "no VAT deduction"
            click.echo(f"{c.id:>4}  {c.kvk_number}  {c.name}  ({vat}, {c.language})")


@creditor.command("api-key")
@click.argument("creditor_key")
@click.option("--name", default="default", show_default=True, help="what the key is for, e.g. 'accounting'")
@click.option("--revoke", "revoke_id", type=int, help="revoke the key with this id instead of creating one")
def creditor_api_key(creditor_key: str, name: str, revoke_id: int | None) -> None:
    """Create an API key for a creditor (shown once; only its hash is stored), or revoke one."""
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        found = find_creditor(uow, creditor_key)
        if revoke_id is not None:
            revoke_api_key(uow, revoke_id, creditor_id=found.id)
            uow.commit()
            click.echo(f"API key {revoke_id} of {found.name} revoked")
            return
        issued = create_api_key(uow, found.id, name)
        uow.commit()
    click.echo(f"API key {issued.id} for {found.name} ({name}); keep it safe, it is not shown again:")
    click.echo(issued.token)


@creditor.command("plan")
@click.argument("creditor_key")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--default", "use_default", is_flag=True, help="go back to the agency's default plan")
def creditor_plan(creditor_key: str, path: str | None, use_default: bool) -> None:
    """Show a creditor's contact plan, set its own from a JSON file, or return to the default plan.

    The file is a list of steps: {"day": 0, "channel": "email", "template": "demand", "condition": "has_email"};
    channels letter|email|telegram|phone|evaluation, exactly one evaluation step, on the last day. New cases
    follow the new plan; cases already running keep theirs.
    """
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        found = find_creditor(uow, creditor_key)
        if use_default:
            found.contact_plan = None
        elif path is not None:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
                steps = parse_plan(data if isinstance(data, list) else [])
            except (ValueError, PlanError) as exc:
                raise UserError(f"{path}: not a valid contact plan: {exc}") from None
            found.contact_plan = [
                {
                    "day": s.day,
                    "channel": s.channel.value,
                    "template": s.template,
                    "condition": s.condition.value if s.condition else None,
                }
                for s in steps
            ]
        uow.commit()
        plan = plan_of(found)
        source = "own plan" if found.contact_plan else "default plan"
    click.echo(f"{found.name}: {source}")
    for step in plan:
        click.echo(f"  day {step.day:<2} {step.channel.value:<10} {step.template:<14} {step.condition or ''}")


@creditor.command("webhook")
@click.argument("creditor_key")
@click.option("--url", help="where case events are POSTed: https://…, or http://localhost… for development")
@click.option("--secret", help="the signing secret to use (16 to 100 characters); default: keep the current one")
@click.option("--generate-secret", is_flag=True, help="make a new random signing secret and print it once")
@click.option("--off", is_flag=True, help="stop sending webhooks; those still waiting are cancelled")
def creditor_webhook(creditor_key: str, url: str | None, secret: str | None, generate_secret: bool, off: bool) -> None:
    """Send this creditor's case events to its own system, signed with HMAC-SHA256 (see README, Outgoing webhooks)."""
    from core import webhooks

    if off and (url or secret or generate_secret):
        raise click.UsageError("--off stands alone: no --url, --secret or --generate-secret with it")
    if not off and not url:
        raise click.UsageError("give --url https://… (or --off)")
    if secret and generate_secret:
        raise click.UsageError("give --secret or --generate-secret, not both")
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        found = find_creditor(uow, creditor_key)
        if off:
            cancelled = webhooks.turn_off_webhook(uow, found.id)
            uow.commit()
            click.echo(f"webhooks of {found.name} off; {cancelled} waiting webhook(s) cancelled")
            return
        had_secret = found.webhook_secret
        chosen = webhooks.new_secret() if generate_secret else secret
        in_force = webhooks.set_webhook(uow, found.id, url or "", chosen)
        uow.commit()
    click.echo(f"webhooks of {found.name} go to {found.webhook_url}")
    if generate_secret or (not had_secret and not secret):
        click.echo("signing secret (keep it safe, it is not shown again):")
        click.echo(in_force)
    elif secret:
        click.echo("signing secret: the one given")
    else:
        click.echo("signing secret: unchanged")


@creditor.command("link-slack")
@click.argument("creditor_key")
@click.option("--team", "team_id", help="link this Slack workspace (team id, T…) now instead of printing a code")
@click.option("--channel", "channel_id", help="with --team: the channel id (C…) where each case gets its thread")
def creditor_link_slack(creditor_key: str, team_id: str | None, channel_id: str | None) -> None:
    """Link a creditor's Slack workspace: print a one-time code for `/incasso link <code>`, or link --team directly.

    The code is valid for 7 days and works once; only its hash is stored. The agency's own workspace
    (SLACK_SPECIALIST_TEAM_ID) cannot be linked to a creditor.
    """
    from bots.slack.texts import t
    from bots.slack.workspaces import LINK_CODE_TTL, LinkRefused, issue_link_code, link_team

    if channel_id and not team_id:
        raise click.UsageError("--channel goes with --team")
    ctx = CliContext.from_env()
    with ctx.uow() as uow:
        found = find_creditor(uow, creditor_key)
        if team_id:
            try:
                link_team(uow, found.id, team_id.strip(), specialist_team_id=ctx.settings.slack_specialist_team_id,
                          channel_id=channel_id)
            except LinkRefused as exc:
                raise UserError(t("en", exc.reason)) from None
            uow.commit()
            where = f"; case threads go to channel {channel_id}" if channel_id else (
                "; case threads start once someone types `/incasso channel` in a channel")
            click.echo(f"Slack workspace {team_id} linked to {found.name}{where}")
            return
        code = issue_link_code(uow, found.id)
        uow.commit()
    click.echo(f"link code for {found.name}, valid for {LINK_CODE_TTL.days} days and once; it is not shown again:")
    click.echo(code)
    click.echo("a workspace admin types in Slack: /incasso link <code>")
