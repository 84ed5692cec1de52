"""Creditor accounts, their users and API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, select

from core import validation as v
from core.db.models import ApiKey, Creditor, Role, User
from core.db.plain_reads import PlainRead
from core.errors import InvalidInput, NotFound, UserError
from core.uow import UnitOfWork

API_KEY_PREFIX = "inc_"
# accepted at once within these terms; installments more than late_after_days overdue are late (late_warnings get a
# warning, the next breaks the arrangement); freeze_interest: interest stops while an arrangement is kept
DEFAULT_ARRANGEMENT_POLICY: dict[str, object] = {
    "max_months": 6,
    "min_installment": "25.00",
    "late_after_days": 7,
    "late_warnings": 1,
    "freeze_interest": True,
}


def add_creditor(
    uow: UnitOfWork,
    *,
    name: str,
    kvk_number: str,
    payout_iban: str,
    vat_deductible: bool = True,
    email: str | None = None,
    language: str = "nl",
    arrangement_policy: Mapping[str, object] | None = None,
    fee_terms: Mapping[str, object] | None = None,
    cost_terms: Mapping[str, object] | None = None,
    lang: str = "en",
) -> Creditor:
    c = v.Collector()
    clean_name = c.check("name", name, v.text, 200)
    kvk = c.check("kvk_number", kvk_number, v.kvk)
    iban = c.check("payout_iban", payout_iban, v.iban)
    mail = c.check("email", email, v.email, required=False)
    language = c.check("language", language, v.choice, ("nl", "en")) or "nl"
    if c.errors:
        raise InvalidInput(c.errors, lang)
    if uow.session.scalars(select(Creditor).where(Creditor.kvk_number == kvk)).first():
        raise UserError(f"kvk_number: a creditor with KvK number {kvk} exists already")
    creditor = Creditor(
        name=clean_name,
        kvk_number=kvk,
        payout_iban=iban,
        vat_deductible=vat_deductible,
        email=mail,
        language=language,
        arrangement_policy={**DEFAULT_ARRANGEMENT_POLICY, **(arrangement_policy or {})},
        fee_terms=dict(fee_terms or {}),  # no commission unless agreed (`incasso creditor fees`)
        cost_terms=dict(cost_terms or {"kind": "statutory"}),
        created_at=uow.clock.now(),
    )
    uow.session.add(creditor)
    uow.session.flush()
    return creditor


def find_creditor(uow: UnitOfWork, key: str | int) -> Creditor:
    """By id or by KvK number, whichever the operator typed."""
    text = str(key).strip()
    query = select(Creditor).where(Creditor.kvk_number == text)
    creditor = uow.session.scalars(query).first()
    if creditor is None and text.isdigit() and len(text) < 8:
        creditor = uow.session.get(Creditor, int(text))
    if creditor is None:
        raise NotFound(f"creditor {key} not found (give its id or KvK number)")
    return creditor


def add_user(
    uow: UnitOfWork,
    *,
    role: Role,
    display_name: str,
    creditor_id: int | None = None,
    email: str | None = None,
    slack_team_id: str | None = None,
    slack_user_id: str | None = None,
) -> User:
    if role is Role.CREDITOR_MEMBER and creditor_id is None:
        raise UserError("a creditor member belongs to a creditor: give creditor_id")
    user = User(
        role=role.value,
        display_name=display_name,
        creditor_id=creditor_id,
        email=email,
        slack_team_id=slack_team_id,
        slack_user_id=slack_user_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(user)
    uow.session.flush()
    return user


@dataclass(frozen=True)
class IssuedKey:
    id: int
    token: str  # shown once; only its hash is stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(uow: UnitOfWork, creditor_id: int, name: str = "default") -> IssuedKey:
    if uow.session.get(Creditor, creditor_id) is None:
        raise NotFound(f"creditor {creditor_id} not found")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        creditor_id=creditor_id,
        name=name,
        prefix=prefix,
        secret_hash=_hash(secret),
        created_at=uow.clock.now(),
    )
    uow.session.add(key)
    uow.session.flush()
    return IssuedKey(key.id, f"{API_KEY_PREFIX}{prefix}_{secret}")


def verify_api_key(uow: UnitOfWork, token: str) -> ApiKey | None:
    """The active key this token belongs to, or None. Constant-time comparison of the hash."""
    parts = _token_parts(token)
    if parts is None:
        return None
    key = uow.session.scalars(select(ApiKey).where(ApiKey.prefix == parts[0])).first()
    return key if _accepts(key, parts[1]) else None


_KEY_BY_PREFIX = PlainRead(  # on the DB-API cursor: the API checks a key on every request
    select(
        ApiKey.id, ApiKey.creditor_id, ApiKey.name, ApiKey.secret_hash, ApiKey.revoked_at, ApiKey.last_used_at
    ).where(ApiKey.prefix == bindparam("prefix"))
)


def find_api_key(connection: Connection, token: str) -> Any | None:
    """`verify_api_key` on a plain connection, without the ORM, for the API, which checks a key on every request:
    the active key's row (id, creditor_id, name, last_used_at), or None. Read from the database each time, so a
    revoked key stops working at once."""
    parts = _token_parts(token)
    if parts is None:
        return None
    key = _KEY_BY_PREFIX.first(connection, {"prefix": parts[0]})
    return key if _accepts(key, parts[1]) else None


def _token_parts(token: str) -> tuple[str, str] | None:
    if not token.startswith(API_KEY_PREFIX) or token.count("_") < 2:
        return None
    prefix, _, secret = token.removeprefix(API_KEY_PREFIX).partition("_")
    return prefix, secret


def _accepts(key: Any, secret: str) -> bool:
    return key is not None and key.revoked_at is None and hmac.compare_digest(key.secret_hash, _hash(secret))


LAST_USED_RESOLUTION = timedelta(minutes=1)


def needs_touch(uow: UnitOfWork, key: ApiKey) -> bool:
    """Whether `last_used_at` is worth a write: at most once a minute, so reading requests stay read-only."""
    return touch_due(key.last_used_at, uow.clock.now())


def touch_due(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION


def touch_api_key(uow: UnitOfWork, key_id: int) -> None:
    key = uow.session.get(ApiKey, key_id)
    if key is not None:
        key.last_used_at = uow.clock.now()


def revoke_api_key(uow: UnitOfWork, key_id: int, *, creditor_id: int | None = None) -> None:
    key = uow.session.get(ApiKey, key_id)
    if key is None or (creditor_id is not None and key.creditor_id != creditor_id):
        raise NotFound(f"API key {key_id} not found")
    key.revoked_at = key.revoked_at or uow.clock.now()
