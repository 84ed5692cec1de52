"""Money on its way in: lines of the agency's bank statements, and payment links at the payment provider."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import Money, UTCDateTime


class BankTransaction(Base):
    """One line of an imported bank statement (CAMT.053 or MT940), whatever became of it.

    Every line is kept, ignored ones too, so importing the same statement again finds each line already known.
    """

    __tablename__ = "bank_transactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # account + the bank's own reference for the line, or a hash of the line's contents (core.bank.statements)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    # camt053 | mt940
    source: Mapped[str] = mapped_column(String(10))
    account_iban: Mapped[str] = mapped_column(String(34))
    statement_id: Mapped[str] = mapped_column(String(100))
    bank_reference: Mapped[str | None] = mapped_column(String(100))
    booked_on: Mapped[date] = mapped_column(Date)
    # always positive; `direction` says which way it went
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    # credit | debit
    direction: Mapped[str] = mapped_column(String(6))
    counterparty_name: Mapped[str | None] = mapped_column(String(200))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    remittance: Mapped[str | None] = mapped_column(String(500))
    # matched | unmatched | ambiguous | ignored
    status: Mapped[str] = mapped_column(String(10), index=True)
    # reference | amount+iban | amount+name | hand
    matched_by: Mapped[str | None] = mapped_column(String(20))
    # why ignored, unmatched or ambiguous (for the specialist who looks at it)
    reason: Mapped[str | None] = mapped_column(String(300))
    # case references that fitted equally well (ambiguous lines)
    candidates: Mapped[list] = mapped_column(default=list)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PaymentLink(Base):
    """A checkout at the payment provider for what a case had open when the link was made."""

    __tablename__ = "payment_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # mollie
    provider: Mapped[str] = mapped_column(String(20))
    # the provider's payment id (Mollie: tr_…); the webhook names only this
    provider_id: Mapped[str] = mapped_column(String(100), unique=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    # open | pending | paid | expired | failed | canceled
    status: Mapped[str] = mapped_column(String(10))
    checkout_url: Mapped[str] = mapped_column(String(500))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
