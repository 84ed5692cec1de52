"""The service under test: create_app on the test database, driven by a real HTTP client inside its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from core.clock import FakeClock
from core.config import Settings, load_settings
from core.services.creditors import create_api_key
from tests.builders import make_creditor


@dataclass
class Api:
    client: httpx.AsyncClient
    settings: Settings
    token: str  # API key of creditor 1 ("Bakkerij De Zon B.V.")
    other_token: str  # API key of creditor 2, which must never see creditor 1's cases
    creditor_id: int

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}


@pytest.fixture
async def api(database_url: str, data_dir: Path, clock: FakeClock, uow_factory) -> AsyncIterator[Api]:
    settings = load_settings(database_url=database_url, data_dir=data_dir, secret_key="test-secret")
    with uow_factory() as uow:
        mine = make_creditor(uow)
        theirs = make_creditor(uow, kvk_number="99999999", name="Andere B.V.")
        token = create_api_key(uow, mine.id, "test").token
        other = create_api_key(uow, theirs.id, "test").token
        uow.commit()
        creditor_id = mine.id
    app = create_app(settings, clock=clock, transports={})
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://app") as client:
            yield Api(client, settings, token, other, creditor_id)
