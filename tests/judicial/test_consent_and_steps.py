"""Advice versions and consent, the extension's shorter schedule, and the judicial steps in their order."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.clock import local_today
from core.config import load_settings
from core.db.models import Case, CaseAdvice, CaseEvent, ContactStep, Document, JudicialStep
from core.errors import Conflict, Forbidden, UserError
from core.judicial.advice import draft_advice, edit_advice, send_advice
from core.judicial.steps import StepDocument, record_step
from core.schedule.calendar import AMSTERDAM, add_business_days
from core.schedule.evaluation import evaluate_case
from core.schedule.plan import Windows
from core.services import lifecycle
from core.services.case_view import statement_for
from core.services.decisions import decide_next_step
from tests.builders import business_claim, make_case, make_creditor

SPECIALIST = Actor.specialist("U-spec", label="Sanne")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def kinds(uow, case_id: int) -> list[str]:
    return list(uow.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def test_day_ten_drafts_the_advice_edited_sent_then_final_and_consent_answers_it(uow_factory, database_url) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        lifecycle.start_amicable(uow, Actor.system(), case.reference)
        step = ContactStep(case_id=case.id, day_offset=10, channel="evaluation", template="day10",
                           due_at=uow.clock.now(), status="leased")
        uow.session.add(step)
        uow.session.flush()
        outcome = evaluate_case(uow, step, case, load_settings(database_url=database_url),
                                today=local_today(uow.clock), windows=Windows())
        uow.commit()
        assert outcome[0] == "done" and case.status == "awaiting_creditor"
        draft = uow.session.scalars(select(CaseAdvice).where(CaseAdvice.case_id == case.id)).one()
        assert (draft.version, draft.status, draft.created_by) == (1, "draft", "day-10 evaluation")

        creditor = Actor.creditor(case.creditor_id, user_id="U1", label="Anna")
        with pytest.raises(Forbidden):
            send_advice(uow, creditor, case.reference)  # only the agency sends
        edited = edit_advice(uow, SPECIALIST, case.reference, recommendation="extend", text="Eerst bellen.")
        sent = send_advice(uow, SPECIALIST, case.reference)
        uow.commit()
        assert (edited.version, sent.id, sent.status, sent.sent_by, sent.text) == (2, edited.id, "sent", "Sanne",
                                                                                   "Eerst bellen.")
        assert draft.status == "superseded"
        # the sent version is final: a later edit is a new draft, the sent one stays as it went out
        later = edit_advice(uow, SPECIALIST, case.reference, text="Toch procederen.")
        uow.commit()
        uow.session.refresh(sent)
        assert (later.version, later.status, sent.status, sent.text) == (3, "draft", "sent", "Eerst bellen.")
        with pytest.raises(Conflict, match="not the current advice"):
            decide_next_step(uow, creditor, case.reference, "start_proceedings", advice_id=draft.id)
        decide_next_step(uow, creditor, case.reference, "start_proceedings", advice_id=sent.id, note="akkoord")
        uow.commit()
        decision = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "creditor_decision")).one()
        assert decision.payload == {"decision": "start_proceedings", "note": "akkoord", "advice_id": sent.id,
                                    "advice_version": 2, "advice_recommendation": "extend"}
        assert decision.actor_label == "Anna"
        sent_event = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "advice_sent")).one()
        assert sent_event.payload["text"] == "Eerst bellen." and sent_event.actor_label == "Sanne"
        assert kinds(uow, case.id).count("advice_edited") == 2


def test_extend_restarts_a_shorter_schedule(uow_factory, clock) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        lifecycle.start_amicable(uow, Actor.system(), case.reference)
        lifecycle.escalate(uow, Actor.system(), case.reference, "day 10")
        uow.commit()
        decide_next_step(uow, Actor.creditor(case.creditor_id), case.reference, "extend")
        uow.commit()
        steps = uow.session.scalars(
            select(ContactStep).where(ContactStep.case_id == case.id, ContactStep.status == "planned")
            .order_by(ContactStep.due_at)
        ).all()
    today = local_today(clock)
    assert case.status == "amicable" and case.deadline_on == add_business_days(today, 10)
    # a reminder (e-mail; Telegram only if linked), a call, a final notice; no new demand letter, no 14-day letter
    assert [(s.channel, s.template) for s in steps] == [
        ("email", "reminder"), ("telegram", "reminder"), ("phone", "call"), ("letter", "final_notice"),
        ("email", "final_notice"), ("evaluation", "day10"),
    ]
    evaluation = steps[-1].due_at.astimezone(AMSTERDAM).date()
    # evaluated again at the start of the business day after day 10: within the 14 days the creditor chose
    assert evaluation == add_business_days(today, 11) and (evaluation - today).days <= 15


def test_no_judicial_step_without_consent_and_the_steps_in_order(uow_factory, clock) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        ref = case.reference
        lifecycle.start_amicable(uow, Actor.system(), ref)
        lifecycle.escalate(uow, Actor.system(), ref, "day 10")
        uow.commit()
        with pytest.raises(Conflict, match="no consent"):
            record_step(uow, SPECIALIST, ref, "drafted", on=date(2026, 3, 2))
        decide_next_step(uow, Actor.creditor(case.creditor_id), ref, "start_proceedings")
        uow.commit()
        with pytest.raises(Forbidden):
            record_step(uow, Actor.creditor(case.creditor_id), ref, "drafted", on=date(2026, 3, 2))
        with pytest.raises(UserError, match="choose from"):
            record_step(uow, SPECIALIST, ref, "appeal", on=date(2026, 3, 2))
        with pytest.raises(Conflict, match="comes after drafted"):
            record_step(uow, SPECIALIST, ref, "served", on=date(2026, 3, 2))
        drafted = record_step(uow, SPECIALIST, ref, "drafted", on=date(2026, 3, 2), agent_name="Incasso B.V.")
        uow.commit()
        summons = uow.session.get_one(Document, drafted.document_ids[0])
        assert (summons.kind, summons.file_name) == ("summons", f"concept-dagvaarding-{ref}.pdf")
        with pytest.raises(UserError, match="before the drafted step"):
            record_step(uow, SPECIALIST, ref, "served", on=date(2026, 3, 1))
        served = record_step(uow, SPECIALIST, ref, "served", on=date(2026, 3, 6), note="in persoon",
                             documents=[StepDocument("exploot.pdf", PDF, "summons")])
        record_step(uow, SPECIALIST, ref, "hearing", on=date(2026, 4, 8), note="rolzitting 10:00 Utrecht")
        with pytest.raises(Conflict, match="recorded already"):
            record_step(uow, SPECIALIST, ref, "hearing", on=date(2026, 4, 9))
        record_step(uow, SPECIALIST, ref, "judgment", on=date(2026, 4, 8))
        record_step(uow, SPECIALIST, ref, "execution", on=date(2026, 4, 20))
        uow.commit()
        steps = uow.session.scalars(select(JudicialStep).where(JudicialStep.case_id == case.id)).all()
        assert sorted(s.step for s in steps) == ["drafted", "execution", "hearing", "judgment", "served"]
        events = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "judicial_step")
            .order_by(CaseEvent.id)
        ).all()
        assert [(e.payload["step"], e.payload["on"], e.actor_label) for e in events] == [
            ("drafted", "2026-03-02", "Sanne"), ("served", "2026-03-06", "Sanne"), ("hearing", "2026-04-08", "Sanne"),
            ("judgment", "2026-04-08", "Sanne"), ("execution", "2026-04-20", "Sanne"),
        ]
        assert events[1].payload["document_ids"] == served.document_ids and events[1].payload["note"] == "in persoon"
        # interest keeps running in the judicial phase
        found = uow.session.get_one(Case, case.id)
        assert found.status == "judicial"
        now, later = statement_for(uow, found, date(2026, 3, 2)), statement_for(uow, found, date(2026, 9, 1))
        assert later.interest_open > now.interest_open and later.total_open > now.total_open


def test_no_consent_when_the_creditor_closed_or_extended(uow_factory) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        lifecycle.start_amicable(uow, Actor.system(), case.reference)
        lifecycle.escalate(uow, Actor.system(), case.reference, "day 10")
        decide_next_step(uow, Actor.creditor(case.creditor_id), case.reference, "extend")
        uow.commit()
        with pytest.raises(Conflict, match="no consent"):
            record_step(uow, SPECIALIST, case.reference, "drafted", on=datetime(2026, 3, 2).date())
        assert draft_advice(uow, SPECIALIST, case.reference).version == 1  # on request, in any open status
