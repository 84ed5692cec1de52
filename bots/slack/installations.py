"""Slack installations and OAuth states in our own database (slack_installations, slack_oauth_states).

Bolt asks through slack_sdk's async store interfaces; our SQLAlchemy sessions are synchronous, so each call runs
in a worker thread and never blocks the event loop. The outbound transports (called from the scheduler thread)
read bot tokens with `bot_token_for_team`.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import delete, select

from core.clock import Clock
from core.db.models import SlackInstallation, SlackOAuthState
from core.uow import UnitOfWork

log = logging.getLogger("incasso.slack")

UowFactory = Callable[[], UnitOfWork]


def _epoch(moment: datetime | None) -> int | None:
    return int(moment.timestamp()) if moment else None


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(value), UTC)  # type: ignore[arg-type]


def save_installation(uow: UnitOfWork, installation: Installation | Bot) -> SlackInstallation:
    """Insert or replace the workspace's bot; the caller commits."""
    enterprise_id, team_id = installation.enterprise_id or "", installation.team_id or ""
    row = uow.session.scalars(
        select(SlackInstallation).where(
            SlackInstallation.enterprise_id == enterprise_id, SlackInstallation.team_id == team_id
        )
    ).one_or_none()
    if row is None:
        row = SlackInstallation(enterprise_id=enterprise_id, team_id=team_id)
        uow.session.add(row)
    scopes = installation.bot_scopes
    row.team_name = getattr(installation, "team_name", None) or row.team_name
    row.app_id = installation.app_id
    row.bot_token = installation.bot_token or ""
    row.bot_id = installation.bot_id
    row.bot_user_id = installation.bot_user_id
    row.bot_scopes = ",".join(scopes) if isinstance(scopes, list | tuple) else str(scopes or "")
    row.bot_refresh_token = installation.bot_refresh_token
    row.bot_token_expires_at = _moment(installation.bot_token_expires_at)
    row.installer_user_id = getattr(installation, "user_id", None) or row.installer_user_id
    row.is_enterprise_install = bool(installation.is_enterprise_install)
    row.installed_at = uow.clock.now()
    uow.session.flush()
    return row


def find_installation_row(uow: UnitOfWork, enterprise_id: str | None, team_id: str | None,
                          is_enterprise_install: bool | None = False) -> SlackInstallation | None:
    query = select(SlackInstallation).where(SlackInstallation.enterprise_id == (enterprise_id or ""))
    if not is_enterprise_install:  # an org-wide install answers for every team of the org
        query = query.where(SlackInstallation.team_id == (team_id or ""))
    return uow.session.scalars(query.order_by(SlackInstallation.id.desc())).first()


def bot_token_for_team(uow: UnitOfWork, team_id: str) -> str | None:
    """The bot token of a workspace the app is installed in (any enterprise), or None."""
    row = uow.session.scalars(
        select(SlackInstallation).where(SlackInstallation.team_id == team_id).order_by(SlackInstallation.id.desc())
    ).first()
    return row.bot_token if row else None


def _bot_of(row: SlackInstallation) -> Bot:
    return Bot(
        app_id=row.app_id,
        enterprise_id=row.enterprise_id or None,
        team_id=row.team_id or None,
        team_name=row.team_name,
        bot_token=row.bot_token,
        bot_id=row.bot_id or "",
        bot_user_id=row.bot_user_id or "",
        bot_scopes=row.bot_scopes,
        bot_refresh_token=row.bot_refresh_token,
        bot_token_expires_at=_epoch(row.bot_token_expires_at),
        is_enterprise_install=row.is_enterprise_install,
        installed_at=row.installed_at.timestamp(),
    )


class DatabaseInstallationStore(AsyncInstallationStore):
    """Bot-only installation store (the app asks for no user tokens)."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow = uow_factory

    @property
    def logger(self) -> logging.Logger:
        return log

    def _save(self, installation: Installation | Bot) -> None:
        with self._uow() as uow:
            save_installation(uow, installation)
            uow.commit()

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self._save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self._save, bot)

    def _find_bot(self, enterprise_id: str | None, team_id: str | None,
                  is_enterprise_install: bool | None) -> Bot | None:
        with self._uow() as uow:
            row = find_installation_row(uow, enterprise_id, team_id, is_enterprise_install)
            return _bot_of(row) if row else None

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        return await asyncio.to_thread(self._find_bot, enterprise_id, team_id, is_enterprise_install)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        if user_id is not None:
            return None  # no user tokens are kept
        bot = await self.async_find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                        is_enterprise_install=is_enterprise_install)
        if bot is None:
            return None
        return Installation(
            app_id=bot.app_id, enterprise_id=bot.enterprise_id, team_id=bot.team_id, team_name=bot.team_name,
            bot_token=bot.bot_token, bot_id=bot.bot_id, bot_user_id=bot.bot_user_id, bot_scopes=bot.bot_scopes,
            bot_refresh_token=bot.bot_refresh_token, bot_token_expires_at=bot.bot_token_expires_at,
            user_id="", is_enterprise_install=bot.is_enterprise_install, installed_at=bot.installed_at,
        )

    def _delete(self, enterprise_id: str | None, team_id: str | None) -> None:
        with self._uow() as uow:
            uow.session.execute(delete(SlackInstallation).where(
                SlackInstallation.enterprise_id == (enterprise_id or ""), SlackInstallation.team_id == (team_id or "")))
            uow.commit()

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self._delete, enterprise_id, team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        if user_id is None:
            await asyncio.to_thread(self._delete, enterprise_id, team_id)


class DatabaseOAuthStateStore(AsyncOAuthStateStore):
    """OAuth `state` values: issued at /slack/install, consumed once at /slack/oauth_redirect."""

    def __init__(self, uow_factory: UowFactory, clock: Clock, expiration_seconds: int = 600) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._ttl = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return log

    def _issue(self) -> str:
        state = secrets.token_urlsafe(32)
        with self._uow() as uow:
            now = self._clock.now()
            uow.session.execute(delete(SlackOAuthState).where(SlackOAuthState.expires_at < now))
            uow.session.add(SlackOAuthState(state=state, expires_at=now + self._ttl))
            uow.commit()
        return state

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        return await asyncio.to_thread(self._issue)

    def _consume(self, state: str) -> bool:
        with self._uow() as uow:
            result = uow.session.execute(
                delete(SlackOAuthState).where(SlackOAuthState.state == state,
                                              SlackOAuthState.expires_at >= self._clock.now()))
            uow.commit()
            return bool(result.rowcount)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self._consume, state[:100])
