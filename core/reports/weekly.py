"""The weekly report: a creditor's (or the whole agency's) portfolio over the last N complete weeks.

Definitions (the README's "Reports" section repeats them for readers):
- **week**: Monday 00:00 to the next Monday 00:00, Europe/Amsterdam (core/reports/weeks.py); the report covers the
  N complete weeks before the moment it is made, the last of them is "the report week".
- **cases filed**: cases whose `filed_at` lies in the week.
- **collected**: payments whose payment date (`paid_on`) lies in the week, less the part marked to be paid back
  (`refund_due`, an overpayment). By payment date, so a bank statement imported later can still add to a week.
- **success within 10 days**: the cohort of a week is every case whose 10th business day after the start of its
  amicable phase (`amicable_started_at`, counted as the contact plan counts: core.schedule.calendar, day 0 the start
  day, no weekends or Dutch public holidays) falls in that week — the week its 10 days ran out, so its outcome is
  known. A case the creditor withdrew before that day ended is left out. A success is a case paid in full whose
  payment date (the date of the last payment recorded up to the moment it became paid) is on or before that 10th
  business day. The rate is successes / cohort, None for an empty cohort. Later extensions do not move the
  10 days: this is the agency's promise, measured as made.
- **average days to payment**: over the cases paid in full whose payment date lies in the week, the calendar days
  from the day they were filed (Amsterdam) to the payment date (0 when the debtor paid before the case was filed).
- **open**: at the end of a week (next Monday 00:00), every case filed before then and not yet paid, withdrawn or
  closed, with what the law engine says it owed on the week's Sunday (payments up to that day counted). The report
  week's open amount is split by the status each case had at that moment (from the audit log).
All money is Decimal; nothing here reads the wall clock (the unit of work's clock says when "now" is).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select

from core.actors import Actor, ActorKind
from core.clock import AMSTERDAM
from core.db.models import Case, CaseEvent, Creditor, Debtor, Payment
from core.domain.case_states import OPEN_STATUSES, CaseStatus
from core.errors import Forbidden
from core.money import ZERO, cents, money_str
from core.reports.weeks import Week, complete_weeks, local_midnight
from core.schedule.calendar import add_business_days
from core.schedule.plan import AMICABLE_DAYS
from core.services.case_view import statement_of
from core.uow import UnitOfWork

# every open status, in the order a case usually passes them (the report lists them so)
STATUS_ORDER = tuple(
    s.value for s in (CaseStatus.NEW, CaseStatus.AMICABLE, CaseStatus.ARRANGEMENT, CaseStatus.DISPUTED,
                      CaseStatus.AWAITING_CREDITOR, CaseStatus.JUDICIAL) if s in OPEN_STATUSES
)
# the 10 business days never span more than this many calendar days (weekends, Christmas and New Year)
_TEN_DAYS_AT_MOST = timedelta(days=24)
_CHUNK = 500


@dataclass(frozen=True)
class WeekFigures:
    week: Week
    cases_filed: int
    collected: Decimal
    ten_day_cohort: int  # cases whose 10 business days ran out in this week
    paid_within_10_days: int
    paid_cases: int  # cases paid in full with their payment date in this week
    average_days_to_payment: Decimal | None
    open_total: Decimal  # at the end of the week
    open_cases: int

    @property
    def success_rate(self) -> Decimal | None:
        if not self.ten_day_cohort:
            return None
        return (Decimal(self.paid_within_10_days) / Decimal(self.ten_day_cohort)).quantize(Decimal("0.0001"))

    def as_dict(self) -> dict[str, Any]:
        rate = self.success_rate
        return {
            "week": self.week.label, "starts_on": self.week.monday.isoformat(), "ends_on": self.week.sunday.isoformat(),
            "cases_filed": self.cases_filed, "collected": money_str(self.collected),
            "ten_day_cohort": self.ten_day_cohort, "paid_within_10_days": self.paid_within_10_days,
            "success_rate": str(rate) if rate is not None else None,
            "paid_cases": self.paid_cases,
            "average_days_to_payment": str(self.average_days_to_payment)
            if self.average_days_to_payment is not None else None,
            "open_total": money_str(self.open_total), "open_cases": self.open_cases,
        }


@dataclass(frozen=True)
class StatusFigures:
    status: str
    cases: int
    amount: Decimal


@dataclass(frozen=True)
class FailedDelivery:
    message_id: int
    reference: str | None
    channel: str
    error: str | None


@dataclass(frozen=True)
class AgencyQueue:
    """What waits for the specialists when the report is made (core/services/queues.py), counted."""

    counts: dict[str, int]
    failed: list[FailedDelivery] = field(default_factory=list)


@dataclass(frozen=True)
class WeeklyReport:
    creditor_id: int | None  # None: the whole agency
    creditor_name: str | None
    made_at: datetime
    weeks: list[WeekFigures]  # oldest first; the last is the report week
    open_by_status: list[StatusFigures]  # at the end of the report week, in STATUS_ORDER, statuses with cases only
    queue: AgencyQueue | None = None  # the agency report only

    @property
    def week(self) -> WeekFigures:
        return self.weeks[-1]

    @property
    def scope(self) -> str:
        return "agency" if self.creditor_id is None else "creditor"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (money and rates as strings): the API's answer, the CLI's --json and the outbox row's body."""
        data: dict[str, Any] = {
            "scope": self.scope,
            "creditor": {"id": self.creditor_id, "name": self.creditor_name} if self.creditor_id else None,
            "made_at": self.made_at.isoformat(),
            "week": self.week.as_dict(),
            "open_by_status": [{"status": s.status, "cases": s.cases, "amount": money_str(s.amount)}
                               for s in self.open_by_status],
            "weeks": [w.as_dict() for w in self.weeks],
        }
        if self.queue is not None:
            data["queue"] = dict(self.queue.counts)
            data["failed_deliveries"] = [
                {"message_id": f.message_id, "case": f.reference, "channel": f.channel, "error": f.error}
                for f in self.queue.failed
            ]
        return data


def report_for(uow: UnitOfWork, actor: Actor, weeks: int, *, creditor_id: int | None = None) -> WeeklyReport:
    """A creditor user gets its own report (asking for another creditor's is refused); the agency any creditor's
    (`creditor_id`) or, without one, the agency's."""
    if actor.kind is ActorKind.CREDITOR_USER:
        if actor.creditor_id is None or creditor_id not in (None, actor.creditor_id):
            raise Forbidden("a creditor sees its own report only")
        return creditor_report(uow, actor.creditor_id, weeks)
    if not actor.is_agency:
        raise Forbidden("reports are for creditors and the agency")
    return creditor_report(uow, creditor_id, weeks) if creditor_id is not None else agency_report(uow, weeks)


def creditor_report(uow: UnitOfWork, creditor_id: int, weeks: int) -> WeeklyReport:
    creditor = uow.session.get_one(Creditor, creditor_id)
    return _compute(uow, creditor_id, creditor.name, weeks)


def agency_report(uow: UnitOfWork, weeks: int, *, failed_listed: int = 10) -> WeeklyReport:
    """The same figures over every creditor, plus the specialists' queue and the deliveries that failed."""
    from core.services.queues import specialist_queue

    report = _compute(uow, None, None, weeks)
    queue = specialist_queue(uow, limit=1000)
    counts = {
        "disputes": len(queue.disputes), "approvals": len(queue.approvals), "calls_today": len(queue.calls),
        "failed_deliveries": len(queue.failed), "bank_credits": len(queue.credits),
        "complaints": len(queue.complaints), "cannot_pay": len(queue.cannot_pay),
        "locked_links": len(queue.locked_links),
    }
    failed = [FailedDelivery(f.message_id, f.reference, f.channel, (f.error or "")[:200] or None)
              for f in queue.failed[:failed_listed]]
    return WeeklyReport(report.creditor_id, None, report.made_at, report.weeks, report.open_by_status,
                        AgencyQueue(counts, failed))


# ------------------------------------------------------------------------------------------------ the figures


def _compute(uow: UnitOfWork, creditor_id: int | None, name: str | None, count: int) -> WeeklyReport:
    now = uow.clock.now()
    weeks = complete_weeks(now, count)
    first, last = weeks[0], weeks[-1]

    def mine(query: Select) -> Select:
        return query.where(Case.creditor_id == creditor_id) if creditor_id is not None else query

    filed = _per_week(
        moment.astimezone(AMSTERDAM).date() for moment in uow.session.scalars(mine(
            select(Case.filed_at).where(Case.filed_at >= first.starts, Case.filed_at < last.ends)))
    )
    collected: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for paid_on, amount, refund in uow.session.execute(mine(
        select(Payment.paid_on, Payment.amount, Payment.refund_due).join(Case, Case.id == Payment.case_id)
        .where(Payment.paid_on >= first.monday, Payment.paid_on <= last.sunday)
    )):
        collected[_monday(paid_on)] += amount - (refund or ZERO)

    # cases whose 10 days may run out in the window, and cases paid in full that may have paid in it
    candidates = uow.session.execute(mine(
        select(Case.id, Case.status, Case.filed_at, Case.amicable_started_at, Case.closed_at).where(or_(
            (Case.amicable_started_at >= first.starts - _TEN_DAYS_AT_MOST) & (Case.amicable_started_at < last.ends),
            (Case.status == CaseStatus.PAID.value) & (Case.closed_at >= first.starts),
        ))
    )).all()
    paid_dates = _paid_dates(uow, [c for c in candidates if c.status == CaseStatus.PAID.value])
    cohort: dict[date, list[bool]] = defaultdict(list)
    days_to_pay: dict[date, list[int]] = defaultdict(list)
    for c in candidates:
        paid_on = paid_dates.get(c.id)
        if c.amicable_started_at is not None:
            tenth = add_business_days(c.amicable_started_at.astimezone(AMSTERDAM).date(), AMICABLE_DAYS)
            withdrawn_first = (c.status == CaseStatus.WITHDRAWN.value and c.closed_at is not None
                               and c.closed_at < local_midnight(tenth + timedelta(days=1)))
            if first.monday <= tenth <= last.sunday and not withdrawn_first:
                cohort[_monday(tenth)].append(paid_on is not None and paid_on <= tenth)
        if paid_on is not None and first.monday <= paid_on <= last.sunday:
            filed_on = c.filed_at.astimezone(AMSTERDAM).date()
            days_to_pay[_monday(paid_on)].append(max(0, (paid_on - filed_on).days))

    open_at, by_status = _open_amounts(uow, creditor_id, weeks)
    figures = []
    for week in weeks:
        outcomes, days = cohort.get(week.monday, []), days_to_pay.get(week.monday, [])
        total, cases = open_at.get(week.monday, (ZERO, 0))
        figures.append(WeekFigures(
            week=week, cases_filed=filed.get(week.monday, 0), collected=cents(collected.get(week.monday, ZERO)),
            ten_day_cohort=len(outcomes), paid_within_10_days=sum(outcomes), paid_cases=len(days),
            average_days_to_payment=(Decimal(sum(days)) / len(days)).quantize(Decimal("0.1")) if days else None,
            open_total=cents(total), open_cases=cases,
        ))
    return WeeklyReport(creditor_id, name, now, figures, by_status)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _per_week(days: Iterable[date]) -> dict[date, int]:
    counts: dict[date, int] = defaultdict(int)
    for day in days:
        counts[_monday(day)] += 1
    return counts


def _paid_dates(uow: UnitOfWork, paid_cases: Sequence[Any]) -> dict[int, date]:
    """Per case paid in full: the date of the last payment recorded up to the moment it became paid (the money that
    settled it), or that moment's date when no payment was recorded (cannot happen through the services)."""
    found: dict[int, date] = {}
    closed_at = {c.id: c.closed_at for c in paid_cases}
    ids = list(closed_at)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for case_id, paid_on, recorded_at in uow.session.execute(
            select(Payment.case_id, Payment.paid_on, Payment.recorded_at).where(Payment.case_id.in_(chunk))
        ):
            if closed_at[case_id] is not None and recorded_at <= closed_at[case_id]:
                found[case_id] = max(found.get(case_id, paid_on), paid_on)
    for case_id, moment in closed_at.items():
        if case_id not in found and moment is not None:
            found[case_id] = moment.astimezone(AMSTERDAM).date()
    return found


def _open_amounts(
    uow: UnitOfWork, creditor_id: int | None, weeks: Sequence[Week]
) -> tuple[dict[date, tuple[Decimal, int]], list[StatusFigures]]:
    """Per week (by Monday): what was open at its end and in how many cases; and the report week's split by status."""
    first, last = weeks[0], weeks[-1]
    query = select(Case).where(Case.filed_at < last.ends, or_(Case.closed_at.is_(None), Case.closed_at >= first.ends))
    if creditor_id is not None:
        query = query.where(Case.creditor_id == creditor_id)
    cases = uow.session.scalars(query.order_by(Case.id)).all()
    if not cases:
        return {}, []
    ids = [c.id for c in cases]
    debtor_kinds: dict[int, str] = {}
    payments: dict[int, list[Payment]] = defaultdict(list)
    statuses: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        debtor_kinds.update(uow.session.execute(
            select(Case.id, Debtor.kind).join(Debtor, Debtor.id == Case.debtor_id).where(Case.id.in_(chunk))).all())
        for payment in uow.session.scalars(
            select(Payment).where(Payment.case_id.in_(chunk), Payment.paid_on <= last.sunday)
            .order_by(Payment.paid_on, Payment.id)
        ):
            payments[payment.case_id].append(payment)
        # the status at the report week's end: the last change before it (events are in time order per case)
        for case_id, payload in uow.session.execute(
            select(CaseEvent.case_id, CaseEvent.payload)
            .where(CaseEvent.case_id.in_(chunk), CaseEvent.kind == "status_changed", CaseEvent.occurred_at < last.ends)
            .order_by(CaseEvent.occurred_at, CaseEvent.id)
        ):
            statuses[case_id] = str((payload or {}).get("to") or CaseStatus.NEW.value)
    creditors = {c.id: c for c in uow.session.scalars(
        select(Creditor).where(Creditor.id.in_({case.creditor_id for case in cases})))}

    open_at: dict[date, tuple[Decimal, int]] = {}
    split: dict[str, tuple[int, Decimal]] = {}
    for case in cases:
        for week in weeks:
            if case.filed_at >= week.ends or (case.closed_at is not None and case.closed_at < week.ends):
                continue
            owed = statement_of(case, case.claim_lines, debtor_kinds[case.id], creditors[case.creditor_id],
                                payments.get(case.id, ()), week.sunday).total_open
            total, count = open_at.get(week.monday, (ZERO, 0))
            open_at[week.monday] = (total + owed, count + 1)
            if week is last:
                status = statuses.get(case.id, CaseStatus.NEW.value)
                n, amount = split.get(status, (0, ZERO))
                split[status] = (n + 1, amount + owed)
    by_status = [StatusFigures(s, split[s][0], cents(split[s][1])) for s in STATUS_ORDER if s in split]
    by_status += [StatusFigures(s, n, cents(a)) for s, (n, a) in sorted(split.items()) if s not in STATUS_ORDER]
    return open_at, by_status
