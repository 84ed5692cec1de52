"""The letter PDF: rendered for real, read back with pypdf, and checked for every element the law asks for
(reference §2 the 14-day letter, §6 Wet kwaliteit incassodienstverlening) and for the window position."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from core.channels.content import MessageContext, Template
from core.channels.letter_pdf import render_letter
from core.channels.samples import sample_context
from core.channels.templates import eur, group_iban, long_date, short_date, texts, view

MM = 72 / 25.4
A4_HEIGHT = 297 * MM

FOURTEEN_DAY_WORDING = {
    "nl": "binnen veertien dagen na de dag waarop u deze brief hebt ontvangen",
    "en": "within fourteen days after the day on which you received this letter",
}
# Wordings that make a 14-day letter invalid (a term counted from the letter's date) or that threaten.
WRONG_WORDINGS = (
    "dagtekening",
    "na de datum van deze brief",
    "vanaf de datum van deze brief",
    "14 dagen",
    "from the date of this letter",
    "of the date of this letter",
    "14 days",
)
THREATS = ("beslag", "deurwaarder", "bkr", "bailiff", "seize", "seizure", "credit register")


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """All whitespace (line breaks, no-break spaces) as one space: a sentence may wrap anywhere."""
    return " ".join(text.split())


def letter_text(ctx: MessageContext) -> str:
    return flat("\n".join(pdf_pages(render_letter(ctx))))


def common_elements(ctx: MessageContext) -> list[str]:
    """What every letter must show: agency registration, creditor, invoice details, how to pay, complaints."""
    lang = ctx.language
    s = ctx.statement
    out = [
        ctx.agency.registration_number,
        ctx.creditor.name,
        ctx.creditor.kvk_number,
        ctx.case_reference,
        ctx.payment_reference,
        group_iban(ctx.agency.collection_iban),
        ctx.agency.collection_account_name,
        flat(ctx.agency.complaint_text_nl if lang == "nl" else ctx.agency.complaint_text_en),
        ctx.debtor.name,
        eur(s.total_open),
    ]
    if ctx.creditor.email:
        out.append(ctx.creditor.email)
    for inv in s.invoices:
        out += [inv.invoice_number, short_date(inv.invoice_date, lang), short_date(inv.due_date, lang)]
        out.append(eur(inv.principal))
        for period in inv.interest_periods:
            start, end = short_date(period.from_date, lang), short_date(period.to_date, lang)
            out.append(f"{start} t/m {end}" if lang == "nl" else f"{start} to {end}")
            out.append(eur(period.interest))
            out.append(eur(period.base))
    if ctx.telegram_link:
        out.append(ctx.telegram_link)
    if ctx.pay_url:
        out.append(ctx.pay_url)
    return out


def assert_contains_all(text: str, needles: list[str]) -> None:
    missing = [needle for needle in needles if needle not in text]
    assert not missing, f"missing from the letter: {missing}"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_fourteen_day_letter_has_every_legal_element(language: str) -> None:
    ctx = sample_context(Template.DEMAND, language, fourteen_day=True)
    term = ctx.fourteen_day
    assert term is not None and term.vat > 0  # the sample creditor cannot deduct VAT
    text = letter_text(ctx)

    assert_contains_all(text, common_elements(ctx))
    # The interest rate per period (6 % for consumers in 2025) and the basis.
    assert "6% per jaar" in text if language == "nl" else "6% a year" in text
    assert "6:119 BW" in text
    # The statutory term, the presumed receipt and the last day, the exact costs, the VAT declaration.
    assert FOURTEEN_DAY_WORDING[language] in text
    assert long_date(term.presumed_receipt, language) in text
    assert long_date(term.term_ends, language) in text
    assert eur(term.costs) == "€ 151,23"  # 15 % of the principal still open (€ 1.008,22)
    assert eur(term.costs) in text
    assert eur(term.vat) in text and eur(term.costs + term.vat) in text
    assert "21%" in text
    if language == "nl":
        assert "Betaalt u niet op tijd? Dan moet u ook incassokosten betalen. Die kosten zijn € 151,23." in text
        assert "kan de btw over deze kosten niet aftrekken. Daarom komt er 21% btw bij: € 31,76" in text
    else:
        assert "If you do not pay in time, you will also have to pay collection costs. These costs are € 151,23." in (
            text
        )
        assert "cannot deduct the VAT on these costs. This is why 21% VAT is added: € 31,76" in text
    # No collection costs are claimed now: the statement shows them as not (yet) due and the total excludes them.
    assert ctx.statement.costs == 0
    assert ("nog niet verschuldigd" if language == "nl" else "not (yet) due") in text
    total_label = "Totaal open" if language == "nl" else "Total open"
    assert f"{total_label} {eur(ctx.statement.total_open)}" in text
    # How the partial payment was allocated.
    assert "€ 250,00" in text
    assert ("rente € 8,22, hoofdsom € 241,78" if language == "nl" else "interest € 8,22, principal € 241,78") in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_fourteen_day_letter_never_uses_a_wrong_term_or_threat(language: str) -> None:
    for template in Template:
        text = letter_text(sample_context(template, language, fourteen_day=True)).lower()
        for wrong in (*WRONG_WORDINGS, *THREATS):
            assert wrong not in text, f"{template} ({language}) says {wrong!r}"


def test_fourteen_day_letter_without_vat_makes_no_vat_declaration() -> None:
    ctx = sample_context(Template.DEMAND, "nl", fourteen_day=True, vat_deductible=True)
    assert ctx.fourteen_day is not None and ctx.fourteen_day.vat == 0
    text = letter_text(ctx)
    assert FOURTEEN_DAY_WORDING["nl"] in text
    assert "Die kosten zijn € 151,23." in text
    assert "btw" not in text.lower()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_business_letter_shows_costs_as_due(language: str) -> None:
    ctx = sample_context(Template.REMINDER, language, fourteen_day=False, debtor_kind="business")
    s = ctx.statement
    assert s.costs > 0 and s.vat > 0
    text = letter_text(ctx)

    assert_contains_all(text, common_elements(ctx))
    assert eur(s.costs) in text and eur(s.vat) in text
    assert ("Btw 21% over de incassokosten" if language == "nl" else "VAT 21% on the collection costs") in text
    assert ("11,15% per jaar" if language == "nl" else "11.15% a year") in text  # art. 6:119a BW, 2025 H1
    assert "6:119a BW" in text
    assert ("nog niet verschuldigd" if language == "nl" else "not (yet) due") not in text
    assert FOURTEEN_DAY_WORDING[language] not in text
    assert long_date(ctx.deadline, language) in text


def test_consumer_after_the_term_shows_the_costs_now_due() -> None:
    ctx = sample_context(Template.COSTS_NOW_DUE, "nl", fourteen_day=False)
    s = ctx.statement
    assert s.costs > 0 and s.letter is not None
    text = letter_text(ctx)
    assert f"Daarom moet u nu ook incassokosten betalen: {eur(s.costs)}, plus 21% btw: {eur(s.vat)}." in text
    assert long_date(s.letter.sent, "nl") in text  # which earlier letter started the term
    assert "nog niet verschuldigd" not in text


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("template", list(Template))
def test_every_template_renders_with_its_subject(template: Template, language: str) -> None:
    ctx = sample_context(template, language, fourteen_day=False)
    pdf = render_letter(ctx)
    assert pdf.startswith(b"%PDF-")
    text = flat("\n".join(pdf_pages(pdf)))
    subject = texts(view(ctx, medium="letter")).line("subject")
    assert ctx.case_reference in subject
    assert subject in text
    assert_contains_all(text, common_elements(ctx))
    assert FOURTEEN_DAY_WORDING[language] not in text or template == Template.COSTS_NOW_DUE
    for threat in THREATS:
        assert threat not in text.lower()


def test_fully_paid_confirmation_asks_for_nothing() -> None:
    ctx = sample_context(Template.PAYMENT_RECEIVED, "nl", fourteen_day=False, payment=Decimal("1400.00"))
    assert ctx.statement.total_open == 0 and ctx.statement.overpaid > 0
    text = letter_text(ctx)
    assert "U hebt alles betaald. U hoeft niets meer te doen." in text
    assert f"U hebt {eur(ctx.statement.overpaid)} te veel betaald" in text
    assert "Zo betaalt u" not in text
    assert "Wij vragen u" not in text


def test_address_sits_in_the_envelope_window() -> None:
    """Window envelope, window left: the address block starts about 20 mm from the left and 50 mm from the top."""
    ctx = sample_context()
    page = PdfReader(BytesIO(render_letter(ctx))).pages[0]
    positions: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            positions.setdefault(text.strip(), (cm[4] + tm[4], cm[5] + tm[5]))

    page.extract_text(visitor_text=visit)
    lines = [ctx.debtor.name, ctx.debtor.street, f"{ctx.debtor.postcode} {ctx.debtor.city}"]
    for line in lines:
        x, y = positions[line]
        from_top = (A4_HEIGHT - y) / MM
        assert 18 <= x / MM <= 25, f"{line!r} starts {x / MM:.1f} mm from the left"
        assert 52 <= from_top <= 90, f"{line!r} sits {from_top:.1f} mm from the top"
    # Nothing else of ours shows through the window (roughly 20-110 mm wide, 45-95 mm from the top) but the
    # return address line.
    for text, (x, y) in positions.items():
        from_top = (A4_HEIGHT - y) / MM
        if 20 <= x / MM < 110 and 45 <= from_top <= 95:
            assert text in lines or text.startswith("Retouradres"), f"{text!r} would show through the window"


def test_long_letter_gets_page_numbers_and_links() -> None:
    ctx = sample_context(Template.FINAL_NOTICE, "en", fourteen_day=True, invoices=12)
    pdf = render_letter(ctx)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in flat(text)
    text = flat("\n".join(pages))
    assert_contains_all(text, common_elements(ctx))
    # The Telegram link is clickable, and the QR code (hundreds of dark runs) is drawn next to it.
    reader = PdfReader(BytesIO(pdf))
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert ctx.telegram_link in uris
    streams = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert streams.count(b" 1 re") > 150


def test_no_qr_and_no_telegram_text_without_a_link() -> None:
    ctx = sample_context(telegram=False, pay_url=False)
    text = letter_text(ctx)
    assert "Telegram" not in text and "t.me" not in text
    assert "https://" not in text


def test_the_same_context_gives_the_same_bytes() -> None:
    assert render_letter(sample_context()) == render_letter(sample_context())


def test_markup_characters_in_names_are_text() -> None:
    ctx = sample_context()
    ctx = replace(
        ctx,
        creditor=replace(ctx.creditor, name="Jansen & Zonen <Bakkers> B.V."),
        debtor=replace(ctx.debtor, name="A. <b>de</b> Wit & Co"),
    )
    text = letter_text(ctx)
    assert "Jansen & Zonen <Bakkers> B.V." in text
    assert "A. <b>de</b> Wit & Co" in text


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        render_letter(replace(sample_context(), language="de"))
