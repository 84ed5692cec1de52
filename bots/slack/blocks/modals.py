"""The specialists' modals. `private_metadata` carries the object's id (and where its card is); the listener
checks everything again on submit, so a tampered value changes nothing it may not."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from bots.slack.blocks import Block, escape, plain, section
from bots.slack.blocks.specialist import COUNTER_VIEW, DISPUTES_VIEW, PROMISED_VIEW, UPHOLD_VIEW
from bots.slack.specialist_texts import money, t

# block ids of the inputs (view.state.values[block_id][action_id])
OUTCOME = "outcome"
AMOUNT = "amount"
RESOLUTION = "resolution"
MONTHLY = "monthly"
MONTHS = "months"
FIRST = "first"
NOTE = "note"
PROMISED_ON = "promised_on"
NOTES = "notes"
REASON = "reason"


def _modal(callback_id: str, title: str, blocks: list[Block], metadata: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title[:24]),
        "submit": plain(t("modal.submit", lang)),
        "close": plain(t("modal.cancel", lang)),
        "private_metadata": json.dumps(metadata),
        "blocks": blocks,
    }


def _text_input(block_id: str, label: str, *, optional: bool = False, multiline: bool = False,
                hint: str | None = None, initial: str | None = None) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": block_id, "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element,
                    "optional": optional}
    if hint:
        block["hint"] = plain(hint)
    return block


def _date_input(block_id: str, label: str, initial: date) -> Block:
    return {"type": "input", "block_id": block_id, "label": plain(label),
            "element": {"type": "datepicker", "action_id": block_id, "initial_date": initial.isoformat()}}


def uphold_modal(*, dispute_id: int, reference: str, debtor: str, total_open: Decimal, principal: Decimal,
                 lang: str, card: dict[str, str] | None = None) -> dict[str, Any]:
    options = [
        {"text": plain(t("modal.uphold.close", lang)), "value": "close"},
        {"text": plain(t("modal.uphold.reduce", lang)), "value": "reduce"},
    ]
    blocks = [
        section(t("modal.uphold.intro", lang, ref=reference, debtor=escape(debtor), open=money(total_open, lang),
                  principal=money(principal, lang))),
        {"type": "input", "block_id": OUTCOME, "label": plain(t("modal.uphold.outcome", lang)),
         "element": {"type": "radio_buttons", "action_id": OUTCOME, "options": options, "initial_option": options[0]}},
        _text_input(AMOUNT, t("modal.uphold.amount", lang), optional=True, hint=t("modal.uphold.amount_hint", lang)),
        _text_input(RESOLUTION, t("modal.resolution", lang), multiline=True),
    ]
    return _modal(UPHOLD_VIEW, t("modal.uphold.title", lang), blocks, {"id": dispute_id, "card": card}, lang)


def counter_modal(*, arrangement_id: int, reference: str, months: int, installment: Decimal, first: date,
                  lang: str, card: dict[str, str] | None = None) -> dict[str, Any]:
    blocks = [
        section(t("modal.counter.intro", lang, ref=reference, months=months, installment=money(installment, lang))),
        _text_input(MONTHLY, t("modal.counter.monthly", lang), optional=True),
        _text_input(MONTHS, t("modal.counter.months", lang), optional=True, hint=t("modal.months_number", lang)),
        _date_input(FIRST, t("modal.counter.first", lang), first),
        _text_input(NOTE, t("modal.counter.note", lang), optional=True, multiline=True),
    ]
    return _modal(COUNTER_VIEW, t("modal.counter.title", lang), blocks, {"id": arrangement_id, "card": card}, lang)


def promised_modal(*, task_id: int, reference: str, today: date, lang: str,
                   card: dict[str, str] | None = None) -> dict[str, Any]:
    blocks = [
        section(f"*{reference}*"),
        _date_input(PROMISED_ON, t("modal.promised.date", lang), today),
        _text_input(NOTES, t("modal.notes", lang), optional=True, multiline=True),
    ]
    return _modal(PROMISED_VIEW, t("modal.promised.title", lang), blocks, {"id": task_id, "card": card}, lang)


def disputes_modal(*, task_id: int, reference: str, lang: str, card: dict[str, str] | None = None) -> dict[str, Any]:
    blocks = [
        section(f"*{reference}*"),
        _text_input(REASON, t("modal.disputes.reason", lang), multiline=True),
    ]
    return _modal(DISPUTES_VIEW, t("modal.disputes.title", lang), blocks, {"id": task_id, "card": card}, lang)


def submitted(values: dict[str, Any], block_id: str) -> str | None:
    """The value a person entered or chose in one input of a submitted view (None when left empty)."""
    entry = (values.get(block_id) or {}).get(block_id) or {}
    kind = entry.get("type")
    if kind == "datepicker":
        return entry.get("selected_date")
    if kind == "radio_buttons":
        return (entry.get("selected_option") or {}).get("value")
    value = entry.get("value")
    return value.strip() if isinstance(value, str) and value.strip() else None
