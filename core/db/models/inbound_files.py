"""Files a creditor handed over through a chat front end, waiting to be fetched and stored as case documents.

One row per file is written in the same transaction that files the claim, so a process that stops right after
Slack's ack loses nothing: another worker fetches what is still pending (leased like the outbox, so a row is done
once). The front end that fetches it is named in `source` ("slack"); core never talks to it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class InboundFile(Base):
    __tablename__ = "inbound_files"
    # the same file on the same case is stored at most once, however often it is fetched
    __table_args__ = (UniqueConstraint("case_id", "source", "source_file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    # the file's id at the source (a Slack file id), the workspace it lives in and who handed it over
    source_file_id: Mapped[str] = mapped_column(String(64))
    source_account: Mapped[str] = mapped_column(String(64))
    source_user: Mapped[str] = mapped_column(String(64))
    actor_label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5))
    # pending | stored | refused
    status: Mapped[str] = mapped_column(String(10), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_token: Mapped[str | None] = mapped_column(String(32))
    # why it was refused: a reason key the front end words in the sender's language, or core's own message
    reason: Mapped[str | None] = mapped_column(String(300))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the sender was told the outcome (None: not yet; the next sweep tells)
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
