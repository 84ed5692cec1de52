"""Documents of a case; the bytes live content-addressed under the data dir, the row holds the facts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class DocumentKind(StrEnum):
    INVOICE = "invoice"
    REMINDER = "reminder"
    FOURTEEN_DAY_LETTER = "fourteen_day_letter"
    QUOTE = "quote"
    ORDER_CONFIRMATION = "order_confirmation"
    TERMS = "terms"
    CORRESPONDENCE = "correspondence"
    EVIDENCE = "evidence"
    PROOF_OF_DELIVERY = "proof_of_delivery"
    SUMMONS = "summons"  # the dagvaarding: the generated draft, or as served by the bailiff
    COURT_DOCUMENT = "court_document"  # hearing notice, judgment, bailiff's reports in the judicial phase
    OTHER = "other"


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a document of no one case: a weekly report's chart posted to Slack (core/reports/posting.py)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
