"""Mollie through its official client (mollie-api-python): payments with a checkout URL, and their status."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from mollie.api.client import Client
from mollie.api.error import Error as MollieError
from mollie.api.error import NotFoundError, RequestError, RequestSetupError, ResponseError

from core.errors import UserError
from core.providers.payments import CreatedLink, PaymentProviderError, ProviderPayment, UnknownProviderPayment

_PAYMENT_ID = re.compile(r"tr_[A-Za-z0-9]{1,64}")


class MollieProvider:
    name = "mollie"

    def __init__(self, api_key: str, *, api_url: str | None = None, redirect_url: str, webhook_url: str | None) -> None:
        # the client's own endpoint override (Client(api_endpoint=…)): tests and proxies
        self._client = Client(api_endpoint=api_url or "", timeout=(3, 15))
        try:
            self._client.set_api_key(api_key)
        except RequestSetupError:
            raise UserError("invalid setting MOLLIE_API_KEY: a Mollie key starts with test_ or live_") from None
        self.redirect_url = redirect_url
        self.webhook_url = webhook_url

    def is_payment_id(self, text: str) -> bool:
        return bool(_PAYMENT_ID.fullmatch(text or ""))

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
    ) -> CreatedLink:
        data = {
            "amount": {"currency": "EUR", "value": f"{amount:.2f}"},
            "description": description[:255],
            "redirectUrl": redirect_url,
            "metadata": {"case": case_reference, "payment_reference": payment_reference},
        }
        if webhook_url:
            data["webhookUrl"] = webhook_url
        try:
            payment = self._client.payments.create(data, idempotency_key=idempotency_key)
        except MollieError as exc:
            raise PaymentProviderError(
                f"Mollie refused or could not be reached: {exc}", transient=_transient(exc)
            ) from None
        return CreatedLink(
            provider_id=payment.id,
            checkout_url=payment.checkout_url,
            status=payment.status,
            expires_at=_moment(payment.expires_at),
        )

    def fetch_status(self, provider_id: str) -> ProviderPayment:
        try:
            payment = self._client.payments.get(provider_id)
        except NotFoundError:
            raise UnknownProviderPayment(provider_id) from None
        except MollieError as exc:
            raise PaymentProviderError(f"Mollie could not be asked: {exc}", transient=_transient(exc)) from None
        amount = payment.amount or {}
        try:
            value = Decimal(str(amount.get("value")))
        except InvalidOperation:
            raise PaymentProviderError(f"Mollie answered an amount we cannot read: {amount!r}") from None
        return ProviderPayment(
            provider_id=payment.id,
            status=str(payment.status),
            amount=value,
            currency=str(amount.get("currency") or ""),
            paid_at=_moment(payment.paid_at),
        )


def _transient(exc: Exception) -> bool:
    if isinstance(exc, ResponseError):
        return (exc.status or 500) >= 500 or exc.status == 429
    return isinstance(exc, RequestError) and not isinstance(exc, RequestSetupError)


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
