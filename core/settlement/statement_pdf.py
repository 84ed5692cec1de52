"""A creditor's settlement statement as PDF (ReportLab): per payment the allocation, the fee and the payout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.money import ZERO, format_eur
from core.schedule.calendar import AMSTERDAM
from core.settlement.fees import Share
from core.settlement.texts import locale_of, text

_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=12, spaceAfter=4)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=6)
_HEAD = ParagraphStyle("head", parent=_BODY, fontName="Helvetica-Bold", fontSize=11, spaceBefore=8)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#555555"))
COLUMNS = ("collected", "to_costs", "to_interest", "to_principal", "held", "fee", "payout")


@dataclass(frozen=True)
class StatementLine:
    reference: str
    debtor: str
    paid_on: date
    share: Share


@dataclass(frozen=True)
class StatementView:
    period: str
    last_day: date
    language: str
    agency_name: str
    creditor_name: str
    creditor_kvk: str
    payout_iban: str
    commission_percent: Decimal
    settled_at: datetime
    lines: list[StatementLine]

    def total(self, name: str) -> Decimal:
        return sum((_value(line.share, name) for line in self.lines), ZERO)


def _value(share: Share, name: str) -> Decimal:
    return share.amount if name == "collected" else getattr(share, name)


def render_statement(view: StatementView) -> bytes:
    lang, locale = view.language, locale_of(view.language)

    def eur(amount: Decimal) -> str:
        return format_eur(amount, locale)

    story: list = [
        Paragraph(escape(text("title", lang, period=view.period)), _TITLE),
        Paragraph(escape(f"{view.agency_name} — {view.settled_at.astimezone(AMSTERDAM):%d-%m-%Y}"), _SMALL),
        Spacer(1, 3 * mm),
        Paragraph(escape(f"{text('creditor', lang)}: {view.creditor_name} (KvK {view.creditor_kvk}), "
                         f"IBAN {view.payout_iban}"), _BODY),
        Paragraph(escape(text("intro", lang, period=view.period, last_day=f"{view.last_day:%d-%m-%Y}")), _BODY),
        Paragraph(escape(
            text("terms", lang, commission=f"{view.commission_percent.normalize():f} %")
            if view.commission_percent else text("terms_costs_only", lang)
        ), _BODY),
    ]
    header = [text("case", lang), text("debtor", lang), text("paid_on", lang), *(text(c, lang) for c in COLUMNS)]
    rows: list[list[str]] = [header]
    for line in view.lines:
        rows.append([line.reference, line.debtor[:28], f"{line.paid_on:%d-%m-%Y}",
                     *(eur(_value(line.share, c)) for c in COLUMNS)])
    rows.append([text("totals", lang), "", "", *(eur(view.total(c)) for c in COLUMNS)])
    table = Table(rows, repeatRows=1, colWidths=[30 * mm, 42 * mm, 20 * mm] + [25 * mm] * len(COLUMNS))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 7.5),
        ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f3f3f3")]),
    ]))
    story += [Spacer(1, 3 * mm), table, Spacer(1, 4 * mm), Paragraph(escape(text("summary", lang)), _HEAD)]
    summary = [
        [text("collected", lang), eur(view.total("collected"))],
        [text("to_costs", lang), eur(view.total("to_costs"))],
        [text("commission", lang), eur(view.total("commission"))],
        [text("commission_vat", lang), eur(view.total("commission_vat"))],
        [text("fee", lang), eur(view.total("fee"))],
        [text("held", lang), eur(view.total("held"))],
        [text("payout", lang), eur(view.total("payout"))],
    ]
    box = Table(summary, colWidths=[50 * mm, 30 * mm])
    box.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
    ]))
    payout = view.total("payout")
    story += [
        box, Spacer(1, 3 * mm),
        Paragraph(escape(text("to_account", lang, payout=eur(payout), iban=view.payout_iban)
                         if payout > 0 else text("nothing_to_pay", lang)), _BODY),
        Paragraph(escape(text("held_note", lang)), _SMALL),
        Paragraph(escape(text("late_note", lang)), _SMALL),
    ]
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm,
                            title=text("title", lang, period=view.period), author=view.agency_name)
    doc.build(story)
    return out.getvalue()
