"""What the running service holds: settings, database, clock — built once by create_app, reached through deps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from core.clock import Clock
from core.config import Settings
from core.schedule.delivery import Transport
from core.uow import UnitOfWork


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker
    clock: Clock
    transports: dict[str, Transport] = field(default_factory=dict)
    # run by the app's lifespan, in order (shutdown in reverse): the bots start and stop their clients here
    on_startup: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_shutdown: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # core.providers.payments.PaymentProvider, or None when payments are off (set by create_app)
    payment_provider: Any = None

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self.sessions, clock=self.clock, data_dir=self.settings.data_dir, read_only=read_only)
