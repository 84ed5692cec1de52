"""The debtors' Telegram chats: bindings to cases, conversation state, the link guard and the update log.

The truth about a chat lives here, written per update, so a restart (or a second process) continues a conversation
where it was; python-telegram-bot's own persistence is not used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UTCDateTime


class TelegramBinding(Base):
    """A debtor's Telegram chat bound to one case (after the deep link and the knowledge check)."""

    __tablename__ = "telegram_bindings"
    __table_args__ = (UniqueConstraint("case_id", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime)
    unbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the debtor said /stop (or blocked the bot): no messages are sent; /start again clears it
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TelegramChat(Base):
    """One private chat with the bot: its language and where it is in a conversation."""

    __tablename__ = "telegram_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    # "<flow>:<step>" (e.g. "arrangement:first_date"), or None between conversations
    step: Mapped[str | None] = mapped_column(String(40))
    # the answers given so far in the current flow (JSON; money as strings)
    answers: Mapped[dict] = mapped_column(default=dict)
    # the bound case the chat is working on (a debtor may bind several); a case being linked while unbound
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TelegramLinkGuard(Base):
    """Wrong knowledge-check answers per case: after the limit the case's deep link is locked for everyone."""

    __tablename__ = "telegram_link_guards"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TelegramUpdate(Base):
    """Each update_id handled once: Telegram repeats a delivery that did not get a 2xx."""

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
