"""The payment-provider port: what core needs from Mollie (or whichever provider follows) to offer a debtor a link.

A provider only creates checkouts and tells their status. Whether a checkout was paid is always asked of the
provider's API (`fetch_status`), never taken from a webhook's body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.config import Settings

OPEN, PENDING, PAID, EXPIRED, FAILED, CANCELED = "open", "pending", "paid", "expired", "failed", "canceled"
FINISHED_UNPAID = frozenset({EXPIRED, FAILED, CANCELED})


class PaymentProviderError(Exception):
    """The provider could not be asked (network, its error); `transient` if asking again later may work."""

    def __init__(self, message: str, *, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class UnknownProviderPayment(PaymentProviderError):
    def __init__(self, provider_id: str) -> None:
        super().__init__(f"the provider knows no payment {provider_id}", transient=False)


@dataclass(frozen=True)
class CreatedLink:
    provider_id: str
    checkout_url: str
    status: str
    expires_at: datetime | None


@dataclass(frozen=True)
class ProviderPayment:
    provider_id: str
    status: str  # open | pending | authorized | paid | expired | failed | canceled
    amount: Decimal
    currency: str
    paid_at: datetime | None


class PaymentProvider(Protocol):
    name: str
    # where the debtor lands after paying, and where the provider reports changes (None: nowhere public)
    redirect_url: str
    webhook_url: str | None

    def create_link(
        self,
        *,
        case_reference: str,
        amount: Decimal,
        payment_reference: str,
        description: str,
        redirect_url: str,
        webhook_url: str | None,
        idempotency_key: str,
    ) -> CreatedLink: ...

    def fetch_status(self, provider_id: str) -> ProviderPayment: ...

    def is_payment_id(self, text: str) -> bool:
        """Whether `text` has the shape of this provider's payment ids (webhook input is checked before use)."""
        ...


def provider_from_settings(settings: Settings) -> PaymentProvider | None:
    """The configured provider, or None when payments are off (no MOLLIE_API_KEY)."""
    if not settings.mollie_api_key:
        return None
    from core.providers.mollie import MollieProvider

    public = settings.public_url.rstrip("/")
    return MollieProvider(
        settings.mollie_api_key,
        api_url=settings.mollie_api_url or None,
        redirect_url=settings.agency_website,
        webhook_url=f"{public}/webhooks/mollie" if public else None,
    )
