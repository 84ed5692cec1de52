"""A draft summons (concept-dagvaarding) as PDF, generated from the case, for a bailiff or lawyer to finish.

In Dutch: proceedings before a Dutch court are in Dutch. Every page says it is a draft. What only the bailiff or
lawyer can fill in (the date of service, the hearing date and location, the bailiff's name) is left as marked
blanks. The grounds come from the case: the invoices, the agreement or terms if on file, the reminders sent
according to the contact log, the debtor's defence (the dispute) and the answer to it, payments, the amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select

from core.db.models import Case, ContactStep, Creditor, Debtor, Dispute, Document, FourteenDayLetter, Payment
from core.judicial.districts import district_for
from core.law import Statement
from core.law.court_costs import Court, court_costs
from core.money import format_eur
from core.services.case_view import statement_for
from core.uow import UnitOfWork

BLANK = "[…in te vullen…]"
_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5, spaceAfter=4)
_HEAD = ParagraphStyle("head", parent=_BODY, fontName="Helvetica-Bold", fontSize=11, spaceBefore=8, spaceAfter=4)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=6)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=8, leading=10, textColor=colors.HexColor("#555555"))
_TEMPLATES = {
    "demand": "sommatiebrief",
    "reminder": "herinnering",
    "final_notice": "laatste aanmaning",
    "costs_now_due": "mededeling incassokosten verschuldigd",
}


@dataclass
class SummonsData:
    reference: str
    as_of: date
    creditor_name: str
    creditor_kvk: str
    agent_name: str  # the agency, as the creditor's representative (gemachtigde)
    debtor_name: str
    debtor_kind: str
    debtor_address: list[str]
    debtor_kvk: str | None
    court: Court
    district: str | None
    statement: Statement
    invoices: list[tuple[str, date, date, str, Decimal]]  # number, date, due, description, principal
    agreement_documents: list[tuple[str, str]]  # (kind, file name)
    reminders: list[tuple[date, str, str]]  # (date, channel, what)
    fourteen_day_letter: tuple[date, date] | None  # sent, term ends
    defences: list[tuple[str, str | None, str]]  # (debtor's words, our answer, status)
    payments: list[tuple[date, Decimal]]
    exhibits: list[tuple[str, str]] = field(default_factory=list)  # (kind, file name): the producties


def summons_data(uow: UnitOfWork, case: Case, as_of: date, *, agent_name: str = "") -> SummonsData:
    s = uow.session
    creditor = s.get_one(Creditor, case.creditor_id)
    debtor = s.get_one(Debtor, case.debtor_id)
    statement = statement_for(uow, case, as_of)
    documents = s.scalars(select(Document).where(Document.case_id == case.id).order_by(Document.id)).all()
    steps = s.scalars(
        select(ContactStep)
        .where(ContactStep.case_id == case.id, ContactStep.status == "done",
               ContactStep.channel.in_(("letter", "email", "telegram")))
        .order_by(ContactStep.due_at, ContactStep.id)
    ).all()
    letter = s.scalars(
        select(FourteenDayLetter).where(FourteenDayLetter.case_id == case.id).order_by(FourteenDayLetter.id)
    ).first()
    disputes = s.scalars(select(Dispute).where(Dispute.case_id == case.id).order_by(Dispute.id)).all()
    payments = s.scalars(select(Payment).where(Payment.case_id == case.id).order_by(Payment.paid_on)).all()
    address = [line for line in (debtor.street, f"{debtor.postcode or ''} {debtor.city or ''}".strip()) if line]
    district = district_for(debtor.postcode, debtor.country or "NL")
    return SummonsData(
        reference=case.reference,
        as_of=as_of,
        creditor_name=creditor.name,
        creditor_kvk=creditor.kvk_number,
        agent_name=agent_name,
        debtor_name=debtor.name,
        debtor_kind=debtor.kind,
        debtor_address=address,
        debtor_kvk=debtor.kvk_number,
        court=court_costs().court_for(statement.total_open),
        district=district.name if district else None,
        statement=statement,
        invoices=[
            (line.invoice_number, line.invoice_date, line.due_date, line.description or "", line.principal)
            for line in case.claim_lines
        ],
        agreement_documents=[(d.kind, d.file_name) for d in documents
                             if d.kind in ("terms", "order_confirmation", "quote", "proof_of_delivery")],
        reminders=[
            ((step.done_at or step.due_at).date(), step.channel, _TEMPLATES.get(step.template, step.template))
            for step in steps
        ],
        fourteen_day_letter=(letter.sent_on, letter.term_ends) if letter else None,
        defences=[(d.reason, d.resolution, d.status) for d in disputes],
        payments=[(p.paid_on, p.amount) for p in payments],
        exhibits=[(d.kind, d.file_name) for d in documents if d.kind not in ("summons", "court_document")],
    )


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _eur(amount: Decimal) -> str:
    return format_eur(amount, "nl_NL")


def _day(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _table(rows: list[list[Any]], widths: list[float], *, total: bool = False) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if total:
        style += [("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9), ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey)]
    table.setStyle(TableStyle(style))
    return table


def _draft_banner(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica-Bold", 9)
    canvas.setFillColor(colors.HexColor("#B00020"))
    canvas.drawString(20 * mm, A4[1] - 12 * mm, "CONCEPT — door deurwaarder of advocaat te voltooien; niet betekend")
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(colors.grey)
    canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"concept-dagvaarding {doc.title}  —  pagina {doc.page}")
    canvas.restoreState()


def render_summons(data: SummonsData) -> bytes:
    st = data.statement
    story: list[Any] = [
        _p("CONCEPT-DAGVAARDING", _TITLE),
        _p(f"Dossier {data.reference} — opgesteld op {_day(data.as_of)}. Een concept: de deurwaarder of advocaat "
           "vult de open plekken in, controleert het geheel en betekent het.", _SMALL),
        _p(f"Heden, {BLANK} (datum betekening), op verzoek van:", _BODY),
        _p(f"{data.creditor_name}, ingeschreven bij de Kamer van Koophandel onder nummer {data.creditor_kvk}, "
           f"gevestigd te {BLANK}, hierna: eiser", _BODY),
    ]
    if data.agent_name:
        story.append(_p(f"die voor deze zaak woonplaats kiest ten kantore van de gemachtigde {data.agent_name}", _BODY))
    story += [
        _p(f"heb ik, {BLANK}, gerechtsdeurwaarder te {BLANK},", _BODY),
        _p("GEDAGVAARD:", _HEAD),
        _p(", ".join([data.debtor_name, *data.debtor_address])
           + (f", KvK {data.debtor_kvk}" if data.debtor_kvk else "") + ", hierna: gedaagde", _BODY),
    ]
    if data.court is Court.KANTON:
        where = f"de rechtbank {data.district or BLANK}, team kanton, locatie {BLANK}"
        story.append(_p(f"om op {BLANK} (rolzitting, datum en tijd) te verschijnen voor de kantonrechter van {where}. "
                        "Gedaagde hoeft zich niet door een advocaat te laten bijstaan.", _BODY))
    else:
        story.append(_p(f"om bij advocaat te verschijnen ter terechtzitting van de rechtbank {data.district or BLANK} "
                        f"op {BLANK}. De vordering is hoger dan € 25.000: eiser moet zich laten bijstaan door een "
                        "advocaat, die dit concept voltooit.", _BODY))

    story += [_p("1. De vordering", _HEAD), _p("Eiser heeft aan gedaagde geleverd en gefactureerd:", _BODY)]
    rows: list[list[Any]] = [["Factuur", "Datum", "Vervaldatum", "Omschrijving", "Bedrag"]]
    rows += [
        [number, _day(day), _day(due), _p(desc or "-", _SMALL), _eur(amount)]
        for number, day, due, desc, amount in data.invoices
    ]
    story.append(_table(rows, [28 * mm, 22 * mm, 24 * mm, 70 * mm, 26 * mm]))

    story.append(_p("2. De overeenkomst", _HEAD))
    names = {"terms": "algemene voorwaarden", "order_confirmation": "opdrachtbevestiging", "quote": "offerte",
             "proof_of_delivery": "bewijs van levering"}
    if data.agreement_documents:
        for kind, file_name in data.agreement_documents:
            story.append(_p(f"- {names.get(kind, kind)}: productie “{file_name}”", _BODY))
    else:
        story.append(_p(f"Tussen partijen is een overeenkomst gesloten {BLANK} (geen overeenkomst of voorwaarden in "
                        "het dossier: aanvullen).", _BODY))

    story.append(_p("3. Aanmaningen", _HEAD))
    if data.reminders:
        story.append(_p("Gedaagde is gemaand te betalen, volgens het contactlogboek:", _BODY))
        story += [_p(f"- {_day(day)}: {what} per {channel}", _BODY) for day, channel, what in data.reminders]
    else:
        story.append(_p("Geen verzonden aanmaningen in het contactlogboek.", _BODY))
    if data.fourteen_day_letter:
        sent, ends = data.fourteen_day_letter
        story.append(_p(f"De veertiendagenbrief (art. 6:96 lid 6 BW) is verzonden op {_day(sent)}; de termijn "
                        f"eindigde op {_day(ends)}.", _BODY))
    elif data.debtor_kind == "consumer":
        story.append(_p("Geen veertiendagenbrief in het dossier: tegen een consument zijn incassokosten dan niet "
                        "toewijsbaar.", _BODY))

    story.append(_p("4. Het verweer van gedaagde", _HEAD))
    if data.defences:
        for words, answer, status in data.defences:
            story.append(_p(f"Gedaagde heeft aangevoerd: “{words}”", _BODY))
            story.append(_p(f"Antwoord van eiser: {answer or BLANK} (status: {status})", _BODY))
    else:
        story.append(_p("Gedaagde heeft de vordering niet betwist.", _BODY))
    if data.payments:
        story.append(_p("Gedaagde heeft gedeeltelijk betaald: " + "; ".join(
            f"{_eur(amount)} op {_day(day)}" for day, amount in data.payments) + ".", _BODY))

    story.append(_p(f"5. Bedragen per {_day(data.as_of)}", _HEAD))
    amounts = [["", "Bedrag"],
               ["Hoofdsom (open)", _eur(st.principal_open)],
               [f"Rente ({st.interest_basis}) tot {_day(data.as_of)}", _eur(st.interest_open)],
               ["Buitengerechtelijke incassokosten", _eur(st.costs)]]
    if st.vat:
        amounts.append(["Btw over incassokosten", _eur(st.vat)])
    if st.costs_paid:
        amounts.append(["Betaald op kosten", "-" + _eur(st.costs_paid)])
    amounts.append(["Totaal", _eur(st.total_open)])
    story.append(_table(amounts, [120 * mm, 40 * mm], total=True))

    story += [
        _p("EIS", _HEAD),
        _p(f"Eiser vordert dat de rechter gedaagde veroordeelt tot betaling van {_eur(st.total_open)}, vermeerderd "
           f"met de wettelijke rente over de hoofdsom vanaf {_day(data.as_of)} tot de dag van volledige betaling, "
           "en in de proceskosten, waaronder het griffierecht, de kosten van deze dagvaarding en het salaris van de "
           "gemachtigde, met de nakosten.", _BODY),
        _p("Producties", _HEAD),
    ]
    if data.exhibits:
        story += [_p(f"{n}. {file_name} ({kind})", _BODY) for n, (kind, file_name) in enumerate(data.exhibits, 1)]
    else:
        story.append(_p("Geen documenten in het dossier.", _BODY))
    story += [Spacer(1, 6 * mm), _p(f"De kosten van dit exploot zijn {BLANK}.", _BODY)]

    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=18 * mm,
        title=data.reference, author=data.agent_name or "Incasso", subject="concept-dagvaarding",
    )
    doc.build(story, onFirstPage=_draft_banner, onLaterPages=_draft_banner)
    return out.getvalue()


def draft_summons(uow: UnitOfWork, case: Case, as_of: date, *, agent_name: str = "") -> bytes:
    return render_summons(summons_data(uow, case, as_of, agent_name=agent_name))
