"""What a person sees of a recorded platform call, as plain text: Slack Block Kit (messages, modals, App Home) and
Telegram messages with their inline buttons."""

from __future__ import annotations

import html
import re
from typing import Any

_USER = re.compile(r"<@([A-Z0-9]+)>")
_LINK = re.compile(r"<([^|>]+)\|([^>]+)>")
_EMOJI = re.compile(r":[a-z0-9_+\-]+:")


def mrkdwn(text: str) -> str:
    """Slack's mrkdwn as a reader sees it: links by their label, mentions as @id, entities decoded, no emoji codes."""
    text = _LINK.sub(r"\2", text)
    text = _USER.sub(r"@\1", text)
    text = _EMOJI.sub("", text).replace("```", "")
    return html.unescape(text).replace("\u00a0", " ").strip()


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        return mrkdwn(str(obj.get("text", "")))
    return mrkdwn(str(obj or ""))


def _element(element: dict[str, Any]) -> str:
    kind = element.get("type")
    if kind == "button":
        return f"[{_text_of(element.get('text'))}]"
    if kind in ("static_select", "overflow", "datepicker", "plain_text_input", "radio_buttons", "file_input"):
        return f"<{kind}>"
    return _text_of(element)


def blocks_text(blocks: list[dict[str, Any]] | None) -> list[str]:
    lines: list[str] = []
    for block in blocks or []:
        kind = block.get("type")
        if kind in ("header", "section"):
            if block.get("text"):
                text = _text_of(block["text"])
                lines.append(text.upper() if kind == "header" else text)
            for field in block.get("fields") or []:
                lines.append("  " + _text_of(field).replace("\n", ": ", 1))
            if block.get("accessory", {}).get("type") == "button":
                lines.append("  " + _element(block["accessory"]))
        elif kind == "context":
            lines.append("  " + " ".join(_text_of(e) for e in block.get("elements") or []))
        elif kind == "actions":
            lines.append("  " + " ".join(_element(e) for e in block.get("elements") or []))
        elif kind == "input":
            lines.append(f"  {_text_of(block.get('label'))}: {_element(block.get('element') or {})}")
        elif kind == "divider":
            lines.append("  ---")
    return [line for line in lines if line.strip()]


def slack_call_text(method: str, params: dict[str, Any]) -> list[str]:
    """The lines a person sees for one Slack Web API call: a message (its blocks, else its text) or a view."""
    if method.startswith("views."):
        view = params.get("view") or {}
        title = _text_of(view.get("title")) if view.get("title") else ("App Home" if view.get("type") == "home" else "")
        inputs = [b for b in view.get("blocks") or [] if b.get("type") == "input"]
        if len(inputs) > 3:  # a form: its title and what it asks, not every field
            labels = ", ".join(_text_of(b.get("label")) for b in inputs[:6])
            return [f"[{title}] {labels}, … ({len(inputs)})"]
        body = blocks_text(view.get("blocks"))
        return [f"[{title}]", *body] if title else body
    body = blocks_text(params.get("blocks")) if params.get("blocks") else []
    return body or [mrkdwn(str(params.get("text", "")))]


def telegram_text(params: dict[str, Any]) -> list[str]:
    lines = str(params.get("text", "")).splitlines()
    markup = params.get("reply_markup") or {}
    buttons = [f"[{b.get('text', '')}]" for row in markup.get("inline_keyboard", []) for b in row]
    if buttons:
        lines.append(" ".join(buttons))
    return lines
