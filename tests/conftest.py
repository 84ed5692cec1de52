"""Shared fixtures. Every test that touches the database runs twice: on SQLite and on PostgreSQL.

PostgreSQL: a fresh database per test session on 127.0.0.1:5432 (or INCASSO_TEST_POSTGRES_URL), dropped after.
Where none is reachable the PostgreSQL half skips with a reason; with INCASSO_REQUIRE_POSTGRES=1 (CI) it fails.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bots.stand_ins.smtp_sink import SmtpServer
from core.actors import Actor
from core.clock import AMSTERDAM, FakeClock
from core.db.base import Base, make_engine, make_session_factory
from core.db.migrate import upgrade
from core.uow import UnitOfWork

POSTGRES_ADMIN_URL = os.environ.get(
    "INCASSO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("INCASSO_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated once; each test gets a copy (faster than migrating per test)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin_url = make_url(POSTGRES_ADMIN_URL)
    name = f"incasso_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server, no rights: say so
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL required (INCASSO_REQUIRE_POSTGRES=1) but not usable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {admin_url.render_as_string()}: {type(exc).__name__}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "incasso.db"
        shutil.copy(template, target)
        yield f"sqlite:///{target}"
        return
    url: str = request.getfixturevalue("postgres_url")
    yield url
    cleaner = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with cleaner.begin() as conn:
        # TRUNCATE does not fire the row triggers that keep case_events append-only.
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    cleaner.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def uow_factory(engine: Engine, clock: FakeClock, data_dir: Path) -> Callable[[], UnitOfWork]:
    sessions = make_session_factory(engine)
    return lambda: UnitOfWork(sessions, clock=clock, data_dir=data_dir)


@pytest.fixture
def system() -> Actor:
    return Actor.system("test")


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free loopback port that keeps every message (`.messages`, `.port`)."""
    with SmtpServer() as server:
        yield server
