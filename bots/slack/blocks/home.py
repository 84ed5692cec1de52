"""The specialists' App Home: their queue with the same buttons as the cards in the channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bots.slack.blocks import Block, actions, button, confirm, context, escape, header, section
from bots.slack.blocks.queue_cards import (
    COMPLAINT_HANDLE,
    CREDIT_ASSIGN,
    CREDIT_IGNORE,
    cannot_pay_buttons,
    mask_iban,
    unlock_button,
)
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

PER_LIST = 8  # items per list at most; fewer when all lists together would pass the limit below
MAX_BLOCKS = 100  # Slack refuses a Home view with more blocks


def specialist_home(queue: SpecialistQueue, lang: str, now: datetime) -> dict[str, Any]:
    blocks: list[Block] = [
        header(t("home.title", lang)),
        context(t("home.updated", lang, when=moment(now, lang))),
        actions("home", button(t("btn.refresh", lang), HOME_REFRESH, "refresh")),
        {"type": "divider"},
    ]
    lists: list[tuple[str, list[Any]]] = []
    lists.append((t("home.disputes", lang, n=len(queue.disputes)), [
        (t("home.dispute_line", lang, ref=d.reference, debtor=escape(d.debtor), open=money(d.total_open, lang),
           reason=escape(d.reason[:300]).replace("\n", " ")),
         actions(f"home-dispute:{d.dispute_id}",
                 button(t("btn.contact_creditor", lang), DISPUTE_CONTACT_CREDITOR, str(d.dispute_id)),
                 button(t("btn.uphold", lang), DISPUTE_UPHOLD, str(d.dispute_id), style="primary"),
                 button(t("btn.reject", lang), DISPUTE_REJECT, str(d.dispute_id), style="danger",
                        confirm=confirm(t("confirm.reject.title", lang), t("confirm.reject.text", lang),
                                        t("confirm.yes", lang), t("confirm.no", lang), danger=True))))
        for d in queue.disputes
    ]))
    lists.append((t("home.approvals", lang, n=len(queue.approvals)), [
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
        for a in queue.approvals
    ]))
    lists.append((t("home.calls", lang, n=len(queue.calls)), [
        (t("home.call_line", lang, ref=c.reference, debtor=escape(c.debtor),
           phone=f"<tel:{c.phone}|{c.phone}>" if c.phone else t("card.call.no_phone", lang),
           origin=t(f"card.call.origin.{c.origin}", lang) if has_text(f"card.call.origin.{c.origin}") else c.origin),
         actions(f"home-call:{c.task_id}",
                 button(t("btn.call.promised", lang), CALL_PROMISED, str(c.task_id), style="primary"),
                 button(t("btn.call.no_answer", lang), CALL_NO_ANSWER, str(c.task_id)),
                 button(t("btn.call.wrong_number", lang), CALL_WRONG_NUMBER, str(c.task_id)),
                 button(t("btn.call.disputes", lang), CALL_DISPUTES, str(c.task_id), style="danger")))
        for c in queue.calls
    ]))
    lists.append((t("home.failed", lang, n=len(queue.failed)), [
        (t("home.failed_line", lang, ref=f.reference or t("no_case", lang), channel=f.channel,
           recipient=escape(f.recipient[:80]), error=escape((f.error or "—")[:200])),
         actions(f"home-delivery:{f.message_id}", button(t("btn.retry", lang), DELIVERY_RETRY, str(f.message_id))))
        for f in queue.failed
    ]))
    lists += debtor_side_lists(queue, lang, now)
    return {"type": "home", "blocks": blocks + _fit(lists, MAX_BLOCKS - len(blocks), lang)}


def _fit(lists: list[tuple[str, list[Any]]], budget: int, lang: str) -> list[Block]:
    """Every list with as many of its items as fit in a Home view (at most PER_LIST each); the longest lists give
    way first, and a list that does not show everything says how many more there are."""
    lists = [(title, [item if isinstance(item, list) else [section(item[0]), item[1]] for item in items])
             for title, items in lists]  # an item: its blocks, or (text, buttons)
    caps = [min(len(items), PER_LIST) for _, items in lists]

    def size() -> int:
        total = 0
        for (_, items), cap in zip(lists, caps, strict=True):
            total += 2 + sum(len(item) for item in items[:cap]) + (1 if cap < len(items) or not items else 0)
        return total

    while size() > budget and any(caps):
        widest = max(range(len(caps)), key=lambda i: sum(len(item) for item in lists[i][1][:caps[i]]))
        caps[widest] -= 1
    blocks: list[Block] = []
    for (title, items), cap in zip(lists, caps, strict=True):
        blocks.append(section(f"*{title}*"))
        if not items:
            blocks.append(context(t("home.empty", lang)))
        for item in items[:cap]:
            blocks += item
        if cap < len(items):
            blocks.append(context(t("home.more", lang, n=len(items) - cap)))
        blocks.append({"type": "divider"})
    return blocks


def debtor_side_lists(queue: SpecialistQueue, lang: str, now: datetime) -> list[tuple[str, list[Any]]]:
    """Bank credits without a case, open complaints (deadlines; overdue marked), cannot-pay reports, locked links."""
    credits = [[
        section(t("home.credit_line", lang, amount=money(c.amount, lang), booked=day(c.booked_on, lang),
                  payer=f"{escape(c.payer_name or '—')} ({mask_iban(c.payer_iban)})",
                  remittance=escape((c.remittance or "—")[:200]).replace("\n", " "))
                + (f"\n{t('card.credit.candidates', lang, refs=', '.join(c.candidates[:5]))}" if c.candidates else "")),
        actions(f"home-credit:{c.transaction_id}",
                button(t("btn.credit.assign", lang), CREDIT_ASSIGN, str(c.transaction_id), style="primary"),
                button(t("btn.credit.ignore", lang), CREDIT_IGNORE, str(c.transaction_id))),
    ] for c in queue.credits]
    complaints = [[
        section(t("home.complaint_line", lang, overdue=t("home.overdue", lang) if c.overdue else "",
                  complaint=c.complaint_reference, ref=c.case_reference or t("no_case", lang),
                  ack=day(c.acknowledge_by, lang), handle=day(c.handle_by, lang),
                  text=escape(c.text[:200]).replace("\n", " ")),
                accessory=button(t("btn.complaint.handle", lang), COMPLAINT_HANDLE, str(c.complaint_id),
                                 style="primary")),
    ] for c in queue.complaints]
    cannot_pay = [[
        section(t("home.cannot_pay_line", lang, ref=f.reference, debtor=escape(f.debtor),
                  when=moment(f.raised_at, lang),
                  note=f"\n>{escape(f.note[:200])}" if f.note else "")),
        cannot_pay_buttons(f.flag_id, lang, f"home-cannot_pay:{f.flag_id}"),
    ] for f in queue.cannot_pay]
    locked = [[
        section(t("home.locked_line", lang, ref=g.reference, debtor=escape(g.debtor), when=moment(g.locked_at, lang),
                  attempts=g.attempts), accessory=unlock_button(g.case_id, lang)),
    ] for g in queue.locked_links]
    return [
        (t("home.credits", lang, n=len(queue.credits)), credits),
        (t("home.complaints", lang, n=len(queue.complaints)), complaints),
        (t("home.cannot_pay", lang, n=len(queue.cannot_pay)), cannot_pay),
        (t("home.locked", lang, n=len(queue.locked_links)), locked),
    ]


def not_specialist_home(lang: str) -> dict[str, Any]:
    return {"type": "home", "blocks": [section(t("home.not_specialist", lang))]}
