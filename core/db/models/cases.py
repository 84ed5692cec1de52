"""A case, the invoices it claims, its human reference and its append-only event log."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base
from core.db.types import Money, UTCDateTime


class ReferenceCounter(Base):
    """Last number handed out per year, so references are gap-free and human: INC-2026-000123."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    creditor_id: Mapped[int] = mapped_column(ForeignKey("creditors.id"), index=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    phase: Mapped[str] = mapped_column(String(10))
    assigned_specialist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    creditor_reference: Mapped[str | None] = mapped_column(String(100))
    # "statutory" or e.g. "contractual:1%/month" (core.law.InterestSpec.parse)
    interest_basis: Mapped[str] = mapped_column(String(40), default="statutory")
    # the 14-day letter (art. 6:96 lid 6 BW) that counts for this case, if any was sent
    fourteen_day_letter_sent_on: Mapped[date | None] = mapped_column(Date)
    # ISO 11649 structured reference ("RF…") the debtor puts on a bank transfer
    payment_reference: Mapped[str | None] = mapped_column(String(35), unique=True, index=True)
    # SHA-256 of the Telegram deep-link token printed on letters (the token itself is derived, never stored)
    telegram_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    amicable_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_on: Mapped[date | None] = mapped_column(Date)
    # a kept payment arrangement froze interest and costs on this day (core.law: frozen_on); None otherwise
    interest_frozen_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    claim_lines: Mapped[list[ClaimLine]] = relationship(
        back_populates="case", order_by="ClaimLine.due_date", lazy="selectin"
    )


class ClaimLine(Base):
    """One invoice claimed in a case. An invoice number is claimed at most once per creditor."""

    __tablename__ = "claim_lines"
    __table_args__ = (UniqueConstraint("creditor_id", "invoice_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    creditor_id: Mapped[int] = mapped_column(ForeignKey("creditors.id"))
    invoice_number: Mapped[str] = mapped_column(String(64))
    invoice_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    principal: Mapped[Decimal] = mapped_column(Money)
    description: Mapped[str | None] = mapped_column(String(500))
    # a consumer purchase prescribes after 2 years instead of 5 (art. 7:28 BW)
    consumer_purchase: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case] = relationship(back_populates="claim_lines")


class CaseEvent(Base):
    """Append-only: a database trigger refuses UPDATE and DELETE (see the first migration)."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    actor_label: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict] = mapped_column(default=dict)
