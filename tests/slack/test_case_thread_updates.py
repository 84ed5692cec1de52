"""Which case events become a reply in the creditor's case thread (core/creditor_updates), and how they read."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bots.slack.blocks.case_thread import reply_text
from core.actors import Actor
from core.config import load_settings
from core.db.models import Creditor, OutboundMessage, SlackWorkspace
from core.schedule.dispatcher import dispatch_due_steps
from core.schedule.plan import Windows
from core.schedule.planning import start_new_cases
from core.services.arrangements import counter_offer, decide_arrangement, propose_arrangement
from core.services.disputes import open_dispute, resolve_dispute
from core.services.lifecycle import withdraw
from tests.builders import consumer_claim, make_case, make_creditor


def thread_rows(uow_factory, case_id: int) -> list[dict]:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return [json.loads(r.body) for r in uow.session.scalars(
            select(OutboundMessage).where(OutboundMessage.case_id == case_id,
                                          OutboundMessage.channel == "creditor_update").order_by(OutboundMessage.id))]


def kinds(rows: list[dict]) -> list[str]:
    return [r["event"] if r["kind"] == "event" else r["kind"] for r in rows]


def test_the_events_a_creditor_follows_and_none_without_slack(uow_factory, clock, database_url, data_dir) -> None:
    settings = load_settings(database_url=database_url, data_dir=data_dir, secret_key="test-secret")
    with uow_factory() as uow:
        linked = make_creditor(uow)
        uow.session.add(SlackWorkspace(team_id="T0C", creditor_id=linked.id, case_channel_id="C0CASES",
                                       language="en", linked_at=clock.now()))
        unlinked = make_creditor(uow, kvk_number="87654321")
        uow.commit()
        case = make_case(uow, linked, consumer_claim())
        other = make_case(uow, unlinked, consumer_claim(invoices=[{"invoice_number": "X-1", "invoice_date":
                                                                  "2026-01-02", "due_date": "2026-01-16",
                                                                  "principal": "80.00"}]))
        start_new_cases(uow, windows=Windows(), token_key=b"k" * 32)
        uow.commit()
    dispatch_due_steps(uow_factory, settings)  # the demand: a letter and an e-mail, at the same moment

    rows = thread_rows(uow_factory, case.id)
    assert kinds(rows) == ["plan_laid_out", "contact"]  # status_changed new→amicable says nothing new
    assert rows[1]["channels"] == ["letter", "email"] and rows[1]["fourteen_day"] is True  # one reply, two ways
    assert reply_text(rows[1], "en") == (":envelope: Demand sent by letter and e-mail. This is the 14-day letter: "
                                         "the debtor has 14 days after receipt to pay without collection costs.")

    with uow_factory() as uow:
        debtor = Actor.debtor(case.id)
        first = (clock.now() + timedelta(days=5)).date().isoformat()
        proposal = propose_arrangement(uow, debtor, case.reference, first_due_on=first, months=20)
        counter = counter_offer(uow, Actor.specialist("U1", label="anna"), proposal.id, first_due_on=first,
                                monthly_amount="200,00")
        decide_arrangement(uow, debtor, counter.id, accept=False, note="te hoog")
        dispute = open_dispute(uow, debtor, case.reference, "Dubbel gefactureerd")
        resolve_dispute(uow, Actor.specialist("U1", label="anna"), dispute.id, upheld=False, resolution="")
        withdraw(uow, Actor.creditor(linked.id), case.reference, "zelf geregeld")
        uow.commit()
    rows = thread_rows(uow_factory, case.id)
    assert kinds(rows)[2:] == ["arrangement_proposed", "arrangement_countered", "arrangement_rejected",
                               "dispute_opened", "dispute_resolved", "status_changed"]
    texts = [reply_text(r, "en") for r in rows[2:]]
    assert "outside your policy" in texts[0]
    assert "Counter-offer to the debtor (anna): 6 × €167.49, first on 7 Mar 2026" in texts[1]
    assert "Note: “te hoog”" in texts[2] and "“Dubbel gefactureerd”" in texts[3]
    assert "Dispute rejected by anna. The schedule resumes" in texts[4] and "Case withdrawn" in texts[5]

    # a creditor without a linked workspace: no thread rows at all, for the same kind of events
    with uow_factory() as uow:
        open_dispute(uow, Actor.debtor(other.id), other.reference, "Niet besteld")
        uow.commit()
        assert uow.session.get_one(Creditor, unlinked.id).webhook_url is None
    assert thread_rows(uow_factory, other.id) == []
