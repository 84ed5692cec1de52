"""After day 10: the advice the creditor gets (versioned; the sent version is final) and the judicial steps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class CaseAdvice(Base):
    """One version of the advice on a case. A specialist's edit is a new version (the draft it replaces becomes
    `superseded`); a `sent` version is never changed again (core.judicial.advice refuses it)."""

    __tablename__ = "case_advices"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    # draft | superseded | sent
    status: Mapped[str] = mapped_column(String(10))
    # start_proceedings | extend | close
    recommendation: Mapped[str] = mapped_column(String(20))
    # the computed basis: amounts, court, procedure costs, signals, reasons (money as strings)
    facts: Mapped[dict] = mapped_column(default=dict)
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_by: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JudicialStep(Base):
    """A step of the court procedure as a specialist recorded it; each step at most once per case, in order."""

    __tablename__ = "judicial_steps"
    __table_args__ = (UniqueConstraint("case_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # drafted | served | hearing | judgment | execution (core.judicial.steps.STEP_ORDER)
    step: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    document_ids: Mapped[list] = mapped_column(default=list)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
