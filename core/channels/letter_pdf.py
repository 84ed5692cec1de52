"""The debtor letter as a PDF (A4), drawn with ReportLab platypus.

Layout (Dutch business letter for a window envelope with the window on the left):
- letterhead: the agency's name and contact details at the top;
- the debtor's address in the window position, about 20 mm from the left and 50 mm from the top, with a small
  return address above it; date, case number, payment reference and creditor to the right, outside the window;
- subject, salutation and the body from the message catalogue (``core/channels/templates``), the itemised
  statement (invoices, principal, interest per period with rate and base, payments and how they were allocated,
  collection costs, VAT, total open), how to pay, the Telegram link with its QR code, and the legal block: the
  agency's Justis registration number, the creditor's name, KvK number and e-mail, the complaint procedure;
- a footer on every page, and "page x of y" when the letter runs to more than one page.

Wording comes only from the catalogue, so the letter and the e-mail say the same thing. The standard PDF fonts
(Helvetica) are used: nothing to register, load or subset per letter (bench/letters.py: ~65 letters/s on one
core, of which the QR code's mask selection is about a third).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from core.channels.content import AgencyInfo, MessageContext
from core.channels.templates import Texts, View, eur, group_iban, minus_eur, percent, short_date, texts, view
from core.law.collection_costs import VAT_PERCENT

# Binary (Flate only) content streams instead of ASCII85 on top: smaller files and ~1 ms less per letter. ASCII85
# only matters for 7-bit channels; e-mail attachments are base64 anyway. Process-wide, read when a page is written.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 20 * mm
RIGHT = 20 * mm
BODY_WIDTH = PAGE_WIDTH - LEFT - RIGHT
# Window envelope (venster links): the address must sit inside a window about 20 mm from the left edge and
# 50 mm from the top edge of the sheet, roughly 90 x 45 mm.
WINDOW_LEFT = 20 * mm
WINDOW_TOP = 50 * mm
WINDOW_WIDTH = 90 * mm
REFERENCE_LEFT = WINDOW_LEFT + WINDOW_WIDTH + 15 * mm  # right of the window, so it never shows through it
FIRST_BODY_TOP = 102 * mm  # below the window and the reference block
LATER_BODY_TOP = 22 * mm
BODY_BOTTOM = 24 * mm

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#EEF1F4")
RULE = colors.HexColor("#9AA5B1")

_STYLE_BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=5)
_STYLE_SUBJECT = ParagraphStyle("subject", parent=_STYLE_BODY, fontName=BOLD, fontSize=10.5, leading=13, spaceAfter=9)
_STYLE_HEADING = ParagraphStyle("heading", parent=_STYLE_BODY, fontName=BOLD, fontSize=10, spaceBefore=6, spaceAfter=4)
_STYLE_STRONG = ParagraphStyle("strong", parent=_STYLE_BODY, fontName=BOLD)
_STYLE_SMALL = ParagraphStyle("small", fontName=FONT, fontSize=7.8, leading=9.6, spaceAfter=3, textColor=GREY)
_STYLE_SMALL_HEAD = ParagraphStyle("smallhead", parent=_STYLE_SMALL, fontName=BOLD, spaceAfter=1)
_STYLE_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.2)
_STYLE_CELL_BOLD = ParagraphStyle("cellbold", parent=_STYLE_CELL, fontName=BOLD)

_CELL_SIZE = 8.5
_CELL_PAD = 6  # left + right padding of a table cell (3 pt each side)
_URL = re.compile(r"https?://[^\s<]+[^\s<.,;:)]")


def _markup(text: str) -> str:
    """Plain catalogue text as ReportLab paragraph markup: links clickable, `€ 12,34` kept on one line."""
    text = escape(text).replace("€ ", "€\u00a0")
    return _URL.sub(lambda m: f'<a href="{m.group(0)}" color="#1a4f8b">{m.group(0)}</a>', text)


def _paras(paragraphs: list[str], style: ParagraphStyle = _STYLE_BODY) -> list[Flowable]:
    return [Paragraph(_markup(p), style) for p in paragraphs]


def _cell(text: str, width: float, *, bold: bool = False) -> str | Paragraph:
    """A plain string when it fits on one line (cheap to lay out), else a wrapping paragraph."""
    if stringWidth(text, BOLD if bold else FONT, _CELL_SIZE) <= width - _CELL_PAD:
        return text
    return Paragraph(escape(text), _STYLE_CELL_BOLD if bold else _STYLE_CELL)


# -- QR code ---------------------------------------------------------------------------------------------


class _QrCode(Flowable):
    """The QR code of a link: ReportLab's encoder, drawn as one filled path (one PDF object, not a shape each)."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        self.width = self.height = size
        self._qr = QrCodeWidget(value, barLevel="M").qr

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        qr = self._qr
        qr.make()  # includes the choice of the mask with the lowest penalty (ISO/IEC 18004), ~6 ms of a letter
        count = qr.getModuleCount()
        border = 2  # quiet zone in modules; the white around the code on the page adds to it
        box = self.width / (count + 2 * border)
        # One rectangle per horizontal run of dark modules, in module units under a scaling transform, written
        # as literal path operators: a few hundred rects through the path API cost more than encoding the code.
        ops: list[str] = []
        for r, row in enumerate(qr.modules):
            y = count - 1 - r
            start = None
            for c, dark in enumerate([*row, False]):
                if dark and start is None:
                    start = c
                elif not dark and start is not None:
                    ops.append(f"{start} {y} {c - start} 1 re")
                    start = None
        canv = self.canv
        canv.saveState()
        canv.translate(border * box, border * box)
        canv.scale(box, box)
        canv.setFillColor(colors.black)
        canv.addLiteral("\n".join(ops) + "\nf")
        canv.restoreState()


# -- page furniture --------------------------------------------------------------------------------------


def _numbered_canvas(page_label: str) -> type[Canvas]:
    """A canvas that holds the pages back until the end, so each can say "page x of y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                if total > 1:
                    self.setFont(FONT, 7.5)
                    self.setFillColor(GREY)
                    self.drawRightString(PAGE_WIDTH - RIGHT, 10 * mm, page_label.format(page=number, pages=total))
                super().showPage()
            super().save()

    return NumberedCanvas


_CANVASES: dict[str, type[Canvas]] = {}


def _canvas_class(page_label: str) -> type[Canvas]:
    cls = _CANVASES.get(page_label)
    if cls is None:
        cls = _CANVASES[page_label] = _numbered_canvas(page_label)
    return cls


def _first_page(v: View, t: Texts, ctx: MessageContext) -> Callable[[Canvas, Any], None]:
    labels = t.labels
    agency = ctx.agency
    debtor = ctx.debtor

    def draw(canv: Canvas, doc: Any) -> None:
        canv.saveState()
        top = PAGE_HEIGHT
        # Letterhead.
        canv.setFillColor(colors.HexColor("#1a3c5e"))
        canv.setFont(BOLD, 17)
        canv.drawString(LEFT, top - 20 * mm, agency.name)
        canv.setFont(FONT, 8)
        canv.setFillColor(GREY)
        canv.drawString(LEFT, top - 25 * mm, f"{labels['registration']}: {agency.registration_number}")
        lines = [*agency.address_lines, f"{labels['phone']} {agency.phone}", agency.email, agency.website]
        y = top - 14 * mm
        for line in lines:
            canv.drawRightString(PAGE_WIDTH - RIGHT, y, line)
            y -= 3.6 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(LEFT, top - 36 * mm, PAGE_WIDTH - RIGHT, top - 36 * mm)

        # The window: return address (small, one line), then the debtor's address.
        canv.setFont(FONT, 6.5)
        canv.drawString(
            WINDOW_LEFT,
            top - WINDOW_TOP - 4 * mm,
            f"{labels['return_address']}: {agency.name}, " + ", ".join(agency.address_lines),
        )
        canv.setFillColor(colors.black)
        canv.setFont(FONT, 10)
        address = [debtor.name]
        if debtor.street:
            address.append(debtor.street)
        address.append(" ".join(part for part in (debtor.postcode, debtor.city) if part))
        if debtor.country and debtor.country.upper() not in ("NL", "NEDERLAND", "THE NETHERLANDS"):
            address.append(debtor.country.upper())
        y = top - WINDOW_TOP - 11 * mm
        for line in address:
            canv.drawString(WINDOW_LEFT, y, line)
            y -= 4.6 * mm

        # Reference block, right of the window.
        rows = [
            (labels["date"], v.letter_date),
            (labels["case"], v.ref),
            (labels["pay_ref"], v.pay_ref),
            (labels["creditor"], ctx.creditor.name),
        ]
        y = top - WINDOW_TOP - 4 * mm
        for label, value in rows:
            canv.setFont(FONT, 7)
            canv.setFillColor(GREY)
            canv.drawString(REFERENCE_LEFT, y, label)
            canv.setFont(FONT, 9)
            canv.setFillColor(colors.black)
            canv.drawString(REFERENCE_LEFT, y - 3.6 * mm, value)
            y -= 9 * mm
        _footer(canv, t, agency)
        canv.restoreState()

    return draw


def _later_page(v: View, t: Texts, ctx: MessageContext) -> Callable[[Canvas, Any], None]:
    def draw(canv: Canvas, doc: Any) -> None:
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(GREY)
        canv.drawString(LEFT, PAGE_HEIGHT - 13 * mm, f"{ctx.agency.name} · {t.labels['case']} {v.ref}")
        canv.drawRightString(PAGE_WIDTH - RIGHT, PAGE_HEIGHT - 13 * mm, f"{ctx.debtor.name} · {v.letter_date}")
        _footer(canv, t, ctx.agency)
        canv.restoreState()

    return draw


def _footer(canv: Canvas, t: Texts, agency: AgencyInfo) -> None:
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.4)
    canv.line(LEFT, 16 * mm, PAGE_WIDTH - RIGHT, 16 * mm)
    canv.setFont(FONT, 7.5)
    canv.setFillColor(GREY)
    canv.drawString(
        LEFT,
        10 * mm,
        f"{agency.name} · {t.labels['registration']} {agency.registration_number} · "
        f"{t.labels['iban']} {group_iban(agency.collection_iban)}",
    )


# -- the statement table ---------------------------------------------------------------------------------

_COLS = (60 * mm, 75 * mm, 35 * mm)


class _Section:
    """Rows of one part of the statement (an invoice, the payments, the totals), laid out as its own table so a
    page break falls between parts; all parts share the column widths, so they read as one table."""

    def __init__(self, title: str) -> None:
        self.rows: list[list[Any]] = [[_cell(title, sum(_COLS), bold=True), "", ""]]
        self.style: list[tuple[Any, ...]] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ]

    def line(self, label: str, detail: str, amount: str, *, bold: bool = False, rule: bool = False) -> None:
        row = len(self.rows)
        self.rows.append([_cell(label, _COLS[0], bold=bold), _cell(detail, _COLS[1]), amount])
        if bold:
            self.style.append(("FONTNAME", (0, row), (-1, row), BOLD))
        if rule:
            self.style.append(("LINEABOVE", (0, row), (-1, row), 0.6, colors.black))

    def wide(self, text: str) -> None:
        """A description over the label and detail columns (allocation lines are long)."""
        row = len(self.rows)
        self.rows.append([_cell(text, _COLS[0] + _COLS[1] - 9), "", ""])
        self.style.append(("SPAN", (0, row), (1, row)))
        self.style.append(("LEFTPADDING", (0, row), (0, row), 12))

    def table(self) -> Table:
        table = Table(self.rows, colWidths=_COLS)
        table.setStyle(TableStyle([*_TABLE_STYLE, *self.style]))
        return table


_TABLE_STYLE: list[tuple[Any, ...]] = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), _CELL_SIZE),
    ("LEADING", (0, 0), (-1, -1), 10.2),
    ("ALIGN", (2, 0), (2, -1), "RIGHT"),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 1.6),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


def _statement_table(ctx: MessageContext, v: View, t: Texts) -> list[Flowable]:
    s = ctx.statement
    lang = v.lang
    lab = t.labels
    sections: list[_Section] = []
    unconfirmed = False

    for inv in s.invoices:
        part = _Section(
            lab["invoice"].format(number=inv.invoice_number)
            + " · "
            + lab["invoice_dates"].format(
                invoice_date=short_date(inv.invoice_date, lang), due_date=short_date(inv.due_date, lang)
            )
        )
        part.line(lab["principal"], "", eur(inv.principal))
        periods = inv.interest_periods
        if not periods:
            part.line(lab["no_interest"], "", eur(Decimal(0)))
        for p in periods:
            mark = "" if p.rate_confirmed else "*"
            unconfirmed = unconfirmed or not p.rate_confirmed
            part.line(
                lab["interest_period"].format(start=short_date(p.from_date, lang), end=short_date(p.to_date, lang)),
                lab["interest_detail"].format(
                    days=p.days,
                    day_word=lab["day"] if p.days == 1 else lab["days"],
                    rate=percent(p.rate, lang) + mark,
                    base=eur(p.base),
                ),
                eur(p.interest),
            )
        if inv.interest_paid:
            part.line(lab["paid_interest"], "", minus_eur(inv.interest_paid))
        if inv.principal_paid:
            part.line(lab["paid_principal"], "", minus_eur(inv.principal_paid))
        part.line(lab["invoice_open"], "", eur(inv.principal_open + inv.interest_open), bold=True)
        sections.append(part)

    if s.allocations:
        part = _Section(lab["payments"])
        several = len(s.invoices) > 1
        for alloc in s.allocations:
            part.line(lab["payment"].format(day=short_date(alloc.paid_on, lang)), "", eur(alloc.amount))
            parts = []
            if alloc.to_costs:
                parts.append(lab["payment_costs"].format(amount=eur(alloc.to_costs)))
            for al in alloc.lines:
                if al.to_interest or al.to_principal:
                    text = lab["payment_invoice"].format(
                        number=al.invoice_number, interest=eur(al.to_interest), principal=eur(al.to_principal)
                    )
                    parts.append(text if several else text.split(": ", 1)[1])
            if alloc.overpaid:
                parts.append(lab["payment_overpaid"].format(amount=eur(alloc.overpaid)))
            if parts:
                part.wide(lab["allocated"] + ": " + "; ".join(parts))
        sections.append(part)

    part = _Section(lab["totals"])
    part.line(lab["principal_open"], "", eur(s.principal_open))
    part.line(lab["interest_open"], "", eur(s.interest_open))
    if s.costs > 0:
        basis = lab["costs_statutory"] if s.cost_basis == "statutory" else lab["costs_agreed"]
        part.line(lab["costs"], basis.format(base=eur(s.costs_base)), eur(s.costs))
        if s.vat > 0:
            part.line(lab["vat"].format(percent=percent(VAT_PERCENT, lang)), "", eur(s.vat))
        if s.costs_paid:
            part.line(lab["costs_paid"], "", minus_eur(s.costs_paid))
    else:
        part.line(lab["costs"], lab["costs_in_letter"] if v.fourteen else lab["costs_not_due"], "-")
    if s.overpaid:
        part.line(lab["overpaid"], "", eur(s.overpaid))
    part.line(lab["total_open"], "", eur(s.total_open), bold=True, rule=True)
    part.style.append(("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.black))
    sections.append(part)

    heading = Paragraph(escape(lab["statement_title"].format(date=v.as_of)), _STYLE_HEADING)
    tables = [section.table() for section in sections]
    # The first part stays with the heading; payments and totals are short and are not torn over two pages.
    out: list[Flowable] = [KeepTogether([heading, tables[0]])]
    out.extend(tables[1:-2] if s.allocations else tables[1:-1])
    if s.allocations and len(s.allocations) < 10:
        out.append(KeepTogether([tables[-2]]))
    elif s.allocations:
        out.append(tables[-2])
    out.append(KeepTogether([tables[-1]]))
    if unconfirmed:
        out.append(Paragraph(escape(lab["unconfirmed"]), _STYLE_SMALL))
    out.append(Spacer(1, 2 * mm))
    out.extend(_paras(t["interest_note"], _STYLE_SMALL))
    return out


# -- payment instructions --------------------------------------------------------------------------------


def _payment_box(v: View, t: Texts) -> Flowable:
    lab = t.labels
    value_width = BODY_WIDTH - 52 * mm
    if v.fourteen:
        when_label = lab["term"]
        when = lab["term_fourteen"].format(received=v.fourteen.received, term_ends=v.fourteen.term_ends)
    else:
        when_label, when = lab["deadline"], v.deadline
    rows: list[list[Any]] = [
        [Paragraph(escape(lab["how_to_pay"]), _STYLE_CELL_BOLD), ""],
        [lab["amount"], _cell(v.total_open, value_width, bold=True)],
        [lab["iban"], v.iban],
        [lab["account_name"], _cell(v.account_name, value_width)],
        [lab["pay_ref"], _cell(f"{v.pay_ref}  ({lab['pay_ref_hint']})", value_width)],
        [when_label, Paragraph(escape(when), _STYLE_CELL)],
    ]
    if v.pay_url:
        rows.append([lab["pay_online"], Paragraph(_markup(v.pay_url), _STYLE_CELL)])
    table = Table(rows, colWidths=(52 * mm, value_width))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("FONTNAME", (1, 1), (1, 1), BOLD),
                ("SPAN", (0, 0), (-1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _telegram_block(v: View, t: Texts) -> Flowable | None:
    if not v.telegram:
        return None
    qr_size = 27 * mm
    text: list[Flowable] = [Paragraph(escape(t.labels["respond"]), _STYLE_CELL_BOLD)]
    text.extend(_paras(t["telegram"], _STYLE_CELL))
    table = Table([[text, _QrCode(v.telegram, qr_size)]], colWidths=(BODY_WIDTH - qr_size - 4 * mm, qr_size + 4 * mm))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


# -- the letter ------------------------------------------------------------------------------------------


def _story(ctx: MessageContext, v: View, t: Texts) -> list[Flowable]:
    lab = t.labels
    story: list[Flowable] = [NextPageTemplate("later")]
    story.append(Paragraph(escape(f"{lab['subject']}: {t.line('subject')}"), _STYLE_SUBJECT))
    story.extend(_paras(t["salutation"]))
    story.extend(_paras(t["intro"]))
    request = t["request"]
    if request:  # the one thing we ask, in bold (for the 14-day letter: the statutory term)
        story.extend(_paras(request[:1], _STYLE_STRONG))
        story.extend(_paras(request[1:]))
    story.extend(_paras(t["consequence"]))
    story.extend(_statement_table(ctx, v, t))
    story.append(Spacer(1, 3 * mm))
    if v.open:
        story.append(KeepTogether([_payment_box(v, t), Spacer(1, 3 * mm)]))
    story.extend(_paras(t["options"]))
    telegram = _telegram_block(v, t)
    if telegram is not None:
        story.append(telegram)
        story.append(Spacer(1, 2 * mm))
    story.append(
        KeepTogether(
            [
                *_paras(t["closing"]),
                Spacer(1, 3 * mm),
                *_paras(t["signature"], ParagraphStyle("sig", parent=_STYLE_BODY, spaceAfter=0)),
            ]
        )
    )
    story.append(Spacer(1, 4 * mm))
    legal: list[Flowable] = [Paragraph(escape(lab["about"]), _STYLE_SMALL_HEAD)]
    legal.extend(_paras(t["legal"], _STYLE_SMALL))
    legal.extend(_paras(t["agency_contact"], _STYLE_SMALL))
    legal.append(Paragraph(escape(lab["complaints"]), _STYLE_SMALL_HEAD))
    legal.extend(_paras(t["complaint"], _STYLE_SMALL))
    story.append(KeepTogether(legal))
    return story


def render_letter(ctx: MessageContext) -> bytes:
    """The letter for ``ctx`` as PDF bytes (A4). Deterministic: the same context gives the same bytes."""
    v = view(ctx, medium="letter")
    t = texts(v)
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=LATER_BODY_TOP,
        bottomMargin=BODY_BOTTOM,
        title=t.line("subject"),
        author=ctx.agency.name,
        subject=ctx.case_reference,
        creator="Incasso",
        invariant=1,  # no timestamp or random id in the file: same letter, same bytes (and a stable archive hash)
        lang=v.lang,
    )
    first = Frame(
        LEFT,
        BODY_BOTTOM,
        BODY_WIDTH,
        PAGE_HEIGHT - FIRST_BODY_TOP - BODY_BOTTOM,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        LEFT,
        BODY_BOTTOM,
        BODY_WIDTH,
        PAGE_HEIGHT - LATER_BODY_TOP - BODY_BOTTOM,
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[first], onPage=_first_page(v, t, ctx)),
            PageTemplate(id="later", frames=[later], onPage=_later_page(v, t, ctx)),
        ]
    )
    doc.build(_story(ctx, v, t), canvasmaker=_canvas_class(t.labels["page"]))
    return buffer.getvalue()


__all__ = ["render_letter"]
