"""Block Kit of the judicial phase: the advice card (specialists) and its edit modal, the advice as a reply in the
creditor's case thread with the three decision buttons, the court card (the steps so far, a button for the next)
and its step modal, and the two sections of the specialists' App Home. Pure functions; no I/O."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bots.slack.blocks import Block, actions, button, confirm, context, escape, fields, header, plain, section
from bots.slack.judicial_texts import court_name, recommendation_name, step_name, t
from bots.slack.specialist_texts import day, moment, money
from bots.slack.specialist_texts import t as st
from core.judicial.advice import reason_text, signal_text

# action ids (block_actions) and callback ids (view_submission)
ADVICE_EDIT = "specialist.advice.edit"
ADVICE_SEND = "specialist.advice.send"
ADVICE_VIEW = "specialist.advice.edit_view"
STEP_RECORD = "specialist.judicial.record"
STEP_VIEW = "specialist.judicial.step_view"
# the creditor's decision buttons: the same action ids as on the App Home (listeners/creditor/home.py)
DECIDE_ACTION = "creditor_decision_{}"
DECISIONS = ("start_proceedings", "extend", "close")
# block ids of the modal inputs (view.state.values[block_id][action_id])
RECOMMENDATION = "advice_recommendation"
ADVICE_TEXT = "advice_text"
STEP_DATE = "step_date"
STEP_NOTE = "step_note"
STEP_FILE = "step_file"
MAX_INPUT = 3000  # Slack's limit for a plain_text_input
MAX_REPLY_SECTIONS = 6  # of the advice text in the creditor's thread, at most ~17,000 characters
SIGNAL_MARK = {"for": ":large_green_circle:", "against": ":red_circle:", "note": ":white_circle:"}


@dataclass(frozen=True)
class Who:
    who: str
    when: datetime


@dataclass(frozen=True)
class AdviceCard:
    advice_id: int  # the version shown (the buttons act on it)
    reference: str
    debtor: str
    creditor: str
    case_status: str
    case_open: bool  # not paid, withdrawn or closed
    version: int
    status: str  # draft | sent | superseded
    recommendation: str
    facts: dict[str, Any]
    created_by: str
    sent: Who | None = None
    decided: tuple[str, Who] | None = None  # (decision, by whom and when), once the creditor chose


@dataclass(frozen=True)
class StepLine:
    step: str
    on: date
    who: str
    documents: int
    note: str | None


@dataclass(frozen=True)
class CourtCard:
    case_id: int
    reference: str
    debtor: str
    creditor: str
    status: str
    total_open: Decimal
    consent: Who | None
    steps: list[StepLine] = field(default_factory=list)
    next_step: str | None = None


# ---------------------------------------------------------------------------------------------------- advice card


def _court_value(facts: dict[str, Any], lang: str) -> str:
    court = facts.get("court") or {}
    where = t("advice.where", lang, seat=escape(str(court["seat"]))) if court.get("seat") else ""
    text = t("advice.court_value", lang, court=court_name(str(court.get("court", "")), lang), where=where)
    return text + (t("advice.lawyer", lang) if court.get("lawyer_required") else "")


def advice_card(card: AdviceCard, lang: str) -> tuple[str, list[Block]]:
    facts = card.facts
    claim, procedure = facts.get("claim") or {}, facts.get("procedure") or {}
    what = recommendation_name(card.recommendation, lang)
    status = t(f"advice.status.{card.status}", lang)
    blocks: list[Block] = [
        header(t("advice.title", lang, ref=card.reference)),
        context(t("advice.version", lang, version=card.version, status=status, by=escape(card.created_by))),
        fields([
            (st("card.debtor", lang), escape(card.debtor)),
            (st("card.creditor", lang), escape(card.creditor)),
            (t("advice.claimable", lang), money(claim.get("total_open", "0"), lang)),
            (t("advice.court", lang), _court_value(facts, lang)),
            (t("advice.advance", lang), money(procedure.get("cost_to_advance", "0"), lang)),
            (t("advice.recovery", lang), money(procedure.get("expected_recovery", "0"), lang)),
        ]),
        section(t("advice.recommendation", lang, what=what) + "".join(
            f"\n• {escape(reason_text(r, lang))}" for r in facts.get("reasons") or [])),
        section(t("advice.signals", lang) + "".join(
            f"\n{SIGNAL_MARK.get(str(s.get('level')), '•')} {escape(signal_text(s, lang))}"
            for s in (facts.get("signals") or [])[:20])),
    ]
    if "edited_from_version" in facts:
        blocks.append(context(t("advice.edited", lang)))
    if card.sent is not None:
        blocks.append(context(t("advice.sent_by", lang, version=card.version, who=escape(card.sent.who),
                                when=moment(card.sent.when, lang))))
    if card.decided is not None:
        decision, by = card.decided
        blocks.append(context(t("advice.decided", lang, decision=recommendation_name(decision, lang),
                                who=escape(by.who), when=moment(by.when, lang))))
    if not card.case_open:
        blocks.append(context(t("advice.case_ended", lang, status=card.case_status)))
    elif card.status == "draft":
        value = str(card.advice_id)
        blocks.append(actions(
            f"advice:{card.advice_id}",
            button(t("btn.advice.edit", lang), ADVICE_EDIT, value),
            button(t("btn.advice.send", lang), ADVICE_SEND, value, style="primary",
                   confirm=confirm(t("confirm.send.title", lang), t("confirm.send.text", lang),
                                   t("confirm.yes", lang), t("confirm.no", lang))),
        ))
    text = t("advice.text", lang, ref=card.reference, version=card.version, what=what,
             open=money(claim.get("total_open", "0"), lang))
    return text, blocks


def advice_modal(*, advice_id: int, reference: str, version: int, recommendation: str, text: str, lang: str,
                 card: dict[str, str] | None) -> dict[str, Any]:
    options = [{"text": plain(recommendation_name(r, lang)), "value": r} for r in DECISIONS]
    chosen = next((o for o in options if o["value"] == recommendation), options[0])
    text_input: dict[str, Any] = {"type": "plain_text_input", "action_id": ADVICE_TEXT, "multiline": True,
                                  "max_length": MAX_INPUT}
    hint = None
    if len(text) <= MAX_INPUT:
        text_input["initial_value"] = text
    else:
        hint = t("modal.advice.too_long", lang, length=len(text))
    text_block: Block = {"type": "input", "block_id": ADVICE_TEXT, "label": plain(t("modal.advice.text", lang)),
                         "element": text_input, "optional": hint is not None}
    if hint:
        text_block["hint"] = plain(hint[:150])
    blocks: list[Block] = [
        section(t("modal.advice.intro", lang, ref=reference, version=version)),
        {"type": "input", "block_id": RECOMMENDATION, "label": plain(t("modal.advice.recommendation", lang)),
         "element": {"type": "radio_buttons", "action_id": RECOMMENDATION, "options": options,
                     "initial_option": chosen}},
        text_block,
    ]
    if hint:
        blocks.append(context(hint))
    return {
        "type": "modal", "callback_id": ADVICE_VIEW, "title": plain(t("modal.advice.title", lang)[:24]),
        "submit": plain(t("modal.save", lang)), "close": plain(t("modal.cancel", lang)),
        "private_metadata": json.dumps({"id": advice_id, "card": card}), "blocks": blocks,
    }


# -------------------------------------------------------------------------------------- the creditor's case thread


def _chunks(text: str, size: int) -> list[str]:
    """Split at line ends where possible, so a table row is not cut in two."""
    out: list[str] = []
    while text:
        if len(text) <= size:
            out.append(text)
            break
        cut = text.rfind("\n", 0, size)
        cut = cut if cut > size // 2 else size
        out.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return out


def decision_buttons(reference: str, advice_id: int | None, lang: str) -> Block:
    """Start proceedings / extend by 14 days / close. The value names the case and the advice answered."""
    value = f"{reference}:{advice_id}" if advice_id else reference
    elements = []
    for decision in DECISIONS:
        label = t(f"btn.decide.{decision}", lang)
        dialog = None
        if decision != "extend":  # the two that end the amicable phase for good ask first
            dialog = confirm(t("confirm.decide.title", lang), t("confirm.decide.text", lang, decision=label,
                                                                 ref=reference),
                             t("confirm.decide.yes", lang), t("confirm.no", lang), danger=decision == "close")
        elements.append(button(label, DECIDE_ACTION.format(decision), value,
                               style="primary" if decision == "start_proceedings" else None, confirm=dialog))
    return actions(f"decide:{reference}", *elements)


def advice_reply(body: dict[str, Any], lang: str) -> tuple[str, list[Block]]:
    """The advice_sent event as a reply in the case thread: what we advise, the full text, the buttons."""
    data = body.get("data") or {}
    reference = str(body.get("case") or "")
    what = recommendation_name(str(data.get("recommendation", "")), lang)
    advice_id = int(data["advice_id"]) if str(data.get("advice_id", "")).isdigit() else None
    blocks: list[Block] = [section(t("reply.advice", lang, ref=reference, version=data.get("version", "?"),
                                     what=what))]
    parts = _chunks(str(data.get("text") or ""), 2800)
    for part in parts[:MAX_REPLY_SECTIONS]:
        blocks.append(section(f"```{escape(part)}```"))
    if len(parts) > MAX_REPLY_SECTIONS:
        blocks.append(context(t("reply.advice.more", lang, ref=reference)))
    blocks.append(decision_buttons(reference, advice_id, lang))
    return t("reply.advice.text", lang, ref=reference, what=what), blocks


def decided_blocks(blocks: list[Block], decision: str, user_id: str, when: datetime, lang: str) -> list[Block]:
    """The thread's advice message once decided: the buttons give way to who chose what, and when."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    label = t(f"btn.decide.{decision}", lang) if decision in DECISIONS else decision
    return [*kept, context(t("decided.thread", lang, decision=label, user=user_id, when=moment(when, lang)))]


def judicial_step_reply(data: dict[str, Any], lang: str) -> str:
    documents = len(data.get("document_ids") or [])
    note = str(data.get("note") or "").strip()
    return t("reply.judicial_step", lang, step=step_name(str(data.get("step")), lang), on=day(data["on"], lang),
             docs=t("reply.judicial_step.docs", lang, n=documents) if documents else "",
             note=t("note", lang, note=escape(note[:500])) if note else "")


# ----------------------------------------------------------------------------------------------------- court card


def court_card(card: CourtCard, lang: str) -> tuple[str, list[Block]]:
    blocks: list[Block] = [
        header(t("court.title", lang, ref=card.reference)),
        fields([
            (st("card.debtor", lang), escape(card.debtor)),
            (st("card.creditor", lang), escape(card.creditor)),
            (t("court.open", lang), money(card.total_open, lang)),
        ]),
    ]
    if card.consent is not None:
        blocks.append(context(t("court.consent", lang, who=escape(card.consent.who),
                                when=moment(card.consent.when, lang))))
    lines = [t("court.step_line", lang, step=step_name(s.step, lang), on=day(s.on, lang), who=escape(s.who),
               docs=t("court.docs", lang, n=s.documents) if s.documents else "",
               note=f"\n>{escape(s.note[:300])}" if s.note else "") for s in card.steps]
    blocks.append(section(t("court.steps", lang) + "\n" + ("\n".join(lines) if lines else t("court.no_steps", lang))))
    if card.status != "judicial":
        blocks.append(context(t("court.ended", lang, status=card.status)))
    elif card.next_step is None:
        blocks.append(context(t("court.all_done", lang)))
    else:
        label = step_name(card.next_step, lang)
        blocks.append(section(t("court.next", lang, step=label)))
        blocks.append(actions(f"court:{card.case_id}",
                              button(t("btn.step", lang, step=label), STEP_RECORD,
                                     f"{card.case_id}:{card.next_step}", style="primary")))
    step = step_name(card.next_step, lang) if card.next_step else "—"
    return t("court.text", lang, ref=card.reference, debtor=card.debtor, step=step), blocks


def step_modal(*, case_id: int, reference: str, debtor: str, step: str, today: date, lang: str,
               card: dict[str, str] | None) -> dict[str, Any]:
    hint = t("modal.step.file_hint_drafted" if step == "drafted" else "modal.step.file_hint", lang)
    blocks: list[Block] = [
        section(t("modal.step.intro", lang, ref=reference, debtor=escape(debtor), step=step_name(step, lang))),
        {"type": "input", "block_id": STEP_DATE, "label": plain(t("modal.step.date", lang)),
         "element": {"type": "datepicker", "action_id": STEP_DATE, "initial_date": today.isoformat()}},
        {"type": "input", "block_id": STEP_NOTE, "label": plain(t("modal.step.note", lang)), "optional": True,
         "element": {"type": "plain_text_input", "action_id": STEP_NOTE, "multiline": True, "max_length": 3000}},
        {"type": "input", "block_id": STEP_FILE, "label": plain(t("modal.step.file", lang)), "optional": True,
         "hint": plain(hint),
         "element": {"type": "file_input", "action_id": STEP_FILE, "max_files": 3,
                     "filetypes": ["pdf", "docx", "png", "jpg", "jpeg", "eml"]}},
    ]
    return {
        "type": "modal", "callback_id": STEP_VIEW, "title": plain(t("modal.step.title", lang)[:24]),
        "submit": plain(t("modal.save", lang)), "close": plain(t("modal.cancel", lang)),
        "private_metadata": json.dumps({"id": case_id, "step": step, "card": card}), "blocks": blocks,
    }


# ------------------------------------------------------------------------------------------------------- App Home


def home_sections(advices: list[Any], court: list[Any], lang: str, room: int) -> list[Block]:
    """"Advices waiting" and "cases in court" for the specialists' App Home, in at most `room` blocks."""
    per_advice, per_court = 2, 1  # an advice: text + its two buttons; a court case: text with its button
    fixed = 6  # two titles, two dividers, and room for an "empty" or "more" line each
    shown_a = min(len(advices), max(0, (room - fixed) // 2 // per_advice))
    shown_c = min(len(court), max(0, room - fixed - shown_a * per_advice) // per_court)
    blocks: list[Block] = [section(f"*{t('home.advices', lang, n=len(advices))}*")]
    for a in advices[:shown_a]:
        blocks.append(section(t("home.advice_line", lang, ref=a.reference, debtor=escape(a.debtor),
                                open=money(a.total_open, lang), version=a.version,
                                what=recommendation_name(a.recommendation, lang))))
        value = str(a.advice_id)
        blocks.append(actions(f"home-advice:{a.advice_id}",
                              button(t("btn.advice.edit", lang), ADVICE_EDIT, value),
                              button(t("btn.advice.send", lang), ADVICE_SEND, value, style="primary",
                                     confirm=confirm(t("confirm.send.title", lang), t("confirm.send.text", lang),
                                                     t("confirm.yes", lang), t("confirm.no", lang)))))
    if not advices or shown_a < len(advices):
        blocks.append(context(t("home.empty", lang) if not advices else t("home.more", lang)))
    blocks.append({"type": "divider"})
    blocks.append(section(f"*{t('home.court', lang, n=len(court))}*"))
    for c in court[:shown_c]:
        last = (f"{step_name(c.last_step, lang)} ({day(c.last_on, lang)})" if c.last_step
                else t("home.court_none", lang))
        line = section(t("home.court_line", lang, ref=c.reference, debtor=escape(c.debtor), last=last))
        if c.next_step:
            line["accessory"] = button(t("btn.step", lang, step=step_name(c.next_step, lang)), STEP_RECORD,
                                       f"{c.case_id}:{c.next_step}")
        blocks.append(line)
    if not court or shown_c < len(court):
        blocks.append(context(t("home.empty", lang) if not court else t("home.more", lang)))
    blocks.append({"type": "divider"})
    return blocks


def with_court_sections(home: dict[str, Any], sections: list[Block], *, after: int = 4,
                        limit: int = 100) -> dict[str, Any]:
    """The specialists' App Home with the judicial sections after its header (`after` blocks), cut back to Slack's
    limit at a divider when the whole would be too long (what is cut stays in the channel's cards)."""
    blocks = [*home["blocks"][:after], *sections, *home["blocks"][after:]]
    if len(blocks) > limit:
        kept = blocks[: limit - 1]
        dividers = [i for i, b in enumerate(kept) if b.get("type") == "divider"]
        kept = kept[: dividers[-1] + 1] if dividers else kept
        blocks = [*kept, context(t("home.more", "nl"))]
    return {**home, "blocks": blocks}
