"""The specialists' App Home: their queue with the same buttons as the cards in the channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bots.slack.blocks import Block, actions, button, confirm, context, escape, header, section
from bots.slack.blocks.specialist import (
    ARRANGEMENT_APPROVE,
    ARRANGEMENT_COUNTER,
    ARRANGEMENT_REJECT,
    CALL_DISPUTES,
    CALL_NO_ANSWER,
    CALL_PROMISED,
    CALL_WRONG_NUMBER,
    DELIVERY_RETRY,
    DISPUTE_CONTACT_CREDITOR,
    DISPUTE_REJECT,
    DISPUTE_UPHOLD,
    HOME_REFRESH,
)
from bots.slack.specialist_texts import day, has_text, moment, money, t
from core.services.queues import SpecialistQueue

PER_LIST = 8  # a Home view holds at most 100 blocks: 4 lists of (item + buttons) stay well within


def specialist_home(queue: SpecialistQueue, lang: str, now: datetime) -> dict[str, Any]:
    blocks: list[Block] = [
        header(t("home.title", lang)),
        context(t("home.updated", lang, when=moment(now, lang))),
        actions("home", button(t("btn.refresh", lang), HOME_REFRESH, "refresh")),
        {"type": "divider"},
    ]
    blocks += _list(t("home.disputes", lang, n=len(queue.disputes)), [
        (t("home.dispute_line", lang, ref=d.reference, debtor=escape(d.debtor), open=money(d.total_open, lang),
           reason=escape(d.reason[:300]).replace("\n", " ")),
         actions(f"home-dispute:{d.dispute_id}",
                 button(t("btn.contact_creditor", lang), DISPUTE_CONTACT_CREDITOR, str(d.dispute_id)),
                 button(t("btn.uphold", lang), DISPUTE_UPHOLD, str(d.dispute_id), style="primary"),
                 button(t("btn.reject", lang), DISPUTE_REJECT, str(d.dispute_id), style="danger",
                        confirm=confirm(t("confirm.reject.title", lang), t("confirm.reject.text", lang),
                                        t("confirm.yes", lang), t("confirm.no", lang), danger=True))))
        for d in queue.disputes[:PER_LIST]
    ], lang)
    blocks += _list(t("home.approvals", lang, n=len(queue.approvals)), [
        (t("home.approval_line", lang, ref=a.reference, debtor=escape(a.debtor), months=a.months,
           installment=money(a.installment, lang), first=day(a.first_due_on, lang), total=money(a.total, lang)),
         actions(f"home-arrangement:{a.arrangement_id}",
                 button(t("btn.approve", lang), ARRANGEMENT_APPROVE, str(a.arrangement_id), style="primary",
                        confirm=confirm(t("confirm.approve.title", lang), t("confirm.approve.text", lang),
                                        t("confirm.yes", lang), t("confirm.no", lang))),
                 button(t("btn.reject_proposal", lang), ARRANGEMENT_REJECT, str(a.arrangement_id), style="danger",
                        confirm=confirm(t("confirm.reject_proposal.title", lang),
                                        t("confirm.reject_proposal.text", lang), t("confirm.yes", lang),
                                        t("confirm.no", lang), danger=True)),
                 button(t("btn.counter", lang), ARRANGEMENT_COUNTER, str(a.arrangement_id))))
        for a in queue.approvals[:PER_LIST]
    ], lang)
    blocks += _list(t("home.calls", lang, n=len(queue.calls)), [
        (t("home.call_line", lang, ref=c.reference, debtor=escape(c.debtor),
           phone=f"<tel:{c.phone}|{c.phone}>" if c.phone else t("card.call.no_phone", lang),
           origin=t(f"card.call.origin.{c.origin}", lang) if has_text(f"card.call.origin.{c.origin}") else c.origin),
         actions(f"home-call:{c.task_id}",
                 button(t("btn.call.promised", lang), CALL_PROMISED, str(c.task_id), style="primary"),
                 button(t("btn.call.no_answer", lang), CALL_NO_ANSWER, str(c.task_id)),
                 button(t("btn.call.wrong_number", lang), CALL_WRONG_NUMBER, str(c.task_id)),
                 button(t("btn.call.disputes", lang), CALL_DISPUTES, str(c.task_id), style="danger")))
        for c in queue.calls[:PER_LIST]
    ], lang)
    blocks += _list(t("home.failed", lang, n=len(queue.failed)), [
        (t("home.failed_line", lang, ref=f.reference or t("no_case", lang), channel=f.channel,
           recipient=escape(f.recipient[:80]), error=escape((f.error or "—")[:200])),
         actions(f"home-delivery:{f.message_id}", button(t("btn.retry", lang), DELIVERY_RETRY, str(f.message_id))))
        for f in queue.failed[:PER_LIST]
    ], lang)
    return {"type": "home", "blocks": blocks}


def _list(title: str, items: list[tuple[str, Block]], lang: str) -> list[Block]:
    blocks: list[Block] = [section(f"*{title}*")]
    if not items:
        blocks.append(context(t("home.empty", lang)))
    for text, buttons in items:
        blocks += [section(text), buttons]
    blocks.append({"type": "divider"})
    return blocks


def not_specialist_home(lang: str) -> dict[str, Any]:
    return {"type": "home", "blocks": [section(t("home.not_specialist", lang))]}
