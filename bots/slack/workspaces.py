"""Which Slack workspace belongs to which creditor: one-time link codes, linking, the case channel and language.

A link code is issued by the agency (`incasso creditor link-slack`), shown once, kept only as a SHA-256, valid for
a week and usable once. The agency's own workspace (SLACK_SPECIALIST_TEAM_ID) is never linked to a creditor.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from core.db.models import Creditor, SlackLinkCode, SlackWorkspace
from core.errors import UserError
from core.uow import UnitOfWork

LINK_CODE_TTL = timedelta(days=7)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed over without mistakes
_GROUPS, _GROUP_LEN = 4, 4  # 16 characters of 32 symbols: 80 bits


class LinkRefused(UserError):
    """`reason` is a key of the Slack text catalogue (texts.py)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class LinkedWorkspace:
    """A detached copy of a workspace's link, safe to keep after the unit of work."""

    team_id: str
    creditor_id: int
    creditor_name: str
    case_channel_id: str | None
    language: str | None


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def issue_link_code(uow: UnitOfWork, creditor_id: int) -> str:
    """A new code for this creditor (earlier unused codes stay valid until they expire); the caller commits."""
    if uow.session.get(Creditor, creditor_id) is None:
        raise UserError(f"creditor {creditor_id} not found")
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_GROUPS * _GROUP_LEN))
    now = uow.clock.now()
    uow.session.add(SlackLinkCode(creditor_id=creditor_id, code_hash=_hash(raw), created_at=now,
                                  expires_at=now + LINK_CODE_TTL))
    uow.session.flush()
    return "-".join(raw[i:i + _GROUP_LEN] for i in range(0, len(raw), _GROUP_LEN))


def _copy(uow: UnitOfWork, row: SlackWorkspace) -> LinkedWorkspace:
    creditor = uow.session.get_one(Creditor, row.creditor_id)
    return LinkedWorkspace(row.team_id, row.creditor_id, creditor.name, row.case_channel_id, row.language)


def workspace_for_team(uow: UnitOfWork, team_id: str | None) -> LinkedWorkspace | None:
    if not team_id:
        return None
    row = uow.session.scalars(select(SlackWorkspace).where(SlackWorkspace.team_id == team_id)).one_or_none()
    return _copy(uow, row) if row else None


def link_team(uow: UnitOfWork, creditor_id: int, team_id: str, *, specialist_team_id: str = "",
              channel_id: str | None = None, linked_by: str | None = None) -> LinkedWorkspace:
    """Link (or re-link, by the operator) a workspace to a creditor; the caller commits."""
    if specialist_team_id and team_id == specialist_team_id:
        raise LinkRefused("link_specialist_team")
    if uow.session.get(Creditor, creditor_id) is None:
        raise UserError(f"creditor {creditor_id} not found")
    row = uow.session.scalars(select(SlackWorkspace).where(SlackWorkspace.team_id == team_id)).one_or_none()
    if row is None:
        row = SlackWorkspace(team_id=team_id, creditor_id=creditor_id)
        uow.session.add(row)
    row.creditor_id = creditor_id
    row.case_channel_id = channel_id or row.case_channel_id
    row.linked_at = uow.clock.now()
    row.linked_by = linked_by
    uow.session.flush()
    return _copy(uow, row)


def redeem_link_code(uow: UnitOfWork, code: str, *, team_id: str, user_id: str, channel_id: str | None,
                     specialist_team_id: str = "") -> LinkedWorkspace:
    """A workspace admin entered a code: link the workspace, with the channel it was entered in as case channel."""
    if specialist_team_id and team_id == specialist_team_id:
        raise LinkRefused("link_specialist_team")
    if len(_normalise(code)) != _GROUPS * _GROUP_LEN:
        raise LinkRefused("link_code_invalid")
    row = uow.session.scalars(
        select(SlackLinkCode).where(SlackLinkCode.code_hash == _hash(code)).with_for_update()
    ).one_or_none()
    if row is None or row.used_at is not None:
        raise LinkRefused("link_code_invalid")
    if row.expires_at < uow.clock.now():
        raise LinkRefused("link_code_expired")
    current = workspace_for_team(uow, team_id)
    if current is not None and current.creditor_id != row.creditor_id:
        raise LinkRefused("link_other_creditor")
    row.used_at = uow.clock.now()
    row.used_by_team_id = team_id
    return link_team(uow, row.creditor_id, team_id, specialist_team_id=specialist_team_id,
                     channel_id=channel_id, linked_by=user_id)


def set_case_channel(uow: UnitOfWork, team_id: str, channel_id: str) -> LinkedWorkspace:
    row = uow.session.scalars(select(SlackWorkspace).where(SlackWorkspace.team_id == team_id)).one()
    row.case_channel_id = channel_id
    return _copy(uow, row)


def set_language(uow: UnitOfWork, team_id: str, language: str | None) -> LinkedWorkspace:
    row = uow.session.scalars(select(SlackWorkspace).where(SlackWorkspace.team_id == team_id)).one()
    row.language = language if language in ("nl", "en") else None
    return _copy(uow, row)
