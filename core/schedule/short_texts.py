"""Short texts for chat channels (Telegram to the debtor, a call task to the specialists), in Dutch and English."""

from __future__ import annotations

import re

from core.channels.content import MessageContext
from core.money import format_eur

_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")

_DEBTOR = {
    "reminder": {
        "nl": "Herinnering {ref}: er staat nog {total} open bij {creditor}. Betaal uiterlijk {deadline} op {iban} "
        "o.v.v. {payref}, of kies hieronder een regeling.",
        "en": "Reminder {ref}: {total} is still open with {creditor}. Please pay by {deadline} to {iban} "
        "quoting {payref}, or choose an arrangement below.",
    },
    "final_notice": {
        "nl": "Laatste herinnering {ref}: betaal {total} uiterlijk {deadline} op {iban} o.v.v. {payref}. "
        "Daarna vragen wij {creditor} wat de volgende stap is.",
        "en": "Final notice {ref}: please pay {total} by {deadline} to {iban} quoting {payref}. "
        "After that we ask {creditor} about the next step.",
    },
    "costs_now_due": {
        "nl": "{ref}: de betaaltermijn van 14 dagen is voorbij. Nu zijn ook incassokosten verschuldigd. "
        "Totaal open: {total}. Betaal op {iban} o.v.v. {payref}.",
        "en": "{ref}: the 14-day term has passed. Collection costs are now due as well. "
        "Total open: {total}. Please pay to {iban} quoting {payref}.",
    },
    "demand": {
        "nl": "{ref}: {creditor} heeft ons gevraagd {total} te innen. Betaal uiterlijk {deadline} op {iban} "
        "o.v.v. {payref}.",
        "en": "{ref}: {creditor} asked us to collect {total}. Please pay by {deadline} to {iban} quoting {payref}.",
    },
}


def debtor_text(ctx: MessageContext) -> str:
    lang = ctx.language if ctx.language in ("nl", "en") else "nl"
    template = _DEBTOR.get(ctx.template.value, _DEBTOR["reminder"])[lang]
    locale = "nl_NL" if lang == "nl" else "en_GB"
    text = template.format(
        ref=ctx.case_reference,
        total=format_eur(ctx.statement.total_open, locale),
        creditor=ctx.creditor.name,
        deadline=ctx.deadline.strftime("%d-%m-%Y"),
        iban=ctx.agency.collection_iban,
        payref=ctx.payment_reference,
    )
    return _DOUBLE_STOP.sub(".", text)  # "bij Jansen B.V.. Betaal"


def call_task_text(ctx: MessageContext, phone: str, day: int) -> str:
    return (
        f"Call {ctx.debtor.name} ({phone}) about {ctx.case_reference} — day {day} of the amicable phase. "
        f"Open: {format_eur(ctx.statement.total_open)}; creditor {ctx.creditor.name}."
    )
