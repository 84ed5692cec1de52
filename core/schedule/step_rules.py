"""The rules every contact step goes through, whichever lane of the dispatcher carries it out: whether it may go
now, whether it is the 14-day letter, and what a failure does to it.

The functions take ORM objects or plain rows with the same attribute names (the bulk lane reads rows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from core.channels.content import Template
from core.config import Settings
from core.domain.case_states import CaseStatus
from core.notifications import alert_specialists
from core.schedule.calendar import next_allowed_moment
from core.schedule.messages import needs_fourteen_day_letter
from core.schedule.plan import Channel, Condition, Windows
from core.uow import UnitOfWork

STEP_RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))
MAX_STEP_ATTEMPTS = 3
# templates whose e-mail carries the letter of the day as PDF
LETTER_TEMPLATES = ("demand", "final_notice", "costs_now_due")


def windows_of(settings: Settings) -> Windows:
    return Windows(message=settings.window("message"), phone=settings.window("phone"))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a step: its new status, the note the timeline shows, and a new due moment if it moved."""

    status: str
    note: str
    due_at: datetime | None = None
    last_error: str | None = None


def failure_of(step: Any, now: datetime, exc: Exception) -> Outcome:
    """A step whose work raised: planned again after a pause, or failed for good after MAX_STEP_ATTEMPTS."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if step.attempts >= MAX_STEP_ATTEMPTS:
        return Outcome("failed", f"failed after {step.attempts} attempts: {exc}"[:300], step.due_at, error)
    due = now + STEP_RETRY_AFTER[min(step.attempts, len(STEP_RETRY_AFTER)) - 1]
    return Outcome("planned", f"retry {step.attempts + 1} at {due.isoformat()}", due, error)


def raise_failed_step(uow: UnitOfWork, case: Any, step: Any, failed: Outcome) -> None:
    alert_specialists(
        uow, case, "step_failed", f"step-failed:{step.id}", step=step.id, channel=step.channel, error=failed.last_error
    )


def precheck(
    step: Any,
    case: Any,
    debtor: Any,
    chats: Sequence[int],
    now: datetime,
    windows: Windows,
    *,
    allowed: Mapping[str, datetime] | None = None,
) -> Outcome | None:
    """Why a step is not carried out now (case no longer amicable, condition unmet, outside contact hours), or
    None. `step`, `case`, `debtor`: ORM objects or rows with their attribute names. `allowed`: `allowed_moments`
    when the caller checks many steps at the same moment."""
    if case.status != _AMICABLE:
        return Outcome("cancelled", f"case is {case.status}")
    reason = _unmet_condition(step, debtor, chats)
    if reason:
        return Outcome("skipped", reason)
    channel = step.channel
    if channel != _LETTER:
        moment = allowed[channel] if allowed is not None else allowed_moments(now, windows)[channel]
        if moment > now:  # a catch-up run at night: wait for contact hours, never contact outside them
            return Outcome("planned", f"outside contact hours; moved to {moment.isoformat()}", moment)
    return None


def allowed_moments(now: datetime, windows: Windows) -> dict[str, datetime]:
    """Per channel (other than letters), the first moment from `now` that contact is allowed: messages within
    the message window on any day but Sundays and holidays, phone tasks within the phone window on business days."""
    message = next_allowed_moment(now, windows.message, business_only=False)
    return {
        Channel.EMAIL.value: message,
        Channel.TELEGRAM.value: message,
        Channel.PHONE.value: next_allowed_moment(now, windows.phone, business_only=True),
        Channel.EVALUATION.value: message,
    }


def is_fourteen_day(template: Template, debtor: Any, case: Any, today: date) -> bool:
    """Is this message the consumer's 14-day letter (art. 6:96 lid 6 BW): the demand, with no letter on file or
    the one sent today?"""
    return (
        template is Template.DEMAND
        and debtor.kind == "consumer"
        and (needs_fourteen_day_letter(case, debtor) or case.fourteen_day_letter_sent_on == today)
    )


# plain strings: an enum member's .value is a descriptor call, and this runs for every step of a tick
_HAS_EMAIL, _HAS_PHONE = Condition.HAS_EMAIL.value, Condition.HAS_PHONE.value
_HAS_ADDRESS, _TELEGRAM_LINKED = Condition.HAS_ADDRESS.value, Condition.TELEGRAM_LINKED.value
_AMICABLE, _LETTER = CaseStatus.AMICABLE.value, Channel.LETTER.value


def _unmet_condition(step: Any, debtor: Any, chats: Sequence[int]) -> str | None:
    condition = step.condition
    if condition is None:
        return None
    if condition == _HAS_EMAIL and not debtor.email:
        return "no e-mail address known"
    if condition == _HAS_PHONE and not debtor.phone:
        return "no phone number known"
    if condition == _HAS_ADDRESS and not (debtor.street and debtor.postcode and debtor.city):
        return "no postal address known"
    if condition == _TELEGRAM_LINKED and not chats:
        return "debtor has not connected on Telegram"
    return None


