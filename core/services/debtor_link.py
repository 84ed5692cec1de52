"""Binding a debtor's chat to a case: the deep-link token from the letter plus one knowledge check (the postcode).

The token (core.deep_link) is an HMAC of the case id under the agency's secret key: unguessable, one case only,
and refused once the case has ended. Five wrong postcodes lock the token for everyone and alert the specialists.
A chat sees a case only through an active binding; every debtor action is taken as Actor.debtor(case, chat).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from core.actors import Actor, ActorKind
from core.db.models import Case, Debtor, TelegramBinding, TelegramLinkGuard
from core.deep_link import token_hash
from core.domain.case_states import FINAL_STATUSES, CaseStatus
from core.errors import NotFound, UserError
from core.notifications import alert_specialists
from core.services.case_access import record_event, require
from core.uow import UnitOfWork

MAX_LINK_ATTEMPTS = 5
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class LinkRefused(UserError):
    """The deep link cannot be used. `code`: unknown | expired | locked | no_postcode."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"deep link refused: {code}")


@dataclass(frozen=True)
class LinkCheck:
    linked: bool
    case_id: int
    reference: str
    attempts_left: int
    locked: bool = False


def case_for_token(uow: UnitOfWork, token: str) -> Case:
    """The case a deep-link token opens, or LinkRefused (unknown or forged, case ended, locked)."""
    if not _TOKEN.fullmatch(token or ""):
        raise LinkRefused("unknown")
    case = uow.session.scalars(select(Case).where(Case.telegram_token_hash == token_hash(token))).one_or_none()
    if case is None:
        raise LinkRefused("unknown")
    if CaseStatus(case.status) in FINAL_STATUSES:
        raise LinkRefused("expired")
    guard = uow.session.get(TelegramLinkGuard, case.id)
    if guard is not None and guard.locked_at is not None:
        raise LinkRefused("locked")
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    if not (debtor.postcode or "").strip():
        raise LinkRefused("no_postcode")  # nothing to check against: the debtor calls us instead
    return case


def _normalised_postcode(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def check_postcode(uow: UnitOfWork, chat_id: int, case_id: int, answer: str) -> LinkCheck:
    """The knowledge check. Right: the chat is bound (again). Wrong: counted; the fifth wrong answer locks."""
    case = uow.session.scalars(select(Case).where(Case.id == case_id).with_for_update()).one()
    if CaseStatus(case.status) in FINAL_STATUSES:
        raise LinkRefused("expired")
    guard = uow.session.get(TelegramLinkGuard, case.id, with_for_update=True)
    if guard is None:
        guard = TelegramLinkGuard(case_id=case.id, failed_attempts=0)
        uow.session.add(guard)
    if guard.locked_at is not None:
        raise LinkRefused("locked")
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    now = uow.clock.now()
    actor = Actor.debtor(case.id, str(chat_id))
    if _normalised_postcode(answer) and _normalised_postcode(answer) == _normalised_postcode(debtor.postcode or ""):
        guard.failed_attempts = 0
        _bind(uow, case, chat_id, now)
        record_event(uow, case, actor, "telegram_linked", {"chat_id": chat_id})
        return LinkCheck(True, case.id, case.reference, MAX_LINK_ATTEMPTS)
    guard.failed_attempts += 1
    guard.last_failed_at = now
    left = max(0, MAX_LINK_ATTEMPTS - guard.failed_attempts)
    if left == 0:
        guard.locked_at = now
        record_event(uow, case, actor, "telegram_link_locked", {"chat_id": chat_id, "attempts": guard.failed_attempts})
        alert_specialists(
            uow,
            case,
            "telegram_link_locked",
            f"telegram-link-locked:{case.id}:{now.isoformat()}",
            chat_id=chat_id,
            attempts=guard.failed_attempts,
        )
    return LinkCheck(False, case.id, case.reference, left, locked=left == 0)


def unlock_link(uow: UnitOfWork, actor: Actor, case: Case) -> None:
    """A specialist, having checked who is asking, opens a locked deep link again."""
    require(actor, ActorKind.SPECIALIST, what="unlocking a deep link")
    guard = uow.session.get(TelegramLinkGuard, case.id)
    if guard is not None and guard.locked_at is not None:
        guard.locked_at, guard.failed_attempts = None, 0
        record_event(uow, case, actor, "telegram_link_unlocked", {})


def _bind(uow: UnitOfWork, case: Case, chat_id: int, now: datetime) -> TelegramBinding:
    binding = uow.session.scalars(
        select(TelegramBinding).where(TelegramBinding.case_id == case.id, TelegramBinding.chat_id == chat_id)
    ).one_or_none()
    if binding is None:
        binding = TelegramBinding(case_id=case.id, chat_id=chat_id, bound_at=now)
        uow.session.add(binding)
    binding.unbound_at = None
    binding.opted_out_at = None
    uow.session.flush()
    return binding


def bound_case_ids(uow: UnitOfWork, chat_id: int) -> list[int]:
    """The cases this chat is bound to, oldest binding first; a chat without a binding sees nothing."""
    return list(
        uow.session.scalars(
            select(TelegramBinding.case_id)
            .where(TelegramBinding.chat_id == chat_id, TelegramBinding.unbound_at.is_(None))
            .order_by(TelegramBinding.bound_at, TelegramBinding.id)
        )
    )


def is_bound(uow: UnitOfWork, chat_id: int, case_id: int) -> bool:
    return case_id in bound_case_ids(uow, chat_id)


def debtor_actor(uow: UnitOfWork, chat_id: int, case_id: int | None) -> Actor:
    """The debtor acting through this chat on this case; NotFound unless the chat is bound to it."""
    if case_id is None or not is_bound(uow, chat_id, case_id):
        raise NotFound("this chat is not connected to a case")
    return Actor.debtor(case_id, str(chat_id))


def set_opted_out(uow: UnitOfWork, chat_id: int, opted_out: bool) -> int:
    """/stop (or a blocked bot) ends messages to this chat; /start again re-enables them. Returns bindings changed."""
    value = uow.clock.now() if opted_out else None
    current = TelegramBinding.opted_out_at.is_(None) if opted_out else TelegramBinding.opted_out_at.is_not(None)
    result = uow.session.execute(
        update(TelegramBinding)
        .where(TelegramBinding.chat_id == chat_id, TelegramBinding.unbound_at.is_(None), current)
        .values(opted_out_at=value)
    )
    return result.rowcount or 0


def chats_to_notify(uow: UnitOfWork, case_id: int) -> list[int]:
    """Chats bound to the case that have not opted out: where its messages go."""
    return list(
        uow.session.scalars(
            select(TelegramBinding.chat_id).where(
                TelegramBinding.case_id == case_id,
                TelegramBinding.unbound_at.is_(None),
                TelegramBinding.opted_out_at.is_(None),
            )
        )
    )
