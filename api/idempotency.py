"""`Idempotency-Key` on every POST: a repeated request gets the first answer and creates nothing new.

How it works
- The key is kept per creditor with a hash of the request (method, path, query and body; for multipart the form
  fields and each file's SHA-256, so a client that picks a new boundary on retry still matches).
- The row is inserted *in the request's own transaction*, before the service runs, and completed with the answer
  (status, body, media type) just before that transaction commits. So the answer is stored if and only if what it
  reports was written, and a crash leaves neither.
- Two identical requests at the same moment: the unique constraint (creditor_id, key) makes the second INSERT wait
  for the first transaction (PostgreSQL), or the second transaction waits for SQLite's write lock; when the first
  commits the second gets an IntegrityError, rolls back everything it did, and answers with the stored response.
- The same key with a different request: 422. Only successful answers are stored: a refused request wrote
  nothing, so repeating it simply runs it again (after a fix, a corrected request may reuse the key).
- A service that commits on its own as it goes (the CSV import) makes the reservation visible early: a repeat
  meanwhile gets 409; if the import fails the reservation is removed; if the process dies, it is taken over after
  `ABANDONED_AFTER`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import UploadFile

from api.deps import CreditorActor, Uow
from api.problems import problem
from core.db.models.api_support import IdempotentRequest
from core.uow import UnitOfWork

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,200}$"  # visible ASCII, as many as the column holds; a UUID is a good choice
PENDING = 0  # status_code of a reserved, not yet answered request
ABANDONED_AFTER = timedelta(minutes=15)
REPLAYED_HEADER = "Idempotent-Replayed"
JSON = "application/json"


@dataclass(frozen=True)
class Fingerprint:
    key: str
    method: str
    path: str
    request_hash: str


class IdempotencyError(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


class _Replay(Exception):
    def __init__(self, record: IdempotentRequest) -> None:
        super().__init__(record.key)
        self.status_code, self.body, self.media_type = record.status_code, record.response_body, record.media_type


async def request_fingerprint(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            pattern=KEY_PATTERN,
            description="Any unique string (a UUID): a repeated request with this key returns the first answer "
            "(marked `Idempotent-Replayed: true`) and creates nothing new; the same key with a different request "
            "is refused (422). Only successful answers are kept: a refused request may be corrected and resent.",
            examples=["5f0c2a7e-2d1b-4c53-9a55-0d6f3f1f8b21"],
        ),
    ] = None,
) -> Fingerprint | None:
    """The key and a hash of what is asked; None without a key."""
    if idempotency_key is None:
        return None
    digest = hashlib.sha256(f"{request.method} {request.url.path}?{request.url.query}\n".encode())
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()  # parsed (with its limits) before this runs, so cached
        for name, value in sorted(form.multi_items(), key=lambda item: item[0]):
            digest.update(b"\0" + name.encode() + b"\0")
            if isinstance(value, UploadFile):
                digest.update((value.filename or "").encode() + b"\0" + await _file_hash(value))
            else:
                digest.update(value.encode())
    else:
        digest.update(await request.body())
    return Fingerprint(idempotency_key, request.method, request.url.path, digest.hexdigest())


async def _file_hash(upload: UploadFile) -> bytes:
    file_digest = hashlib.sha256()
    await upload.seek(0)
    while chunk := await upload.read(1 << 20):
        file_digest.update(chunk)
    await upload.seek(0)
    return file_digest.hexdigest().encode()


class Idempotency:
    """The request's guard: `respond()` stores the answer (when a key was sent) and commits the unit of work."""

    def __init__(self, uow: UnitOfWork, creditor_id: int, fingerprint: Fingerprint | None) -> None:
        self.uow = uow
        self.creditor_id = creditor_id
        self.fingerprint = fingerprint
        self.record: IdempotentRequest | None = None

    def begin(self) -> None:
        """Reserve the key; or raise to replay the stored answer, or to refuse."""
        fp = self.fingerprint
        if fp is None:
            return
        existing = self._find(fp.key)
        if existing is not None:
            self._answer_from(existing)
            return
        record = IdempotentRequest(
            creditor_id=self.creditor_id,
            key=fp.key,
            method=fp.method,
            path=fp.path[:300],
            request_hash=fp.request_hash,
            status_code=PENDING,
            response_body="",
            media_type="",
            created_at=self.uow.clock.now(),
        )
        try:
            with self.uow.session.begin_nested():
                self.uow.session.add(record)
        except IntegrityError:  # the same key, committed by a concurrent request a moment ago
            existing = self._find(fp.key)
            if existing is None:
                raise
            self._answer_from(existing)
            return
        self.record = record

    def respond(self, body: BaseModel, status_code: int = 200) -> Response:
        """Serialise `body`, keep it as the answer to this key, commit the request's work, and answer."""
        content = body.model_dump_json(by_alias=True)
        if self.record is not None:
            self.record.status_code = status_code
            self.record.response_body = content
            self.record.media_type = JSON
        self.uow.commit()
        self.record = None
        return Response(content, status_code=status_code, media_type=JSON)

    def abandon(self) -> None:
        """The request failed: nothing is stored. Removes a reservation a service committed on its own."""
        record, self.record = self.record, None
        if record is None:
            return
        self.uow.rollback()
        self.uow.session.execute(
            delete(IdempotentRequest).where(
                IdempotentRequest.creditor_id == record.creditor_id,
                IdempotentRequest.key == record.key,
                IdempotentRequest.request_hash == record.request_hash,
                IdempotentRequest.status_code == PENDING,
                IdempotentRequest.created_at == record.created_at,
            )
        )
        self.uow.commit()

    def _find(self, key: str) -> IdempotentRequest | None:
        return self.uow.session.scalars(
            select(IdempotentRequest).where(
                IdempotentRequest.creditor_id == self.creditor_id, IdempotentRequest.key == key
            )
        ).one_or_none()

    def _answer_from(self, existing: IdempotentRequest) -> None:
        fp = self.fingerprint
        assert fp is not None
        if existing.request_hash != fp.request_hash:
            raise IdempotencyError(
                422,
                "Idempotency-Key reused",
                f"this Idempotency-Key was used for a different request ({existing.method} {existing.path}); "
                "use a new key for a new request",
            )
        if existing.status_code != PENDING:
            raise _Replay(existing)
        now = self.uow.clock.now()
        if existing.created_at > now - ABANDONED_AFTER:
            raise IdempotencyError(
                409, "Request in progress", "a request with this Idempotency-Key is still being processed; retry later"
            )
        taken = self.uow.session.execute(  # a reservation left by a process that died: take it over
            update(IdempotentRequest)
            .where(
                IdempotentRequest.id == existing.id,
                IdempotentRequest.status_code == PENDING,
                IdempotentRequest.created_at == existing.created_at,
            )
            .values(created_at=now)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise IdempotencyError(
                409, "Request in progress", "a request with this Idempotency-Key is still being processed; retry later"
            )
        self.uow.session.refresh(existing)
        self.record = existing


Fingerprinted = Annotated[Fingerprint | None, Depends(request_fingerprint)]


def idempotency(fingerprint: Fingerprinted, actor: CreditorActor, uow: Uow) -> Iterator[Idempotency]:
    assert actor.creditor_id is not None
    guard = Idempotency(uow, actor.creditor_id, fingerprint)
    guard.begin()
    try:
        yield guard
    except BaseException:
        guard.abandon()
        raise


Idem = Annotated[Idempotency, Depends(idempotency)]


def install(app: FastAPI) -> None:
    @app.exception_handler(_Replay)
    async def replay(request: Request, exc: _Replay) -> Response:
        return Response(
            exc.body, status_code=exc.status_code, media_type=exc.media_type, headers={REPLAYED_HEADER: "true"}
        )

    @app.exception_handler(IdempotencyError)
    async def refused(request: Request, exc: IdempotencyError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail)
