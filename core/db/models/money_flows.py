"""Money that comes in: payments, and arrangements paid off in installments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import Money, UTCDateTime


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date] = mapped_column(Date)
    # creditor_report | bank_statement | payment_provider | manual
    source: Mapped[str] = mapped_column(String(30))
    # the provider's or bank's id; unique so one transfer is never recorded twice
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    payer_name: Mapped[str | None] = mapped_column(String(200))
    payer_iban: Mapped[str | None] = mapped_column(String(34))
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # the part of this payment above everything the case owed: to be paid back to the payer
    refund_due: Mapped[Decimal | None] = mapped_column(Money)


class Arrangement(Base):
    __tablename__ = "arrangements"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # proposed | accepted | rejected | countered | broken | completed
    status: Mapped[str] = mapped_column(String(20))
    proposed_by: Mapped[str] = mapped_column(String(20))
    total_amount: Mapped[Decimal] = mapped_column(Money)
    installment_amount: Mapped[Decimal] = mapped_column(Money)
    months: Mapped[int] = mapped_column(Integer)
    first_due_on: Mapped[date] = mapped_column(Date)
    within_policy: Mapped[bool] = mapped_column(default=False)
    # the creditor's policy agreed to freeze interest and costs at the day the total was computed (Dutch practice);
    # the freeze lasts while the arrangement is kept and ends when it breaks (cases.interest_frozen_on)
    freezes_interest: Mapped[bool] = mapped_column(default=False)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # when it was completed or broken
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Installment(Base):
    __tablename__ = "installments"
    __table_args__ = (UniqueConstraint("arrangement_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    arrangement_id: Mapped[int] = mapped_column(ForeignKey("arrangements.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    # open | paid | late (more than the policy's days overdue, the debtor warned) | missed (broke the arrangement)
    status: Mapped[str] = mapped_column(String(10), default="open")
    # the day of the payment that completed it
    paid_on: Mapped[date | None] = mapped_column(Date)
    # when the debtor was warned that it is late (kept after it is paid: the arrangement's history)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
