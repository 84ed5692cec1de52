"""Gathering what a debtor message shows (core.channels.content.MessageContext) from a case in the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from core.channels.content import (
    AgencyInfo,
    CreditorInfo,
    DebtorInfo,
    MessageContext,
    Template,
    fourteen_day_term,
)
from core.config import Settings
from core.db.models import Case, Creditor, Debtor, Payment
from core.deep_link import deep_link, token_for
from core.law import DebtorKind, Statement
from core.payment_reference import payment_reference_for
from core.services.case_view import statement_for
from core.uow import UnitOfWork


def agency_info(settings: Settings) -> AgencyInfo:
    return AgencyInfo(
        name=settings.agency_name,
        registration_number=settings.agency_registration,
        address_lines=tuple(part.strip() for part in settings.agency_address.split("|") if part.strip()),
        phone=settings.agency_phone,
        email=settings.agency_email,
        website=settings.agency_website,
        collection_iban=settings.collection_iban,
        collection_account_name=settings.collection_account_name,
        complaint_text_nl=(
            f"Niet eens met deze vordering of met hoe wij werken? Laat het ons weten via {settings.agency_email} of "
            f"{settings.agency_phone}. Wij bevestigen uw klacht binnen 2 werkdagen en behandelen haar binnen "
            "4 weken. Komen we er samen niet uit, dan kunt u naar de geschillencommissie."
        ),
        complaint_text_en=(
            f"Do you disagree with this claim or with how we work? Tell us at {settings.agency_email} or "
            f"{settings.agency_phone}. We confirm your complaint within 2 working days and handle it within "
            "4 weeks. If we cannot solve it together, you can turn to the disputes committee."
        ),
    )


def needs_fourteen_day_letter(case: Case, debtor: Debtor) -> bool:
    """A consumer without a valid 14-day letter on file: our first letter must be that letter."""
    return debtor.kind == DebtorKind.CONSUMER.value and case.fourteen_day_letter_sent_on is None


def message_context(
    uow: UnitOfWork,
    case: Case,
    template: Template,
    settings: Settings,
    *,
    today: date,
    fourteen_day: bool = False,
    payments: Sequence[Payment] | None = None,
) -> MessageContext:
    creditor = uow.session.get_one(Creditor, case.creditor_id)
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    return context_for(
        case,
        creditor_info(creditor),
        debtor_info(debtor),
        debtor.language,
        statement_for(uow, case, today, payments=payments),
        template,
        settings,
        today=today,
        fourteen_day=fourteen_day,
    )


def creditor_info(creditor: Any) -> CreditorInfo:
    """From a Creditor, or a row with the same attribute names."""
    return CreditorInfo(creditor.name, creditor.kvk_number, creditor.email, creditor.vat_deductible)


def debtor_info(debtor: Any) -> DebtorInfo:
    """From a Debtor, or a row with the same attribute names."""
    return DebtorInfo(
        debtor.name, debtor.kind, debtor.street, debtor.postcode, debtor.city, debtor.country, debtor.email
    )


def context_for(
    case: Any,
    creditor: CreditorInfo,
    debtor: DebtorInfo,
    language: str | None,
    statement: Statement,
    template: Template,
    settings: Settings,
    *,
    today: date,
    fourteen_day: bool = False,
    agency: AgencyInfo | None = None,
    link_key: bytes | None = None,
) -> MessageContext:
    """The context of one message from what was read about the case (a Case or a row with its attribute names).

    `agency` and `link_key` when the caller computed them once for many messages (the dispatcher's batches).
    """
    term = None
    if fourteen_day:
        term = fourteen_day_term(today, statement.principal_open, vat_deductible=creditor.vat_deductible)
    link = None
    if settings.telegram_bot_username:
        link = deep_link(settings.telegram_bot_username, token_for(case.id, link_key or settings.deep_link_key()))
    return MessageContext(
        template=template,
        language=language if language in ("nl", "en") else "nl",
        agency=agency or agency_info(settings),
        creditor=creditor,
        debtor=debtor,
        case_reference=case.reference,
        statement=statement,
        payment_reference=case.payment_reference or payment_reference_for(case.reference),
        pay_url=None,
        deadline=term.term_ends if term else (case.deadline_on or today),
        telegram_link=link,
        letter_date=today,
        fourteen_day=term,
    )
