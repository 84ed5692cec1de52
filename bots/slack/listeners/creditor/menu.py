"""`/incasso` and the global shortcut: the menu (new claim, my cases, case status, report a direct payment or
contact, help), plus linking a workspace with a code and choosing the case channel and the language.

`/incasso` alone (or the shortcut) opens the menu; a word after it goes straight there: `nieuw`/`new`,
`dossiers`/`cases`, `status <kenmerk>`, `betaling`/`payment`, `contact`, `koppel`/`link <code>`,
`kanaal`/`channel`, `taal`/`language nl|en|auto`, `hulp`/`help`.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.identity import Who, in_thread
from bots.slack.listeners.creditor import cases, direct_report, new_claim
from bots.slack.listeners.creditor.common import Deps, info_view, plain, refusal, section
from bots.slack.texts import t
from bots.slack.workspaces import LinkRefused, redeem_link_code, set_case_channel, set_language

COMMAND = "/incasso"
SHORTCUT = "incasso_menu"
MENU_VIEW = "incasso_menu"

WORDS = {
    "new": ("new", "nieuw", "nieuwe", "claim", "vordering"),
    "cases": ("cases", "dossiers", "mijn", "my"),
    "status": ("status",),
    "payment": ("payment", "betaling", "betaald"),
    "contact": ("contact",),
    "link": ("link", "koppel", "koppelen"),
    "channel": ("channel", "kanaal"),
    "language": ("language", "taal"),
    "help": ("help", "hulp", "?"),
}


def _word(text: str) -> tuple[str, str]:
    first, _, rest = text.strip().partition(" ")
    first = first.lower()
    for name, words in WORDS.items():
        if first in words:
            return name, rest.strip()
    return ("menu" if not first else "help"), rest.strip()


def menu_view(lang: str, creditor: str) -> dict[str, Any]:
    buttons = [("menu_new_claim", "btn_new_claim"), ("menu_my_cases", "btn_my_cases"),
               ("menu_status", "btn_status"), ("menu_payment", "btn_report_payment"),
               ("menu_contact", "btn_report_contact"), ("menu_help", "btn_help")]
    return {
        "type": "modal", "callback_id": MENU_VIEW, "title": plain(t(lang, "menu_title"), 24),
        "close": plain(t(lang, "close"), 24),
        "blocks": [
            section(t(lang, "menu_intro", creditor=creditor)),
            {"type": "actions", "block_id": "menu", "elements": [
                {"type": "button", "action_id": action, "text": plain(t(lang, label)),
                 **({"style": "primary"} if action == "menu_new_claim" else {})}
                for action, label in buttons]},
        ],
    }


def _link(deps: Deps, code: str, who: Who, channel_id: str | None) -> tuple[str, str | None, str | None]:
    """(text key, creditor name, case channel)."""
    with deps.ctx.uow() as uow:
        try:
            linked = redeem_link_code(uow, code, team_id=who.team_id, user_id=who.user_id, channel_id=channel_id,
                                      specialist_team_id=deps.ctx.settings.slack_specialist_team_id)
        except LinkRefused as exc:
            return exc.reason, None, None
        uow.commit()
        return "linked", linked.creditor_name, linked.case_channel_id


def _set_channel(deps: Deps, team_id: str, channel_id: str) -> None:
    with deps.ctx.uow() as uow:
        set_case_channel(uow, team_id, channel_id)
        uow.commit()


def _set_language(deps: Deps, team_id: str, language: str | None) -> None:
    with deps.ctx.uow() as uow:
        set_language(uow, team_id, language)
        uow.commit()


async def command_answer(deps: Deps, who: Who, text: str, body: dict[str, Any]) -> str | dict[str, Any] | None:
    """What `/incasso <text>` answers: a text (ephemeral, in the ack), a modal to open, or None (nothing to say)."""
    word, rest = _word(text)
    lang = who.lang
    if word == "link":
        if who.is_specialist:
            return t(lang, "link_specialist_team")
        if not rest:
            return t(lang, "link_usage")
        key, creditor, channel = await in_thread(_link, deps, rest, who, body.get("channel_id"))
        if key != "linked":
            return t(lang, key)
        return t(lang, "linked", creditor=creditor, channel=f"<#{channel}>" if channel else "-")
    refused = refusal(who)
    if refused:
        return refused
    assert who.workspace is not None
    if word == "menu":
        return menu_view(lang, who.workspace.creditor_name)
    if word == "new":
        return new_claim.claim_view(lang)
    if word == "cases":
        return {"text": t(lang, "my_cases_title"), "blocks": await cases.my_cases_blocks(deps, who)}
    if word == "status":
        return await cases.status_text_for(deps, who, rest) if rest else cases.status_view(lang)
    if word == "payment":
        return direct_report.payment_view(lang, rest.upper() or None)
    if word == "contact":
        return direct_report.contact_view(lang, rest.upper() or None)
    if word == "channel":
        channel_id = body.get("channel_id")
        if not channel_id:
            return t(lang, "channel_needed")
        await in_thread(_set_channel, deps, who.team_id, channel_id)
        return t(lang, "channel_set", channel=f"<#{channel_id}>")
    if word == "language":
        choice = rest.lower()
        if choice not in ("nl", "en", "auto"):
            return t(lang, "language_usage")
        await in_thread(_set_language, deps, who.team_id, None if choice == "auto" else choice)
        return t(choice, "language_set") if choice != "auto" else t(lang, "language_auto")
    return t(lang, "help")


async def menu_target(deps: Deps, who: Who, action_id: str) -> dict[str, Any]:
    """The modal a menu button leads to."""
    lang = who.lang
    refused = refusal(who)
    if refused:
        return info_view(lang, t(lang, "menu_title"), refused)
    if action_id == "menu_new_claim":
        return new_claim.claim_view(lang)
    if action_id == "menu_my_cases":
        return info_view(lang, t(lang, "my_cases_title"), await cases.my_cases_blocks(deps, who))
    if action_id == "menu_status":
        return cases.status_view(lang)
    if action_id == "menu_payment":
        return direct_report.payment_view(lang)
    if action_id == "menu_contact":
        return direct_report.contact_view(lang)
    return info_view(lang, t(lang, "btn_help"), t(lang, "help"))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command(COMMAND)
    async def incasso(ack: Any, body: dict[str, Any], client: Any) -> None:
        who = await deps.who(client, body)
        answer = await command_answer(deps, who, body.get("text") or "", body)
        if isinstance(answer, dict) and answer.get("type") == "modal":
            await ack()
            await client.views_open(trigger_id=body["trigger_id"], view=answer)
        elif isinstance(answer, dict):
            await ack(response_type="ephemeral", **answer)
        else:
            await ack(text=answer or "", response_type="ephemeral")

    @app.shortcut(SHORTCUT)
    async def shortcut(ack: Any, body: dict[str, Any], client: Any) -> None:
        await ack()
        who = await deps.who(client, body)
        refused = refusal(who)
        view = (info_view(who.lang, t(who.lang, "menu_title"), refused) if refused or who.workspace is None
                else menu_view(who.lang, who.workspace.creditor_name))
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def open_from_menu(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        who = await deps.who(client, body)
        view = await menu_target(deps, who, action.get("action_id", ""))
        current = body.get("view") or {}
        if current.get("type") == "modal":
            await client.views_update(view_id=current.get("id"), hash=current.get("hash"), view=view)
        else:  # App Home: no modal yet
            await client.views_open(trigger_id=body["trigger_id"], view=view)

    for action_id in ("menu_new_claim", "menu_my_cases", "menu_status", "menu_payment", "menu_contact",
                      "menu_help"):
        app.action(action_id)(open_from_menu)
