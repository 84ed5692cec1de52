"""Files handed over through a chat front end, fetched and stored as case documents exactly once.

`record_inbound_file` writes the row inside the transaction that files the claim. A worker of the front end then
`claim_inbound_files` (a lease, as the outbox has), fetches the bytes, and either `store_inbound_file` (the
document and the row's end in one transaction: whichever worker commits first wins, the other stores nothing) or
`refuse_inbound_file` / `retry_inbound_file`. Once done, the sender is told (`untold_inbound_files`,
`mark_told`). Core never fetches anything itself.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from core.actors import Actor
from core.db.leases import lease_rows
from core.db.models import Case, InboundFile
from core.services.documents import add_document
from core.uow import UnitOfWork

PENDING, STORED, REFUSED = "pending", "stored", "refused"
LEASE = timedelta(minutes=5)
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1


@dataclass(frozen=True)
class Claimed:
    """A leased row, with what a worker needs to fetch it and to prove the lease is still its own."""

    id: int
    token: str
    case_id: int
    source_file_id: str
    source_account: str
    kind: str
    file_name: str | None
    language: str


def record_inbound_file(uow: UnitOfWork, case: Case, actor: Actor, *, source: str, file_id: str, account: str,
                        user: str, kind: str, file_name: str | None, language: str) -> InboundFile:
    now = uow.clock.now()
    row = InboundFile(
        case_id=case.id, source=source, source_file_id=file_id[:64], source_account=account[:64],
        source_user=user[:64], actor_label=(actor.label or actor.id or actor.kind.value)[:100], kind=kind[:30],
        file_name=(file_name or None) and file_name[:255], language=language[:5], status=PENDING, attempts=0,
        next_attempt_at=now, created_at=now,
    )
    uow.session.add(row)
    return row


def claim_inbound_files(uow: UnitOfWork, source: str, *, ids: list[int] | None = None,
                        limit: int = 20) -> list[Claimed]:
    """Lease up to `limit` due pending rows (only `ids`, if given) for one worker; commits."""
    now = uow.clock.now()
    claimable = and_(
        InboundFile.source == source,
        InboundFile.status == PENDING,
        InboundFile.next_attempt_at <= now,
        or_(InboundFile.lease_until.is_(None), InboundFile.lease_until < now),
    )
    if ids is not None:
        claimable = and_(claimable, InboundFile.id.in_(ids))
    token = secrets.token_hex(16)
    leased = lease_rows(uow, InboundFile, claimable=claimable, order_by=(InboundFile.next_attempt_at, InboundFile.id),
                        limit=limit, values={"lease_until": now + LEASE, "lease_token": token})
    rows = uow.session.scalars(select(InboundFile).where(InboundFile.id.in_(leased)).order_by(InboundFile.id)) \
        if leased else []
    return [Claimed(r.id, token, r.case_id, r.source_file_id, r.source_account, r.kind, r.file_name, r.language)
            for r in rows if r.lease_token == token]


def _finish(uow: UnitOfWork, claimed: Claimed, **values: object) -> bool:
    """End the row if the lease is still ours; False if another worker took it over (it does the work)."""
    done = uow.session.execute(
        update(InboundFile)
        .where(InboundFile.id == claimed.id, InboundFile.status == PENDING, InboundFile.lease_token == claimed.token)
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(done)


def store_inbound_file(uow: UnitOfWork, claimed: Claimed, file_name: str, data: bytes) -> int | None:
    """Store the fetched bytes as the case's document; the document id, or None when the lease was lost.

    core's document checks (type by content, size) raise DocumentRefused; the caller refuses the row then.
    The caller commits: the document and the row's end go together or not at all."""
    row = uow.session.get_one(InboundFile, claimed.id)
    case = uow.session.get_one(Case, row.case_id)
    if not _finish(uow, claimed, status=STORED, finished_at=uow.clock.now(), file_name=file_name[:255], reason=None):
        return None
    actor = Actor.creditor(case.creditor_id, user_id=row.source_user, label=row.actor_label)
    document = add_document(uow, actor, case.reference, kind=row.kind, file_name=file_name, data=data)
    uow.session.execute(update(InboundFile).where(InboundFile.id == claimed.id).values(document_id=document.id)
                        .execution_options(synchronize_session=False))
    return document.id


def refuse_inbound_file(uow: UnitOfWork, claimed: Claimed, reason: str, file_name: str | None = None) -> bool:
    """The file will not be stored (wrong type, too big, gone): the row ends with the reason. The caller commits."""
    values: dict[str, object] = {"status": REFUSED, "reason": reason[:300], "finished_at": uow.clock.now()}
    if file_name:
        values["file_name"] = file_name[:255]
    return _finish(uow, claimed, **values)


def retry_inbound_file(uow: UnitOfWork, claimed: Claimed, reason: str) -> bool:
    """Fetching failed for a passing reason (network, the source's 5xx): try again later; after the last attempt
    the row is refused with `reason`. True if it was refused for good. The caller commits."""
    row = uow.session.get_one(InboundFile, claimed.id)
    attempts = row.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        return refuse_inbound_file(uow, claimed, reason)
    _finish(uow, claimed, attempts=attempts, next_attempt_at=uow.clock.now() + RETRY_AFTER[attempts - 1],
            reason=reason[:300])
    return False


@dataclass(frozen=True)
class Outcome:
    id: int
    case_reference: str
    source_account: str
    source_user: str
    file_name: str
    status: str
    reason: str | None
    language: str


def untold_inbound_files(uow: UnitOfWork, source: str, *, ids: list[int] | None = None,
                         limit: int = 200) -> list[Outcome]:
    """Finished rows whose sender was not told yet (all of them, or those of `ids`)."""
    query = (
        select(InboundFile, Case.reference)
        .join(Case, Case.id == InboundFile.case_id)
        .where(InboundFile.source == source, InboundFile.status.in_((STORED, REFUSED)), InboundFile.told_at.is_(None))
        .order_by(InboundFile.id)
        .limit(limit)
    )
    if ids is not None:
        query = query.where(InboundFile.id.in_(ids))
    return [Outcome(r.id, ref, r.source_account, r.source_user, r.file_name or r.source_file_id, r.status, r.reason,
                    r.language) for r, ref in uow.session.execute(query)]


def mark_told(uow: UnitOfWork, ids: list[int]) -> list[int]:
    """Mark rows told; returns those this call marked (another worker may have told them meanwhile)."""
    if not ids:
        return []
    return list(uow.session.scalars(
        update(InboundFile)
        .where(InboundFile.id.in_(ids), InboundFile.told_at.is_(None))
        .values(told_at=uow.clock.now())
        .returning(InboundFile.id)
        .execution_options(synchronize_session=False)
    ))
