"""The durable schedule: each planned contact is a row; each message sent goes through the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class ContactStep(Base):
    __tablename__ = "contact_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    day_offset: Mapped[int] = mapped_column(Integer)
    # letter | email | telegram | phone | evaluation
    channel: Mapped[str] = mapped_column(String(20))
    template: Mapped[str] = mapped_column(String(50))
    condition: Mapped[str | None] = mapped_column(String(50))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # planned | leased | done | skipped | failed | cancelled
    status: Mapped[str] = mapped_column(String(10), index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboundMessage(Base):
    __tablename__ = "outbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_step_id: Mapped[int | None] = mapped_column(ForeignKey("contact_steps.id"))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # the key a retry or a second worker reuses, so nothing is sent twice
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    # pending | sent | failed
    status: Mapped[str] = mapped_column(String(10), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
