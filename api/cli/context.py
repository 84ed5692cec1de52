"""What every command needs: settings from the environment, an upgraded database, a unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from core.clock import Clock, SystemClock
from core.config import Settings, load_settings
from core.db.base import make_engine, make_session_factory
from core.db.migrate import is_current, upgrade
from core.errors import UserError
from core.uow import UnitOfWork


@dataclass
class CliContext:
    settings: Settings
    clock: Clock

    @classmethod
    def from_env(cls) -> CliContext:
        return cls(load_settings(), SystemClock())

    @cached_property
    def engine(self) -> Engine:
        engine = make_engine(self.settings.database_url)
        if not is_current(engine):
            if not self.settings.auto_migrate:
                raise UserError("the database schema is not current: run `incasso db upgrade`")
            upgrade(engine)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker:
        return make_session_factory(self.engine)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, clock=self.clock, data_dir=self.settings.data_dir)
