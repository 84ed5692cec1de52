"""E-mails about a payment arrangement's installments: the reminder before a due date, the warning when one is
late, and the notice that the arrangement has ended. Texts from `<lang>/installments.j2`; the layout is the same
plain text + HTML pair as every debtor e-mail, delivered by the same e-mail transport from the outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.channels.content import AgencyInfo
from core.channels.email_message import ComposedEmail
from core.channels.templates import eur, group_iban, labels, long_date, template

KINDS = ("installment_reminder", "installment_late", "arrangement_broken")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # "B.V.." when a name ending in a dot ends a sentence


@dataclass(frozen=True)
class InstallmentNotice:
    """What an installment e-mail says; amounts as Decimal, dates as dates (formatted per language here)."""

    kind: str  # one of KINDS
    language: str  # nl | en
    agency: AgencyInfo
    creditor_name: str
    creditor_kvk: str
    debtor_name: str
    case_reference: str
    payment_reference: str
    seq: int
    count: int
    amount: Decimal  # what is still to pay on this installment
    due_on: date
    total_open: Decimal  # the whole statement as of today
    pay_by: date | None = None  # the late warning's last day
    next_step: str = "resumed"  # arrangement_broken: "resumed" (reminders again) | "creditor" (creditor decides)
    was_frozen: bool = False  # arrangement_broken: the interest freeze ends with it
    after_warning: bool = False  # arrangement_broken: this installment itself was warned before


@dataclass(frozen=True)
class _View:
    kind: str
    lang: str
    agency: AgencyInfo
    creditor_name: str
    creditor_kvk: str
    debtor_name: str
    ref: str
    seq: int
    count: int
    amount: str
    due: str
    pay_by: str
    total_open: str
    next_step: str
    was_frozen: bool
    after_warning: bool


def _paragraphs(text: str) -> list[str]:
    chunks = (_DOUBLE_STOP.sub(".", _SPACES.sub(" ", chunk)).strip() for chunk in _BLANK_LINES.split(text))
    return [p for p in chunks if p]


def compose_installment_email(notice: InstallmentNotice) -> ComposedEmail:
    if notice.kind not in KINDS:
        raise ValueError(f"kind: {notice.kind!r} (use one of {', '.join(KINDS)})")
    lang = notice.language if notice.language in ("nl", "en") else "nl"
    view = _View(
        kind=notice.kind,
        lang=lang,
        agency=notice.agency,
        creditor_name=notice.creditor_name,
        creditor_kvk=notice.creditor_kvk,
        debtor_name=notice.debtor_name,
        ref=notice.case_reference,
        seq=notice.seq,
        count=notice.count,
        amount=eur(notice.amount),
        due=long_date(notice.due_on, lang),
        pay_by=long_date(notice.pay_by, lang) if notice.pay_by else "",
        total_open=eur(notice.total_open),
        next_step=notice.next_step,
        was_frozen=notice.was_frozen,
        after_warning=notice.after_warning,
    )
    catalogue = template(f"{lang}/installments.j2")
    context = catalogue.new_context({"n": view})
    blocks = {name: _paragraphs("".join(render(context))) for name, render in catalogue.blocks.items()}
    lab = labels(lang)
    amount = view.total_open if notice.kind == "arrangement_broken" else view.amount
    pay = [
        (lab["amount"], amount),
        (lab["iban"], group_iban(notice.agency.collection_iban)),
        (lab["account_name"], notice.agency.collection_account_name),
        (lab["pay_ref"], f"{notice.payment_reference} ({lab['pay_ref_hint']})"),
    ]
    if notice.kind != "arrangement_broken":
        pay.append((lab["deadline"], view.pay_by or view.due))
    subject = " ".join(blocks["subject"])
    values = {"n": view, "b": blocks, "lab": lab, "pay": pay, "subject": subject}
    plain = _BLANK_RUNS.sub("\n\n", template("installment_email.txt.j2").render(values)).strip() + "\n"
    html = template("installment_email.html.j2").render(values)
    return ComposedEmail(subject, plain, html, lang)
