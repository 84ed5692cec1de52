"""Specialists in Slack, end to end: core events become cards in the specialists' channel (through the outbox and
the real transports), signed block_actions / view_submission payloads drive the real Bolt app, and the decisions
reach core, the audit log, the cards and the creditor's case thread."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.db.models import (
    Arrangement,
    CallTask,
    Case,
    CaseEvent,
    ClaimLine,
    ContactStep,
    Dispute,
    SlackSpecialistCard,
)
from core.schedule.delivery import deliver_due
from core.schedule.dispatcher import dispatch_due_steps
from core.schedule.plan import Windows
from core.schedule.planning import start_new_cases
from core.services.arrangements import propose_arrangement
from core.services.calls import request_call_back
from core.services.disputes import open_dispute
from core.services.documents import add_document
from tests.builders import business_claim, make_case, make_creditor
from tests.slack.conftest import SPECIALIST_CHANNEL, SPECIALIST_TEAM, eventually

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CREDITOR_TEAM = "T0CREDITOR"


def flat(value: object) -> str:
    return json.dumps(value, ensure_ascii=False).replace("\u00a0", " ")


def events(uow_factory, case_id: int, kind: str) -> list[CaseEvent]:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return list(uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind).order_by(CaseEvent.id)))


async def deliver(slack) -> None:  # type: ignore[no-untyped-def]
    """What the scheduler's delivery job does every minute, with the transports mount() installed."""
    await asyncio.to_thread(deliver_due, slack.state.uow, slack.state.transports)


def linked_case(slack, uow_factory, number: str = "F-2026-100", phone: str | None = None):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        creditor = uow.session.scalars(select(Case.creditor_id)).first()
        creditor = creditor or make_creditor(uow).id
    slack.link(creditor, CREDITOR_TEAM, channel="C0CASES")
    with uow_factory() as uow:
        from core.db.models import Creditor

        claim = business_claim(number=number)
        if phone:
            claim["debtor"]["phone"] = phone
        case = make_case(uow, uow.session.get_one(Creditor, creditor), claim)
        start_new_cases(uow, windows=Windows(), token_key=b"k" * 32)
        uow.commit()
        return case


def card_posted(slack, kind: str, object_id: int) -> tuple[str, str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    with slack.state.uow() as uow:
        card = uow.session.scalars(select(SlackSpecialistCard).where(
            SlackSpecialistCard.kind == kind, SlackSpecialistCard.object_id == object_id)).one()
        channel, ts = card.channel, card.ts
    (posted,) = [c for c in slack.fake.of("chat.postMessage") if c.params.get("channel") == SPECIALIST_CHANNEL
                 and f"{kind}:{object_id}" in flat(c.params.get("blocks"))]
    return channel, ts, posted.params


async def press(slack, action_id: str, value: str, *, channel: str | None = None, ts: str | None = None,
                team_id: str = SPECIALIST_TEAM, user_id: str = "U0SPEC", action_ts: str | None = None,
                user_team: str | None = None):  # type: ignore[no-untyped-def]
    """A block_actions payload as Slack sends it for a button on a message in a channel (or in App Home)."""
    if channel is None:
        return await slack.click(action_id, value, team_id=team_id, user_id=user_id, action_ts=action_ts)
    payload = {
        "type": "block_actions", "team": {"id": team_id, "domain": "agency"},
        "user": {"id": user_id, "username": "anna", "name": "anna", "team_id": user_team or team_id},
        "api_app_id": "A0FAKE", "token": "legacy", "trigger_id": f"trigger-{time.monotonic_ns()}",
        "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
        "channel": {"id": channel, "name": "incasso-specialisten"},
        "message": {"type": "message", "ts": ts, "text": "card", "user": "U0BOT", "blocks": []},
        "state": {"values": {}}, "response_url": "https://hooks.slack.invalid/actions/T0/1/x",
        "enterprise": None, "is_enterprise_install": False,
        "actions": [{"action_id": action_id, "block_id": "b", "type": "button", "value": value,
                     "text": {"type": "plain_text", "text": action_id},
                     "action_ts": action_ts or f"{time.time():.6f}"}],
    }
    return await slack.interaction(payload)


def opened_view(slack, callback_id: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    views = [c.params["view"] for c in slack.fake.of("views.open") if c.params["view"]["callback_id"] == callback_id]
    assert views, f"no {callback_id} modal was opened"
    return views[-1]


def thread_replies(slack) -> list[str]:  # type: ignore[no-untyped-def]
    return [flat(c.params["text"]) for c in slack.fake.of("chat.postMessage")
            if c.params.get("channel") == "C0CASES" and c.params.get("thread_ts")]


async def test_dispute_alert_ask_the_creditor_then_reject_resumes_the_case(slack, uow_factory, clock) -> None:
    case = linked_case(slack, uow_factory)
    with uow_factory() as uow:
        add_document(uow, Actor.debtor(case.id), case.reference, kind="evidence", file_name="afleverbon.pdf",
                     data=PDF)
        dispute = open_dispute(uow, Actor.debtor(case.id), case.reference, "Nooit geleverd <b>echt</b> niet")
        uow.commit()
    await deliver(slack)
    channel, ts, card = card_posted(slack, "dispute", dispute.id)
    shown = flat(card["blocks"])
    assert channel == SPECIALIST_CHANNEL and case.reference in shown and "Bouwbedrijf Jansen B.V." in shown
    assert "Nooit geleverd &lt;b&gt;echt&lt;/b&gt; niet" in shown and "afleverbon.pdf (evidence)" in shown
    assert "€ 2.917,41" in shown and "Bakkerij De Zon B.V." in shown
    actions = [e["action_id"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["specialist.dispute.contact_creditor", "specialist.dispute.uphold", "specialist.dispute.reject"]
    assert any("betwist de vordering" in r for r in thread_replies(slack))  # the creditor heard of it

    assert (await press(slack, "specialist.dispute.contact_creditor", str(dispute.id), channel=channel,
                        ts=ts)).status_code == 200
    await eventually(lambda: events(uow_factory, case.id, "creditor_consulted"))
    await deliver(slack)
    assert any("Onze specialist vraagt uw reactie" in r and "Nooit geleverd" in r for r in thread_replies(slack))

    slack.fake.clear()
    assert (await press(slack, "specialist.dispute.reject", str(dispute.id), channel=channel, ts=ts)).status_code == 200
    (resolved,) = await eventually(lambda: events(uow_factory, case.id, "dispute_resolved"))
    assert resolved.payload["outcome"] == "rejected" and resolved.actor_label == "anna"
    assert resolved.actor_kind == "specialist" and resolved.actor_id == f"slack:{SPECIALIST_TEAM}/U0SPEC"
    with uow_factory() as uow:
        assert uow.session.get_one(Case, case.id).status == "amicable"
        assert uow.session.get_one(Dispute, dispute.id).status == "rejected"
        steps = uow.session.scalars(select(ContactStep.status).where(ContactStep.case_id == case.id)).all()
        assert "paused" not in steps and "planned" in steps  # the schedule resumes
    assert events(uow_factory, case.id, "plan_resumed")
    update = await eventually(lambda: [c for c in slack.fake.of("chat.update") if c.params["ts"] == ts])
    redrawn = flat(update[-1].params["blocks"])
    assert "Afgewezen door anna" in redrawn and "specialist.dispute.reject" not in redrawn
    assert "heeft de opdrachtgever om een reactie gevraagd" in redrawn

    # a double click (a second action_ts) and Slack's retry of the first (same action_ts) change nothing more
    again = await press(slack, "specialist.dispute.reject", str(dispute.id), channel=channel, ts=ts)
    assert again.status_code == 200
    said = await eventually(lambda: slack.fake.of("chat.postEphemeral"))
    assert "al afgehandeld (rejected, anna)" in said[-1].params["text"]
    assert len(events(uow_factory, case.id, "dispute_resolved")) == 1

    await deliver(slack)
    assert any("Betwisting afgewezen door anna" in r and "de debiteur is geïnformeerd" in r
               for r in thread_replies(slack))


async def test_outsiders_and_tampered_values_change_nothing(slack, uow_factory) -> None:
    case = linked_case(slack, uow_factory)
    with uow_factory() as uow:
        dispute = open_dispute(uow, Actor.debtor(case.id), case.reference, "Te duur")
        uow.commit()
    # a creditor workspace replays a specialist button (buttons can be forged; their signature is the app's own)
    for action in ("specialist.dispute.reject", "specialist.dispute.contact_creditor", "specialist.dispute.uphold"):
        response = await press(slack, action, str(dispute.id), team_id=CREDITOR_TEAM, user_id="U0CRED")
        assert response.status_code == 200
    # a specialist-team user who is a guest from another organisation is no specialist either
    guest = await press(slack, "specialist.dispute.reject", str(dispute.id), channel=SPECIALIST_CHANNEL, ts="1.0",
                        user_id="U0GUEST", user_team="T0OTHERORG")
    assert guest.status_code == 200
    view = await slack.submit_view("specialist.dispute.uphold_view", {
        "outcome": {"outcome": {"type": "radio_buttons", "selected_option": {"value": "close"}}},
        "resolution": {"resolution": {"type": "plain_text_input", "value": "klopt"}}},
        private_metadata=json.dumps({"id": dispute.id}), team_id=CREDITOR_TEAM)
    assert view.json()["response_action"] == "errors"
    assert "alleen voor de specialisten" in flat(view.json())
    refusals = await eventually(lambda: len(slack.fake.of("chat.postMessage")) >= 3 and slack.fake.of(
        "chat.postMessage"))
    assert all("alleen voor de specialisten" in c.params["text"] for c in refusals[:3])
    assert slack.fake.of("views.open") == []
    # tampered values from a real specialist: not a number, another id
    for value in ("1 OR 1=1", "999999"):
        await press(slack, "specialist.dispute.reject", value)
    await eventually(lambda: len([c for c in slack.fake.of("chat.postMessage")
                                  if "bestaat niet" in c.params.get("text", "")]) == 2)
    with uow_factory() as uow:
        assert uow.session.get_one(Dispute, dispute.id).status == "open"
        assert uow.session.get_one(Case, case.id).status == "disputed"
    assert events(uow_factory, case.id, "dispute_resolved") == []
    assert events(uow_factory, case.id, "creditor_consulted") == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_uphold_in_part_reduces_the_claim_and_resumes(slack, uow_factory) -> None:
    case = linked_case(slack, uow_factory)
    with uow_factory() as uow:
        dispute = open_dispute(uow, Actor.debtor(case.id), case.reference, "Eén pallet was beschadigd")
        uow.commit()
    await deliver(slack)
    channel, ts, _ = card_posted(slack, "dispute", dispute.id)
    await press(slack, "specialist.dispute.uphold", str(dispute.id), channel=channel, ts=ts)
    modal = await eventually(lambda: slack.fake.of("views.open")
                             and opened_view(slack, "specialist.dispute.uphold_view"))
    assert "hoofdsom € 2.500,00" in flat(modal["blocks"])
    meta = modal["private_metadata"]

    def values(outcome: str, amount: str | None, resolution: str = "Schade aan één pallet") -> dict[str, Any]:
        return {"outcome": {"outcome": {"type": "radio_buttons", "selected_option": {"value": outcome}}},
                "amount": {"amount": {"type": "plain_text_input", "value": amount}},
                "resolution": {"resolution": {"type": "plain_text_input", "value": resolution}}}

    missing = await slack.submit_view("specialist.dispute.uphold_view", values("reduce", None), private_metadata=meta,
                                      team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V1")
    assert missing.json() == {"response_action": "errors", "errors": {"amount": "Dit veld is verplicht"}}
    too_much = await slack.submit_view("specialist.dispute.uphold_view", values("reduce", "2.500,00"),
                                       private_metadata=meta, team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V1")
    assert "kleiner zijn dan de hoofdsom van 2500.00" in too_much.json()["errors"]["amount"]
    done = await slack.submit_view("specialist.dispute.uphold_view", values("reduce", "400,00"), private_metadata=meta,
                                   team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V1")
    assert done.status_code == 200 and not done.content
    with uow_factory() as uow:
        assert uow.session.get_one(Dispute, dispute.id).status == "reduced"
        assert uow.session.get_one(Case, case.id).status == "amicable"
        (line,) = uow.session.scalars(select(ClaimLine).where(ClaimLine.case_id == case.id)).all()
        assert line.principal == Decimal("2100.00")
    (reduced,) = events(uow_factory, case.id, "claim_reduced")
    assert reduced.payload["lines"] == [{"invoice": "F-2026-100", "from": "2500.00", "to": "2100.00"}]
    update = await eventually(lambda: [c for c in slack.fake.of("chat.update") if c.params["ts"] == ts])
    assert "Deels toegekend door anna" in flat(update[-1].params["blocks"])
    await deliver(slack)
    assert any("deels toegekend door anna: de vordering is verlaagd met € 400,00" in r for r in thread_replies(slack))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_arrangements_approved_from_home_and_countered_in_a_modal(slack, uow_factory, clock) -> None:
    first = linked_case(slack, uow_factory)
    second = linked_case(slack, uow_factory, number="F-2026-200")
    due = (clock.now() + timedelta(days=7)).date().isoformat()
    with uow_factory() as uow:
        one = propose_arrangement(uow, Actor.debtor(first.id), first.reference, first_due_on=due, months=10)
        two = propose_arrangement(uow, Actor.debtor(second.id), second.reference, first_due_on=due, months=12)
        uow.commit()
    await deliver(slack)
    _, ts, card = card_posted(slack, "arrangement", one.id)
    assert "10 × € 291,75" in flat(card["blocks"])
    assert "hoogstens 6 maanden, termijn minstens € 25,00" in flat(card["blocks"])

    await slack.click("specialist.arrangement.approve", str(one.id), team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    await eventually(lambda: events(uow_factory, first.id, "arrangement_accepted"))
    with uow_factory() as uow:
        assert uow.session.get_one(Arrangement, one.id).status == "accepted"
        assert uow.session.get_one(Case, first.id).status == "arrangement"
    home = await eventually(lambda: slack.fake.of("views.publish"))  # pressed in App Home: the Home is redrawn
    assert home[-1].params["user_id"] == "U0SPEC" and "Regelingen ter goedkeuring (1)" in flat(home[-1].params)
    update = await eventually(lambda: [c for c in slack.fake.of("chat.update") if c.params["ts"] == ts])
    assert "Goedgekeurd door anna" in flat(update[-1].params["blocks"])  # and the card in the channel too

    await slack.click("specialist.arrangement.counter", str(two.id), team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    modal = await eventually(lambda: slack.fake.of("views.open") and opened_view(
        slack, "specialist.arrangement.counter_view"))

    def values(monthly: str | None, months: str | None, first_on: str = due) -> dict[str, Any]:
        return {"monthly": {"monthly": {"type": "plain_text_input", "value": monthly}},
                "months": {"months": {"type": "plain_text_input", "value": months}},
                "first": {"first": {"type": "datepicker", "selected_date": first_on}},
                "note": {"note": {"type": "plain_text_input", "value": "Korter graag"}}}

    meta = modal["private_metadata"]
    both = await slack.submit_view("specialist.arrangement.counter_view", values("500", "6"), private_metadata=meta,
                                   team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V2")
    assert both.json()["errors"] == {"monthly": "Geef een maandbedrag óf een aantal maanden, niet allebei"}
    late = await slack.submit_view("specialist.arrangement.counter_view", values(None, "6", "2027-01-01"),
                                   private_metadata=meta, team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V2")
    assert "first" in late.json()["errors"]
    ok = await slack.submit_view("specialist.arrangement.counter_view", values(None, "6"), private_metadata=meta,
                                 team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V2")
    assert ok.status_code == 200 and not ok.content
    with uow_factory() as uow:
        offers = uow.session.scalars(select(Arrangement).where(Arrangement.case_id == second.id)
                                     .order_by(Arrangement.id)).all()
        assert [(a.status, a.proposed_by, a.months) for a in offers] == [
            ("countered", "debtor", 12), ("proposed", "specialist", 6)]
    await deliver(slack)
    assert any("Tegenvoorstel aan de debiteur (anna): 6 ×" in r for r in thread_replies(slack))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_call_tasks_from_the_schedule_and_their_outcomes(slack, uow_factory, clock) -> None:
    case = linked_case(slack, uow_factory, phone="020 123 4567")
    with uow_factory() as uow:
        phone_step = uow.session.scalars(select(ContactStep).where(
            ContactStep.case_id == case.id, ContactStep.channel == "phone").order_by(ContactStep.due_at)).first()
        due_at = phone_step.due_at
    clock.set(due_at)
    await asyncio.to_thread(dispatch_due_steps, slack.state.uow, slack.settings)
    await deliver(slack)
    with uow_factory() as uow:
        (task,) = uow.session.scalars(select(CallTask).where(CallTask.case_id == case.id)).all()
    channel, ts, card = card_posted(slack, "call", task.id)
    shown = flat(card["blocks"])
    assert "Bellen — " + case.reference in shown and "hoofdsom € 2.500,00" in shown and "*open €" in shown

    await press(slack, "specialist.call.no_answer", str(task.id), channel=channel, ts=ts)
    (logged,) = await eventually(lambda: events(uow_factory, case.id, "call_logged"))
    assert logged.payload["outcome"] == "no_answer"
    update = await eventually(lambda: [c for c in slack.fake.of("chat.update") if c.params["ts"] == ts])
    assert "geen gehoor — gelogd door anna op wo 04-03-2026 10:00" in flat(update[-1].params["blocks"])

    with uow_factory() as uow:  # the debtor asks to be called back: it is in the specialists' App Home queue
        callback = request_call_back(uow, Actor.debtor(case.id), case.reference, preferred_time="na 16:00")
        uow.commit()
    await slack.event({"type": "app_home_opened", "user": "U0SPEC", "channel": "D0SPEC", "tab": "home"},
                      team_id=SPECIALIST_TEAM, event_id="EvHome1")
    home = await eventually(lambda: slack.fake.of("views.publish"))
    assert "Vandaag bellen (1)" in flat(home[-1].params) and "debiteur vraagt terugbellen" in flat(home[-1].params)
    await slack.click("specialist.call.promised", str(callback.id), team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    modal = await eventually(lambda: slack.fake.of("views.open")
                             and opened_view(slack, "specialist.call.promised_view"))
    promised_on = (clock.now() + timedelta(days=3)).date().isoformat()
    ok = await slack.submit_view("specialist.call.promised_view", {
        "promised_on": {"promised_on": {"type": "datepicker", "selected_date": promised_on}},
        "notes": {"notes": {"type": "plain_text_input", "value": "betaalt vrijdag"}}},
        private_metadata=modal["private_metadata"], team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V3")
    assert ok.status_code == 200 and not ok.content
    logged = events(uow_factory, case.id, "call_logged")[-1]
    assert (logged.payload["outcome"], logged.payload["promised_on"]) == ("promised_payment", promised_on)
    await deliver(slack)
    replies = thread_replies(slack)
    assert any("gebeld: geen gehoor" in r for r in replies)
    assert any("belooft te betalen op" in r for r in replies)
