"""A creditor follows cases in Slack: App Home figures and decisions, status, my cases, direct payment, contact —
and never sees or touches another creditor's case, whatever the button says."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.clock import local_today
from core.db.models import Case, CaseEvent, OutboundMessage, Payment
from core.money import format_eur
from core.schedule.planning import start_new_cases
from core.schedule.step_rules import windows_of
from core.services.case_view import statement_for
from core.services.lifecycle import close, escalate
from core.services.payments import record_payment
from tests.builders import business_claim, consumer_claim, make_case, make_creditor
from tests.slack.conftest import eventually

SYSTEM = Actor.system("test")


def _cases(uow_factory, settings) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Creditor A: one amicable, one waiting for a decision, one paid, one closed. Creditor B: one waiting."""
    with uow_factory() as uow:
        a = make_creditor(uow)
        b = make_creditor(uow, name="Ander B.V.", kvk_number="11223344")
        running = make_case(uow, a, consumer_claim())
        waiting = make_case(uow, a, business_claim("F-2026-200", "900.00"))
        paid = make_case(uow, a, business_claim("F-2026-300", "400.00"))
        closed = make_case(uow, a, business_claim("F-2026-400", "300.00"))
        theirs = make_case(uow, b, business_claim("F-9-1", "5000.00"))
        start_new_cases(uow, windows=windows_of(settings), token_key=b"k" * 32)
        uow.commit()
    with uow_factory() as uow:
        escalate(uow, SYSTEM, waiting.reference, "day 10: not paid")
        escalate(uow, SYSTEM, theirs.reference, "day 10: not paid")
        close(uow, SYSTEM, closed.reference, "uncollectable")
        today = local_today(uow.clock)
        due = statement_for(uow, uow.session.get_one(Case, paid.id), today).total_open
        record_payment(uow, SYSTEM, paid.reference, amount=due, paid_on=today.isoformat(), source="manual")
        uow.commit()
    with uow_factory() as uow:
        today = local_today(uow.clock)
        open_amount = sum(statement_for(uow, uow.session.get_one(Case, c.id), today).total_open
                          for c in (running, waiting))
    return {"a": a, "b": b, "running": running.reference, "waiting": waiting.reference, "theirs": theirs.reference,
            "collected": due, "open": open_amount}


def _texts(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False)


def _status(uow_factory, reference: str) -> str:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return uow.session.scalars(select(Case.status).where(Case.reference == reference)).one()


def _events(uow_factory, reference: str) -> int:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return uow.session.scalar(select(func.count()).select_from(CaseEvent).join(Case).where(
            Case.reference == reference)) or 0


async def test_app_home_figures_and_decisions_with_a_tampered_button_refused(slack, uow_factory) -> None:
    data = _cases(uow_factory, slack.settings)
    slack.link(data["a"].id)
    await slack.event({"type": "app_home_opened", "user": "U0CRED", "channel": "D0HOME", "tab": "home",
                       "event_ts": "1700000000.000100"}, event_id="Ev0H1")
    [publish] = await eventually(lambda: slack.fake.of("views.publish"))
    assert publish.params["user_id"] == "U0CRED"
    home = publish.params["view"]
    figures = next(b for b in home["blocks"] if b.get("block_id") == "home_figures")
    assert [f["text"].split("\n")[1] for f in figures["fields"]] == [
        "2", format_eur(data["open"]), format_eur(data["collected"]), "50 % (1 van 2 afgeronde dossiers betaald)"]
    text = _texts(home)
    assert data["waiting"] in text and data["running"] not in text and data["theirs"] not in text
    buttons = [e for b in home["blocks"] if b.get("block_id") == f"decide_{data['waiting']}" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["creditor_decision_start_proceedings", "creditor_decision_extend",
                                                 "creditor_decision_close"]
    assert {b["value"] for b in buttons} == {data["waiting"]}

    # a button value changed to another creditor's case: a polite refusal, and that case is untouched
    before = _events(uow_factory, data["theirs"])
    await slack.click("creditor_decision_close", data["theirs"])
    [refusal] = await eventually(lambda: [c.params["text"] for c in slack.fake.of("chat.postMessage")])
    assert refusal == f"Dossier {data['theirs']} staat niet bij uw dossiers. Er is niets veranderd."
    assert _status(uow_factory, data["theirs"]) == "awaiting_creditor"
    assert _events(uow_factory, data["theirs"]) == before

    # the real decision: extend the amicable phase; a second click finds nothing left to decide
    slack.fake.clear()
    await slack.click("creditor_decision_extend", data["waiting"])
    await eventually(lambda: slack.fake.of("views.publish"))
    assert _status(uow_factory, data["waiting"]) == "amicable"
    await slack.click("creditor_decision_extend", data["waiting"])
    messages = await eventually(lambda: len(slack.fake.of("chat.postMessage")) == 2
                                and [c.params["text"] for c in slack.fake.of("chat.postMessage")])
    assert "'Minnelijk verlengen' is vastgelegd" in messages[0]
    assert "valt nu niets te beslissen (status: minnelijke fase)" in messages[1]
    republished = _texts(slack.fake.of("views.publish")[-1].params["view"])
    assert "Geen dossiers wachten op u." in republished


async def test_status_my_cases_and_reports_of_payment_and_contact(slack, uow_factory) -> None:
    data = _cases(uow_factory, slack.settings)
    slack.link(data["a"].id, language="en")

    status = (await slack.command(f"status {data['running'].lower()}")).json()["text"]
    assert data["running"] in status and "Status: *amicable phase*" in status
    assert "Open now: " in status and "Next contact: " in status
    other = (await slack.command(f"status {data['theirs']}")).json()["text"]
    assert other == f"Case {data['theirs']} is not one of your cases. Nothing was changed."

    listing = _texts((await slack.command("cases")).json())
    assert data["running"] in listing and data["waiting"] in listing and data["theirs"] not in listing
    assert "*2 open case(s)*" in listing and format_eur(data["open"]) in listing

    def payment(reference: str, amount: str) -> dict[str, Any]:
        return {"reference": {"reference": {"type": "plain_text_input", "value": reference}},
                "amount": {"amount": {"type": "plain_text_input", "value": amount}},
                "paid_on": {"paid_on": {"type": "datepicker", "selected_date": "2026-03-01"}},
                "note": {"note": {"type": "plain_text_input", "value": None}}}

    wrong = (await slack.submit_view("report_payment", payment(data["running"], "-5"), view_id="V0P1")).json()
    assert wrong["response_action"] == "errors" and set(wrong["errors"]) == {"amount"}
    theirs = (await slack.submit_view("report_payment", payment(data["theirs"], "50"), view_id="V0P2")).json()
    assert theirs["errors"] == {"reference": f"Case {data['theirs']} is not one of your cases. Nothing was changed."}
    done = (await slack.submit_view("report_payment", payment(data["running"], "100,00"), view_id="V0P3")).json()
    assert done["response_action"] == "update"
    assert f"Payment of {format_eur(Decimal('100'))} on 2026-03-01 recorded for {data['running']}" in _texts(done)
    with uow_factory() as uow:
        [paid] = uow.session.scalars(select(Payment).where(Payment.source == "creditor_report")).all()
        assert (paid.amount, paid.paid_on.isoformat()) == (Decimal("100.00"), "2026-03-01")
        assert uow.session.scalar(select(func.count()).select_from(Payment)) == 2  # and the one from the setup

    def contact(reference: str, note: str | None) -> dict[str, Any]:
        return {"reference": {"reference": {"type": "plain_text_input", "value": reference}},
                "note": {"note": {"type": "plain_text_input", "value": note}}}

    empty = (await slack.submit_view("report_contact", contact(data["running"], None), view_id="V0C1")).json()
    assert empty["errors"] == {"note": "Please say briefly what was said or agreed."}
    before = _events(uow_factory, data["theirs"])
    theirs = (await slack.submit_view("report_contact", contact(data["theirs"], "x"), view_id="V0C2")).json()
    assert set(theirs["errors"]) == {"reference"} and _events(uow_factory, data["theirs"]) == before
    ok = (await slack.submit_view("report_contact", contact(data["running"], "Belt vrijdag terug"),
                                  view_id="V0C3")).json()
    assert "Your contact with the debtor is recorded" in _texts(ok)
    with uow_factory() as uow:
        event = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "contact_reported")).one()
        assert event.payload == {"note": "Belt vrijdag terug"} and event.actor_kind == "creditor_user"
        # the specialists hear of both reports before their next call
        alerts = [json.loads(row.body) for row in uow.session.scalars(
            select(OutboundMessage).where(OutboundMessage.channel == "specialist_alert"))]
        reported = {alert["kind"]: alert for alert in alerts if alert["kind"].startswith("creditor_reported")}
        assert reported["creditor_reported_payment"]["amount"] == "100.00"
        assert reported["creditor_reported_payment"]["case"] == data["running"]
        assert reported["creditor_reported_contact"]["note"] == "Belt vrijdag terug"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_shortcut_menu_leads_to_each_modal(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    slack.link(creditor.id)
    payload = {"type": "shortcut", "token": "legacy", "action_ts": "1700000000.000200", "team": {"id": "T0CREDITOR",
               "domain": "creditor"}, "user": {"id": "U0CRED", "username": "anna", "team_id": "T0CREDITOR"},
               "is_enterprise_install": False, "enterprise": None, "callback_id": "incasso_menu",
               "trigger_id": "trigger-shortcut"}
    assert (await slack.interaction(payload)).status_code == 200
    [opened] = await eventually(lambda: slack.fake.of("views.open"))
    menu = opened.params["view"]
    actions = [e["action_id"] for b in menu["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["menu_new_claim", "menu_my_cases", "menu_status", "menu_payment", "menu_contact", "menu_help"]
    view = {"id": "V0MENU", "hash": "h0", "type": "modal", "callback_id": "incasso_menu", "team_id": "T0CREDITOR",
            "private_metadata": "", "state": {"values": {}}, "blocks": []}
    expected = {"menu_new_claim": "new_claim", "menu_status": "case_status", "menu_payment": "report_payment",
                "menu_contact": "report_contact"}
    for action_id, callback_id in expected.items():
        slack.fake.clear()
        await slack.click(action_id, view=view)
        [update] = await eventually(lambda: slack.fake.of("views.update"))
        assert update.params["view_id"] == "V0MENU" and update.params["view"]["callback_id"] == callback_id
