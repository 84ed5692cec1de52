"""Cards for the specialists' other work: bank credits without a case, overpayments, locked Telegram links,
"I can't pay" reports, complaints — and a readable card for any alert kind without one of its own.

Like blocks/specialist.py: pure builders, open cards carry the buttons, decided ones say who decided what and when.
A payer's IBAN is shown masked (the last four characters) everywhere in Slack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bots.slack.blocks import Block, actions, button, confirm, context, escape, fields, header, plain, section
from bots.slack.blocks.specialist import Decision
from bots.slack.specialist_texts import day, has_text, moment, money, t

CREDIT_ASSIGN = "specialist.credit.assign"
CREDIT_IGNORE = "specialist.credit.ignore"
LINK_UNLOCK = "specialist.link.unlock"
CANNOT_PAY_RESUME = "specialist.cannot_pay.resume"
CANNOT_PAY_KEEP = "specialist.cannot_pay.keep_paused"
COMPLAINT_HANDLE = "specialist.complaint.handle"
ASSIGN_VIEW = "specialist.credit.assign_view"
IGNORE_VIEW = "specialist.credit.ignore_view"
COMPLAINT_VIEW = "specialist.complaint.handle_view"
# block ids of the modals' inputs
REFERENCE = "reference"
IGNORE_REASON = "ignore_reason"
ANSWER = "answer"


def mask_iban(iban: str | None) -> str:
    """Only the last four characters: enough to recognise an account, not to use it."""
    compact = "".join((iban or "").split())
    if not compact:
        return "—"
    return "••••" + compact[-4:] if len(compact) > 4 else "••••"


def _quote(text: str | None, limit: int = 1500) -> str:
    return escape((text or "—")[:limit]).replace("\n", "\n>")


@dataclass(frozen=True)
class CreditCard:
    transaction_id: int
    amount: Decimal
    booked_on: date
    payer_name: str | None
    payer_iban: str | None
    remittance: str | None
    reason: str | None
    candidates: list[str]
    status: str  # unmatched | ambiguous | matched | ignored
    decided: Decision | None = None
    case_reference: str | None = None  # where it was assigned


def credit_card(card: CreditCard, lang: str) -> tuple[str, list[Block]]:
    payer = escape(card.payer_name or "—")
    title = "card.credit.title_ambiguous" if card.status == "ambiguous" else "card.credit.title"
    blocks: list[Block] = [
        header(t(title, lang)),
        fields([
            (t("card.credit.amount", lang), money(card.amount, lang)),
            (t("card.credit.booked", lang), day(card.booked_on, lang)),
            (t("card.credit.payer", lang), f"{payer}\n{mask_iban(card.payer_iban)}"),
            (t("card.credit.remittance", lang), escape((card.remittance or "—")[:500])),
        ]),
        section(t("card.credit.candidates", lang, refs=", ".join(card.candidates[:20])) if card.candidates
                else t("card.credit.no_candidates", lang)),
    ]
    if card.reason:
        blocks.append(context(t("card.credit.why", lang, reason=escape(card.reason[:300]))))
    value = str(card.transaction_id)
    if card.status in ("unmatched", "ambiguous"):
        blocks.append(actions(f"bank_credit:{card.transaction_id}",
                              button(t("btn.credit.assign", lang), CREDIT_ASSIGN, value, style="primary"),
                              button(t("btn.credit.ignore", lang), CREDIT_IGNORE, value)))
    elif card.status == "matched":
        blocks.append(_decided("decided.credit.matched", card.decided, lang, ref=card.case_reference or "—"))
    else:
        blocks.append(_decided("decided.credit.ignored", card.decided, lang,
                               reason=escape((card.reason or "—").removeprefix("by hand: "))))
    text = t("card.credit.text", lang, amount=money(card.amount, lang), payer=card.payer_name or "—",
             booked=day(card.booked_on, lang))
    return text, blocks


@dataclass(frozen=True)
class OverpaymentCard:
    payment_id: int
    reference: str
    debtor: str
    amount: Decimal
    refund_due: Decimal
    paid_on: date
    source: str
    payer_name: str | None
    payer_iban: str | None


def overpayment_card(card: OverpaymentCard, lang: str) -> tuple[str, list[Block]]:
    payer = card.payer_name or card.debtor
    blocks: list[Block] = [
        header(t("card.overpayment.title", lang, ref=card.reference)),
        fields([
            (t("card.debtor", lang), escape(card.debtor)),
            (t("card.overpayment.refund", lang), f"*{money(card.refund_due, lang)}*"),
            (t("card.overpayment.paid", lang), money(card.amount, lang)),
            (t("card.credit.payer", lang), f"{escape(payer)}\n{mask_iban(card.payer_iban)}"),
        ]),
        section(t("card.overpayment.todo", lang, refund=money(card.refund_due, lang), payer=escape(payer))),
        context(t("card.overpayment.source", lang, source=escape(card.source), day=day(card.paid_on, lang))),
    ]
    return t("card.overpayment.text", lang, ref=card.reference, refund=money(card.refund_due, lang)), blocks


@dataclass(frozen=True)
class LinkLockCard:
    case_id: int
    reference: str
    debtor: str
    attempts: int
    locked_at: datetime | None  # None: open again
    unlocked: Decision | None = None


def link_lock_card(card: LinkLockCard, lang: str) -> tuple[str, list[Block]]:
    blocks: list[Block] = [
        header(t("card.lock.title", lang, ref=card.reference)),
        fields([
            (t("card.debtor", lang), escape(card.debtor)),
            (t("card.lock.locked_at", lang), moment(card.locked_at, lang) if card.locked_at else "—"),
        ]),
        section(t("card.lock.body", lang, attempts=card.attempts)),
    ]
    if card.locked_at is not None:
        blocks.append(actions(f"link_lock:{card.case_id}", unlock_button(card.case_id, lang)))
    else:
        blocks.append(_decided("decided.lock.unlocked", card.unlocked, lang))
    return t("card.lock.text", lang, ref=card.reference, debtor=card.debtor), blocks


def unlock_button(case_id: int, lang: str) -> dict[str, Any]:
    return button(t("btn.lock.unlock", lang), LINK_UNLOCK, str(case_id), style="primary",
                  confirm=confirm(t("confirm.unlock.title", lang), t("confirm.unlock.text", lang),
                                  t("confirm.yes", lang), t("confirm.no", lang)))


@dataclass(frozen=True)
class CannotPayCard:
    flag_id: int
    reference: str
    debtor: str
    note: str | None
    raised_at: datetime
    total_open: Decimal
    open: bool
    reviewed: Decision | None = None
    kept: list[Decision] = field(default_factory=list)


def cannot_pay_buttons(flag_id: int, lang: str, block_id: str) -> Block:
    value = str(flag_id)
    return actions(block_id,
                   button(t("btn.cannot_pay.resume", lang), CANNOT_PAY_RESUME, value, style="primary",
                          confirm=confirm(t("confirm.resume.title", lang), t("confirm.resume.text", lang),
                                          t("confirm.yes", lang), t("confirm.no", lang))),
                   button(t("btn.cannot_pay.keep", lang), CANNOT_PAY_KEEP, value))


def cannot_pay_card(card: CannotPayCard, lang: str) -> tuple[str, list[Block]]:
    blocks: list[Block] = [
        header(t("card.cannot_pay.title", lang, ref=card.reference)),
        fields([
            (t("card.debtor", lang), escape(card.debtor)),
            (t("card.open", lang), money(card.total_open, lang)),
            (t("card.cannot_pay.reported", lang), moment(card.raised_at, lang)),
        ]),
        section(t("card.cannot_pay.body", lang)),
    ]
    if card.note:
        blocks.append(section(t("card.cannot_pay.note", lang, note=_quote(card.note))))
    for kept in card.kept:
        blocks.append(_decided("decided.cannot_pay.kept", kept, lang))
    if card.open:
        blocks.append(cannot_pay_buttons(card.flag_id, lang, f"cannot_pay:{card.flag_id}"))
    else:
        blocks.append(_decided("decided.cannot_pay.reviewed", card.reviewed, lang))
    return t("card.cannot_pay.text", lang, ref=card.reference, debtor=card.debtor), blocks


@dataclass(frozen=True)
class ComplaintCard:
    complaint_id: int
    complaint_reference: str
    case_reference: str | None
    text: str
    received_at: datetime
    acknowledged_at: datetime | None
    acknowledge_by: date
    handle_by: date
    today: date
    status: str  # open | handled
    handled: Decision | None = None
    resolution: str | None = None

    @property
    def overdue(self) -> bool:
        return self.status == "open" and self.handle_by < self.today


def complaint_card(card: ComplaintCard, lang: str) -> tuple[str, list[Block]]:
    ref = card.case_reference or t("no_case", lang)
    ack = day(card.acknowledge_by, lang)
    if card.acknowledged_at:
        ack += t("card.complaint.acknowledged", lang, when=moment(card.acknowledged_at, lang))
    blocks: list[Block] = [
        header(t("card.complaint.title", lang, complaint=card.complaint_reference, ref=ref)),
        fields([
            (t("card.complaint.received", lang), moment(card.received_at, lang)),
            (t("card.complaint.ack_by", lang), ack),
            (t("card.complaint.handle_by", lang), f"*{day(card.handle_by, lang)}*"),
        ]),
        section(t("card.complaint.words", lang, text=_quote(card.text, 2000))),
    ]
    if card.overdue:
        blocks.append(section(t("card.complaint.overdue", lang)))
    if card.status == "open":
        blocks.append(actions(f"complaint:{card.complaint_id}",
                              button(t("btn.complaint.handle", lang), COMPLAINT_HANDLE, str(card.complaint_id),
                                     style="primary")))
    else:
        blocks.append(_decided("decided.complaint", card.handled, lang, answer=_quote(card.resolution, 1000)))
    text = t("card.complaint.text", lang, complaint=card.complaint_reference, ref=ref,
             handle_by=day(card.handle_by, lang))
    return text, blocks


def _decided(key: str, decision: Decision | None, lang: str, **extra: object) -> Block:
    who = escape(decision.who) if decision else "—"
    when = moment(decision.when, lang) if decision else "—"
    return context(t(key, lang, who=who, when=when, **extra))


# ------------------------------------------------------------------------------------------------ any other alert


def _label(key: str, lang: str | None = None) -> str:
    """A field's name in the card's language where the catalogue has it, else the key made readable."""
    if lang is not None and has_text(f"field.{key}"):
        return t(f"field.{key}", lang)
    return key.replace("_", " ").capitalize()


def _value(key: str, value: Any, lang: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if "iban" in key:
        return mask_iban(str(value))
    if isinstance(value, list):
        return escape(", ".join(str(v) for v in value)[:500])
    if isinstance(value, dict):
        return escape(json.dumps(value, ensure_ascii=False)[:500])
    text = str(value)
    if key in ("amount", "refund_due") or key.endswith("_amount"):
        try:
            return money(Decimal(text), lang)
        except (InvalidOperation, ValueError):
            pass
    return escape(text[:500]).replace("\n", " ")


def generic_alert(body: dict[str, Any], reference: str | None, lang: str) -> tuple[str, list[Block]]:
    """Any alert without a card of its own, readable: its name as a title, its details as labelled fields."""
    kind = str(body.get("kind") or "alert")
    title = t(f"alert.kind.{kind}", lang) if has_text(f"alert.kind.{kind}") else _label(kind)
    ref = reference or body.get("case") or t("no_case", lang)
    details = [(_label(k, lang), _value(k, v, lang)) for k, v in body.items() if k not in ("kind", "case")]
    heading = t("alert.generic.title", lang, title=escape(title), ref=escape(str(ref)))
    blocks: list[Block] = [section(f"*{heading}*")]
    for start in range(0, len(details), 10):  # a section holds at most 10 fields
        blocks.append(fields(details[start:start + 10]))
    text = heading + (": " + "; ".join(f"{k}: {v}" for k, v in details[:6]) if details else "")
    return text, blocks


# ------------------------------------------------------------------------------------------------ modals


def _modal(callback_id: str, title: str, blocks: list[Block], metadata: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback_id, "title": plain(title[:24]),
            "submit": plain(t("modal.submit", lang)), "close": plain(t("modal.cancel", lang)),
            "private_metadata": json.dumps(metadata), "blocks": blocks}


def _input(block_id: str, label: str, *, multiline: bool = False, hint: str | None = None,
           initial: str | None = None, max_length: int = 3000) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": block_id, "multiline": multiline,
                               "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element,
                    "optional": False}
    if hint:
        block["hint"] = plain(hint)
    return block


def assign_modal(card: CreditCard, lang: str, pressed_on: dict[str, str] | None,
                 example: str = "2026-000001") -> dict[str, Any]:
    intro = t("modal.assign.intro", lang, amount=money(card.amount, lang), payer=escape(card.payer_name or "—"),
              booked=day(card.booked_on, lang))
    if card.remittance:
        intro += f"\n>{_quote(card.remittance, 300)}"
    blocks = [section(intro)]
    if card.candidates:
        blocks.append(section(t("card.credit.candidates", lang, refs=", ".join(card.candidates[:20]))))
    initial = card.candidates[0] if len(card.candidates) == 1 else None
    blocks.append(_input(REFERENCE, t("modal.assign.reference", lang),
                         hint=t("modal.assign.hint", lang, example=(card.candidates or [example])[0]),
                         initial=initial, max_length=30))
    return _modal(ASSIGN_VIEW, t("modal.assign.title", lang), blocks,
                  {"id": card.transaction_id, "card": pressed_on}, lang)


def ignore_modal(card: CreditCard, lang: str, pressed_on: dict[str, str] | None) -> dict[str, Any]:
    blocks = [
        section(t("modal.assign.intro", lang, amount=money(card.amount, lang), payer=escape(card.payer_name or "—"),
                  booked=day(card.booked_on, lang))),
        _input(IGNORE_REASON, t("modal.ignore.reason", lang), multiline=True, hint=t("modal.ignore.hint", lang),
               max_length=250),
    ]
    return _modal(IGNORE_VIEW, t("modal.ignore.title", lang), blocks,
                  {"id": card.transaction_id, "card": pressed_on}, lang)


def complaint_modal(card: ComplaintCard, lang: str, pressed_on: dict[str, str] | None) -> dict[str, Any]:
    blocks = [
        section(t("modal.complaint.intro", lang, complaint=card.complaint_reference,
                  ref=card.case_reference or t("no_case", lang), handle_by=day(card.handle_by, lang),
                  text=_quote(card.text, 1500))),
        _input(ANSWER, t("modal.complaint.answer", lang), multiline=True),
    ]
    return _modal(COMPLAINT_VIEW, t("modal.complaint.title", lang), blocks,
                  {"id": card.complaint_id, "card": pressed_on}, lang)
