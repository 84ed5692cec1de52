"""Declarative base with constraint names Alembic can rely on, and the engine/session factory."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import JSON, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


READ_ONLY = "incasso_read_only"  # execution option set by read-only units of work (core.uow)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict] = {dict: JSON, list: JSON}


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        # a pool as large as the API's thread pool, so a request never queues for a connection behind others
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30}, pool_size=20, max_overflow=30)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            # Take transaction control from pysqlite, whose implicit BEGIN breaks SAVEPOINTs (SQLAlchemy docs,
            # "Serializable isolation / Savepoints / Transactional DDL").
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            # WAL lets readers go on while the dispatcher writes; foreign keys are off by default in SQLite.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
            # IMMEDIATE: take SQLite's single write lock up front, so two writers queue (busy timeout) instead of
            # one failing with "database is locked" when it upgrades a read transaction to a write. Units of work
            # that only read say so, and begin deferred: in WAL mode they neither wait for nor block a writer.
            if conn.get_execution_options().get(READ_ONLY):
                # straight on the DB-API connection: a deferred BEGIN cannot fail, and the API's hot reads begin
                # one per request (exec_driver_sql's machinery costs several times the statement)
                conn.connection.dbapi_connection.execute("BEGIN")
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)
