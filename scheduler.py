"""APScheduler entry point: in-memory jobs that call core; the schedule itself lives in the database.

Jobs: every minute, plan new cases, dispatch due contact steps and deliver the outbox; at 07:05 on weekdays (and
once at start-up, so a restart never skips a day), the day-10 evaluations. Several scheduler processes may run on
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

    now = datetime.now(UTC)
    scheduler.add_job(every_minute, IntervalTrigger(minutes=1), id="dispatch", max_instances=1, coalesce=True,
                      next_run_time=now)
    scheduler.add_job(day_start, CronTrigger(day_of_week="mon-fri", hour=7, minute=5, timezone=settings.zone),
                      id="day-10-evaluations", max_instances=1, coalesce=True, misfire_grace_time=6 * 3600,
                      next_run_time=now)
    return scheduler
