"""Realistic message contexts built with the real law engine: for tests, the letter benchmark and the demo.

The default claim: a consumer owes € 1.250,00 on an invoice that fell due 60 days before the letter and paid
€ 250,00 in between. Dates are fixed (a Tuesday letter, 4 March 2025) so that texts and amounts are stable;
``number`` varies the case, invoice numbers and the Telegram token (and ``principal`` the amounts) so a benchmark
cannot lean on caches.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from core.channels.content import (
    AgencyInfo,
    CreditorInfo,
    DebtorInfo,
    MessageContext,
    Template,
    fourteen_day_term,
)
from core.deep_link import token_for
from core.law import (
    DebtorKind,
    InvoiceInput,
    PaymentInput,
    compute_statement,
)
from core.payment_reference import payment_reference_for

SAMPLE_LETTER_DATE = date(2025, 3, 4)

SAMPLE_AGENCY = AgencyInfo(
    name="Incasso Noord B.V.",
    registration_number="RI-2024-00417",
    address_lines=("Oudegracht 120", "3511 AX Utrecht"),
    phone="030 123 45 67",
    email="info@incassonoord.nl",
    website="www.incassonoord.nl",
    collection_iban="NL20INGB0001234567",
    collection_account_name="Stichting Derdengelden Incasso Noord",
    complaint_text_nl=(
        "Hebt u een klacht over ons? Stuur die naar klachten@incassonoord.nl of per post naar ons adres. Wij "
        "bevestigen uw klacht binnen 2 werkdagen en geven u binnen 4 weken een antwoord. Bent u het daarna niet "
        "met ons eens? Dan kunt u uw klacht voorleggen aan De Geschillencommissie (www.degeschillencommissie.nl)."
    ),
    complaint_text_en=(
        "Do you have a complaint about us? Send it to klachten@incassonoord.nl or by post to our address. We "
        "confirm your complaint within 2 working days and give you an answer within 4 weeks. If you still "
        "disagree with us after that, you can take your complaint to De Geschillencommissie "
        "(www.degeschillencommissie.nl)."
    ),
)


def sample_context(
    template: Template | str = Template.DEMAND,
    language: str = "nl",
    fourteen_day: bool = True,
    *,
    debtor_kind: DebtorKind | str = DebtorKind.CONSUMER,
    vat_deductible: bool = False,
    invoices: int = 1,
    letter_date: date = SAMPLE_LETTER_DATE,
    number: int = 417,
    principal: Decimal = Decimal("1250.00"),
    payment: Decimal = Decimal("250.00"),
    telegram: bool = True,
    pay_url: bool = True,
    creditor_email: bool = True,
) -> MessageContext:
    """A complete context as the dispatcher would build it.

    ``fourteen_day=True`` (consumers only): this message is the 14-day letter; the statement is taken with that
    letter sent today, so it holds no collection costs, and the term says which costs follow if unpaid.
    ``fourteen_day=False`` with a consumer: a valid 14-day letter went out 25 days earlier and its term has
    ended, so costs are due. A business debtor owes costs from the day after the due date without a letter.
    """
    template = Template(template)
    kind = DebtorKind(debtor_kind)
    if fourteen_day and kind != DebtorKind.CONSUMER:
        raise ValueError("fourteen_day: the 14-day letter is for consumers only (art. 6:96 lid 6 BW)")
    if invoices < 1:
        raise ValueError("invoices: at least one")

    first_due = letter_date - timedelta(days=60)
    invoice_inputs = [
        InvoiceInput(
            invoice_number=f"F-{first_due.year}-{number % 10_000:04d}{'' if invoices == 1 else f'-{j + 1}'}",
            invoice_date=first_due - timedelta(days=30 - 5 * j),
            due_date=first_due + timedelta(days=5 * j),
            principal=principal + 100 * j,
        )
        for j in range(invoices)
    ]
    payments = [PaymentInput(first_due + timedelta(days=40), payment)] if payment > 0 else []

    sent_before = None
    if kind == DebtorKind.CONSUMER:
        sent_before = letter_date if fourteen_day else letter_date - timedelta(days=25)
    statement = compute_statement(
        invoices=invoice_inputs,
        debtor_kind=kind,
        as_of=letter_date,
        payments=payments,
        letter_sent=sent_before,
        vat_deductible=vat_deductible,
    )

    term = None
    deadline = letter_date + timedelta(days=14 if template == Template.PAYMENT_RECEIVED else 7)
    if fourteen_day:
        term = fourteen_day_term(letter_date, statement.principal_open, vat_deductible=vat_deductible)
        deadline = term.term_ends

    if kind == DebtorKind.CONSUMER:
        debtor = DebtorInfo(
            name="J. de Vries",
            kind="consumer",
            street="Dorpsstraat 1",
            postcode="1234 AB",
            city="Utrecht",
            country="NL",
            email="j.devries@example.nl",
        )
    else:
        debtor = DebtorInfo(
            name="Bouwbedrijf Jansen B.V.",
            kind="business",
            street="Industrieweg 12",
            postcode="3542 AD",
            city="Utrecht",
            country="NL",
            email="administratie@jansen-bouw.nl",
        )

    reference = f"INC-{letter_date.year}-{number:06d}"
    token = token_for(number, b"sample")
    return MessageContext(
        template=template,
        language=language,
        agency=SAMPLE_AGENCY,
        creditor=CreditorInfo(
            name="Bakkerij De Zon B.V.",
            kvk_number="12345678",
            email="debiteuren@bakkerijdezon.nl" if creditor_email else None,
            vat_deductible=vat_deductible,
        ),
        debtor=debtor,
        case_reference=reference,
        statement=statement,
        payment_reference=payment_reference_for(reference),
        pay_url=f"https://pay.incassonoord.nl/p/{token[:16]}" if pay_url else None,
        deadline=deadline,
        telegram_link=f"https://t.me/IncassoNoordBot?start={token}" if telegram else None,
        letter_date=letter_date,
        fourteen_day=term,
    )


__all__ = ["SAMPLE_AGENCY", "SAMPLE_LETTER_DATE", "sample_context"]
