"""Where a case lives in Slack: the creditor's case thread, and the specialists' cards for disputes, approvals, calls.

Both are written by the Slack transports (bots/slack/outbound.py) after Slack answered, and read back to reply in
the thread or to update a card wherever a decision was taken (channel button, App Home).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class SlackCaseThread(Base):
    """The one parent message of a case in the creditor's case channel; every later update is a reply to it.

    The row is claimed (ts still empty) before the parent is posted: the unique case_id makes a second worker
    wait instead of posting a second parent. A claim whose poster died is taken over after a while.
    """

    __tablename__ = "slack_case_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    # Slack's message timestamp of the parent: its id, and thread_ts of every reply; empty while being posted
    ts: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SlackSpecialistCard(Base):
    """A card in the specialists' channel about one thing to decide (dispute, arrangement, call task, bank credit,
    locked link, cannot-pay report, complaint); a bank credit has no case yet."""

    __tablename__ = "slack_specialist_cards"
    __table_args__ = (UniqueConstraint("kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # dispute | arrangement | call | bank_credit | overpayment | link_lock | cannot_pay | complaint
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
