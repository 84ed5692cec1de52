"""`incasso scheduler`: the contact schedule on its own, or one catch-up pass with `--once [--at]`."""

from __future__ import annotations

import logging
from datetime import datetime

import click

from api.cli.context import CliContext
from core.clock import FakeClock
from core.schedule.tick import run_tick
from core.schedule.transports import core_transports


@click.command("scheduler")
@click.option("--once", is_flag=True, help="perform everything due now (or at --at) and exit")
@click.option("--at", "at", help="with --once: the moment to act as now, e.g. 2026-03-02T09:00+01:00")
def scheduler_cmd(once: bool, at: str | None) -> None:
    """Run the contact schedule: plan new cases, send due contacts, day-10 evaluations, deliveries."""
    ctx = CliContext.from_env()
    if at is not None:
        if not once:
            raise click.UsageError("--at goes with --once")
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            raise click.BadParameter(
                f"{at!r}: expected an ISO moment like 2026-03-02T09:00+01:00", param_hint="--at"
            ) from None
        if moment.tzinfo is None:
            raise click.BadParameter(f"{at!r}: give a time zone offset, e.g. +01:00", param_hint="--at")
        ctx.clock = FakeClock(moment)
    transports = core_transports(ctx.settings)
    from bots.telegram.standalone import scheduler_transports

    transports.update(scheduler_transports(ctx.settings, ctx.uow))
    from bots.slack.app import why_off as slack_off
    from bots.slack.outbound import transports as slack_transports

    if slack_off(ctx.settings) is None:  # case threads, specialist alerts and call tasks, as `incasso serve` has
        transports.update(slack_transports(ctx.settings, ctx.uow))
    missing = [
        c for c in ("email", "telegram", "phone_task", "creditor_update", "specialist_alert") if c not in transports
    ]
    if missing:
        click.echo(f"no transport for: {', '.join(missing)} (their messages wait in the outbox)", err=True)
    if once:
        report = run_tick(ctx.uow, ctx.settings, transports)
        click.echo(report.summary())
        return
    from scheduler import build_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    click.echo("scheduler running; Ctrl-C stops it")
    try:
        build_scheduler(ctx.uow, ctx.settings, transports, blocking=True).start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("scheduler stopped")
