"""What the Slack app keeps: installations (bot tokens per workspace), OAuth states, which workspace is which
creditor's, one-time link codes, and the keys of requests already handled (Slack retries, double clicks)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class SlackInstallation(Base):
    """The app's bot in one workspace, as OAuth (or the operator's SLACK_BOT_TOKEN) gave it; a reinstall replaces it.

    Ids Slack leaves out (no enterprise grid, or an org-wide install) are stored as "" so the pair stays unique.
    """

    __tablename__ = "slack_installations"
    __table_args__ = (UniqueConstraint("enterprise_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), default="")
    team_id: Mapped[str] = mapped_column(String(32), default="")
    team_name: Mapped[str | None] = mapped_column(String(200))
    app_id: Mapped[str | None] = mapped_column(String(32))
    bot_token: Mapped[str] = mapped_column(String(255))
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str] = mapped_column(Text, default="")
    bot_refresh_token: Mapped[str | None] = mapped_column(String(255))
    bot_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    installer_user_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SlackOAuthState(Base):
    """The `state` of an OAuth install in progress: used once, within its expiry."""

    __tablename__ = "slack_oauth_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(100), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SlackWorkspace(Base):
    """A creditor's Slack workspace: its members act for that creditor; case threads go to its case channel."""

    __tablename__ = "slack_workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), unique=True)
    creditor_id: Mapped[int] = mapped_column(ForeignKey("creditors.id"), index=True)
    # where each case gets its thread; chosen by the creditor (`/incasso channel`), None until then
    case_channel_id: Mapped[str | None] = mapped_column(String(32))
    # "nl" or "en"; None: each user's Slack locale
    language: Mapped[str | None] = mapped_column(String(2))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    linked_by: Mapped[str | None] = mapped_column(String(32))


class SlackLinkCode(Base):
    """A one-time code the agency gives a creditor to link its workspace; only a SHA-256 of the code is kept."""

    __tablename__ = "slack_link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    creditor_id: Mapped[int] = mapped_column(ForeignKey("creditors.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_team_id: Mapped[str | None] = mapped_column(String(32))


class SlackReceipt(Base):
    """A request from Slack already taken on (an event id, or an interaction's idempotency key).

    The unique key makes a retry or a double click a no-op; the first answer is kept so a repeat gets the same one.
    """

    __tablename__ = "slack_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # pruned after 7 days (housekeeping)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    response_type: Mapped[str | None] = mapped_column(String(100))
