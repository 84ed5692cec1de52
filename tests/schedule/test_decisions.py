"""The creditor's decision after day 10: no court without consent; extending lays out two more weeks."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.db.models import CaseEvent, ContactStep
from core.errors import Forbidden, UserError
from core.services import lifecycle
from core.services.decisions import decide_next_step
from tests.builders import business_claim, make_case, make_creditor


def escalated_case(uow):
    case = make_case(uow, make_creditor(uow), business_claim())
    lifecycle.start_amicable(uow, Actor.system(), case.reference)
    lifecycle.escalate(uow, Actor.system(), case.reference, "day 10")
    uow.commit()
    return case


@pytest.mark.parametrize(("decision", "status"), [("start_proceedings", "judicial"), ("close", "closed"),
                                                   ("extend", "amicable")])
def test_the_creditor_decides(uow_factory, decision: str, status: str) -> None:
    with uow_factory() as uow:
        case = escalated_case(uow)
        creditor = Actor.creditor(case.creditor_id, user_id="U1", label="Anna")
        decide_next_step(uow, creditor, case.reference, decision, note="akkoord")
        uow.commit()
        assert case.status == status
        event = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "creditor_decision")).one()
        assert (event.actor_label, event.payload["decision"]) == ("Anna", decision)
        planned = uow.session.scalars(select(ContactStep).where(ContactStep.status == "planned")).all()
        assert len(planned) == (6 if decision == "extend" else 0)


def test_no_decision_without_the_creditor_or_outside_its_moment(uow_factory) -> None:
    with uow_factory() as uow:
        case = escalated_case(uow)
        with pytest.raises(Forbidden):
            decide_next_step(uow, Actor.specialist("U9"), case.reference, "start_proceedings")
        with pytest.raises(UserError, match="choose from"):
            decide_next_step(uow, Actor.creditor(case.creditor_id), case.reference, "sue them")
        decide_next_step(uow, Actor.creditor(case.creditor_id), case.reference, "close")
        with pytest.raises(UserError, match="no decision to make"):
            decide_next_step(uow, Actor.creditor(case.creditor_id), case.reference, "start_proceedings")
