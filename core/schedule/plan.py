"""The contact plan as data, and laying it out for one case as durable ContactStep rows.

A plan is a list of steps: business-day offset, channel, template, condition. The default plan follows the
agency's 10-day promise; a creditor may keep its own in `creditors.contact_plan` (same shape, checked here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from core.schedule.calendar import (
    AMSTERDAM,
    add_business_days,
    first_business_day_from,
    local_moment,
    next_allowed_moment,
)

AMICABLE_DAYS = 10


class Channel(StrEnum):
    LETTER = "letter"
    EMAIL = "email"
    TELEGRAM = "telegram"
    PHONE = "phone"
    EVALUATION = "evaluation"


class Condition(StrEnum):
    HAS_EMAIL = "has_email"
    HAS_PHONE = "has_phone"
    HAS_ADDRESS = "has_address"
    TELEGRAM_LINKED = "telegram_linked"


TEMPLATES = {"demand", "reminder", "final_notice", "costs_now_due", "call", "day10"}


@dataclass(frozen=True)
class PlanStep:
    day: int
    channel: Channel
    template: str
    condition: Condition | None = None


DEFAULT_PLAN: tuple[PlanStep, ...] = (
    PlanStep(0, Channel.LETTER, "demand", Condition.HAS_ADDRESS),
    PlanStep(0, Channel.EMAIL, "demand", Condition.HAS_EMAIL),
    PlanStep(2, Channel.PHONE, "call", Condition.HAS_PHONE),
    PlanStep(3, Channel.EMAIL, "reminder", Condition.HAS_EMAIL),
    PlanStep(3, Channel.TELEGRAM, "reminder", Condition.TELEGRAM_LINKED),
    PlanStep(5, Channel.PHONE, "call", Condition.HAS_PHONE),
    PlanStep(7, Channel.LETTER, "final_notice", Condition.HAS_ADDRESS),
    PlanStep(7, Channel.EMAIL, "final_notice", Condition.HAS_EMAIL),
    PlanStep(7, Channel.TELEGRAM, "final_notice", Condition.TELEGRAM_LINKED),
    PlanStep(AMICABLE_DAYS, Channel.EVALUATION, "day10"),
)

# Wall-clock time a step of a later day is planned for; contact hours then move it if needed.
SEND_AT = {
    Channel.LETTER: time(9, 0),
    Channel.EMAIL: time(9, 0),
    Channel.TELEGRAM: time(10, 0),
    Channel.PHONE: time(10, 0),
}
# The evaluation runs at the start of the business day after day 10, i.e. when day 10 is over.
EVALUATE_AT = time(7, 0)


class PlanError(ValueError):
    pass


def parse_plan(data: Iterable[Mapping[str, object]]) -> tuple[PlanStep, ...]:
    """A creditor's own plan, checked: known channels, templates and conditions; one evaluation, last."""
    steps: list[PlanStep] = []
    for i, raw in enumerate(data):
        try:
            day = int(str(raw["day"]))
            channel = Channel(str(raw["channel"]))
            template = str(raw["template"])
            condition = Condition(str(raw["condition"])) if raw.get("condition") else None
        except (KeyError, ValueError) as exc:
            raise PlanError(f"step {i}: {exc}") from None
        if not 0 <= day <= 30 or template not in TEMPLATES:
            raise PlanError(f"step {i}: day must be 0..30 and template one of {sorted(TEMPLATES)}")
        steps.append(PlanStep(day, channel, template, condition))
    evaluations = [s for s in steps if s.channel is Channel.EVALUATION]
    if len(evaluations) != 1 or evaluations[0].day != max(s.day for s in steps):
        raise PlanError("a plan has exactly one evaluation step, on its last day")
    return tuple(sorted(steps, key=lambda s: s.day))


@dataclass(frozen=True)
class Windows:
    """Contact windows in minutes after local midnight (see core.config.Settings.window)."""

    message: tuple[int, int] = (8 * 60, 20 * 60)
    phone: tuple[int, int] = (9 * 60, 17 * 60)


def due_moment(step: PlanStep, start: datetime, windows: Windows) -> datetime:
    """When `step` is due for a plan that starts at `start` (day 0: that day if a business day, else the next)."""
    start_day = start.astimezone(AMSTERDAM).date()
    day0 = first_business_day_from(start_day)
    if step.channel is Channel.EVALUATION:
        return local_moment(add_business_days(day0, step.day + 1), EVALUATE_AT)
    if step.day == 0 and day0 == start_day:
        planned = start
    else:
        planned = local_moment(add_business_days(day0, step.day), SEND_AT[step.channel])
    if step.channel is Channel.PHONE:
        return next_allowed_moment(planned, windows.phone, business_only=True)
    return next_allowed_moment(planned, windows.message)


def lay_out(plan: Iterable[PlanStep], start: datetime, windows: Windows) -> list[tuple[PlanStep, datetime]]:
    return [(step, due_moment(step, start, windows)) for step in plan]
