"""`incasso report`: a creditor's (or the agency's) weekly report as text, JSON or a PNG chart; `--post` queues
last week's reports for Slack now (what the Monday 08:00 job does)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import click

from api.cli.context import CliContext
from core.clock import AMSTERDAM, FakeClock
from core.reports.chart import render_png
from core.reports.posting import DEFAULT_WEEKS, queue_weekly_reports
from core.reports.texts import summary_text
from core.reports.weekly import agency_report, creditor_report
from core.reports.weeks import MAX_WEEKS
from core.services.creditors import find_creditor


def _moment(text: str) -> datetime:
    """A date (its start, Amsterdam) or an ISO moment with an offset."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), AMSTERDAM)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r}: expected a date (2026-03-30) or a moment (2026-03-30T08:00+02:00)",
                                 param_hint="--as-of") from None
    if moment.tzinfo is None:
        raise click.BadParameter(f"{text!r}: give a time zone offset, e.g. +02:00", param_hint="--as-of")
    return moment


@click.command("report")
@click.option("--creditor", "creditor_key", help="the creditor, by KvK number or id")
@click.option("--agency", is_flag=True, help="the whole agency, with the specialists' queue")
@click.option("--weeks", type=click.IntRange(1, MAX_WEEKS), default=DEFAULT_WEEKS, show_default=True,
              help="complete weeks before the current one")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="write the chart (PNG) here")
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON instead of text")
@click.option("--lang", type=click.Choice(["nl", "en"]), help="language of the text and chart (default: the "
              "creditor's; Dutch for the agency)")
@click.option("--as-of", "as_of", help="make the report as at this date or moment (default: now)")
@click.option("--post", is_flag=True, help="queue last week's reports for Slack now (every creditor in Slack and "
              "the specialists); a report already queued is not queued again")
def report(creditor_key: str | None, agency: bool, weeks: int, out: Path | None, as_json: bool, lang: str | None,
           as_of: str | None, post: bool) -> None:
    """The weekly report: cases filed, collected, paid within 10 business days, days to payment, what is open."""
    ctx = CliContext.from_env()
    if as_of is not None:
        ctx.clock = FakeClock(_moment(as_of))
    if post:
        if creditor_key or agency or out or as_json:
            raise click.UsageError("--post goes alone (with --weeks or --as-of at most)")
        result = queue_weekly_reports(ctx.uow, weeks=weeks, agency_language=ctx.settings.slack_specialist_language)
        click.echo(f"week {result.week}: {len(result.queued)} report(s) queued, {result.already} queued before")
        return
    if bool(creditor_key) == agency:
        raise click.UsageError("give --creditor KVK_OR_ID or --agency")
    with ctx.uow() as uow:
        if agency:
            found = agency_report(uow, weeks)
            language = lang or "nl"
        else:
            assert creditor_key is not None
            creditor = find_creditor(uow, creditor_key)
            found = creditor_report(uow, creditor.id, weeks)
            language = lang or creditor.language
    if out is not None:
        out.write_bytes(render_png(found, language))
    if as_json:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary_text(found.as_dict(), language))
    if out is not None and not as_json:
        click.echo(f"chart: {out}")
