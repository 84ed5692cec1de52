"""Telling the debtor about an installment: in a linked Telegram chat (bound, not opted out), otherwise by e-mail.

Every message is an outbox row with an idempotency key naming the installment (or arrangement) and the recipient,
so a daily pass run twice queues nothing twice; delivery waits for contact hours like every debtor message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from core.channels.content import AgencyInfo
from core.channels.installment_email import InstallmentNotice, compose_installment_email
from core.db.models import (
    Arrangement,
    Case,
    Creditor,
    Debtor,
    Installment,
    OutboundMessage,
    TelegramBinding,
    TelegramChat,
)
from core.money import format_eur
from core.notifications import queue_message
from core.payment_reference import payment_reference_for
from core.uow import UnitOfWork

# Telegram texts; {amount} is what is still to pay on the installment
TELEGRAM_TEXTS: dict[str, dict[str, str]] = {
    "installment_reminder": {
        "nl": "{ref}: herinnering – termijn {seq} van {count}, {amount}, moet uiterlijk {due} betaald zijn. Betaal "
        "op {iban} t.n.v. {name} o.v.v. {payref}.",
        "en": "{ref}: reminder – installment {seq} of {count}, {amount}, is due by {due}. Please pay to {iban} "
        "({name}) quoting {payref}.",
    },
    "installment_late": {
        "nl": "{ref}: termijn {seq} van {count} ({amount}, uiterlijk {due}) hebben we nog niet ontvangen. Betaal "
        "uiterlijk {pay_by} op {iban} t.n.v. {name} o.v.v. {payref}. Anders vervalt uw betalingsregeling. Lukt "
        "het niet? Kies 'Bel mij terug' in /menu.",
        "en": "{ref}: we have not received installment {seq} of {count} ({amount}, due {due}). Please pay by "
        "{pay_by} to {iban} ({name}) quoting {payref}, or your payment arrangement ends. Unable to pay? Choose "
        "'Call me back' in /menu.",
    },
    "arrangement_broken.resumed": {
        "nl": "{ref}: termijn {seq} is niet op tijd betaald{nl_why}. Uw betalingsregeling is daarom "
        "beëindigd; het hele bedrag van {total} is nu opeisbaar. U krijgt weer herinneringen.",
        "en": "{ref}: installment {seq} was not paid{en_why}. Your payment arrangement has "
        "therefore ended; the whole amount of {total} is now due. You will get reminders again.",
    },
    "arrangement_broken.creditor": {
        "nl": "{ref}: termijn {seq} is niet op tijd betaald{nl_why}. Uw betalingsregeling is daarom "
        "beëindigd; het hele bedrag van {total} is nu opeisbaar. {creditor} beslist over de volgende stap.",
        "en": "{ref}: installment {seq} was not paid{en_why}. Your payment arrangement has "
        "therefore ended; the whole amount of {total} is now due. {creditor} will decide on the next step.",
    },
}


@dataclass(frozen=True)
class Notice:
    kind: str  # installment_reminder | installment_late | arrangement_broken
    installment: Installment
    arrangement: Arrangement
    total_open: Decimal = Decimal("0.00")
    pay_by: date | None = None
    next_step: str = "resumed"
    was_frozen: bool = False

    @property
    def key_stem(self) -> str:
        kind = self.kind.replace("_", "-")
        subject = self.arrangement.id if self.kind == "arrangement_broken" else self.installment.id
        return f"{kind}:{subject}"


def linked_chats(uow: UnitOfWork, case_ids: Iterable[int]) -> dict[int, list[tuple[int, str | None]]]:
    """Per case: the bound chats that have not opted out, with their language (one query for a batch)."""
    ids = list(case_ids)
    found: dict[int, list[tuple[int, str | None]]] = {case_id: [] for case_id in ids}
    if not ids:
        return found
    rows = uow.session.execute(
        select(TelegramBinding.case_id, TelegramBinding.chat_id, TelegramChat.language)
        .outerjoin(TelegramChat, TelegramChat.chat_id == TelegramBinding.chat_id)
        .where(
            TelegramBinding.case_id.in_(ids),
            TelegramBinding.unbound_at.is_(None),
            TelegramBinding.opted_out_at.is_(None),
        )
    ).all()
    for case_id, chat_id, language in rows:
        found[case_id].append((chat_id, language))
    return found


def already_queued(uow: UnitOfWork, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            uow.session.scalars(
                select(OutboundMessage.idempotency_key).where(
                    OutboundMessage.idempotency_key.in_(keys[start : start + 500])
                )
            )
        )
    return found


def tell_debtor(
    uow: UnitOfWork,
    case: Case,
    notice: Notice,
    *,
    agency: AgencyInfo,
    chats: list[tuple[int, str | None]],
    skip: set[str] | None = None,
) -> list[str]:
    """Queue the notice: to each linked chat, or else to the debtor's e-mail. Returns the channels used ([] when
    the debtor can be reached neither way: letters and calls remain the schedule's)."""
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    fallback = debtor.language if debtor.language in ("nl", "en") else "nl"
    payref = case.payment_reference or payment_reference_for(case.reference)
    skip = skip or set()
    used: list[str] = []
    for chat_id, chat_language in chats:
        key = f"{notice.key_stem}:{chat_id}"
        if key in skip:
            continue
        lang = chat_language if chat_language in ("nl", "en") else fallback
        text = _telegram_text(uow, case, notice, lang, agency, payref)
        body = json.dumps({"text": text, "case": case.reference}, ensure_ascii=False)
        queue_message(uow, channel="telegram", recipient=str(chat_id), key=key, case=case, body=body)
        used.append("telegram")
    if chats:
        return used
    key = f"{notice.key_stem}:email"
    if not debtor.email or key in skip:
        return used
    creditor = uow.session.get_one(Creditor, case.creditor_id)
    composed = compose_installment_email(
        InstallmentNotice(
            kind=notice.kind,
            language=fallback,
            agency=agency,
            creditor_name=creditor.name,
            creditor_kvk=creditor.kvk_number,
            debtor_name=debtor.name,
            case_reference=case.reference,
            payment_reference=payref,
            seq=notice.installment.seq,
            count=notice.arrangement.months,
            amount=notice.installment.amount - notice.installment.paid_amount,
            due_on=notice.installment.due_on,
            total_open=notice.total_open,
            pay_by=notice.pay_by,
            next_step=notice.next_step,
            was_frozen=notice.was_frozen,
            after_warning=notice.installment.warned_at is not None,
        )
    )
    from email.headerregistry import Address

    row = queue_message(
        uow,
        channel="email",
        recipient=str(Address(display_name=debtor.name, addr_spec=debtor.email)),
        subject=composed.subject,
        body=composed.text,
        key=key,
        case=case,
    )
    row.body_html = composed.html
    used.append("email")
    return used


def _telegram_text(uow: UnitOfWork, case: Case, notice: Notice, lang: str, agency: AgencyInfo, payref: str) -> str:
    locale = "nl_NL" if lang == "nl" else "en_GB"
    installment = notice.installment
    kind = notice.kind
    creditor = ""
    warned = installment.warned_at is not None
    if kind == "arrangement_broken":
        kind = f"{kind}.{notice.next_step}"
        creditor = uow.session.get_one(Creditor, case.creditor_id).name
    return TELEGRAM_TEXTS[kind][lang].format(
        ref=case.reference,
        seq=installment.seq,
        count=notice.arrangement.months,
        amount=format_eur(installment.amount - installment.paid_amount, locale),
        due=f"{installment.due_on:%d-%m-%Y}",
        pay_by=f"{notice.pay_by:%d-%m-%Y}" if notice.pay_by else "",
        total=format_eur(notice.total_open, locale),
        iban=agency.collection_iban,
        name=agency.collection_account_name,
        payref=payref,
        creditor=creditor,
        nl_why=", ook niet na onze waarschuwing" if warned else ", en eerder was al een termijn te laat",
        en_why=", also after our warning" if warned else " in time, and an earlier one was late too",
    )
