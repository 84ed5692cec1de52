"""The case thread in the creditor's channel: one parent message that always shows the case as it stands now
(status, amount open, next planned contact), and a reply per update (the outbox row's JSON body)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from bots.slack.blocks import Block, context, escape, fields, header, section
from bots.slack.specialist_texts import day, has_text, join_words, moment, money, t


@dataclass(frozen=True)
class ThreadSummary:
    reference: str
    debtor: str
    status: str
    total_open: Decimal
    next_contact_at: datetime | None
    next_contact_channel: str | None
    creditor_reference: str | None
    as_of: datetime


def parent_message(summary: ThreadSummary, lang: str) -> tuple[str, list[Block]]:
    status = t(f"status.{summary.status}", lang) if has_text(f"status.{summary.status}") else summary.status
    if summary.next_contact_at is not None:
        channel = summary.next_contact_channel or ""
        label = t(f"channel.{channel}", lang) if has_text(f"channel.{channel}") else channel
        next_contact = f"{moment(summary.next_contact_at, lang)} · {label}"
    else:
        next_contact = t("parent.none", lang)
    pairs = [
        (t("parent.status", lang), status),
        (t("parent.open", lang), money(summary.total_open, lang)),
        (t("parent.next", lang), next_contact),
    ]
    if summary.creditor_reference:
        pairs.append((t("parent.your_ref", lang), escape(summary.creditor_reference)))
    blocks = [
        header(t("parent.title", lang, ref=summary.reference, debtor=summary.debtor)),
        fields(pairs),
        context(t("parent.footer", lang, when=moment(summary.as_of, lang))),
    ]
    text = t("parent.text", lang, ref=summary.reference, debtor=summary.debtor, status=status,
             open=money(summary.total_open, lang))
    return text, blocks


def reply_message(body: dict[str, Any], lang: str) -> tuple[str, list[Block]]:
    if body.get("kind") == "event" and body.get("event") == "advice_sent":  # the advice, with its decision buttons
        from bots.slack.blocks.judicial import advice_reply

        return advice_reply(body, lang)
    text = reply_text(body, lang)
    return text, [section(text)]


def reply_text(body: dict[str, Any], lang: str) -> str:
    kind = body.get("kind")
    if kind == "contact":
        template = str(body.get("template", ""))
        what = t(f"template.{template}", lang) if has_text(f"template.{template}") else template
        channels = [t(f"channel.{c}", lang) if has_text(f"channel.{c}") else str(c) for c in body.get("channels", [])]
        text = t("reply.contact", lang, what=what, channels=join_words(channels, lang))
        return text + (t("reply.contact.fourteen_day", lang) if body.get("fourteen_day") else "")
    if kind == "paid":
        return t("reply.paid", lang)
    if kind == "decision_needed":
        tried_text = _tried(body, lang) or "—"
        return t("reply.decision_needed", lang, open=money(str(body.get("total_open", "0")), lang), tried=tried_text)
    if kind == "event":
        return _event_text(str(body.get("event")), body.get("data") or {}, str(body.get("actor") or ""),
                           str(body.get("actor_kind") or ""), lang)
    return t("reply.unknown", lang, what=escape(str(kind)))


def _tried(body: dict[str, Any], lang: str) -> str:
    """"2× brief, 3× e-mail en 1× telefoon" from the day-10 summary (messages by "channel:status", calls by outcome)."""
    counts: dict[str, int] = {}
    messages = body.get("messages") if isinstance(body.get("messages"), dict) else {}
    for key, count in messages.items():
        channel, _, status = str(key).partition(":")
        if status == "sent" and channel in ("letter", "email", "telegram"):
            counts[channel] = counts.get(channel, 0) + int(count)
    calls = body.get("calls") if isinstance(body.get("calls"), dict) else {}
    made = sum(int(n) for outcome, n in calls.items() if outcome != "not yet called")
    if made:
        counts["phone"] = made
    return join_words([f"{n}× {t(f'channel.{name}', lang)}" for name, n in counts.items()], lang)


def _note(note: object, lang: str, key: str = "note") -> str:
    text = str(note or "").strip()
    return t(key, lang, **{key: escape(text[:500])}) if text else ""


def _event_text(event: str, data: dict[str, Any], actor: str, actor_kind: str, lang: str) -> str:
    by = escape(actor)
    if event == "plan_laid_out":
        deadline = data.get("deadline")
        deadline_text = day(deadline, lang) if deadline else "—"
        return t("reply.plan_laid_out", lang, steps=data.get("steps", 0), deadline=deadline_text)
    if event == "payment_recorded":
        key = "reply.payment_recorded.creditor" if data.get("source") == "creditor_report" else "reply.payment_recorded"
        return t(key, lang, amount=money(data.get("amount", "0"), lang), open=money(data.get("total_open", "0"), lang))
    if event == "arrangement_proposed":
        text = t("reply.arrangement_proposed", lang, months=data.get("months"),
                 installment=money(data.get("installment", "0"), lang), first=day(data["first_due_on"], lang))
        return text + t("reply.arrangement_proposed.within" if data.get("within_policy")
                        else "reply.arrangement_proposed.outside", lang)
    if event == "arrangement_accepted":
        return t("reply.arrangement_accepted", lang, by=by)
    if event == "arrangement_rejected":
        return t("reply.arrangement_rejected", lang, by=by, note=_note(data.get("note"), lang))
    if event == "arrangement_countered":
        return t("reply.arrangement_countered", lang, by=by, months=data.get("months"),
                 installment=money(data.get("installment", "0"), lang), first=day(data["first_due_on"], lang))
    if event == "dispute_opened":
        return t("reply.dispute_opened", lang, reason=escape(str(data.get("reason", ""))[:1500]))
    if event == "dispute_resolved":
        outcome = str(data.get("outcome"))
        key = f"reply.dispute_resolved.{outcome}"
        if not has_text(key):
            return t("reply.unknown", lang, what=escape(f"dispute {outcome}"))
        return t(key, lang, by=by, amount=money(data.get("reduced_by", "0"), lang),
                 note=_note(data.get("resolution"), lang))
    if event == "creditor_consulted":
        return t("reply.creditor_consulted", lang, reason=escape(str(data.get("reason", ""))[:1500]),
                 question=_note(data.get("question"), lang, "question"))
    if event == "call_logged":
        return t("reply.call_logged", lang, outcome=outcome_text(data, lang))
    if event == "call_back_requested":
        return t("reply.call_back_requested", lang)
    if event == "creditor_decision":
        decision = str(data.get("decision"))
        label = t(f"decision.{decision}", lang) if has_text(f"decision.{decision}") else decision
        return t("reply.creditor_decision", lang, decision=label)
    if event == "contact_reported":
        return t("reply.contact_reported", lang, note=escape(str(data.get("note", ""))[:1500]))
    if event == "specialist_assigned":
        return t("reply.specialist_assigned", lang, name=escape(str(data.get("name") or "—")))
    if event == "judicial_step":
        from bots.slack.blocks.judicial import judicial_step_reply

        return judicial_step_reply(data, lang)
    if event == "status_changed":
        target = str(data.get("to"))
        return t(f"reply.status.{target}", lang, reason=escape(str(data.get("reason") or "—")))
    if event == "day10_evaluation":
        return t("reply.day10.waiting", lang, **{"from": day(data["costs_claimable_from"], lang),
                                                   "again": day(data["evaluate_again_on"], lang)})
    return t("reply.unknown", lang, what=escape(event))


def outcome_text(data: dict[str, Any], lang: str) -> str:
    outcome = str(data.get("outcome"))
    if outcome == "promised_payment" and data.get("promised_on"):
        return t("outcome.promised_payment_on", lang, date=day(data["promised_on"], lang))
    return t(f"outcome.{outcome}", lang) if has_text(f"outcome.{outcome}") else outcome
