"""Money out: each settled month, what each creditor got, and which payment went into it (once, ever)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import Money, UTCDateTime


class SettlementRun(Base):
    """A settled period ("2026-11"): its existence locks the period; the SEPA file paying every creditor."""

    __tablename__ = "settlement_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), unique=True)
    settled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    settled_by: Mapped[str] = mapped_column(String(200))
    collected: Mapped[Decimal] = mapped_column(Money)
    fee: Mapped[Decimal] = mapped_column(Money)
    held: Mapped[Decimal] = mapped_column(Money)
    payout: Mapped[Decimal] = mapped_column(Money)
    # the pain.001 credit-transfer file (bytes in the document store, by SHA-256); none when nothing is paid out
    sepa_message_id: Mapped[str | None] = mapped_column(String(35))
    sepa_file_name: Mapped[str | None] = mapped_column(String(100))
    sepa_sha256: Mapped[str | None] = mapped_column(String(64))


class CreditorSettlement(Base):
    """One creditor's statement for one period: totals, the fee terms applied, and its PDF and CSV."""

    __tablename__ = "creditor_settlements"
    __table_args__ = (UniqueConstraint("run_id", "creditor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("settlement_runs.id"), index=True)
    creditor_id: Mapped[int] = mapped_column(ForeignKey("creditors.id"), index=True)
    # the commission in hundredths of a percent (1000 = 10 %), as agreed when the period was settled
    commission_basis_points: Mapped[int] = mapped_column(Integer)
    collected: Mapped[Decimal] = mapped_column(Money)
    to_costs: Mapped[Decimal] = mapped_column(Money)
    to_interest: Mapped[Decimal] = mapped_column(Money)
    to_principal: Mapped[Decimal] = mapped_column(Money)
    held: Mapped[Decimal] = mapped_column(Money)
    commission: Mapped[Decimal] = mapped_column(Money)
    commission_vat: Mapped[Decimal] = mapped_column(Money)
    fee: Mapped[Decimal] = mapped_column(Money)
    payout: Mapped[Decimal] = mapped_column(Money)
    payout_iban: Mapped[str] = mapped_column(String(34))
    pdf_file_name: Mapped[str] = mapped_column(String(100))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    csv_file_name: Mapped[str] = mapped_column(String(100))
    csv_sha256: Mapped[str] = mapped_column(String(64))


class SettlementLine(Base):
    """One payment as settled. Unique per payment: a payment is paid out once, whatever runs later."""

    __tablename__ = "settlement_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("creditor_settlements.id"), index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    to_costs: Mapped[Decimal] = mapped_column(Money)
    to_interest: Mapped[Decimal] = mapped_column(Money)
    to_principal: Mapped[Decimal] = mapped_column(Money)
    held: Mapped[Decimal] = mapped_column(Money)
    commission: Mapped[Decimal] = mapped_column(Money)
    commission_vat: Mapped[Decimal] = mapped_column(Money)
    fee: Mapped[Decimal] = mapped_column(Money)
    payout: Mapped[Decimal] = mapped_column(Money)
