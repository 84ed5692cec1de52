"""Monitoring an accepted payment arrangement: payments tick off installments, the daily check reminds, warns
and breaks, and a completed arrangement ends the case as paid.

- `apply_payment` (called by record_payment for a case in arrangement): the payment goes to the installments
  oldest first; the law engine's allocation of the payment itself (costs, interest, principal) is untouched.
- `check_installments` (the scheduler's daily pass): a reminder a few days before each due date; an installment
  more than the policy's days late gets a warning; the next late one (or a warned one still unpaid after another
  such term) breaks the arrangement.
- A broken arrangement ends the interest freeze, then: if the amicable schedule was paused by the arrangement
  (paused contact steps remain), the case goes back to `amicable` and the schedule resumes where it stopped
  (core.schedule.planning.resume_plan, the day-10 evaluation included); otherwise (the arrangement was made after
  the amicable phase, from awaiting_creditor or judicial) the case goes to `awaiting_creditor` with a draft advice
  and the creditor decides. Both moves are allowed from `arrangement` by core/domain/case_states.py
  (arrangement -> judicial is not: court proceedings always need the creditor's decision again).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from core.actors import Actor
from core.channels.content import AgencyInfo
from core.clock import AMSTERDAM, local_today
from core.db.models import Arrangement, Case, ContactStep, Creditor, Installment, Payment
from core.domain.case_states import CaseStatus
from core.domain.installments import REMINDER_DAYS_BEFORE as REMINDER_DAYS
from core.domain.installments import (
    InstallmentPolicy,
    apply_to_installments,
    late_action,
    policy_from,
    reminder_due,
)
from core.money import money_str
from core.notifications import alert_specialists, notify_creditor
from core.schedule.plan import Windows
from core.schedule.planning import resume_plan
from core.services.case_access import record_event, transition
from core.services.case_view import statement_for
from core.services.installment_notices import Notice, already_queued, linked_chats, tell_debtor
from core.uow import UnitOfWork

SYSTEM = Actor.system("installment check")
UNPAID = ("open", "late")
BATCH = 200


def active_arrangement(uow: UnitOfWork, case: Case) -> Arrangement | None:
    return uow.session.scalars(
        select(Arrangement)
        .where(Arrangement.case_id == case.id, Arrangement.status == "accepted")
        .order_by(Arrangement.id.desc())
    ).first()


def next_installment_amount(uow: UnitOfWork, case: Case) -> Decimal | None:
    """What the debtor still has to pay on the oldest unpaid installment (bank matching by amount)."""
    if case.status != CaseStatus.ARRANGEMENT.value:
        return None
    row = uow.session.execute(
        select(Installment.amount, Installment.paid_amount)
        .join(Arrangement, Arrangement.id == Installment.arrangement_id)
        .where(Arrangement.case_id == case.id, Arrangement.status == "accepted", Installment.status.in_(UNPAID))
        .order_by(Installment.seq)
        .limit(1)
    ).first()
    return None if row is None else row.amount - row.paid_amount


def apply_payment(
    uow: UnitOfWork,
    case: Case,
    payment: Payment,
    total_open: Decimal,
    *,
    agency: AgencyInfo | None = None,
    windows: Windows | None = None,
) -> list[Installment]:
    """Tick off installments with a payment just recorded for `case` (oldest first, partial payments carry over);
    the installments it completed. `total_open`: the statement after the payment.

    The arrangement is completed when every installment is paid or nothing is open any more; if the installments
    are paid but something is still open (the creditor did not freeze interest), the case leaves the arrangement
    like a broken one: the schedule resumes for the rest, or the creditor decides.
    """
    if case.status != CaseStatus.ARRANGEMENT.value:
        return []
    arrangement = active_arrangement(uow, case)
    if arrangement is None:
        return []
    unpaid = list(
        uow.session.scalars(
            select(Installment)
            .where(Installment.arrangement_id == arrangement.id, Installment.status.in_(UNPAID))
            .order_by(Installment.seq)
        )
    )
    parts, _rest = apply_to_installments(payment.amount, [i.amount - i.paid_amount for i in unpaid])
    completed = []
    for installment, part in zip(unpaid, parts, strict=True):
        if not part:
            continue
        installment.paid_amount += part
        if installment.paid_amount >= installment.amount:
            installment.status, installment.paid_on = "paid", payment.paid_on
            completed.append(installment)
            record_event(
                uow,
                case,
                SYSTEM,
                "installment_paid",
                {
                    "arrangement_id": arrangement.id,
                    "seq": installment.seq,
                    "of": arrangement.months,
                    "amount": money_str(installment.amount),
                    "due_on": installment.due_on.isoformat(),
                    "paid_on": payment.paid_on.isoformat(),
                    "after_warning": installment.warned_at is not None,
                },
            )
    all_paid = len(completed) == len(unpaid)
    if all_paid or total_open <= 0:
        arrangement.status, arrangement.ended_at = "completed", uow.clock.now()
        record_event(
            uow,
            case,
            SYSTEM,
            "arrangement_completed",
            {"arrangement_id": arrangement.id, "total_open": money_str(max(total_open, Decimal(0)))},
        )
        if total_open > 0:
            step = _leave_arrangement(uow, case, "arrangement paid off, but an amount remains open", windows)
            notify_creditor(
                uow,
                case,
                "arrangement_completed",
                f"creditor-arrangement-completed:{arrangement.id}",
                total_open=money_str(total_open),
                next_step=step,
            )
    return completed


def _leave_arrangement(uow: UnitOfWork, case: Case, reason: str, windows: Windows | None) -> str:
    """Out of `arrangement`: back to the paused amicable schedule ("resumed"), or to the creditor ("creditor")."""
    paused = uow.session.scalar(
        select(func.count(ContactStep.id)).where(ContactStep.case_id == case.id, ContactStep.status == "paused")
    )
    if paused:
        transition(uow, case, CaseStatus.AMICABLE, SYSTEM, reason=reason)
        resume_plan(uow, case, SYSTEM, reason, windows)
        return "resumed"
    from core.judicial.advice import draft_advice
    from core.services.lifecycle import escalate

    today = local_today(uow.clock)
    escalate(uow, SYSTEM, case.reference, reason)
    statement = statement_for(uow, case, today)
    draft_advice(uow, SYSTEM, case.reference, as_of=today, statement=statement, case=case)
    notify_creditor(
        uow,
        case,
        "decision_needed",
        f"decision-needed:{case.id}:arrangement",
        total_open=money_str(statement.total_open),
    )
    return "creditor"


# -- the daily check ---------------------------------------------------------------------------------------


def check_installments(
    uow_factory: Callable[[], UnitOfWork], *, agency: AgencyInfo, windows: Windows | None = None
) -> Counter[str]:
    """Remind, warn and break for every case in arrangement, in batches of cases (each batch one transaction).

    On PostgreSQL a batch's cases are locked (SKIP LOCKED), so two schedulers never work on the same case; a
    payment being recorded holds the same lock, so a check never races it.
    """
    counts: Counter[str] = Counter()
    after = 0
    while True:
        with uow_factory() as uow:
            today = local_today(uow.clock)
            query = (
                select(Case)
                .where(Case.status == CaseStatus.ARRANGEMENT.value, Case.id > after)
                .order_by(Case.id)
                .limit(BATCH)
            )
            if uow.session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            cases = list(uow.session.scalars(query))
            if not cases:
                return counts
            after = cases[-1].id
            counts.update(_check_batch(uow, cases, today, agency, windows))
            uow.commit()


def _check_batch(
    uow: UnitOfWork, cases: list[Case], today: date, agency: AgencyInfo, windows: Windows | None
) -> Counter[str]:
    counts: Counter[str] = Counter()
    by_id = {case.id: case for case in cases}
    rows = uow.session.execute(
        select(Installment, Arrangement)
        .join(Arrangement, Arrangement.id == Installment.arrangement_id)
        .where(
            Arrangement.case_id.in_(by_id),
            Arrangement.status == "accepted",
            Installment.status.in_(UNPAID),
            Installment.due_on <= today + timedelta(days=REMINDER_DAYS),
        )
        .order_by(Arrangement.id, Installment.seq)
    ).all()
    if not rows:
        return counts
    arrangements: dict[int, tuple[Arrangement, list[Installment]]] = {}
    for installment, arrangement in rows:
        arrangements.setdefault(arrangement.id, (arrangement, []))[1].append(installment)
    warned = dict(
        uow.session.execute(
            select(Installment.arrangement_id, func.count(Installment.id))
            .where(Installment.arrangement_id.in_(arrangements), Installment.warned_at.is_not(None))
            .group_by(Installment.arrangement_id)
        ).all()
    )
    creditor_ids = {by_id[a.case_id].creditor_id for a, _ in arrangements.values()}
    policies = {
        c.id: policy_from(c.arrangement_policy)
        for c in uow.session.scalars(select(Creditor).where(Creditor.id.in_(creditor_ids)))
    }
    chats = linked_chats(uow, {a.case_id for a, _ in arrangements.values()})
    reminder_keys = [
        f"installment-reminder:{i.id}:{suffix}"
        for arrangement, installments in arrangements.values()
        for i in installments
        for suffix in [*(str(chat) for chat, _ in chats[arrangement.case_id]), "email"]
    ]
    sent = already_queued(uow, reminder_keys)
    for arrangement, installments in arrangements.values():
        case = by_id[arrangement.case_id]
        outcome = _check_arrangement(
            uow,
            case,
            arrangement,
            installments,
            today,
            policies[case.creditor_id],
            warned.get(arrangement.id, 0),
            agency=agency,
            chats=chats[case.id],
            sent=sent,
            windows=windows,
        )
        counts.update(outcome)
    return counts


def _check_arrangement(
    uow: UnitOfWork,
    case: Case,
    arrangement: Arrangement,
    installments: list[Installment],
    today: date,
    policy: InstallmentPolicy,
    warnings_given: int,
    *,
    agency: AgencyInfo,
    chats: list[tuple[int, str | None]],
    sent: set[str],
    windows: Windows | None,
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for installment in installments:  # by seq: the oldest decides first
        warned_on = installment.warned_at.astimezone(AMSTERDAM).date() if installment.warned_at else None
        action = late_action(
            due_on=installment.due_on,
            warned_on=warned_on,
            today=today,
            warnings_given=warnings_given,
            policy=policy,
        )
        if action == "break":
            _break(uow, case, arrangement, installment, today, agency=agency, chats=chats, windows=windows)
            counts["arrangements broken"] += 1
            return counts
        if action == "warn":
            _warn(uow, case, arrangement, installment, today, policy, agency=agency, chats=chats)
            warnings_given += 1
            counts["installment warnings"] += 1
        elif installment.status == "open" and reminder_due(installment.due_on, today):
            notice = Notice("installment_reminder", installment, arrangement)
            if tell_debtor(uow, case, notice, agency=agency, chats=chats, skip=sent):
                counts["installment reminders"] += 1
    return counts


def _warn(
    uow: UnitOfWork,
    case: Case,
    arrangement: Arrangement,
    installment: Installment,
    today: date,
    policy: InstallmentPolicy,
    *,
    agency: AgencyInfo,
    chats: list[tuple[int, str | None]],
) -> None:
    installment.status, installment.warned_at = "late", uow.clock.now()
    pay_by = today + timedelta(days=policy.late_after_days)
    total_open = statement_for(uow, case, today).total_open
    notice = Notice("installment_late", installment, arrangement, total_open=total_open, pay_by=pay_by)
    channels = tell_debtor(uow, case, notice, agency=agency, chats=chats)
    details = {
        "arrangement_id": arrangement.id,
        "seq": installment.seq,
        "of": arrangement.months,
        "due_on": installment.due_on.isoformat(),
        "unpaid": money_str(installment.amount - installment.paid_amount),
        "pay_by": pay_by.isoformat(),
        "debtor_told_by": channels,
    }
    record_event(uow, case, SYSTEM, "installment_late", details)
    notify_creditor(uow, case, "installment_late", f"creditor-installment-late:{installment.id}", **details)


def _break(
    uow: UnitOfWork,
    case: Case,
    arrangement: Arrangement,
    installment: Installment,
    today: date,
    *,
    agency: AgencyInfo,
    chats: list[tuple[int, str | None]],
    windows: Windows | None,
) -> None:
    arrangement.status, arrangement.ended_at = "broken", uow.clock.now()
    installment.status = "missed"
    was_frozen = case.interest_frozen_on is not None
    case.interest_frozen_on = None  # the freeze was the reward for keeping the arrangement
    total_open = statement_for(uow, case, today).total_open
    details = {
        "arrangement_id": arrangement.id,
        "seq": installment.seq,
        "of": arrangement.months,
        "due_on": installment.due_on.isoformat(),
        "unpaid": money_str(installment.amount - installment.paid_amount),
        "total_open": money_str(total_open),
        "interest_freeze_ended": was_frozen,
    }
    record_event(uow, case, SYSTEM, "arrangement_broken", details)
    next_step = _leave_arrangement(uow, case, "arrangement broken: an installment was not paid", windows)
    notice = Notice(
        "arrangement_broken",
        installment,
        arrangement,
        total_open=total_open,
        next_step=next_step,
        was_frozen=was_frozen,
    )
    channels = tell_debtor(uow, case, notice, agency=agency, chats=chats)
    notify_creditor(
        uow, case, "arrangement_broken", f"creditor-arrangement-broken:{arrangement.id}", **details, next_step=next_step
    )
    alert_specialists(
        uow,
        case,
        "arrangement_broken",
        f"specialists-arrangement-broken:{arrangement.id}",
        **details,
        next_step=next_step,
        debtor_told_by=channels,
    )


def installments_by_case(uow: UnitOfWork, case: Case) -> list[Installment]:
    """The installments of the case's latest accepted, completed or broken arrangement (for readers)."""
    arrangement = uow.session.scalars(
        select(Arrangement)
        .where(Arrangement.case_id == case.id, Arrangement.status.in_(("accepted", "completed", "broken")))
        .order_by(Arrangement.id.desc())
    ).first()
    if arrangement is None:
        return []
    return list(
        uow.session.scalars(
            select(Installment).where(Installment.arrangement_id == arrangement.id).order_by(Installment.seq)
        )
    )


__all__ = [
    "active_arrangement",
    "apply_payment",
    "check_installments",
    "installments_by_case",
    "next_installment_amount",
]
