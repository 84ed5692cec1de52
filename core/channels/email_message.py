"""The debtor e-mail: multipart/alternative (plain text + HTML, the same content), the letter as PDF attached.

The text comes from the same catalogue blocks as the letter (``core/channels/templates``): a short statement
(per invoice its principal, then principal, interest, collection costs, VAT and the total open), how to pay and
by when, the 14-day wording when this message is the 14-day letter, the Telegram link, the agency's Justis
registration number, the creditor and the complaint procedure. Subject and body are in the debtor's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from core.channels.content import MessageContext
from core.channels.templates import Texts, View, eur, linkify, percent, short_date, template, texts, view, wrap
from core.law.collection_costs import VAT_PERCENT

REFERENCE_HEADER = "X-Incasso-Reference"
_BLANK_RUNS = re.compile(r"\n{3,}")  # the layout's optional blocks leave runs of empty lines behind
_PARAGRAPH_STYLE = "margin:0 0 12px 0"


# A catalogue block's markup depends on its paragraphs (and the style) only. The legal lines, the agency block,
# the closing and most other blocks are the same in every e-mail of a language: rendered once, not per case.
@lru_cache(maxsize=256)
def html_paragraphs(paragraphs: tuple[str, ...], style: str = _PARAGRAPH_STYLE) -> Markup:
    """`<p style="…">…</p>` per paragraph (escaped, links clickable), one per line."""
    css = escape(style)
    return Markup("".join(f'<p style="{css}">{linkify(p)}</p>\n' for p in paragraphs))


@lru_cache(maxsize=256)
def text_paragraphs(paragraphs: tuple[str, ...]) -> str:
    """Each paragraph wrapped at 72 columns and followed by a blank line."""
    return "".join(wrap(p, 72) + "\n\n" for p in paragraphs)


def attachment_name(ctx: MessageContext) -> str:
    """`<case_reference>-<template>.pdf`, e.g. `INC-2025-000417-demand.pdf`."""
    return f"{ctx.case_reference}-{ctx.template}.pdf"


def _summary(ctx: MessageContext, v: View, t: Texts) -> list[tuple[str, str, bool]]:
    s = ctx.statement
    lab = t.labels
    rows: list[tuple[str, str, bool]] = []
    for inv in s.invoices:
        label = (
            lab["invoice"].format(number=inv.invoice_number)
            + " ("
            + lab["invoice_dates"].format(
                invoice_date=short_date(inv.invoice_date, v.lang), due_date=short_date(inv.due_date, v.lang)
            )
            + ")"
        )
        rows.append((label, eur(inv.principal), False))
    if s.paid:
        rows.append((lab["payments"], eur(s.paid), False))
    rows.append((lab["principal_open"], eur(s.principal_open), False))
    rows.append((lab["interest_open"], eur(s.interest_open), False))
    if s.costs > 0:
        rows.append((lab["costs"], eur(s.costs), False))
        if s.vat > 0:
            rows.append((lab["vat"].format(percent=percent(VAT_PERCENT, v.lang)), eur(s.vat), False))
        if s.costs_paid:
            rows.append((lab["costs_paid"], "- " + eur(s.costs_paid), False))
    else:
        rows.append((lab["costs"], lab["costs_not_due"], False))
    if s.overpaid:
        rows.append((lab["overpaid"], eur(s.overpaid), False))
    rows.append((lab["total_open"], v.total_open, True))
    return rows


def _text_lines(summary: list[tuple[str, str, bool]], width: int = 72) -> list[str]:
    """The summary as fixed-width text: amounts right-aligned; a label too long for one line gets its own."""
    lines: list[str] = []
    for label, amount, strong in summary:
        if strong:
            lines.append("-" * width)
        if len(label) + len(amount) + 2 > width:
            lines.append(label)
            label = ""
        lines.append(label + " " * (width - len(label) - len(amount)) + amount)
    return lines


def _payment_rows(v: View, t: Texts) -> list[tuple[str, str]]:
    if not v.open:
        return []
    lab = t.labels
    rows = [
        (lab["amount"], v.total_open),
        (lab["iban"], v.iban),
        (lab["account_name"], v.account_name),
        (lab["pay_ref"], f"{v.pay_ref} ({lab['pay_ref_hint']})"),
    ]
    if v.fourteen:
        rows.append(
            (lab["term"], lab["term_fourteen"].format(received=v.fourteen.received, term_ends=v.fourteen.term_ends))
        )
    else:
        rows.append((lab["deadline"], v.deadline))
    if v.pay_url:
        rows.append((lab["pay_online"], v.pay_url))
    return rows


def _domain(sender: str) -> str:
    address = parseaddr(sender)[1]
    domain = address.rpartition("@")[2]
    # make_msgid would otherwise ask the resolver for this host's name: slow, and it leaks the worker's name.
    return domain or "incasso.invalid"


@dataclass(frozen=True, slots=True)
class ComposedEmail:
    """The rendered content of a debtor e-mail: what the outbox keeps, and what MIME is built from at delivery."""

    subject: str
    text: str
    html: str
    language: str


def email_values(ctx: MessageContext, *, attached: bool = False) -> dict[str, Any]:
    """What the e-mail layouts render (besides `paras`): display values, catalogue blocks, labels, rows."""
    v = view(ctx, medium="email", attached=attached)
    t = texts(v)
    summary = _summary(ctx, v, t)
    return {
        "c": v,
        "b": t.blocks,
        "lab": t.labels,
        "subject": t.line("subject"),
        "summary": summary,
        "summary_lines": _text_lines(summary),
        "summary_title": t.labels["statement_title"].format(date=v.as_of),
        "pay": _payment_rows(v, t),
    }


def compose_email(ctx: MessageContext, *, attached: bool = False) -> ComposedEmail:
    """Render subject, plain text and HTML in the debtor's language (`attached`: the letter comes as PDF)."""
    values = email_values(ctx, attached=attached)
    blocks = values["b"]

    def html_paras(name: str, style: str = _PARAGRAPH_STYLE) -> Markup:
        return html_paragraphs(tuple(blocks[name]), style)

    def text_paras(name: str) -> str:
        return text_paragraphs(tuple(blocks[name]))

    plain = _BLANK_RUNS.sub("\n\n", template("email.txt.j2").render(values, paras=text_paras)).strip() + "\n"
    html = template("email.html.j2").render(values, paras=html_paras)
    return ComposedEmail(values["subject"], plain, html, values["c"].lang)


def mime_message(
    composed: ComposedEmail,
    *,
    sender: str,
    to: str,
    reply_to: str,
    reference: str,
    message_id: str | None = None,
    attachment: tuple[str, bytes] | None = None,
    sent_at: datetime | None = None,
) -> EmailMessage:
    """The MIME message for composed content; `to` is an address or `"Name" <address>`."""
    message = EmailMessage()
    message["Subject"] = composed.subject
    message["From"] = sender
    message["To"] = to
    message["Reply-To"] = reply_to
    message["Date"] = format_datetime(sent_at or datetime.now(UTC))
    message["Message-ID"] = message_id or make_msgid(domain=_domain(sender))
    message[REFERENCE_HEADER] = reference
    # Quoted-printable keeps the message 7-bit clean for any relay, and readable in the outbox row.
    message.set_content(composed.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(composed.html, subtype="html", charset="utf-8", cte="quoted-printable")
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    # Last: set_content and the multipart conversions move or drop every Content-* header set before them.
    message["Content-Language"] = composed.language
    return message


def recipient_of(ctx: MessageContext) -> str:
    return str(Address(display_name=ctx.debtor.name, addr_spec=ctx.debtor.email or ""))


def build_email(
    ctx: MessageContext,
    *,
    sender: str,
    letter_pdf: bytes | None = None,
    sent_at: datetime | None = None,
) -> EmailMessage:
    """The e-mail for ``ctx`` to the debtor, from ``sender`` (`"Name <addr>"` or an address).

    ``sent_at`` fills the Date header (default: now, UTC). Raises ``ValueError`` when the debtor has no e-mail.
    """
    if not ctx.debtor.email:
        raise ValueError(f"case {ctx.case_reference}: the debtor has no e-mail address")
    composed = compose_email(ctx, attached=letter_pdf is not None)
    return mime_message(
        composed,
        sender=sender,
        to=recipient_of(ctx),
        reply_to=formataddr((ctx.agency.name, ctx.agency.email)),
        reference=ctx.case_reference,
        attachment=(attachment_name(ctx), letter_pdf) if letter_pdf is not None else None,
        sent_at=sent_at,
    )


__all__ = [
    "REFERENCE_HEADER",
    "ComposedEmail",
    "attachment_name",
    "build_email",
    "compose_email",
    "email_values",
    "html_paragraphs",
    "mime_message",
    "recipient_of",
    "text_paragraphs",
]
