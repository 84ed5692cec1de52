"""What a creditor sees at a glance (Slack's App Home, `/incasso dossiers`): its cases with the amount open and the
next planned contact, and its figures — open cases, amount open, collected this month, success rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from core.actors import Actor, ActorKind
from core.clock import AMSTERDAM, local_today
from core.db.models import Case, ContactStep, Debtor, Payment
from core.domain.case_states import OPEN_STATUSES, CaseStatus
from core.errors import Forbidden
from core.law import Statement
from core.services.case_access import load_case
from core.services.case_search import CaseFilter, search_cases
from core.services.case_view import statement_for
from core.uow import UnitOfWork

# the amicable phase is over for these; "paid" is a success, the others are not (withdrawn cases do not count)
FINISHED = (CaseStatus.PAID.value, CaseStatus.CLOSED.value, CaseStatus.JUDICIAL.value)


@dataclass(frozen=True)
class NextContact:
    due_at: datetime  # UTC
    channel: str
    template: str


@dataclass(frozen=True)
class CaseSummary:
    reference: str
    status: str
    debtor_name: str
    statement: Statement
    next_contact: NextContact | None


@dataclass(frozen=True)
class Overview:
    open_cases: int
    amount_open: Decimal
    collected_this_month: Decimal
    paid_cases: int
    finished_cases: int
    waiting: list[CaseSummary]  # status awaiting_creditor: the creditor must decide

    @property
    def success_rate(self) -> Decimal | None:
        """Paid cases among the cases whose amicable phase is over, as a fraction; None before the first."""
        if not self.finished_cases:
            return None
        return Decimal(self.paid_cases) / Decimal(self.finished_cases)


def _creditor_only(actor: Actor) -> int:
    if actor.kind is not ActorKind.CREDITOR_USER or actor.creditor_id is None:
        raise Forbidden("the creditor overview is for creditor users")
    return actor.creditor_id


def next_contact(uow: UnitOfWork, case: Case) -> NextContact | None:
    step = uow.session.scalars(
        select(ContactStep)
        .where(ContactStep.case_id == case.id, ContactStep.status == "planned")
        .order_by(ContactStep.due_at, ContactStep.id)
        .limit(1)
    ).first()
    return NextContact(step.due_at, step.channel, step.template) if step else None


def summarise(uow: UnitOfWork, case: Case, debtor: Debtor, today: date) -> CaseSummary:
    return CaseSummary(case.reference, case.status, debtor.name, statement_for(uow, case, today),
                       next_contact(uow, case))


def case_summary(uow: UnitOfWork, actor: Actor, reference: str) -> CaseSummary:
    """One case the actor may see (another creditor's case is NotFound)."""
    case = load_case(uow, actor, reference)
    return summarise(uow, case, uow.session.get_one(Debtor, case.debtor_id), local_today(uow.clock))


def open_cases(uow: UnitOfWork, actor: Actor, *, limit: int = 20) -> tuple[list[CaseSummary], int]:
    """The newest `limit` open cases with their statements, and how many open cases there are in all."""
    creditor_id = _creditor_only(actor)
    statuses = sorted(s.value for s in OPEN_STATUSES)
    page = search_cases(uow, actor, CaseFilter(statuses=statuses), limit=limit)
    today = local_today(uow.clock)
    total = uow.session.scalar(
        select(func.count()).select_from(Case).where(Case.creditor_id == creditor_id, Case.status.in_(statuses))
    )
    return [summarise(uow, case, debtor, today) for case, debtor in page.cases], int(total or 0)


def overview(uow: UnitOfWork, actor: Actor) -> Overview:
    creditor_id = _creditor_only(actor)
    today = local_today(uow.clock)
    statuses = sorted(s.value for s in OPEN_STATUSES)
    amount_open = Decimal(0)
    waiting: list[CaseSummary] = []
    count = 0
    after: int | None = None
    while True:  # every open case's statement: the amount open is what the law engine says today, not a stored sum
        page = search_cases(uow, actor, CaseFilter(statuses=statuses), after_id=after, limit=200)
        for case, debtor in page.cases:
            summary = summarise(uow, case, debtor, today)
            count += 1
            amount_open += summary.statement.total_open
            if case.status == CaseStatus.AWAITING_CREDITOR.value:
                waiting.append(summary)
        if page.next_after_id is None:
            break
        after = page.next_after_id
    first_of_month = today.replace(day=1)
    collected = uow.session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0))
        .join(Case, Case.id == Payment.case_id)
        .where(Case.creditor_id == creditor_id, Payment.paid_on >= first_of_month, Payment.paid_on <= today)
    )
    by_status = dict(
        uow.session.execute(
            select(Case.status, func.count())
            .where(Case.creditor_id == creditor_id, Case.status.in_(FINISHED))
            .group_by(Case.status)
        ).all()
    )
    return Overview(
        open_cases=count,
        amount_open=amount_open,
        collected_this_month=Decimal(collected or 0),
        paid_cases=int(by_status.get(CaseStatus.PAID.value, 0)),
        finished_cases=int(sum(by_status.values())),
        waiting=waiting,
    )


def local_moment(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)
