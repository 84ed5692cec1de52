"""The debtor e-mail: multipart/alternative (plain text + HTML, the same content), the letter as PDF attached.

The text comes from the same catalogue blocks as the letter (``core/channels/templates``): a short statement
(per invoice its principal, then principal, interest, collection costs, VAT and the total open), how to pay and
by when, the 14-day wording when this message is the 14-day letter, the Telegram link, the agency's Justis
registration number, the creditor and the complaint procedure. Subject and body are in the debtor's language.

``compose_email`` fills skeletons that Jinja rendered once per shape of message (core.channels.templates.compiled);
``compose_email_reference`` renders the layouts with Jinja for every message: the reference the skeletons are
tested against byte for byte, and the fallback for a message or shape the skeletons cannot carry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import _header_value_parser as address_parser
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from core.channels.content import MessageContext
from core.channels.templates import (
    View,
    compiled,
    eur,
    labels,
    linkify,
    short_date,
    template,
    texts_reference,
    view,
    wrap,
)

REFERENCE_HEADER = "X-Incasso-Reference"
_BLANK_RUNS = re.compile(r"\n{3,}")  # the layout's optional blocks leave runs of empty lines behind
_PARAGRAPH_STYLE = "margin:0 0 12px 0"


def _html_paras(paragraphs: list[str] | tuple[str, ...], style: str, link: Callable[[str], Markup]) -> Markup:
    css = escape(style)
    return Markup("".join(f'<p style="{css}">{link(p)}</p>\n' for p in paragraphs))


def _text_paras(paragraphs: list[str] | tuple[str, ...], fold: Callable[[str, int], str]) -> str:
    return "".join(fold(p, 72) + "\n\n" for p in paragraphs)


# A catalogue block's markup depends on its paragraphs (and the style) only. The legal lines, the agency block,
# the closing and most other blocks are the same in every e-mail of a language: rendered once, not per case.
@lru_cache(maxsize=256)
def html_paragraphs(paragraphs: tuple[str, ...], style: str = _PARAGRAPH_STYLE) -> Markup:
    """`<p style="…">…</p>` per paragraph (escaped, links clickable), one per line."""
    return _html_paras(paragraphs, style, linkify)


@lru_cache(maxsize=256)
def text_paragraphs(paragraphs: tuple[str, ...]) -> str:
    """Each paragraph wrapped at 72 columns and followed by a blank line."""
    return _text_paras(paragraphs, wrap)


def attachment_name(ctx: MessageContext) -> str:
    """`<case_reference>-<template>.pdf`, e.g. `INC-2025-000417-demand.pdf`."""
    return f"{ctx.case_reference}-{ctx.template}.pdf"


def _summary(ctx: MessageContext, v: View, lab: dict[str, str]) -> list[tuple[str, str, bool]]:
    # the view's amounts are eur() of the same statement fields: taken from there rather than formatted again
    s = ctx.statement
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
        rows.append((lab["payments"], v.paid, False))
    rows.append((lab["principal_open"], v.principal_open, False))
    rows.append((lab["interest_open"], v.interest_open, False))
    if s.costs > 0:
        rows.append((lab["costs"], v.costs, False))
        if s.vat > 0:
            rows.append((lab["vat"].format(percent=v.vat_percent), v.vat or eur(s.vat), False))
        if s.costs_paid:
            rows.append((lab["costs_paid"], "- " + eur(s.costs_paid), False))
    else:
        rows.append((lab["costs"], lab["costs_not_due"], False))
    if s.overpaid:
        rows.append((lab["overpaid"], v.overpaid or eur(s.overpaid), False))
    rows.append((lab["total_open"], v.total_open, True))
    return rows


def _text_lines(summary: list[tuple[str, str, bool]], width: int = 72) -> list[str]:
    """The summary as fixed-width text: amounts right-aligned; a label too long for one line gets its own."""
    lines: list[str] = []
    for label, amount, strong in summary:
        if strong:
            lines.append("-" * width)
        room = width - len(amount)
        if len(label) + 2 > room:
            lines.append(label)
            label = ""
        lines.append(label.ljust(room) + amount)
    return lines


def _payment_rows(v: View, lab: dict[str, str]) -> list[tuple[str, str]]:
    if not v.open:
        return []
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


def _layout_values(
    v: View,
    blocks: dict[str, list[str]],
    lab: dict[str, str],
    subject: str,
    summary: list[tuple[str, str, bool]],
    summary_lines: list[str],
    summary_title: str,
    pay: list[tuple[str, str]],
) -> dict[str, Any]:
    # one builder for the reference and the skeletons: both layouts see the same names
    return {
        "c": v,
        "b": blocks,
        "lab": lab,
        "subject": subject,
        "summary": summary,
        "summary_lines": summary_lines,
        "summary_title": summary_title,
        "pay": pay,
    }


def email_values(ctx: MessageContext, *, attached: bool = False) -> dict[str, Any]:
    """What the e-mail layouts render (besides `paras`): display values, catalogue blocks, labels, rows."""
    v = view(ctx, medium="email", attached=attached)
    t = texts_reference(v)
    summary = _summary(ctx, v, t.labels)
    return _layout_values(
        v,
        t.blocks,
        t.labels,
        t.line("subject"),
        summary,
        _text_lines(summary),
        t.labels["statement_title"].format(date=v.as_of),
        _payment_rows(v, t.labels),
    )


def compose_email_reference(ctx: MessageContext, *, attached: bool = False) -> ComposedEmail:
    """`compose_email` with Jinja rendering the catalogue and both layouts for this message."""
    values = email_values(ctx, attached=attached)
    blocks = values["b"]

    def html_paras(name: str, style: str = _PARAGRAPH_STYLE) -> Markup:
        return html_paragraphs(tuple(blocks[name]), style)

    def text_paras(name: str) -> str:
        return text_paragraphs(tuple(blocks[name]))

    plain = _BLANK_RUNS.sub("\n\n", template("email.txt.j2").render(values, paras=text_paras)).strip() + "\n"
    html = template("email.html.j2").render(values, paras=html_paras)
    return ComposedEmail(values["subject"], plain, html, values["c"].lang)


def compose_email(ctx: MessageContext, *, attached: bool = False) -> ComposedEmail:
    """Render subject, plain text and HTML in the debtor's language (`attached`: the letter comes as PDF)."""
    v = view(ctx, medium="email", attached=attached)
    shaped = compiled.shaped(v)
    if shaped is not None:
        composed = _compose_shaped(ctx, v, shaped)
        if composed is not None:
            return composed
    return compose_email_reference(ctx, attached=attached)


# The layouts' skeletons are kept per catalogue shape, keyed by what the catalogue's shape does not fix: which
# summary rows are bold, how many summary lines (a long label takes two), how many payment rows.
_Layout = Callable[..., tuple[str, str]]
_LAYOUT_PARAMS = ("V", "P", "SUM", "LINES", "PAY", "TITLE", "SUBJECT")


def _compose_shaped(ctx: MessageContext, v: View, shaped: compiled.Shaped) -> ComposedEmail | None:
    catalogue = shaped.catalogue
    lab = labels(v.lang)
    summary = _summary(ctx, v, lab)
    lines = _text_lines(summary)
    pay = _payment_rows(v, lab)
    key = (*[row[2] for row in summary], len(lines), len(pay))
    fill = catalogue.layouts.get(key, _MISSING)
    if fill is _MISSING:
        fill = compiled.remember(
            catalogue.layouts,
            key,
            compiled.LAYOUTS_MAX,
            lambda: _checked_layout(ctx, v, shaped, summary, lines, pay, lab),
            f"e-mail layouts {v.lang}",
        )
    if fill is None:
        return None
    return _fill(v, shaped, fill, summary, lines, pay, lab)  # type: ignore[arg-type]


def _fill(
    v: View,
    shaped: compiled.Shaped,
    fill: _Layout,
    summary: list[tuple[str, str, bool]],
    lines: list[str],
    pay: list[tuple[str, str]],
    lab: dict[str, str],
) -> ComposedEmail:
    paragraphs = shaped.paragraphs
    subject = " ".join(paragraphs[shaped.catalogue.ranges["subject"]])
    title = lab["statement_title"].format(date=v.as_of)
    text, html = fill(shaped.values, paragraphs, summary, lines, pay, title, subject)
    if "\n\n\n" in text:  # the skeleton's own blank runs are squeezed already; a value can still add one
        text = _BLANK_RUNS.sub("\n\n", text)
    return ComposedEmail(subject, text.strip() + "\n", html, v.lang)


_MISSING = object()


def _squeeze(static: str) -> str:
    return _BLANK_RUNS.sub("\n\n", static)


def _build_layout(
    v: View,
    catalogue: compiled.Catalogue,
    summary: list[tuple[str, str, bool]],
    lines: list[str],
    pay: list[tuple[str, str]],
    lab: dict[str, str],
) -> _Layout:
    env = compiled.skeleton_environment()
    with compiled.recording() as recorder:
        slot = recorder.slot
        blocks = compiled.paragraph_slots(recorder, catalogue)
        values = _layout_values(
            recorder.view(v),
            blocks,
            lab,
            slot("SUBJECT"),
            [(slot(f"SUM[{i}][0]"), slot(f"SUM[{i}][1]"), row[2]) for i, row in enumerate(summary)],
            [slot(f"LINES[{i}]") for i in range(len(lines))],
            slot("TITLE"),
            [(slot(f"PAY[{i}][0]"), slot(f"PAY[{i}][1]")) for i in range(len(pay))],
        )

        def html_paras(name: str, style: str = _PARAGRAPH_STYLE) -> Markup:
            return _html_paras(blocks[name], style, compiled.linkify_op)

        def text_paras(name: str) -> str:
            return _text_paras(blocks[name], compiled.wrap_op)

        text = env.get_template("email.txt.j2").render(values, paras=text_paras)
        html = env.get_template("email.html.j2").render(values, paras=html_paras)
        return recorder.function(_LAYOUT_PARAMS, [(text, _squeeze), (html, None)])  # type: ignore[return-value]


def _checked_layout(
    ctx: MessageContext,
    v: View,
    shaped: compiled.Shaped,
    summary: list[tuple[str, str, bool]],
    lines: list[str],
    pay: list[tuple[str, str]],
    lab: dict[str, str],
) -> _Layout:
    """The layouts' skeleton for this shape, rendered both ways once for this message."""
    fill = _build_layout(v, shaped.catalogue, summary, lines, pay, lab)
    if _fill(v, shaped, fill, summary, lines, pay, lab) != compose_email_reference(ctx, attached=v.attached):
        raise compiled.Unsupported("the skeleton's e-mail differs from Jinja's")
    return fill


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


# An address the header parser takes as it is: dot-atoms of letters, digits and `_%+-`. Address(...) would parse
# it into the same local part and domain and print it unquoted.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def recipient_of(ctx: MessageContext) -> str:
    """`Name <address>` as email.headerregistry.Address prints it (the name quoted when it holds specials)."""
    name, address = ctx.debtor.name, ctx.debtor.email or ""
    if type(name) is str and "\r" not in name and "\n" not in name and _PLAIN_ADDRESS.fullmatch(address):
        if not address_parser.SPECIALS.isdisjoint(name):
            name = address_parser.quote_string(name)
        return f"{name} <{address}>" if name else address
    return recipient_reference(name, address)


def recipient_reference(name: str, address: str) -> str:
    """The recipient as email.headerregistry.Address prints it (the reference for ``recipient_of``)."""
    return str(Address(display_name=name, addr_spec=address))


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
    "compose_email_reference",
    "email_values",
    "html_paragraphs",
    "mime_message",
    "recipient_of",
    "recipient_reference",
    "text_paragraphs",
]
