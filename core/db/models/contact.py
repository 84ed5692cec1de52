"""The durable schedule: each planned contact is a row; each message sent goes through the outbox."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import Money, UTCDateTime


class ContactStep(Base):
    __tablename__ = "contact_steps"
    # the dispatcher's claim: planned steps in due order, read from the front (a tick may have 100,000 due)
    __table_args__ = (Index("ix_contact_steps_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    day_offset: Mapped[int] = mapped_column(Integer)
    # letter | email | telegram | phone | evaluation
    channel: Mapped[str] = mapped_column(String(20))
    template: Mapped[str] = mapped_column(String(50))
    condition: Mapped[str | None] = mapped_column(String(50))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # planned | leased | done | skipped | paused | cancelled | failed
    status: Mapped[str] = mapped_column(String(10), index=True)
    # why a step was skipped, paused or cancelled, or what it produced
    note: Mapped[str | None] = mapped_column(String(300))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboundMessage(Base):
    __tablename__ = "outbound_messages"
    # delivery's claim: pending rows in the order they are due, read from the front
    __table_args__ = (Index("ix_outbound_messages_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_step_id: Mapped[int | None] = mapped_column(ForeignKey("contact_steps.id"))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(300))
    # e-mail: the plain-text part (with body_html, the content exactly as composed; MIME is assembled on
    # delivery, with this row's key as Message-ID); other channels: their text or JSON
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # the key a retry or a second worker reuses, so nothing is sent twice
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    # pending | sent | failed; pending rows wait for their channel's transport (none configured yet: they wait)
    status: Mapped[str] = mapped_column(String(10), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the letter or e-mail as sent: a case document (content-addressed) when it is a file
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FourteenDayLetter(Base):
    """The 14-day letter of art. 6:96 lid 6 BW as sent: what a court will ask to see."""

    __tablename__ = "fourteen_day_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    sent_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    presumed_receipt: Mapped[date] = mapped_column(Date)
    term_ends: Mapped[date] = mapped_column(Date)
    costs_stated: Mapped[Decimal] = mapped_column(Money)
    vat_stated: Mapped[Decimal] = mapped_column(Money)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

