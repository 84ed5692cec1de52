"""Block Kit builders: pure functions from plain data to (fallback text, blocks) or a view. No I/O here.

- case_thread: the parent message of a case in the creditor's channel, and the replies in its thread
- specialist: the cards in the specialists' channel (dispute, arrangement, call task) and plain alerts
- modals: the specialists' modals (uphold a dispute, counter-offer, promise to pay, debtor disputes on the phone)
- home: the specialists' App Home (their queue)
"""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]
MAX_TEXT = 2900  # Slack refuses section texts over 3000 characters


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150] if len(text) > 150 else text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text)}


def section(text: str, **extra: Any) -> Block:
    return {"type": "section", "text": mrkdwn(text), **extra}


def fields(pairs: list[tuple[str, str]]) -> Block:
    return {"type": "section", "fields": [mrkdwn(f"*{label}*\n{value}") for label, value in pairs[:10]]}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text)}


def button(text: str, action_id: str, value: str, *, style: str | None = None,
           confirm: dict[str, Any] | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm(title: str, text: str, yes: str, no: str, *, danger: bool = False) -> dict[str, Any]:
    dialog: dict[str, Any] = {"title": plain(title), "text": plain(text), "confirm": plain(yes), "deny": plain(no)}
    if danger:
        dialog["style"] = "danger"
    return dialog


def actions(block_id: str, *elements: dict[str, Any]) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """User text inside mrkdwn: &, < and > would otherwise become links, mentions or broken markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
