"""App Home: a creditor's figures and the cases waiting for their decision (buttons: court proceedings, extend the
amicable phase, close), decided through core.services.decisions. The agency's workspace gets the specialists'
queue instead (listeners/specialist/home.py)."""

from __future__ import annotations

import importlib
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.identity import Who, in_thread
from bots.slack.listeners.creditor.common import Deps, plain, refusal, section, tell
from bots.slack.texts import money, status_text, t
from core.actors import Actor
from core.errors import Conflict, NotFound
from core.schedule.dispatcher import windows_of
from core.services.case_access import load_case
from core.services.creditor_overview import Overview, overview
from core.services.decisions import Decision, decide_next_step

log = logging.getLogger("incasso.slack")

DECISION_ACTION = re.compile(r"^creditor_decision_(start_proceedings|extend|close)$")
MAX_WAITING_SHOWN = 20


def _overview(deps: Deps, actor: Actor) -> Overview:
    with deps.ctx.uow(read_only=True) as uow:
        return overview(uow, actor)


def _percent(lang: str, fraction: Any) -> str:
    value = f"{fraction * 100:.0f}"
    return f"{value}%" if lang == "en" else f"{value} %"


def home_view(who: Who, data: Overview) -> dict[str, Any]:
    lang = who.lang
    assert who.workspace is not None
    rate = (t(lang, "home_success_detail", rate=_percent(lang, data.success_rate), paid=data.paid_cases,
              ended=data.finished_cases) if data.success_rate is not None else t(lang, "home_no_ended"))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(t(lang, "home_title", creditor=who.workspace.creditor_name))},
        {"type": "section", "block_id": "home_figures", "fields": [
            {"type": "mrkdwn", "text": f"*{t(lang, 'home_open_cases')}*\n{data.open_cases}"},
            {"type": "mrkdwn", "text": f"*{t(lang, 'home_amount_open')}*\n{money(lang, data.amount_open)}"},
            {"type": "mrkdwn", "text": f"*{t(lang, 'home_collected_month')}*\n"
                                       f"{money(lang, data.collected_this_month)}"},
            {"type": "mrkdwn", "text": f"*{t(lang, 'home_success_rate')}*\n{rate}"},
        ]},
        {"type": "actions", "block_id": "home_menu", "elements": [
            {"type": "button", "action_id": "menu_new_claim", "text": plain(t(lang, "btn_new_claim")),
             "style": "primary"},
            {"type": "button", "action_id": "menu_my_cases", "text": plain(t(lang, "btn_my_cases"))},
            {"type": "button", "action_id": "menu_payment", "text": plain(t(lang, "btn_report_payment"))},
            {"type": "button", "action_id": "menu_contact", "text": plain(t(lang, "btn_report_contact"))},
        ]},
        {"type": "divider"},
        {"type": "header", "text": plain(t(lang, "home_waiting"))},
    ]
    if not data.waiting:
        blocks.append(section(t(lang, "home_none_waiting")))
    for summary in data.waiting[:MAX_WAITING_SHOWN]:
        blocks.append(section(t(lang, "home_waiting_line", reference=summary.reference, debtor=summary.debtor_name,
                                amount=money(lang, summary.statement.total_open))))
        blocks.append({"type": "actions", "block_id": f"decide_{summary.reference}", "elements": [
            _decision_button(lang, Decision.START_PROCEEDINGS, summary.reference, "danger"),
            _decision_button(lang, Decision.EXTEND, summary.reference, None),
            _decision_button(lang, Decision.CLOSE, summary.reference, None),
        ]})
    return {"type": "home", "blocks": blocks}


def _decision_button(lang: str, decision: Decision, reference: str, style: str | None) -> dict[str, Any]:
    label = t(lang, f"decision_{decision.value}")
    button: dict[str, Any] = {"type": "button", "action_id": f"creditor_decision_{decision.value}",
                              "text": plain(label), "value": reference}
    if style:
        button["style"] = style
    if decision is not Decision.EXTEND:  # the two that end the amicable phase for good ask first
        button["confirm"] = {"title": plain(t(lang, "decision_confirm_title")),
                             "text": plain(t(lang, "decision_confirm_text", decision=label, reference=reference)),
                             "confirm": plain(t(lang, "decision_confirm_yes")), "deny": plain(t(lang, "cancel"))}
    return button


def not_linked_view(text: str) -> dict[str, Any]:
    return {"type": "home", "blocks": [section(text)]}


async def publish_home(deps: Deps, client: Any, who: Who) -> None:
    refused = refusal(who)
    if refused or who.actor is None:
        await client.views_publish(user_id=who.user_id, view=not_linked_view(refused or ""))
        return
    data = await in_thread(_overview, deps, who.actor)
    await client.views_publish(user_id=who.user_id, view=home_view(who, data))


def _decide(deps: Deps, actor: Actor, reference: str, decision: str) -> tuple[str, str | None]:
    """("done" | "not_found" | "not_now", current status)."""
    with deps.ctx.uow() as uow:
        try:
            decide_next_step(uow, actor, reference, decision, windows=windows_of(deps.ctx.settings))
        except NotFound:
            return "not_found", None
        except Conflict:
            uow.rollback()
            return "not_now", load_case(uow, actor, reference).status
        uow.commit()
        return "done", None


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("app_home_opened")
    async def home_opened(event: dict[str, Any], body: dict[str, Any], client: Any) -> None:
        if event.get("tab", "home") != "home":
            return
        who = await deps.who(client, body)
        if who.is_specialist:
            try:
                module = importlib.import_module("bots.slack.listeners.specialist.home")
            except ImportError:
                log.warning("slack: the specialists' App Home is not available")
                return
            await module.publish_specialist_home(client, who.user_id, deps.ctx)
            return
        await publish_home(deps, client, who)

    @app.action(DECISION_ACTION)
    async def decided(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        who = await deps.who(client, body)
        refused = refusal(who)
        if refused or who.actor is None:
            await tell(client, who.user_id, refused or "")
            return
        match = DECISION_ACTION.match(action.get("action_id", ""))
        decision = match.group(1) if match else ""
        reference = str(action.get("value") or "").strip().upper()[:40]
        outcome, status = await in_thread(_decide, deps, who.actor, reference, decision)
        lang = who.lang
        if outcome == "not_found":
            await tell(client, who.user_id, t(lang, "case_not_found", reference=reference))
            return
        if outcome == "not_now":
            await tell(client, who.user_id,
                       t(lang, "decision_not_now", reference=reference, status=status_text(lang, status or "")))
        else:
            await tell(client, who.user_id, t(lang, "decision_recorded", reference=reference,
                                               decision=t(lang, f"decision_{decision}")))
        await publish_home(deps, client, who)
