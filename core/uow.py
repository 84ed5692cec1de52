"""Unit of work: one database transaction plus the ports a service needs (clock, document store)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from core.clock import Clock, SystemClock
from core.db.base import READ_ONLY
from core.documents_store import DocumentStore


class UnitOfWork:
    """`with uow:` opens a session; leaving without `commit()` rolls everything back."""

    session: Session

    def __init__(
        self,
        session_factory: sessionmaker,
        *,
        clock: Clock | None = None,
        data_dir: Path | None = None,
        read_only: bool = False,
    ) -> None:
        self._factory = session_factory
        self.read_only = read_only
        self.clock: Clock = clock or SystemClock()
        self.documents = DocumentStore(data_dir or Path("./data"))

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        if self.read_only:
            # On SQLite a reader then starts a deferred transaction and never waits for (or holds) the write lock.
            self.session.connection(execution_options={READ_ONLY: True})
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back what was not committed without expiring loaded objects, so callers can still read them
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
