"""The debtor e-mail: multipart/alternative (plain text + HTML, the same content), the letter as PDF attached.

The text comes from the same catalogue blocks as the letter (``core/channels/templates``): a short statement
(per invoice its principal, then principal, interest, collection costs, VAT and the total open), how to pay and
by when, the 14-day wording when this message is the 14-day letter, the Telegram link, the agency's Justis
registration number, the creditor and the complaint procedure. Subject and body are in the debtor's language.

``compose_email`` fills skeletons that Jinja rendered once per shape of message (core.channels.templates.compiled);
``compose_email_reference`` renders the layouts with Jinja for every message: the reference the skeletons are
tested against byte for byte, and the fallback for a message or shape the skeletons cannot carry.

Per message the fast path computes the view's texts (``view_values``: no View is built), the statement's own texts
that the summary shows besides them (``_statement_values``: each invoice's label and amount, costs paid) and fills
one function per shape. The subject, the title, the summary's rows and lines and the payment rows are the view's
values under labels, recorded into that function when it is built (``_build_layout``), not made per message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
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
    as_view,
    compiled,
    eur,
    labels,
    linkify,
    short_date,
    template,
    texts_reference,
    view,
    view_values,
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


# A statement's invoices share a few dates, and the VAT label and the title are the same in most messages.
@lru_cache(maxsize=4096)
def _invoice_dates(label: str, invoice_date: date, due_date: date, language: str) -> str:
    dates = label.format(invoice_date=short_date(invoice_date, language), due_date=short_date(due_date, language))
    return " (" + dates + ")"


@lru_cache(maxsize=256, typed=True)
def _formatted(label: str, name: str, value: str) -> str:
    return label.format(**{name: value})


def _invoice_texts(lab: dict[str, str], inv: Any, language: str) -> tuple[str, str]:
    label = lab["invoice"].format(number=inv.invoice_number)
    return label + _invoice_dates(lab["invoice_dates"], inv.invoice_date, inv.due_date, language), eur(inv.principal)


class _StatementTexts:
    """The summary's texts that are the statement's own rather than the view's: each invoice's label and amount,
    costs paid, an amount the view leaves out. A layout skeleton records stand-ins for them (`_StandIns`)."""

    def __init__(self, lab: dict[str, str], language: str) -> None:
        self.lab, self.language = lab, language

    def invoice(self, inv: Any) -> tuple[str, str]:
        return _invoice_texts(self.lab, inv, self.language)

    def amount(self, value: Decimal) -> str:
        return eur(value)

    def minus(self, value: Decimal) -> str:
        return "- " + eur(value)

    def label(self, label: str, name: str, value: str) -> str:
        return _formatted(label, name, value)


def _summary(
    ctx: MessageContext, v: View, lab: dict[str, str], own: _StatementTexts | None = None
) -> list[tuple[str, str, bool]]:
    """The statement rows (label, amount, bold). The statement decides which rows there are; the amounts are the
    view's (eur() of the same statement fields) where it has them, else `own`'s (`_statement_values` makes the
    same texts in the same order for the skeletons)."""
    s = ctx.statement
    if own is None:
        own = _StatementTexts(lab, v.lang)
    rows: list[tuple[str, str, bool]] = []
    for inv in s.invoices:
        label, amount = own.invoice(inv)
        rows.append((label, amount, False))
    if s.paid:
        rows.append((lab["payments"], v.paid, False))
    rows.append((lab["principal_open"], v.principal_open, False))
    rows.append((lab["interest_open"], v.interest_open, False))
    if s.costs > 0:
        rows.append((lab["costs"], v.costs, False))
        if s.vat > 0:
            rows.append((own.label(lab["vat"], "percent", v.vat_percent), v.vat or own.amount(s.vat), False))
        if s.costs_paid:
            rows.append((lab["costs_paid"], own.minus(s.costs_paid), False))
    else:
        rows.append((lab["costs"], lab["costs_not_due"], False))
    if s.overpaid:
        rows.append((lab["overpaid"], v.overpaid or own.amount(s.overpaid), False))
    rows.append((lab["total_open"], v.total_open, True))
    return rows


def _statement_values(ctx: MessageContext, v: View, lab: dict[str, str]) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """What a layout skeleton needs of the statement: which summary rows there are (the layout's key, with every
    condition `_summary` asks) and the statement's own texts (`D`), in the order `_summary` asks for them."""
    s = ctx.statement
    texts: list[str] = []
    invoices = s.invoices
    for inv in invoices:
        texts += _invoice_texts(lab, inv, v.lang)
    costs, vat, costs_paid, overpaid = s.costs > 0, s.vat > 0, bool(s.costs_paid), bool(s.overpaid)
    if costs:
        if vat and not v.vat:
            texts.append(eur(s.vat))
        if costs_paid:
            texts.append("- " + eur(s.costs_paid))
    if overpaid and not v.overpaid:
        texts.append(eur(s.overpaid))
    return (len(invoices), bool(s.paid), costs, vat, costs_paid, overpaid, not v.vat, not v.overpaid), tuple(texts)


_WIDTH = 72  # the plain-text body's lines


def _line(label: str, amount: str, width: int = _WIDTH) -> str:
    """A summary row as fixed-width text: the amount right-aligned; a label too long for the line gets its own."""
    room = width - len(amount)
    if len(label) + 2 > room:
        return label + "\n" + " " * room + amount
    return label.ljust(room) + amount


def _text_lines(
    summary: list[tuple[str, str, bool]], line: Callable[[str, str], str] = _line, width: int = _WIDTH
) -> list[str]:
    """The summary as fixed-width text: a rule above a bold row, then each row's line (or two)."""
    lines: list[str] = []
    for label, amount, strong in summary:
        if strong:
            lines.append("-" * width)
        lines.append(line(label, amount))
    return lines


def _same(text: str) -> str:
    return text


def _payment_rows(v: View, lab: dict[str, str], made: Callable[[str], str] = _same) -> list[tuple[str, str]]:
    # The view's shape decides the rows: a layout skeleton records them from its stand-in view, with `made` making
    # a stand-in of each text made here from a value (str(): what format() prints of a str, and of a stand-in).
    if not v.open:
        return []
    rows = [
        (lab["amount"], v.total_open),
        (lab["iban"], v.iban),
        (lab["account_name"], v.account_name),
        (lab["pay_ref"], made(f"{v.pay_ref!s} ({lab['pay_ref_hint']})")),
    ]
    if v.fourteen:
        f = v.fourteen
        rows.append(
            (lab["term"], made(lab["term_fourteen"].format(received=str(f.received), term_ends=str(f.term_ends))))
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
    v = view_values(ctx, medium="email", attached=attached)
    found = compiled.catalogue_of(v)
    if found is not None:
        catalogue, values = found
        lab = labels(v.lang)
        key, texts = _statement_values(ctx, v, lab)
        layout = catalogue.layouts.get(key)
        # the usual case written out here; a new shape, a refused one or the general route in _compose_shaped
        filled = None if layout is None else layout.inline(values, texts)
        if filled is not None:
            text, html, subject, blank_runs, _ = filled
            if blank_runs:  # the skeleton's own blank runs are squeezed already; a value can still add one
                text = _BLANK_RUNS.sub("\n\n", text)
            return ComposedEmail(subject, text, html, v.lang)
        composed = _compose_shaped(ctx, v, catalogue, values)
        if composed is not None:
            return composed
    return compose_email_reference(ctx, attached=attached)


# The layouts' skeletons are kept per catalogue shape, keyed by which summary rows the statement has. The rest is
# the view's values under labels: the subject, the title, the summary's amounts, the payment rows. What a fill
# takes besides the view's texts (`V`) is the statement's own texts (`D`, from `_statement_values`).
_OUTPUTS: dict[str, Any] = {
    # (text, html, subject): the text's blank runs squeezed, the text stripped and ended with a newline as the
    # reference does; every value in the HTML escaped
    "blank_runs": (0,),
    "stripped": (0,),
    "escaped": (1,),
    "helpers": {"_line": _line},
}


@dataclass(frozen=True, slots=True)
class _Layout:
    """One shape's layouts as two fill functions of the same skeletons: `inline` makes the catalogue's paragraphs
    from the values itself (the usual case); `general` takes them as `compiled.paragraphs_of` makes them, for a
    message whose values the reference's whitespace normalising changes. Both return (text, html, subject, whether
    the text may hold a blank run, …) or `inline` None."""

    inline: compiled.Filler
    general: compiled.Filler


def _compose_shaped(
    ctx: MessageContext, v: View, catalogue: compiled.Catalogue, values: tuple[Any, ...]
) -> ComposedEmail | None:
    lab = labels(v.lang)
    key, texts = _statement_values(ctx, v, lab)
    layout = catalogue.layouts.get(key, _MISSING)
    if layout is _MISSING:
        if compiled.paragraphs_of(catalogue, values) is None:
            return None  # this message renders with Jinja: the skeleton is built and checked with the next one
        layout = compiled.remember(
            catalogue.layouts,
            key,
            compiled.LAYOUTS_MAX,
            lambda: _checked_layout(ctx, v, catalogue, values, texts, lab),
            f"e-mail layouts {v.lang}",
        )
    if layout is None:
        return None
    return _fill(v, catalogue, values, layout, texts)


def _fill(
    v: View,
    catalogue: compiled.Catalogue,
    values: tuple[Any, ...],
    layout: _Layout,
    texts: tuple[str, ...],
    *,
    general: bool = False,
) -> ComposedEmail | None:
    filled = None if general else layout.inline(values, texts)
    if filled is None:  # a paragraph's values need normalising as the reference does
        paragraphs = compiled.paragraphs_of(catalogue, values)
        if paragraphs is None:
            return None
        filled = layout.general(values, paragraphs, texts)
        assert filled is not None
    text, html, subject, blank_runs, _ = filled
    if blank_runs:  # the skeleton's own blank runs are squeezed already; a value can still add one
        text = _BLANK_RUNS.sub("\n\n", text)
    return ComposedEmail(subject, text, html, v.lang)


_MISSING = object()


def _squeeze(static: str) -> str:
    return _BLANK_RUNS.sub("\n\n", static)


class _StandIns(_StatementTexts):
    """The statement's own texts as a skeleton records them: `D[0]`, `D[1]`, … in the order `_summary` asks."""

    def __init__(self, recorder: compiled.Recorder) -> None:
        self.recorder = recorder
        self.count = 0

    def _next(self) -> str:
        self.count += 1
        return self.recorder.slot(f"D[{self.count - 1}]")

    def invoice(self, inv: Any) -> tuple[str, str]:
        return self._next(), self._next()

    def amount(self, value: Decimal) -> str:
        return self._next()

    def minus(self, value: Decimal) -> str:
        return self._next()

    def label(self, label: str, name: str, value: str) -> str:
        return self.recorder.made(label.format(**{name: str(value)}))


def _build_layout(ctx: MessageContext, v: View, catalogue: compiled.Catalogue, lab: dict[str, str]) -> _Layout:
    env = compiled.skeleton_environment()
    with compiled.recording() as recorder:
        blocks = compiled.paragraph_slots(recorder, catalogue)
        sentinel = recorder.view(as_view(v))
        summary = _summary(ctx, sentinel, lab, _StandIns(recorder))

        def line(label: str, amount: str) -> str:
            if len(recorder.pieces(label)) > 1:
                return recorder.deferred((label, amount), "_line({}, {})".format)
            room = _WIDTH - 2 - len(label)  # a label the skeleton knows: the one-line case written out, no call

            def call(_: str, amount: str) -> str:
                first, then = compiled.once(amount)
                one = f"{label!r}.ljust({_WIDTH} - len({then})) + {then}"
                return f"({one} if len({first}) <= {room} else _line({label!r}, {then}))"

            return recorder.deferred((label, amount), call)

        values = _layout_values(
            sentinel,
            blocks,
            lab,
            recorder.made(" ".join(blocks["subject"])),
            summary,
            _text_lines(summary, line),
            recorder.made(lab["statement_title"].format(date=str(sentinel.as_of))),
            _payment_rows(sentinel, lab, recorder.made),
        )

        def html_paras(name: str, style: str = _PARAGRAPH_STYLE) -> Markup:
            return _html_paras(blocks[name], style, compiled.linkify_op)

        def text_paras(name: str) -> str:
            return _text_paras(blocks[name], compiled.wrap_op)

        text = env.get_template("email.txt.j2").render(values, paras=text_paras)
        html = env.get_template("email.html.j2").render(values, paras=html_paras)
        outputs = [(text, _squeeze), (html, None), (str(values["subject"]), None)]
        return _Layout(
            inline=recorder.function(("V", "D"), outputs, inline=catalogue, **_OUTPUTS),
            general=recorder.function(("V", "P", "D"), outputs, **_OUTPUTS),
        )


def _checked_layout(
    ctx: MessageContext,
    v: View,
    catalogue: compiled.Catalogue,
    values: tuple[Any, ...],
    texts: tuple[str, ...],
    lab: dict[str, str],
) -> _Layout:
    """The layouts' skeleton for this shape, rendered both ways once for this message."""
    layout = _build_layout(ctx, v, catalogue, lab)
    if layout.inline(values, texts) is None:
        # this message's values are normalised on the general route: the inline one checked on made-up values
        made_up = compiled.flatten(compiled.synthetic(as_view(v)))[1]
        paragraphs = compiled.paragraphs_of(catalogue, made_up)
        inline = layout.inline(made_up, texts)
        general = None if paragraphs is None else layout.general(made_up, paragraphs, texts)
        if inline is None or general is None or inline[:-1] != general[:-1]:
            raise compiled.Unsupported("the skeleton's inline paragraphs differ from the catalogue's")
    reference = compose_email_reference(ctx, attached=v.attached)
    for general_route in (False, True):
        if _fill(v, catalogue, values, layout, texts, general=general_route) != reference:
            raise compiled.Unsupported("the skeleton's e-mail differs from Jinja's")
    return layout


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
