"""Case events a debtor hears about in a linked Telegram chat: a payment received, the decision on their
arrangement proposal or a counter-offer, the outcome of their dispute, a specialist's answer to "I can't pay".

Called for every case event by record_event, in the same transaction: a message is queued ("telegram" outbox rows,
one per bound chat that has not opted out) exactly when its event is committed. What the debtor does in the chat
is answered there directly; only decisions made elsewhere come through here. Installment reminders, late
warnings and a broken arrangement are the daily check's (core.services.installments).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from core.db.models import (
    Arrangement,
    Case,
    CaseEvent,
    Debtor,
    TelegramBinding,
    TelegramChat,
)
from core.money import format_eur
from core.notifications import queue_message
from core.uow import UnitOfWork

CHANNEL = "telegram"
PEOPLE = frozenset({"specialist", "creditor_user", "admin"})

_TEXTS: dict[str, dict[str, str]] = {
    "payment": {
        "nl": "{ref}: we hebben uw betaling van {amount} ontvangen. Dank u wel! Nog open: {open}.",
        "en": "{ref}: we received your payment of {amount}. Thank you! Still open: {open}.",
    },
    "paid_in_full": {
        "nl": "{ref}: we hebben uw betaling van {amount} ontvangen. Alles is betaald; het dossier is gesloten. "
        "Dank u wel!",
        "en": "{ref}: we received your payment of {amount}. Everything is paid; the case is closed. Thank you!",
    },
    "arrangement_accepted": {
        "nl": "{ref}: uw betalingsregeling is goedgekeurd.\n{plan}\nBetaal elke termijn op tijd; u krijgt vooraf "
        "een herinnering.",
        "en": "{ref}: your payment arrangement was approved.\n{plan}\nPlease pay each installment on time; you get "
        "a reminder beforehand.",
    },
    "arrangement_rejected": {
        "nl": "{ref}: uw voorstel voor een betalingsregeling is helaas niet goedgekeurd.{note}\nU kunt een nieuw "
        "voorstel doen via /menu of bellen met ons.",
        "en": "{ref}: unfortunately your proposed payment arrangement was not approved.{note}\nYou can make a new "
        "proposal via /menu or call us.",
    },
    "arrangement_countered": {
        "nl": "{ref}: we kunnen uw voorstel niet aannemen, maar bieden u deze regeling aan:\n{plan}{note}\n"
        "Wilt u deze regeling?",
        "en": "{ref}: we cannot accept your proposal, but we offer you this arrangement:\n{plan}{note}\n"
        "Would you like this arrangement?",
    },
    "dispute_upheld": {
        "nl": "{ref}: u krijgt gelijk in uw bezwaar. Het dossier is gesloten; u hoeft niets te betalen.{note}",
        "en": "{ref}: your dispute was upheld. The case is closed; you do not need to pay.{note}",
    },
    "dispute_reduced": {
        "nl": "{ref}: u krijgt deels gelijk. De vordering is verlaagd met {amount}.{note} De herinneringen gaan "
        "verder voor wat nog open staat.",
        "en": "{ref}: your dispute was upheld in part. The claim was lowered by {amount}.{note} Reminders continue "
        "for what is still open.",
    },
    "dispute_rejected": {
        "nl": "{ref}: we hebben uw bezwaar bekeken en afgewezen.{note} De vordering blijft staan en de "
        "herinneringen gaan weer verder. Vragen? Kies 'Bel mij terug' in /menu.",
        "en": "{ref}: we looked at your dispute and rejected it.{note} The claim stands and reminders continue. "
        "Questions? Choose 'Call me back' in /menu.",
    },
    "cannot_pay_reviewed": {
        "nl": "{ref}: een medewerker heeft naar uw situatie gekeken.{note} De herinneringen gaan weer verder.",
        "en": "{ref}: a specialist has looked at your situation.{note} Reminders continue again.",
    },
    "complaint_handled": {
        "nl": "{ref}: uw klacht {complaint} is behandeld.{note}",
        "en": "{ref}: your complaint {complaint} has been handled.{note}",
    },
}
_NOTE = {"nl": "\nToelichting: {note}", "en": "\nNote: {note}"}
_PLAN_LINE = {"nl": "{n}. {day}: {amount}", "en": "{n}. {day}: {amount}"}


def on_case_event(uow: UnitOfWork, case: Case, event: CaseEvent) -> None:
    composer = _COMPOSERS.get(event.kind)
    if composer is None:
        return
    chats = uow.session.execute(
        select(TelegramBinding.chat_id, TelegramChat.language)
        .outerjoin(TelegramChat, TelegramChat.chat_id == TelegramBinding.chat_id)
        .where(
            TelegramBinding.case_id == case.id,
            TelegramBinding.unbound_at.is_(None),
            TelegramBinding.opted_out_at.is_(None),
        )
    ).all()
    if not chats:
        return
    uow.session.flush()  # the event's id makes the messages' idempotency keys
    fallback = _debtor_language(uow, case)
    for chat_id, chat_language in chats:
        lang = chat_language if chat_language in ("nl", "en") else fallback
        composed = composer(uow, case, event, lang)
        if composed is None:
            continue
        text, actions = composed
        body: dict[str, Any] = {"text": text, "case": case.reference}
        if actions:
            body["actions"] = actions
        queue_message(
            uow,
            channel=CHANNEL,
            recipient=str(chat_id),
            key=f"debtor-update:{event.id}:{chat_id}",
            case=case,
            body=json.dumps(body, ensure_ascii=False),
        )


Composed = tuple[str, list[list[Any]]] | None


def _debtor_language(uow: UnitOfWork, case: Case) -> str:
    debtor = uow.session.get(Debtor, case.debtor_id)
    return debtor.language if debtor is not None and debtor.language in ("nl", "en") else "nl"


def _locale(lang: str) -> str:
    return "nl_NL" if lang == "nl" else "en_GB"


def _note(payload: dict, lang: str, key: str = "note") -> str:
    note = (payload.get(key) or "").strip() if isinstance(payload.get(key), str) else ""
    return _NOTE[lang].format(note=note) if note else ""


def _plan(arrangement: Arrangement, lang: str) -> str:
    from core.services.arrangements import add_months, installment_amounts

    amounts = installment_amounts(arrangement.total_amount, arrangement.months)
    return "\n".join(
        _PLAN_LINE[lang].format(
            n=i + 1,
            day=_day(add_months(arrangement.first_due_on, i)),
            amount=format_eur(amount, _locale(lang)),
        )
        for i, amount in enumerate(amounts)
    )


def _day(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _payment(uow: UnitOfWork, case: Case, event: CaseEvent, lang: str) -> Composed:
    p = event.payload
    loc = _locale(lang)
    open_amount = Decimal(str(p.get("total_open", "0")))
    key = "paid_in_full" if open_amount <= 0 else "payment"
    amount = format_eur(Decimal(str(p.get("amount", "0"))), loc)
    return _TEXTS[key][lang].format(ref=case.reference, amount=amount, open=format_eur(open_amount, loc)), []


def _arrangement_accepted(uow: UnitOfWork, case: Case, event: CaseEvent, lang: str) -> Composed:
    if event.actor_kind not in PEOPLE:  # accepted within policy, or the debtor took a counter-offer: said in chat
        return None
    arrangement = uow.session.get(Arrangement, event.payload.get("arrangement_id"))
    if arrangement is None:
        return None
    return _TEXTS["arrangement_accepted"][lang].format(ref=case.reference, plan=_plan(arrangement, lang)), []


def _arrangement_rejected(uow: UnitOfWork, case: Case, event: CaseEvent, lang: str) -> Composed:
    if event.actor_kind not in PEOPLE:
        return None
    return _TEXTS["arrangement_rejected"][lang].format(ref=case.reference, note=_note(event.payload, lang)), []


def _arrangement_countered(uow: UnitOfWork, case: Case, event: CaseEvent, lang: str) -> Composed:
    counter = uow.session.get(Arrangement, event.payload.get("counter_id"))
    if counter is None:
        return None
    text = _TEXTS["arrangement_countered"][lang].format(
        ref=case.reference, plan=_plan(counter, lang), note=_note(event.payload, lang)
    )
    return text, [["counter_accept", counter.id], ["counter_reject", counter.id]]


def _dispute_resolved(uow: UnitOfWork, case: Case, event: CaseEvent, lang: str) -> Composed:
    p = event.payload
    outcome = p.get("outcome")
    if outcome not in ("upheld", "rejected", "reduced"):
        return None
    amount = format_eur(Decimal(str(p.get("reduced_by", "0"))), _locale(lang))
    return _TEXTS[f"dispute_{outcome}"][lang].format(
        ref=case.reference, amount=amount, note=_note(p, lang, "resolution")
    ), []


def _cannot_pay_reviewed(uow: UnitOfWork, case: Case, event: CaseEvent, lang: str) -> Composed:
    return _TEXTS["cannot_pay_reviewed"][lang].format(ref=case.reference, note=_note(event.payload, lang)), []


def _complaint_handled(uow: UnitOfWork, case: Case, event: CaseEvent, lang: str) -> Composed:
    p = event.payload
    return _TEXTS["complaint_handled"][lang].format(
        ref=case.reference, complaint=p.get("complaint", ""), note=_note(p, lang, "resolution")
    ), []


_COMPOSERS: dict[str, Callable[[UnitOfWork, Case, CaseEvent, str], Composed]] = {
    "payment_recorded": _payment,
    "arrangement_accepted": _arrangement_accepted,
    "arrangement_rejected": _arrangement_rejected,
    "arrangement_countered": _arrangement_countered,
    "dispute_resolved": _dispute_resolved,
    "cannot_pay_reviewed": _cannot_pay_reviewed,
    "complaint_handled": _complaint_handled,
}
