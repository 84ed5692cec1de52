"""Reading what a specialist card shows from the database (sync, inside a unit of work), and where cards are.

The outbound transport draws a card when it posts it; the listeners draw it again after a decision, so the card in
the channel always tells the current state (and who decided), wherever the button was pressed.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bots.slack.blocks import Block
from bots.slack.blocks.specialist import (
    ArrangementCard,
    CallCard,
    Decision,
    DisputeCard,
    StatementLine,
    arrangement_card,
    call_card,
    dispute_card,
)
from core.clock import local_today
from core.db.models import (
    Arrangement,
    CallTask,
    Case,
    CaseEvent,
    Creditor,
    Debtor,
    Dispute,
    Document,
    SlackSpecialistCard,
)
from core.money import ZERO
from core.services.case_view import statement_for
from core.uow import UnitOfWork

DISPUTE, ARRANGEMENT, CALL = "dispute", "arrangement", "call"
JUDICIAL_CARDS = ("advice", "court")  # drawn by bots/slack/judicial_cards.py
# drawn by bots/slack/queue_loaders.py
QUEUE_KINDS = ("bank_credit", "overpayment", "link_lock", "cannot_pay", "complaint")


def _parties(uow: UnitOfWork, case: Case) -> tuple[str, str]:
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    creditor = uow.session.get_one(Creditor, case.creditor_id)
    return debtor.name, creditor.name


def _events(uow: UnitOfWork, case_id: int, kind: str, key: str, value: int) -> list[CaseEvent]:
    events = uow.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind).order_by(CaseEvent.id)
    )
    return [e for e in events if (e.payload or {}).get(key) == value]


def _who(event: CaseEvent) -> str:
    return event.actor_label or event.actor_id or event.actor_kind


def load_dispute(uow: UnitOfWork, dispute_id: int) -> DisputeCard | None:
    dispute = uow.session.get(Dispute, dispute_id)
    if dispute is None:
        return None
    case = uow.session.get_one(Case, dispute.case_id)
    debtor, creditor = _parties(uow, case)
    documents = uow.session.scalars(
        select(Document).where(Document.case_id == case.id).order_by(Document.id)
    ).all()
    # the debtor's evidence first, then what the creditor filed (invoices, terms, …); not our own letters
    ordered = sorted((d for d in documents if d.kind not in ("reminder", "fourteen_day_letter")),
                     key=lambda d: (d.kind != "evidence", d.id))
    decided = None
    reduced_by = None
    if dispute.status != "open":
        resolved = _events(uow, case.id, "dispute_resolved", "dispute_id", dispute.id)
        when = dispute.resolved_at or (resolved[-1].occurred_at if resolved else dispute.opened_at)
        decided = Decision(dispute.resolved_by or (_who(resolved[-1]) if resolved else "—"), when)
        if resolved and resolved[-1].payload.get("reduced_by"):
            reduced_by = Decimal(str(resolved[-1].payload["reduced_by"]))
    asked = [Decision(_who(e), e.occurred_at) for e in _events(uow, case.id, "creditor_consulted", "dispute_id",
                                                                 dispute.id)]
    return DisputeCard(
        dispute_id=dispute.id, reference=case.reference, debtor=debtor, creditor=creditor,
        total_open=statement_for(uow, case, local_today(uow.clock)).total_open, reason=dispute.reason,
        opened_by=dispute.opened_by, opened_at=dispute.opened_at, status=dispute.status, decided=decided,
        reduced_by=reduced_by, documents=[f"{d.file_name} ({d.kind})" for d in ordered], asked=asked,
    )


def load_arrangement(uow: UnitOfWork, arrangement_id: int) -> ArrangementCard | None:
    arrangement = uow.session.get(Arrangement, arrangement_id)
    if arrangement is None:
        return None
    case = uow.session.get_one(Case, arrangement.case_id)
    debtor, creditor = _parties(uow, case)
    policy = uow.session.get_one(Creditor, case.creditor_id).arrangement_policy or {}
    decided = None
    if arrangement.status != "proposed" and arrangement.decided_at is not None:
        decided = Decision(arrangement.decided_by or "—", arrangement.decided_at)
    return ArrangementCard(
        arrangement_id=arrangement.id, reference=case.reference, debtor=debtor, creditor=creditor,
        total=arrangement.total_amount, installment=arrangement.installment_amount, months=arrangement.months,
        first_due_on=arrangement.first_due_on, policy_months=int(policy.get("max_months", 0)),
        policy_min=Decimal(str(policy.get("min_installment", "0"))), status=arrangement.status, decided=decided,
    )


def load_call(uow: UnitOfWork, task_id: int) -> CallCard | None:
    task = uow.session.get(CallTask, task_id)
    if task is None:
        return None
    case = uow.session.get_one(Case, task.case_id)
    debtor, creditor = _parties(uow, case)
    s = statement_for(uow, case, local_today(uow.clock))
    # VAT on the costs is only claimed (and non-zero) when the creditor cannot deduct it
    statement = StatementLine(principal=s.principal, interest=s.interest, costs=s.costs + s.vat,
                              paid=s.paid or ZERO, total_open=s.total_open)
    outcome, decided = None, None
    if task.status == "done":
        logged = _events(uow, case.id, "call_logged", "task_id", task.id)
        if logged:
            outcome = dict(logged[-1].payload)
            decided = Decision(_who(logged[-1]), logged[-1].occurred_at)
        else:
            outcome = {"outcome": task.outcome}
            decided = Decision("—", task.done_at or task.requested_at)
    return CallCard(
        task_id=task.id, reference=case.reference, debtor=debtor, creditor=creditor, phone=task.phone,
        origin=task.origin, preferred_time=task.preferred_time, statement=statement, status=task.status,
        outcome=outcome, decided=decided,
    )


def draw(uow: UnitOfWork, kind: str, object_id: int, lang: str) -> tuple[str, list[Block]] | None:
    """The card's fallback text and blocks as things stand now; None if the object does not exist."""
    if kind in QUEUE_KINDS:  # bank credits, overpayments, locked links, cannot-pay reports, complaints
        from bots.slack.queue_loaders import draw_queue_card

        return draw_queue_card(uow, kind, object_id, lang)
    if kind in JUDICIAL_CARDS:
        from bots.slack.judicial_cards import draw_judicial

        return draw_judicial(uow, kind, object_id, lang)
    if kind == DISPUTE:
        dispute = load_dispute(uow, object_id)
        return dispute_card(dispute, lang) if dispute else None
    if kind == ARRANGEMENT:
        arrangement = load_arrangement(uow, object_id)
        return arrangement_card(arrangement, lang) if arrangement else None
    call = load_call(uow, object_id)
    return call_card(call, lang) if call else None


def card_of(uow: UnitOfWork, kind: str, object_id: int) -> tuple[str, str] | None:
    """(channel, ts) of the card posted about this object, if any."""
    row = uow.session.scalars(
        select(SlackSpecialistCard).where(SlackSpecialistCard.kind == kind, SlackSpecialistCard.object_id == object_id)
    ).one_or_none()
    return (row.channel, row.ts) if row else None


def remember_card(uow: UnitOfWork, kind: str, object_id: int, case_id: int | None, channel: str, ts: str, *,
                  replace: bool = False) -> None:
    """Keep where the card is; if another worker kept one first, theirs stays (the caller commits). `replace`: a
    new card about the same object (it needs a decision again) takes the old one's place."""
    if replace:
        row = uow.session.scalars(select(SlackSpecialistCard).where(
            SlackSpecialistCard.kind == kind, SlackSpecialistCard.object_id == object_id)).one_or_none()
        if row is not None:
            row.channel, row.ts, row.posted_at = channel, ts, uow.clock.now()
            return
    try:
        with uow.session.begin_nested():
            uow.session.add(SlackSpecialistCard(kind=kind, object_id=object_id, case_id=case_id, channel=channel,
                                                ts=ts, posted_at=uow.clock.now()))
    except IntegrityError:
        pass
