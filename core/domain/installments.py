"""The rules of a payment arrangement's installments, as pure functions: the creditor's policy, applying a payment
to the schedule, and when an unpaid installment is late or breaks the arrangement.

The installments track the schedule the debtor agreed to; the statement (core.law) tracks the debt. A payment is
allocated by the law engine to costs, interest and principal exactly as without an arrangement; here it only
ticks off installments, oldest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal("0.00")

# An installment paid more than this many days after its due date is late (the debtor is warned); the defaults
# stand in the creditor's policy (creditors.arrangement_policy) and are kept there as data.
DEFAULT_LATE_AFTER_DAYS = 7
# how many late installments get a warning; the next late one breaks the arrangement
DEFAULT_LATE_WARNINGS = 1
# the reminder goes out this many days before the due date
REMINDER_DAYS_BEFORE = 3


@dataclass(frozen=True)
class InstallmentPolicy:
    late_after_days: int = DEFAULT_LATE_AFTER_DAYS
    late_warnings: int = DEFAULT_LATE_WARNINGS
    # Dutch practice: the creditor agrees that interest and costs stop while the arrangement is kept, so the
    # installments (which sum to what was open when it was made) pay the case off exactly
    freeze_interest: bool = True


def policy_from(policy: Mapping[str, object] | None) -> InstallmentPolicy:
    """The installment part of a creditor's arrangement policy, with the defaults for what it does not say."""
    policy = policy or {}
    return InstallmentPolicy(
        late_after_days=max(0, int(str(policy.get("late_after_days", DEFAULT_LATE_AFTER_DAYS)))),
        late_warnings=max(0, int(str(policy.get("late_warnings", DEFAULT_LATE_WARNINGS)))),
        freeze_interest=str(policy.get("freeze_interest", True)).lower() not in ("false", "0", "no"),
    )


def apply_to_installments(amount: Decimal, still_due: Sequence[Decimal]) -> tuple[list[Decimal], Decimal]:
    """Split a payment over the installments still due (oldest first): what each one gets, and what is left.

    A partial payment stays on the installment it reached and the next payment continues there; what is left after
    the last installment is not the schedule's business (the statement shows it as overpaid, if it is).
    """
    rest = amount
    parts: list[Decimal] = []
    for due in still_due:
        part = min(due, rest) if due > 0 else ZERO
        parts.append(part)
        rest -= part
    return parts, rest


def late_action(
    *,
    due_on: date,
    warned_on: date | None,
    today: date,
    warnings_given: int,
    policy: InstallmentPolicy,
) -> str:
    """ "warn", "break" or "none" for an unpaid installment on `today`.

    More than `late_after_days` past its due date: a warning while the arrangement has warnings left, else it
    breaks the arrangement. A warned installment still unpaid `late_after_days` after the warning breaks it too (so
    the last installment cannot be skipped with a warning as the only consequence).
    """
    grace = timedelta(days=policy.late_after_days)
    if warned_on is not None:
        return "break" if today > warned_on + grace else "none"
    if today <= due_on + grace:
        return "none"
    return "warn" if warnings_given < policy.late_warnings else "break"


def reminder_due(due_on: date, today: date) -> bool:
    """Whether today falls in the reminder window before the due date (the check runs daily; a missed day is
    caught up the next, until the due date)."""
    return today <= due_on <= today + timedelta(days=REMINDER_DAYS_BEFORE)
