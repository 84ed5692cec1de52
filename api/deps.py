"""Dependencies of the HTTP routes: the unit of work, and the creditor an API key belongs to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from api.state import AppState
from core.actors import Actor
from core.db.base import READ_ONLY
from core.services.creditors import find_api_key, touch_api_key, touch_due
from core.uow import UnitOfWork

T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="A creditor API key: `incasso creditor api-key CREDITOR`")


async def app_state(request: Request) -> AppState:
    # async: FastAPI runs a plain `def` dependency in the thread pool, a hop that costs more than this lookup
    return request.app.state.incasso


async def read_db(state: AppState, work: Callable[[Connection], T]) -> T:
    """`work` on a read-only connection (one transaction, rolled back after), for reads that are hot paths.

    On SQLite the read runs in the event loop, as an in-process lookup of a fraction of a millisecond costs less
    there than the hop to a worker thread and back; in WAL mode a reader never waits for a writer. A database
    across a network is read in the thread pool, so the loop never waits for a round trip.
    """
    if state.engine.dialect.name == "sqlite":
        return _read(state, work)
    return await run_in_threadpool(_read, state, work)


def _read(state: AppState, work: Callable[[Connection], T]) -> T:
    with state.engine.connect() as connection:
        connection.execution_options(**{READ_ONLY: True})  # SQLite: a deferred BEGIN, never the write lock
        return work(connection)


def unit_of_work(request: Request, state: Annotated[AppState, Depends(app_state)]) -> Iterator[UnitOfWork]:
    # GET and HEAD only read: on SQLite they then never queue for, or hold, the single write lock
    with state.uow(read_only=request.method in ("GET", "HEAD")) as uow:
        yield uow


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def creditor_actor(state: Annotated[AppState, Depends(app_state)], credentials: Credentials) -> Actor:
    """The creditor behind the API key; 401 for a missing, wrong or revoked key."""
    actor, _ = await authenticated(state, credentials)
    return actor


async def authenticated(
    state: AppState,
    credentials: HTTPAuthorizationCredentials | None,
    then: Callable[[Connection, Actor], T] | None = None,
) -> tuple[Actor, T | None]:
    """The API key checked (401 if missing, wrong or revoked) and, on the same connection, `then` run for its
    creditor: a hot read path needs only one connection. The key is read from the database on every request, so
    a revoked key stops working at once."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "missing API key: send Authorization: Bearer <key>", headers={"WWW-Authenticate": "Bearer"}
        )
    token = credentials.credentials

    def work(connection: Connection) -> tuple[Any, Actor | None, T | None]:
        key = find_api_key(connection, token)
        if key is None:
            return None, None, None
        actor = Actor.creditor(key.creditor_id, user_id=f"api-key:{key.id}", label=f"API key {key.name}")
        return key, actor, then(connection, actor) if then else None

    key, actor, result = await read_db(state, work)
    if key is None or actor is None:
        raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    if touch_due(key.last_used_at, state.clock.now()):  # last_used_at, at most once a minute: most requests
        await run_in_threadpool(_touch, state, key.id)  # write nothing here; a write may wait for SQLite's lock
    return actor, result


def _touch(state: AppState, key_id: int) -> None:
    with state.uow() as uow:
        touch_api_key(uow, key_id)
        uow.commit()


def caller_language(
    accept_language: Annotated[
        str | None,
        Header(description="`nl` for Dutch messages (validation errors, import refusals); English otherwise"),
    ] = None,
) -> str:
    return "nl" if (accept_language or "").strip().lower().startswith("nl") else "en"


State = Annotated[AppState, Depends(app_state)]
Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
CreditorActor = Annotated[Actor, Depends(creditor_actor)]
Lang = Annotated[str, Depends(caller_language)]
