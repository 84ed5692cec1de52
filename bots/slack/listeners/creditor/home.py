"""App Home: a creditor's figures and the cases waiting for their decision (buttons: court proceedings, extend the
amicable phase, close), decided through core.services.decisions. The agency's workspace gets the specialists'
queue instead (listeners/specialist/home.py)."""

from __future__ import annotations

import importlib
import logging
import re
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.judicial import decided_blocks
from bots.slack.identity import Who, in_thread
from bots.slack.judicial_texts import t as jt
from bots.slack.listeners.creditor.common import Deps, plain, refusal, section, tell
from bots.slack.texts import money, status_text, t
from core.actors import Actor
from core.errors import Conflict, NotFound
from core.judicial.advice import latest_sent_advice
from core.schedule.step_rules import windows_of
from core.services.case_access import load_case
from core.services.creditor_overview import Overview, overview
from core.services.decisions import Decision, decide_next_step

log = logging.getLogger("incasso.slack")

DECISION_ACTION = re.compile(r"^creditor_decision_(start_proceedings|extend|close)$")
MAX_WAITING_SHOWN = 20


def _overview(deps: Deps, actor: Actor) -> tuple[Overview, dict[str, int]]:
    """The figures, and the latest advice sent for each case waiting (the buttons answer that advice)."""
    with deps.ctx.uow(read_only=True) as uow:
        data = overview(uow, actor)
        advices = {}
        for summary in data.waiting[:MAX_WAITING_SHOWN]:
            advice = latest_sent_advice(uow, load_case(uow, actor, summary.reference))
            if advice is not None:
                advices[summary.reference] = advice.id
        return data, advices


def _percent(lang: str, fraction: Any) -> str:
    value = f"{fraction * 100:.0f}"
    return f"{value}%" if lang == "en" else f"{value} %"


def home_view(who: Who, data: Overview, advices: dict[str, int] | None = None) -> dict[str, Any]:
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
        advice_id = (advices or {}).get(summary.reference)
        blocks.append({"type": "actions", "block_id": f"decide_{summary.reference}", "elements": [
            _decision_button(lang, Decision.START_PROCEEDINGS, summary.reference, "danger", advice_id),
            _decision_button(lang, Decision.EXTEND, summary.reference, None, advice_id),
            _decision_button(lang, Decision.CLOSE, summary.reference, None, advice_id),
        ]})
    return {"type": "home", "blocks": blocks}


def _decision_button(lang: str, decision: Decision, reference: str, style: str | None,
                     advice_id: int | None = None) -> dict[str, Any]:
    """The value names the case and the advice it answers ("REF:advice id"), so consent refers to that advice."""
    label = t(lang, f"decision_{decision.value}")
    value = f"{reference}:{advice_id}" if advice_id else reference
    button: dict[str, Any] = {"type": "button", "action_id": f"creditor_decision_{decision.value}",
                              "text": plain(label), "value": value}
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
    data, advices = await in_thread(_overview, deps, who.actor)
    await client.views_publish(user_id=who.user_id, view=home_view(who, data, advices))


def _decide(deps: Deps, actor: Actor, reference: str, decision: str,
            advice_id: int | None) -> tuple[str, str | None, datetime | None]:
    """("done" | "not_found" | "not_now" | "stale_advice", current status, when decided)."""
    with deps.ctx.uow() as uow:
        try:
            decide_next_step(uow, actor, reference, decision, windows=windows_of(deps.ctx.settings),
                             advice_id=advice_id)
        except NotFound:
            return "not_found", None, None
        except Conflict:
            uow.rollback()
            status = load_case(uow, actor, reference).status
            # still waiting, yet refused: the button answered an advice that a newer one replaced
            return ("stale_advice" if status == "awaiting_creditor" else "not_now"), status, None
        uow.commit()
        return "done", None, uow.clock.now()


def parse_value(value: object) -> tuple[str, int | None]:
    """"REF" or "REF:advice id" from a decision button; anything malformed gives no advice id."""
    reference, _, advice = str(value or "").strip().partition(":")
    advice_id = int(advice) if advice.isdigit() and len(advice) < 12 else None
    return reference.upper()[:40], advice_id


async def answer(client: Any, body: dict[str, Any], user_id: str, text: str) -> None:
    """In the case thread only to the one who pressed (ephemeral); from App Home as a direct message."""
    container = body.get("container") or {}
    if container.get("type") == "message" and container.get("channel_id"):
        message = body.get("message") or {}
        try:
            await client.chat_postEphemeral(channel=container["channel_id"], user=user_id, text=text,
                                            thread_ts=message.get("thread_ts") or container.get("thread_ts"))
            return
        except Exception:
            log.warning("slack: ephemeral answer failed; sending a direct message", exc_info=True)
    await tell(client, user_id, text)


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
        reference, advice_id = parse_value(action.get("value"))
        outcome, status, when = await in_thread(_decide, deps, who.actor, reference, decision, advice_id)
        lang = who.lang
        if outcome == "not_found":
            await answer(client, body, who.user_id, t(lang, "case_not_found", reference=reference))
            return
        if outcome == "stale_advice":
            await answer(client, body, who.user_id, jt("refused.stale_advice", lang, ref=reference))
        elif outcome == "not_now":
            await answer(client, body, who.user_id,
                         t(lang, "decision_not_now", reference=reference, status=status_text(lang, status or "")))
        else:
            await answer(client, body, who.user_id, t(lang, "decision_recorded", reference=reference,
                                                       decision=t(lang, f"decision_{decision}")))
            await _close_buttons(client, body, decision, who.user_id, when, lang)
        await publish_home(deps, client, who)


async def _close_buttons(client: Any, body: dict[str, Any], decision: str, user_id: str, when: datetime | None,
                         lang: str) -> None:
    """The advice in the case thread, once decided: its buttons give way to who chose what and when."""
    container, message = body.get("container") or {}, body.get("message") or {}
    if container.get("type") != "message" or not message.get("blocks") or when is None:
        return
    try:
        await client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                                 text=message.get("text") or "",
                                 blocks=decided_blocks(message["blocks"], decision, user_id, when, lang))
    except Exception:  # the decision is recorded; the old buttons only refuse politely from now on
        log.warning("slack: advice message %s not updated", container.get("message_ts"), exc_info=True)
