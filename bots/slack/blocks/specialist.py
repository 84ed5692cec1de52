"""Cards in the specialists' channel. Each card is drawn from the current state of what it is about: while it is
open it carries the buttons, once decided it says who decided what and when (the same builder draws both)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bots.slack.blocks import Block, actions, button, confirm, context, escape, fields, header, section
from bots.slack.blocks.case_thread import outcome_text
from bots.slack.specialist_texts import day, has_text, moment, money, t

# action ids (block_actions) and callback ids (view_submission) of the specialist surfaces
DISPUTE_CONTACT_CREDITOR = "specialist.dispute.contact_creditor"
DISPUTE_UPHOLD = "specialist.dispute.uphold"
DISPUTE_REJECT = "specialist.dispute.reject"
ARRANGEMENT_APPROVE = "specialist.arrangement.approve"
ARRANGEMENT_REJECT = "specialist.arrangement.reject"
ARRANGEMENT_COUNTER = "specialist.arrangement.counter"
CALL_PROMISED = "specialist.call.promised"
CALL_NO_ANSWER = "specialist.call.no_answer"
CALL_WRONG_NUMBER = "specialist.call.wrong_number"
CALL_DISPUTES = "specialist.call.disputes"
DELIVERY_RETRY = "specialist.delivery.retry"
HOME_REFRESH = "specialist.home.refresh"
UPHOLD_VIEW = "specialist.dispute.uphold_view"
COUNTER_VIEW = "specialist.arrangement.counter_view"
PROMISED_VIEW = "specialist.call.promised_view"
DISPUTES_VIEW = "specialist.call.disputes_view"


@dataclass(frozen=True)
class Decision:
    who: str
    when: datetime


@dataclass(frozen=True)
class StatementLine:
    principal: Decimal
    interest: Decimal
    costs: Decimal
    paid: Decimal
    total_open: Decimal


@dataclass(frozen=True)
class DisputeCard:
    dispute_id: int
    reference: str
    debtor: str
    creditor: str
    total_open: Decimal
    reason: str
    opened_by: str
    opened_at: datetime
    status: str  # open | upheld | reduced | rejected | withdrawn
    decided: Decision | None = None
    reduced_by: Decimal | None = None
    documents: list[str] = field(default_factory=list)
    asked: list[Decision] = field(default_factory=list)


@dataclass(frozen=True)
class ArrangementCard:
    arrangement_id: int
    reference: str
    debtor: str
    creditor: str
    total: Decimal
    installment: Decimal
    months: int
    first_due_on: date
    policy_months: int
    policy_min: Decimal
    status: str  # proposed | accepted | rejected | countered | …
    decided: Decision | None = None


@dataclass(frozen=True)
class CallCard:
    task_id: int
    reference: str
    debtor: str
    creditor: str
    phone: str | None
    origin: str
    preferred_time: str | None
    statement: StatementLine
    status: str  # open | done | cancelled
    outcome: dict[str, Any] | None = None  # the call_logged event's payload
    decided: Decision | None = None


def _decided_line(key: str, decision: Decision | None, lang: str, **extra: object) -> Block:
    who = escape(decision.who) if decision else "—"
    when = moment(decision.when, lang) if decision else "—"
    return context(t(key, lang, who=who, when=when, **extra))


def dispute_card(card: DisputeCard, lang: str) -> tuple[str, list[Block]]:
    docs = ", ".join(escape(d) for d in card.documents[:15])
    blocks: list[Block] = [
        header(t("card.dispute.title", lang, ref=card.reference)),
        fields([
            (t("card.debtor", lang), escape(card.debtor)),
            (t("card.creditor", lang), escape(card.creditor)),
            (t("card.open", lang), money(card.total_open, lang)),
            (t("card.opened_by", lang), f"{escape(card.opened_by)} · {moment(card.opened_at, lang)}"),
        ]),
        section(t("card.reason", lang, reason=escape(card.reason[:2000]).replace("\n", "\n>"))),
        section(t("card.evidence", lang, docs=docs) if docs else t("card.no_evidence", lang)),
    ]
    for asked in card.asked:
        blocks.append(_decided_line("asked.creditor", asked, lang))
    value = str(card.dispute_id)
    if card.status == "open":
        blocks.append(actions(
            f"dispute:{card.dispute_id}",
            button(t("btn.contact_creditor", lang), DISPUTE_CONTACT_CREDITOR, value),
            button(t("btn.uphold", lang), DISPUTE_UPHOLD, value, style="primary"),
            button(t("btn.reject", lang), DISPUTE_REJECT, value, style="danger",
                   confirm=confirm(t("confirm.reject.title", lang), t("confirm.reject.text", lang),
                                   t("confirm.yes", lang), t("confirm.no", lang), danger=True)),
        ))
    else:
        key = f"decided.dispute.{card.status}"
        blocks.append(_decided_line(key if has_text(key) else "decided.arrangement.other", card.decided, lang,
                                    amount=money(card.reduced_by or 0, lang), status=card.status))
    text = t("card.dispute.text", lang, ref=card.reference, debtor=card.debtor, open=money(card.total_open, lang),
             reason=card.reason[:200])
    return text, blocks


def arrangement_card(card: ArrangementCard, lang: str) -> tuple[str, list[Block]]:
    terms = t("card.arrangement.terms_value", lang, months=card.months, installment=money(card.installment, lang),
              first=day(card.first_due_on, lang), total=money(card.total, lang))
    policy = t("card.arrangement.policy_value", lang, months=card.policy_months, min=money(card.policy_min, lang))
    blocks: list[Block] = [
        header(t("card.arrangement.title", lang, ref=card.reference)),
        fields([
            (t("card.debtor", lang), escape(card.debtor)),
            (t("card.creditor", lang), escape(card.creditor)),
            (t("card.arrangement.terms", lang), terms),
            (t("card.arrangement.policy", lang), policy),
        ]),
    ]
    value = str(card.arrangement_id)
    if card.status == "proposed":
        blocks.append(actions(
            f"arrangement:{card.arrangement_id}",
            button(t("btn.approve", lang), ARRANGEMENT_APPROVE, value, style="primary",
                   confirm=confirm(t("confirm.approve.title", lang), t("confirm.approve.text", lang),
                                   t("confirm.yes", lang), t("confirm.no", lang))),
            button(t("btn.reject_proposal", lang), ARRANGEMENT_REJECT, value, style="danger",
                   confirm=confirm(t("confirm.reject_proposal.title", lang), t("confirm.reject_proposal.text", lang),
                                   t("confirm.yes", lang), t("confirm.no", lang), danger=True)),
            button(t("btn.counter", lang), ARRANGEMENT_COUNTER, value),
        ))
    else:
        key = f"decided.arrangement.{card.status}"
        blocks.append(_decided_line(key if has_text(key) else "decided.arrangement.other", card.decided, lang,
                                    status=card.status))
    text = t("card.arrangement.text", lang, ref=card.reference, months=card.months,
             installment=money(card.installment, lang))
    return text, blocks


def statement_text(s: StatementLine, lang: str) -> str:
    return t("card.statement", lang, principal=money(s.principal, lang), interest=money(s.interest, lang),
             costs=money(s.costs, lang), paid=money(s.paid, lang), open=money(s.total_open, lang))


def call_card(card: CallCard, lang: str) -> tuple[str, list[Block]]:
    phone = f"<tel:{card.phone}|{card.phone}>" if card.phone else t("card.call.no_phone", lang)
    origin_key = f"card.call.origin.{card.origin}"
    why = t(origin_key, lang) if has_text(origin_key) else card.origin
    if card.preferred_time:
        why += " · " + t("card.call.preferred", lang, time=escape(card.preferred_time))
    blocks: list[Block] = [
        header(t("card.call.title", lang, ref=card.reference)),
        fields([
            (t("card.debtor", lang), escape(card.debtor)),
            (t("card.call.phone", lang), phone),
            (t("card.creditor", lang), escape(card.creditor)),
            (t("card.call.why", lang), why),
        ]),
        section(statement_text(card.statement, lang)),
    ]
    value = str(card.task_id)
    if card.status == "open":
        blocks.append(actions(
            f"call:{card.task_id}",
            button(t("btn.call.promised", lang), CALL_PROMISED, value, style="primary"),
            button(t("btn.call.no_answer", lang), CALL_NO_ANSWER, value),
            button(t("btn.call.wrong_number", lang), CALL_WRONG_NUMBER, value),
            button(t("btn.call.disputes", lang), CALL_DISPUTES, value, style="danger"),
        ))
    elif card.status == "done":
        blocks.append(_decided_line("decided.call", card.decided, lang,
                                    outcome=outcome_text(card.outcome or {}, lang)))
    else:
        blocks.append(context(t("decided.call.cancelled", lang)))
    text = t("card.call.text", lang, ref=card.reference, debtor=card.debtor, phone=card.phone or "—",
             open=money(card.statement.total_open, lang))
    return text, blocks


def alert_message(body: dict[str, Any], reference: str | None, lang: str) -> tuple[str, list[Block]]:
    """Alerts that need a person but no decision here: failed deliveries and contact steps."""
    kind = str(body.get("kind"))
    ref = reference or body.get("case") or t("no_case", lang)
    error = escape(str(body.get("error") or "—")[:500])
    if kind == "delivery_failed":
        text = t("alert.delivery_failed", lang, ref=ref, channel=body.get("channel"),
                 recipient=escape(str(body.get("recipient", ""))), error=error)
    elif kind == "step_failed":
        text = t("alert.step_failed", lang, ref=ref, channel=body.get("channel"), error=error)
    else:  # any other kind: readable on its own (a title, labelled fields, IBANs masked)
        from bots.slack.blocks.queue_cards import generic_alert

        return generic_alert(body, reference, lang)
    blocks = [section(text)]
    message_id = body.get("message_id")
    if kind == "delivery_failed" and message_id:
        blocks.append(actions(f"delivery:{message_id}", button(t("btn.retry", lang), DELIVERY_RETRY, str(message_id))))
    return text, blocks
