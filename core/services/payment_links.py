"""Payment links: one checkout per case for what is open, and what the provider's word on it means for the case.

The provider's webhook names only a payment id; its status is always fetched from the provider's API. A paid
checkout is recorded once (Payment.external_id = the provider's id), however often the webhook comes.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from core.actors import Actor
from core.clock import AMSTERDAM, local_today
from core.db.models import Case, Creditor, PaymentLink
from core.domain.case_states import FINAL_STATUSES, CaseStatus
from core.errors import UserError
from core.money import money_str
from core.notifications import alert_specialists
from core.providers.payments import OPEN, PAID, PaymentProvider, ProviderPayment, UnknownProviderPayment
from core.services.case_access import record_event
from core.services.case_view import statement_for
from core.services.payments import record_payment
from core.uow import UnitOfWork

log = logging.getLogger("incasso.payments")

# a link that runs out within this margin is not handed out again: the debtor needs time to pay
REUSE_MARGIN = timedelta(minutes=5)
PROVIDER_ACTOR = Actor.system("payment provider")


def payment_link_for(uow: UnitOfWork, case: Case, provider: PaymentProvider | None) -> str | None:
    """The checkout URL for what `case` has open today, or None (payments off, nothing open, case ended).

    An open link for the same amount that does not run out soon is handed out again; otherwise a new one is made.
    Raises PaymentProviderError when the provider cannot be reached (callers offer IBAN + reference instead).
    """
    if provider is None or CaseStatus(case.status) in FINAL_STATUSES:
        return None
    amount = statement_for(uow, case, local_today(uow.clock)).total_open
    if amount <= 0:
        return None
    now = uow.clock.now()
    reusable = uow.session.scalars(
        select(PaymentLink)
        .where(
            PaymentLink.case_id == case.id,
            PaymentLink.provider == provider.name,
            PaymentLink.status == OPEN,
            PaymentLink.amount == amount,
        )
        .order_by(PaymentLink.id.desc())
    ).first()
    if reusable is not None and (reusable.expires_at is None or reusable.expires_at > now + REUSE_MARGIN):
        return reusable.checkout_url

    creditor = uow.session.get(Creditor, case.creditor_id)
    count = len(uow.session.scalars(select(PaymentLink.id).where(PaymentLink.case_id == case.id)).all())
    created = provider.create_link(
        case_reference=case.reference,
        amount=amount,
        payment_reference=case.payment_reference or "",
        description=f"{case.reference} {creditor.name if creditor else ''}".strip(),
        redirect_url=provider.redirect_url,
        webhook_url=provider.webhook_url,
        # a retry after a lost answer gets the same checkout, not a second one
        idempotency_key=f"{case.reference}:{count + 1}:{money_str(amount)}",
    )
    link = PaymentLink(
        case_id=case.id,
        provider=provider.name,
        provider_id=created.provider_id,
        amount=amount,
        status=created.status or OPEN,
        checkout_url=created.checkout_url,
        expires_at=created.expires_at,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(link)
    uow.session.flush()
    record_event(
        uow,
        case,
        PROVIDER_ACTOR,
        "payment_link_created",
        {"provider": provider.name, "amount": money_str(amount), "link_id": link.id},
    )
    return link.checkout_url


def on_provider_webhook(uow: UnitOfWork, provider: PaymentProvider, provider_id: str) -> str:
    """What the webhook's payment id turned out to be: "unknown", or the status the provider gave for it.

    Raises PaymentProviderError (transient) when the provider cannot be asked: the caller answers 503 and the
    provider retries the webhook later.
    """
    link = uow.session.scalars(
        select(PaymentLink).where(PaymentLink.provider_id == provider_id).with_for_update()
    ).one_or_none()
    if link is None or link.provider != provider.name:
        return "unknown"
    try:
        fetched = provider.fetch_status(provider_id)
    except UnknownProviderPayment:
        log.warning("payment %s is ours but unknown at %s", provider_id, provider.name)
        return "unknown"
    apply_provider_status(uow, link, fetched)
    return fetched.status


def apply_provider_status(uow: UnitOfWork, link: PaymentLink, fetched: ProviderPayment) -> None:
    now = uow.clock.now()
    link.status = fetched.status[:10]
    link.updated_at = now
    if fetched.status != PAID or link.payment_id is not None:
        return  # expired, failed, canceled, still open: nothing to record
    case = uow.session.get(Case, link.case_id)
    assert case is not None
    if fetched.currency != "EUR":
        alert_specialists(
            uow,
            case,
            "payment_needs_review",
            f"provider-currency:{link.provider_id}",
            provider_id=link.provider_id,
            amount=str(fetched.amount),
            currency=fetched.currency,
        )
        return
    today = local_today(uow.clock)
    paid_on = min(fetched.paid_at.astimezone(AMSTERDAM).date(), today) if fetched.paid_at else today
    try:
        with uow.session.begin_nested():
            payment = record_payment(
                uow,
                PROVIDER_ACTOR,
                case.reference,
                amount=fetched.amount,
                paid_on=paid_on,
                source="payment_provider",
                external_id=link.provider_id,
                note=f"{link.provider} {link.provider_id}",
            )
    except UserError as exc:
        # the money is in, but the case refuses it (say, another case has this id): a person decides
        alert_specialists(
            uow,
            case,
            "payment_needs_review",
            f"provider-refused:{link.provider_id}",
            provider_id=link.provider_id,
            amount=money_str(fetched.amount),
            reason=str(exc),
        )
        return
    link.payment_id = payment.id
