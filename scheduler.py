"""APScheduler entry point: in-memory jobs that call core; the schedule itself lives in the database.

Jobs: every minute, plan new cases, dispatch due contact steps and deliver the outbox; at 07:05 on weekdays (and
once at start-up, so a restart never skips a day), the day-10 evaluations; on the 1st of each month at 06:30 the
settlement of the month before (core/services/settlement.py); on Mondays at 08:00 last week's reports
(core/reports/posting.py). Several scheduler processes may run on
one PostgreSQL: the rows they work on are claimed with row locks and leases, so none is done twice.
Run it with `incasso scheduler` (or inside `incasso serve`, once that exists).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.config import Settings
from core.schedule.delivery import Transport
from core.schedule.tick import run_tick
from core.uow import UnitOfWork

log = logging.getLogger("incasso.scheduler")


def build_scheduler(
    uow_factory: Callable[[], UnitOfWork],
    settings: Settings,
    transports: Mapping[str, Transport],
    *,
    blocking: bool,
) -> BaseScheduler:
    scheduler: BaseScheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone=settings.zone)

    def every_minute() -> None:
        report = run_tick(uow_factory, settings, transports, evaluations=False)
        if report.started or report.steps or report.delivered:
            log.info("tick: %s", report.summary())

    def day_start() -> None:
        report = run_tick(uow_factory, settings, transports, evaluations=True)
        log.info("day-10 evaluations: %s", report.summary())

    def monthly_settlement() -> None:
        from core.errors import UserError
        from core.services.settlement import settle_previous_month

        try:
            result = settle_previous_month(uow_factory, settings)
        except UserError as exc:  # e.g. another worker is settling the same month right now
            log.warning("settlement: %s", exc)
            return
        if not result.already_settled:
            log.info("settlement %s: %d creditor(s), payout %s", result.period, len(result.creditors), result.payout)

    def weekly_reports() -> None:
        from core.reports.posting import queue_weekly_reports

        result = queue_weekly_reports(uow_factory, agency_language=settings.slack_specialist_language)
        log.info("weekly reports %s: %d queued, %d queued before", result.week, len(result.queued), result.already)

    def housekeeping() -> None:
        from core.services.housekeeping import prune_receipts

        with uow_factory() as uow:
            log.info("housekeeping: pruned %s", prune_receipts(uow).summary())

    now = datetime.now(UTC)
    scheduler.add_job(every_minute, IntervalTrigger(minutes=1), id="dispatch", max_instances=1, coalesce=True,
                      next_run_time=now)
    scheduler.add_job(day_start, CronTrigger(day_of_week="mon-fri", hour=7, minute=5, timezone=settings.zone),
                      id="day-10-evaluations", max_instances=1, coalesce=True, misfire_grace_time=6 * 3600,
                      next_run_time=now)
    # the month before, on the first at 06:30; a restart the same day runs it then (already settled: a no-op)
    scheduler.add_job(monthly_settlement, CronTrigger(day=1, hour=6, minute=30, timezone=settings.zone),
                      id="monthly-settlement", max_instances=1, coalesce=True, misfire_grace_time=18 * 3600)
    # last week's reports to the creditors' Slack and the specialists, queued once per creditor and week however
    # many workers run this (the outbox key); `incasso report --post` queues them by hand after a missed Monday
    scheduler.add_job(weekly_reports, CronTrigger(day_of_week="mon", hour=8, minute=0, timezone=settings.zone),
                      id="weekly-reports", max_instances=1, coalesce=True, misfire_grace_time=12 * 3600)
    # receipts kept only to recognise repeats (Telegram update ids, Slack retries, API idempotency keys)
    scheduler.add_job(housekeeping, CronTrigger(hour=3, minute=30, timezone=settings.zone), id="housekeeping",
                      max_instances=1, coalesce=True, misfire_grace_time=12 * 3600)
    return scheduler
