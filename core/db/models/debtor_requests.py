"""What a debtor asks of the agency besides paying or disputing: complaints (the register the law requires) and
flags a specialist must look at (e.g. "I can't pay")."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class Complaint(Base):
    """The complaint register: acknowledged within 2 working days, handled within the stated term."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    # KL-2026-000001: what the debtor quotes when asking about it
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # telegram | email | letter | phone
    channel: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # open | handled
    status: Mapped[str] = mapped_column(String(10), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledge_by: Mapped[date] = mapped_column(Date)
    handle_by: Mapped[date] = mapped_column(Date)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by: Mapped[str | None] = mapped_column(String(100))
    resolution: Mapped[str | None] = mapped_column(Text)


class CaseFlag(Base):
    """A case raised for a person's attention; automated steps wait while it is open (cleared_at is None)."""

    __tablename__ = "case_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # cannot_pay
    kind: Mapped[str] = mapped_column(String(30))
    raised_by: Mapped[str] = mapped_column(String(100))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cleared_by: Mapped[str | None] = mapped_column(String(100))
