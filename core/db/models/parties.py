"""The people and organisations around a case: creditors, their users and API keys, debtors."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class DebtorKind(StrEnum):
    CONSUMER = "consumer"
    BUSINESS = "business"


class Role(StrEnum):
    CREDITOR_MEMBER = "creditor_member"
    SPECIALIST = "specialist"
    ADMIN = "admin"


class Creditor(Base):
    __tablename__ = "creditors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kvk_number: Mapped[str] = mapped_column(String(8), unique=True)
    vat_deductible: Mapped[bool] = mapped_column(Boolean, default=True)
    payout_iban: Mapped[str] = mapped_column(String(34))
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    # {"max_months": 6, "min_installment": "50.00"}: arrangements within it need no approval
    arrangement_policy: Mapped[dict] = mapped_column(default=dict)
    # {"commission_percent": "10"}: the agency's no-cure-no-pay fee besides the collection costs (core/settlement)
    fee_terms: Mapped[dict] = mapped_column(default=dict)
    # {"kind": "statutory"} or {"kind": "percentage", "value": "10"}: business debtors only
    cost_terms: Mapped[dict] = mapped_column(default=dict)
    # the creditor's own contact plan (list of steps), or None for the default plan
    contact_plan: Mapped[list | None] = mapped_column()
    # outgoing webhooks to the creditor's own systems: case events POSTed, signed with HMAC-SHA256
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_secret: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class User(Base):
    """An identity on a platform (Slack, Telegram, API) mapped to a role."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("slack_team_id", "slack_user_id"),
        UniqueConstraint("telegram_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    creditor_id: Mapped[int | None] = mapped_column(ForeignKey("creditors.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    slack_team_id: Mapped[str | None] = mapped_column(String(32))
    slack_user_id: Mapped[str | None] = mapped_column(String(32))
    telegram_user_id: Mapped[int | None] = mapped_column()
    language: Mapped[str | None] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ApiKey(Base):
    """A creditor's API key: only a SHA-256 of the secret is kept; the prefix finds the row."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    creditor_id: Mapped[int] = mapped_column(ForeignKey("creditors.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Debtor(Base):
    """Kept per creditor: one creditor's debtor data is never shown to another."""

    __tablename__ = "debtors"

    id: Mapped[int] = mapped_column(primary_key=True)
    creditor_id: Mapped[int] = mapped_column(ForeignKey("creditors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="NL")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
