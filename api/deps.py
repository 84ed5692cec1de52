"""Dependencies of the HTTP routes: the unit of work, and the creditor an API key belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.state import AppState
from core.actors import Actor
from core.services.creditors import verify_api_key
from core.uow import UnitOfWork

_bearer = HTTPBearer(auto_error=False, description="A creditor API key: `incasso creditor api-key CREDITOR`")


def app_state(request: Request) -> AppState:
    return request.app.state.incasso


def unit_of_work(state: Annotated[AppState, Depends(app_state)]) -> Iterator[UnitOfWork]:
    with state.uow() as uow:
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
    with state.uow() as uow:
        key = verify_api_key(uow, credentials.credentials)
        if key is None:
            raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
        uow.commit()  # last_used_at
        return Actor.creditor(key.creditor_id, user_id=f"api-key:{key.id}", label=f"API key {key.name}")


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
