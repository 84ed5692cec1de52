"""The judicial phase in Slack, end to end through the real Bolt app with signed payloads and the real outbox
transports: the day-10 advice reviewed on a card (edit → a new draft version, send), the advice in the creditor's
case thread with its decision buttons (consent naming the advice; a second click, a stale advice and another
creditor's workspace refused), the court card recording the steps in their order (errors inline, a document by
file_input), every step in the creditor's thread; and a creditor's answer in a case thread reaching the
specialists once."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from bots.slack.blocks.judicial import (
    ADVICE_EDIT,
    ADVICE_SEND,
    ADVICE_TEXT,
    ADVICE_VIEW,
    RECOMMENDATION,
    STEP_DATE,
    STEP_FILE,
    STEP_NOTE,
    STEP_RECORD,
    STEP_VIEW,
)
from core.clock import local_today
from core.db.models import (
    Case,
    CaseAdvice,
    ContactStep,
    Document,
    JudicialStep,
    OutboundMessage,
    SlackCaseThread,
    SlackSpecialistCard,
)
from core.money import format_eur
from core.schedule.evaluation import evaluate_case
from core.schedule.plan import Windows
from tests.builders import make_creditor
from tests.slack.conftest import SPECIALIST_CHANNEL, SPECIALIST_TEAM, eventually
from tests.slack.test_specialist_flows import PDF, deliver, events, flat, linked_case, opened_view, press

CASES = "C0CASES"


def escalate(slack, uow_factory, case_id: int) -> None:  # type: ignore[no-untyped-def]
    """The day-10 evaluation of an unpaid case: escalated to the creditor, the advice drafted."""
    with uow_factory() as uow:
        case = uow.session.get_one(Case, case_id)
        step = ContactStep(case_id=case.id, day_offset=10, channel="evaluation", template="day10",
                           due_at=uow.clock.now(), status="leased")
        uow.session.add(step)
        uow.session.flush()
        assert evaluate_case(uow, step, case, slack.state.settings, today=local_today(uow.clock),
                             windows=Windows())[0] == "done"
        uow.commit()


def modals(slack, callback_id: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return [c.params["view"] for c in slack.fake.of("views.open") if c.params["view"]["callback_id"] == callback_id]


def card_of(slack, kind: str) -> SlackSpecialistCard:  # type: ignore[no-untyped-def]
    with slack.state.uow() as uow:
        return uow.session.scalars(select(SlackSpecialistCard).where(SlackSpecialistCard.kind == kind)).one()


def updates_of(slack, ts: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [flat(c.params.get("blocks")) for c in slack.fake.of("chat.update") if c.params.get("ts") == ts]


def answers(slack) -> list[str]:  # type: ignore[no-untyped-def]
    """What users were told only for them (ephemeral) or by direct message."""
    return [flat(c.params.get("text")) for c in list(slack.fake.calls) if c.method == "chat.postEphemeral"
            or (c.method == "chat.postMessage" and str(c.params.get("channel", "")).startswith(("U", "D")))]


def advices(uow_factory, case_id: int) -> list[CaseAdvice]:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return list(uow.session.scalars(select(CaseAdvice).where(CaseAdvice.case_id == case_id)
                                        .order_by(CaseAdvice.version)))


async def thread_click(slack, action_id: str, value: str, message: dict[str, Any], *,  # type: ignore[no-untyped-def]
                       team_id: str = "T0CREDITOR", user_id: str = "U0CRED", parent_ts: str = "1") -> Any:
    """A button under a message in a channel thread of the creditor's workspace, as Slack sends it."""
    payload = {
        "type": "block_actions", "team": {"id": team_id, "domain": "creditor"},
        "user": {"id": user_id, "username": "anna", "name": "anna", "team_id": team_id},
        "api_app_id": "A0FAKE", "token": "legacy", "trigger_id": f"trigger-{time.monotonic_ns()}",
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": CASES, "is_ephemeral": False,
                      "thread_ts": parent_ts},
        "channel": {"id": CASES, "name": "incasso-dossiers"}, "message": message,
        "state": {"values": {}}, "response_url": "https://hooks.slack.invalid/actions/T0/2/y",
        "enterprise": None, "is_enterprise_install": False,
        "actions": [{"action_id": action_id, "block_id": "decide", "type": "button", "value": value,
                     "text": {"type": "plain_text", "text": action_id}, "action_ts": f"{time.time():.6f}"}],
    }
    return await slack.interaction(payload)


def step_values(day: str, note: str = "", files: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {STEP_DATE: {STEP_DATE: {"type": "datepicker", "selected_date": day}},
            STEP_NOTE: {STEP_NOTE: {"type": "plain_text_input", "value": note or None}},
            STEP_FILE: {STEP_FILE: {"type": "file_input", "files": files or []}}}


async def test_advice_reviewed_sent_decided_in_the_thread_then_the_court_steps(slack, uow_factory, clock) -> None:
    case = linked_case(slack, uow_factory, number="F-2026-900")
    escalate(slack, uow_factory, case.id)
    await deliver(slack)

    # the specialists get a card with the advice's summary and edit / send
    card = card_of(slack, "advice")
    (first,) = advices(uow_factory, case.id)
    assert (card.object_id, card.case_id, card.channel) == (first.id, case.id, SPECIALIST_CHANNEL)
    (posted,) = [c for c in slack.fake.of("chat.postMessage") if f"advice:{first.id}" in flat(c.params["blocks"])]
    shown = flat(posted.params["blocks"])
    claim = format_eur(Decimal(first.facts["claim"]["total_open"]), "nl_NL").replace("\u00a0", " ")
    for expected in (case.reference, claim, "kantonrechter", "Voor te schieten kosten", "Verwachte opbrengst",
                     "Aanbeveling", "Signalen", ADVICE_EDIT, ADVICE_SEND):
        assert expected in shown, expected

    # the specialists' App Home lists it under "advices waiting"
    await slack.event({"type": "app_home_opened", "user": "U0SPEC", "channel": "D0SPEC", "tab": "home",
                       "event_ts": f"{time.time():.6f}"}, team_id=SPECIALIST_TEAM, event_id="EvHome1")
    (publish,) = await eventually(lambda: slack.fake.of("views.publish"))
    home = flat(publish.params["view"])
    assert "Adviezen ter beoordeling (1)" in home and f'"value": "{first.id}"' in home

    # edit: a modal with the recommendation and text; saving makes version 2
    assert (await press(slack, ADVICE_EDIT, str(first.id), channel=card.channel, ts=card.ts)).status_code == 200
    modal = (await eventually(lambda: modals(slack, ADVICE_VIEW)))[-1]
    assert first.text[:40] in flat(modal)
    unchanged = {RECOMMENDATION: {RECOMMENDATION: {"type": "radio_buttons",
                                                   "selected_option": {"value": first.recommendation}}},
                 ADVICE_TEXT: {ADVICE_TEXT: {"type": "plain_text_input", "value": first.text}}}
    answer = await slack.submit_view(ADVICE_VIEW, unchanged, private_metadata=modal["private_metadata"],
                                     team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V0ADV1")
    assert answer.json()["response_action"] == "errors" and ADVICE_TEXT in answer.json()["errors"]
    assert len(advices(uow_factory, case.id)) == 1
    text = "Wij adviseren een procedure: de vordering is onbetwist en de debiteur reageert niet."
    values = {RECOMMENDATION: {RECOMMENDATION: {"type": "radio_buttons",
                                                "selected_option": {"value": "start_proceedings"}}},
              ADVICE_TEXT: {ADVICE_TEXT: {"type": "plain_text_input", "value": text}}}
    answer = await slack.submit_view(ADVICE_VIEW, values, private_metadata=modal["private_metadata"],
                                     team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V0ADV2")
    assert answer.status_code == 200 and not answer.content
    old, second = advices(uow_factory, case.id)
    assert (old.status, second.version, second.status, second.text) == ("superseded", 2, "draft", text)
    await eventually(lambda: any("Versie 2" in u and f"advice:{second.id}" in u for u in updates_of(slack, card.ts)))

    # the stale version's send button (a card not yet redrawn) is refused and sends nothing
    await press(slack, ADVICE_SEND, str(first.id), channel=card.channel, ts=card.ts)
    await eventually(lambda: "al afgehandeld" in answers(slack)[-1])
    assert advices(uow_factory, case.id)[-1].status == "draft"
    await press(slack, ADVICE_SEND, str(second.id), channel=card.channel, ts=card.ts)
    await eventually(lambda: "verstuurd naar de opdrachtgever" in answers(slack)[-1])
    assert advices(uow_factory, case.id)[-1].status == "sent"
    await eventually(lambda: "Versie 2 verstuurd" in updates_of(slack, card.ts)[-1])
    assert ADVICE_SEND not in updates_of(slack, card.ts)[-1]  # sent: no more buttons
    await deliver(slack)

    # the creditor gets it in the case thread: the text and three buttons that name this advice
    (reply,) = [c for c in slack.fake.of("chat.postMessage") if c.params.get("channel") == CASES
                and "creditor_decision_start_proceedings" in flat(c.params.get("blocks"))]
    with uow_factory() as uow:
        parent = uow.session.scalars(select(SlackCaseThread).where(SlackCaseThread.case_id == case.id)).one().ts
    assert reply.params["thread_ts"] == parent and text in flat(reply.params["blocks"])
    blocks = reply.params["blocks"] if isinstance(reply.params["blocks"], list) else json.loads(reply.params["blocks"])
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert {b["value"] for b in buttons} == {f"{case.reference}:{second.id}"} and len(buttons) == 3
    # … and on its App Home the same decision buttons answer the same advice
    await slack.event({"type": "app_home_opened", "user": "U0CRED", "channel": "D0CRED", "tab": "home",
                       "event_ts": f"{time.time():.6f}"}, event_id="EvHome2")
    creditor_home = await eventually(lambda: [c for c in slack.fake.of("views.publish")
                                              if c.params["user_id"] == "U0CRED"])
    assert f"{case.reference}:{second.id}" in flat(creditor_home[-1].params["view"])

    message = {"type": "message", "ts": "1700000100.000001", "thread_ts": parent, "user": "U0BOT",
               "text": reply.params["text"], "blocks": blocks}
    # another creditor's workspace with a tampered value: "not found", nothing changes
    with uow_factory() as uow:
        other = make_creditor(uow, name="Ander BV", kvk_number="11223344").id
        uow.commit()
    slack.link(other, "T0OTHER", channel="C0OTHER")
    slack.install("T0OTHER")
    await thread_click(slack, "creditor_decision_close", f"{case.reference}:{second.id}", message,
                       team_id="T0OTHER", user_id="U0OTHER", parent_ts=parent)
    # a stale advice id is refused too
    await thread_click(slack, "creditor_decision_close", f"{case.reference}:{first.id}", message, parent_ts=parent)
    await eventually(lambda: "vervangen door een nieuwere versie" in answers(slack)[-1])
    assert "INC-2026-000001 staat niet bij uw dossiers" in answers(slack)[-2].replace(case.reference, "INC-2026-000001")
    assert events(uow_factory, case.id, "creditor_decision") == []

    await thread_click(slack, "creditor_decision_start_proceedings", f"{case.reference}:{second.id}", message,
                       parent_ts=parent)
    (decision,) = await eventually(lambda: events(uow_factory, case.id, "creditor_decision"))
    assert decision.payload["advice_id"] == second.id and decision.payload["decision"] == "start_proceedings"
    assert decision.actor_label == "slack:T0CREDITOR/U0CRED"
    (closed,) = await eventually(lambda: updates_of(slack, "1700000100.000001"))
    assert "Besloten" in closed and "<@U0CRED>" in closed and "creditor_decision_" not in closed
    # a second click changes nothing and is answered politely
    await thread_click(slack, "creditor_decision_close", f"{case.reference}:{second.id}", message, parent_ts=parent)
    await eventually(lambda: "gerechtelijke fase" in answers(slack)[-1])
    assert len(events(uow_factory, case.id, "creditor_decision")) == 1
    await deliver(slack)

    # the court card: the next step is "summons drafted"; a button for a later step is refused
    court = card_of(slack, "court")
    assert court.object_id == case.id and "Dagvaarding opgesteld" in flat(
        [c.params["blocks"] for c in slack.fake.of("chat.postMessage") if f"court:{case.id}" in
         flat(c.params.get("blocks"))])
    await press(slack, STEP_RECORD, f"{case.id}:served", channel=court.channel, ts=court.ts)
    await eventually(lambda: "al afgehandeld" in answers(slack)[-1])
    await press(slack, STEP_RECORD, f"{case.id}:drafted", channel=court.channel, ts=court.ts)
    modal = (await eventually(lambda: modals(slack, STEP_VIEW)))[-1]
    today = local_today(clock)
    answer = await slack.submit_view(STEP_VIEW, step_values(today.isoformat(), "Concept naar deurwaarder"),
                                     private_metadata=modal["private_metadata"], team_id=SPECIALIST_TEAM,
                                     user_id="U0SPEC", view_id="V0STEP1")
    assert answer.status_code == 200 and not answer.content
    # recorded, with its draft summons, before Slack got its answer: a process killed after the ack loses nothing
    with uow_factory() as uow:
        (drafted,) = uow.session.scalars(select(JudicialStep).where(JudicialStep.case_id == case.id))
        (summons,) = uow.session.scalars(select(Document).where(Document.id.in_(drafted.document_ids)))
        assert (drafted.step, drafted.note, summons.kind) == ("drafted", "Concept naar deurwaarder", "summons")
    await eventually(lambda: "Dagvaarding opgesteld vastgelegd" in answers(slack)[-1], timeout=10)
    await eventually(lambda: any(f"{case.id}:served" in u for u in updates_of(slack, court.ts)))  # the next step

    # served: a date before the draft is refused inline, in Dutch; then with a document, fetched after the ack
    views = len(slack.fake.of("views.open"))
    await press(slack, STEP_RECORD, f"{case.id}:served", channel=court.channel, ts=court.ts)
    await eventually(lambda: len(slack.fake.of("views.open")) > views)
    modal = opened_view(slack, STEP_VIEW)
    early = (today - timedelta(days=3)).isoformat()
    answer = await slack.submit_view(STEP_VIEW, step_values(early), private_metadata=modal["private_metadata"],
                                     team_id=SPECIALIST_TEAM, user_id="U0SPEC", view_id="V0STEP2")
    assert answer.json()["response_action"] == "errors"
    assert "ligt vóór de stap Dagvaarding opgesteld" in answer.json()["errors"][STEP_DATE]
    served_file = slack.fake.add_file("F0SERVED", "exploot.pdf", "application/pdf", PDF)
    answer = await slack.submit_view(STEP_VIEW, step_values(today.isoformat(), "Betekend in persoon", [served_file]),
                                     private_metadata=modal["private_metadata"], team_id=SPECIALIST_TEAM,
                                     user_id="U0SPEC", view_id="V0STEP3")
    assert answer.status_code == 200 and not answer.content

    def served() -> JudicialStep | None:
        with uow_factory() as uow:
            return uow.session.scalars(select(JudicialStep).where(JudicialStep.step == "served")).one_or_none()

    step = await eventually(served)
    with uow_factory() as uow:
        (document,) = uow.session.scalars(select(Document).where(Document.id.in_(step.document_ids)))
        assert (document.file_name, document.kind) == ("exploot.pdf", "summons")
    await eventually(lambda: any(f"{case.id}:hearing" in u for u in updates_of(slack, court.ts)))

    # each step is a reply in the creditor's thread
    await deliver(slack)
    replies = [flat(c.params["text"]) for c in slack.fake.of("chat.postMessage")
               if c.params.get("channel") == CASES and c.params.get("thread_ts") == parent]
    assert any("Dagvaarding opgesteld" in r and "Concept naar deurwaarder" in r for r in replies)
    assert any("Dagvaarding betekend" in r and "1 document" in r for r in replies)
    with uow_factory() as uow:
        pending = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.status != "sent")).all()
        assert [(m.channel, m.last_error) for m in pending] == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_creditor_answer_in_the_case_thread_reaches_the_specialists_once(slack, uow_factory) -> None:
    case = linked_case(slack, uow_factory, number="F-2026-901")
    await deliver(slack)  # the case's parent message in the creditor's channel
    with uow_factory() as uow:
        parent = uow.session.scalars(select(SlackCaseThread).where(SlackCaseThread.case_id == case.id)).one().ts

    def message(ts: str, **extra: Any) -> dict[str, Any]:
        return {"type": "message", "channel": CASES, "channel_type": "channel", "user": "U0CRED", "ts": ts,
                "thread_ts": parent, "text": "De levering is getekend ontvangen, bon volgt.", "team": "T0CREDITOR",
                "event_ts": ts, **extra}

    answer = await slack.event(message("1700000200.000001"), event_id="EvReply1")
    assert answer.status_code == 200
    await slack.event(message("1700000200.000001"), event_id="EvReply1", headers={"X-Slack-Retry-Num": "1",
                                                                                   "X-Slack-Retry-Reason": "timeout"})
    # ignored: our own bot, an edit, the parent itself, another thread, and a workspace that is not this creditor's
    await slack.event(message("1700000200.000002", bot_id="B0BOT"), event_id="EvBot")
    await slack.event({**message("1700000200.000003"), "subtype": "message_changed"}, event_id="EvEdit")
    await slack.event(message(parent), event_id="EvParent")
    await slack.event(message("1700000200.000004", thread_ts="1600000000.000001"), event_id="EvElsewhere")
    await slack.event(message("1700000200.000005", team="T0OTHER"), team_id="T0OTHER", event_id="EvOther")

    await eventually(lambda: events(uow_factory, case.id, "creditor_replied"))
    (replied,) = events(uow_factory, case.id, "creditor_replied")
    assert replied.payload["text"] == "De levering is getekend ontvangen, bon volgt."
    assert replied.actor_kind == "creditor_user" and replied.actor_label == "slack:T0CREDITOR/U0CRED"
    (confirmation,) = slack.fake.of("chat.postEphemeral")
    assert confirmation.params["thread_ts"] == parent and case.reference in confirmation.params["text"]

    await deliver(slack)
    forwarded = [flat(c.params["text"]) for c in slack.fake.of("chat.postMessage")
                 if c.params.get("channel") == SPECIALIST_CHANNEL]
    assert len(forwarded) == 1 and "getekend ontvangen" in forwarded[0] and case.reference in forwarded[0]
    assert len(events(uow_factory, case.id, "creditor_replied")) == 1 and len(slack.fake.of("chat.postEphemeral")) == 1
