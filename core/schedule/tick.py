"""One pass of the schedule: plan new cases, dispatch due steps, run due evaluations, deliver the outbox."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from core.config import Settings
from core.schedule.delivery import Transport, deliver_due
from core.schedule.dispatcher import CONTACT_CHANNELS, EVALUATION_CHANNELS, dispatch_due_steps
from core.schedule.planning import start_new_cases
from core.schedule.step_rules import windows_of
from core.uow import UnitOfWork


@dataclass
class TickReport:
    started: int = 0
    steps: Counter[str] = field(default_factory=Counter)
    evaluations: Counter[str] = field(default_factory=Counter)
    delivered: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        def fmt(counter: Counter[str]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "none"

        return (
            f"new cases planned: {self.started}; steps: {fmt(self.steps)}; evaluations: {fmt(self.evaluations)}; "
            f"deliveries: {fmt(self.delivered)}"
        )


def plan_new_cases(uow_factory: Callable[[], UnitOfWork], settings: Settings) -> int:
    total = 0
    while True:
        with uow_factory() as uow:
            count = start_new_cases(uow, windows=windows_of(settings), token_key=settings.deep_link_key())
            uow.commit()
        total += count
        if count == 0:
            return total


def _installment_checks(uow_factory: Callable[[], UnitOfWork], settings: Settings) -> Counter[str]:
    from core.schedule.messages import agency_info
    from core.services.installments import check_installments

    return check_installments(uow_factory, agency=agency_info(settings), windows=windows_of(settings))


def run_tick(
    uow_factory: Callable[[], UnitOfWork],
    settings: Settings,
    transports: Mapping[str, Transport],
    *,
    evaluations: bool = True,
) -> TickReport:
    report = TickReport()
    report.started = plan_new_cases(uow_factory, settings)
    report.steps = dispatch_due_steps(uow_factory, settings, channels=CONTACT_CHANNELS)
    if evaluations:
        report.evaluations = dispatch_due_steps(uow_factory, settings, channels=EVALUATION_CHANNELS)
        # reminders before due dates, late warnings and broken arrangements (core.services.installments)
        report.evaluations.update(_installment_checks(uow_factory, settings))
        # an evaluation may plan a "costs now due" notice that is due at once
        report.steps.update(dispatch_due_steps(uow_factory, settings, channels=CONTACT_CHANNELS))
    report.delivered = deliver_due(uow_factory, transports, windows=windows_of(settings))
    return report
