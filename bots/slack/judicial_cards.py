"""Reading the judicial-phase cards from the database (sync, inside a unit of work): the advice card and the court
card. Each is drawn from the case as it is now, so a card redrawn after any change tells the current state.

Card keys (slack_specialist_cards.kind / object_id): "advice" / the id of the draft the day-10 evaluation (or a
request) made — one card per advice round, showing the round's latest version; "court" / the case id.
"""

from __future__ import annotations

from sqlalchemy import select

from bots.slack.blocks import Block
from bots.slack.blocks.judicial import AdviceCard, CourtCard, StepLine, Who, advice_card, court_card
from core.clock import local_today
from core.db.models import Case, CaseAdvice, CaseEvent, Creditor, Debtor, SlackSpecialistCard
from core.domain.case_states import FINAL_STATUSES, CaseStatus
from core.judicial.advice import latest_advice
from core.judicial.steps import consent_given, next_step, steps_of
from core.services.case_view import statement_for
from core.uow import UnitOfWork

ADVICE, COURT = "advice", "court"


def _who(event: CaseEvent) -> str:
    return event.actor_label or event.actor_id or event.actor_kind


def load_advice(uow: UnitOfWork, advice_id: int) -> AdviceCard | None:
    first = uow.session.get(CaseAdvice, advice_id)
    if first is None:
        return None
    case = uow.session.get_one(Case, first.case_id)
    advice = latest_advice(uow, case) or first
    decided = None
    if advice.status == "sent":
        events = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "creditor_decision")
            .order_by(CaseEvent.id.desc())
        )
        answer = next((e for e in events if (e.payload or {}).get("advice_id") == advice.id), None)
        if answer is not None:
            decided = (str(answer.payload.get("decision")), Who(_who(answer), answer.occurred_at))
    sent = Who(advice.sent_by or "—", advice.sent_at) if advice.status == "sent" and advice.sent_at else None
    return AdviceCard(
        advice_id=advice.id, reference=case.reference, debtor=uow.session.get_one(Debtor, case.debtor_id).name,
        creditor=uow.session.get_one(Creditor, case.creditor_id).name, case_status=case.status,
        case_open=CaseStatus(case.status) not in FINAL_STATUSES, version=advice.version, status=advice.status,
        recommendation=advice.recommendation, facts=dict(advice.facts or {}), created_by=advice.created_by,
        sent=sent, decided=decided,
    )


def load_court(uow: UnitOfWork, case_id: int) -> CourtCard | None:
    case = uow.session.get(Case, case_id)
    if case is None:
        return None
    consent = None
    if consent_given(uow, case):
        event = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "creditor_decision")
            .order_by(CaseEvent.id.desc()).limit(1)
        ).first()
        consent = Who(_who(event), event.occurred_at) if event else None
    steps = [StepLine(s.step, s.occurred_on, s.recorded_by, len(s.document_ids or []), s.note)
             for s in steps_of(uow, case)]
    return CourtCard(
        case_id=case.id, reference=case.reference, debtor=uow.session.get_one(Debtor, case.debtor_id).name,
        creditor=uow.session.get_one(Creditor, case.creditor_id).name, status=case.status,
        total_open=statement_for(uow, case, local_today(uow.clock)).total_open, consent=consent, steps=steps,
        next_step=next_step(uow, case),
    )


def draw_judicial(uow: UnitOfWork, kind: str, object_id: int, lang: str) -> tuple[str, list[Block]] | None:
    """The card's fallback text and blocks as things stand now; None if it does not exist (or is no such card)."""
    if kind == ADVICE:
        advice = load_advice(uow, object_id)
        return advice_card(advice, lang) if advice else None
    if kind == COURT:
        court = load_court(uow, object_id)
        return court_card(court, lang) if court else None
    return None


def case_of(uow: UnitOfWork, kind: str, object_id: int) -> int | None:
    """The case a judicial card is about (for slack_specialist_cards.case_id)."""
    if kind == ADVICE:
        return uow.session.scalar(select(CaseAdvice.case_id).where(CaseAdvice.id == object_id))
    if kind == COURT:
        return object_id
    return None


def cards_of_case(uow: UnitOfWork, kind: str, case_id: int) -> list[tuple[int, str, str]]:
    """(object id, channel, ts) of every card of this kind about the case, newest last."""
    rows = uow.session.execute(
        select(SlackSpecialistCard.object_id, SlackSpecialistCard.channel, SlackSpecialistCard.ts)
        .where(SlackSpecialistCard.kind == kind, SlackSpecialistCard.case_id == case_id)
        .order_by(SlackSpecialistCard.id)
    ).all()
    return [(int(o), str(c), str(t)) for o, c, t in rows]

