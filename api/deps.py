"""Dependencies of the HTTP routes: the unit of work, and the creditor an API key belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.state import AppState
from core.actors import Actor
from core.services.creditors import needs_touch, touch_api_key, verify_api_key
from core.uow import UnitOfWork

_bearer = HTTPBearer(auto_error=False, description="A creditor API key: `incasso creditor api-key CREDITOR`")


def app_state(request: Request) -> AppState:
    return request.app.state.incasso


def unit_of_work(request: Request, state: Annotated[AppState, Depends(app_state)]) -> Iterator[UnitOfWork]:
    # GET and HEAD only read: on SQLite they then never queue for, or hold, the single write lock
    with state.uow(read_only=request.method in ("GET", "HEAD")) as uow:
        yield uow


def creditor_actor(
    state: Annotated[AppState, Depends(app_state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The creditor behind the API key; 401 for a missing, wrong or revoked key."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "missing API key: send Authorization: Bearer <key>", headers={"WWW-Authenticate": "Bearer"}
        )
    with state.uow(read_only=True) as uow:
        key = verify_api_key(uow, credentials.credentials)
        if key is None:
            raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
        touch = needs_touch(uow, key)
        actor = Actor.creditor(key.creditor_id, user_id=f"api-key:{key.id}", label=f"API key {key.name}")
    if touch:  # last_used_at, at most once a minute: most requests write nothing here
        with state.uow() as uow:
            touch_api_key(uow, key.id)
            uow.commit()
    return actor


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
