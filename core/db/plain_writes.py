"""INSERT and UPDATE statements compiled once per dialect and run with `executemany` on the connection's DB-API
cursor: for the one write that is a hot path (the dispatcher's bulk lane writes a row per step, 100,000 in a big
tick).

`Connection.execute(statement, rows)` costs some 10 µs of Python per row (parameters constructed and processed
row by row) on top of the driver's own work. Here every value still goes through its column type's own bind
processor — the one `Connection.execute` applies (UTCDateTime's check for an aware datetime and the move to UTC,
Money's cents, SQLite's datetime text) — but a value that is the very object of the row before (the batch's
`now`, a status) is processed once. The engine's cursor events are skipped, as in core.db.plain_reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Delete, Dialect, Insert, Update
from sqlalchemy.exc import DBAPIError


class PlainWrite:
    """An INSERT (of the columns the rows name) or an UPDATE/DELETE with named bind parameters."""

    def __init__(self, statement: Insert | Update | Delete) -> None:
        self.statement = statement
        self._compiled: dict[tuple[Dialect, tuple[str, ...]], _Compiled] = {}

    def many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run the statement once per row, in the connection's transaction (every row has the same keys)."""
        if not rows:
            return
        keys = tuple(rows[0])
        compiled = self._compiled.get((connection.dialect, keys))
        if compiled is None:
            compiled = self._compiled[(connection.dialect, keys)] = _Compiled(self.statement, connection.dialect, keys)
        if not connection.in_transaction():
            connection.begin()
        parameters = compiled.parameters(rows)
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(compiled.sql, parameters)
        except connection.dialect.loaded_dbapi.Error as exc:  # raised as Connection.execute would raise it
            raise DBAPIError.instance(compiled.sql, parameters, exc, connection.dialect.loaded_dbapi.Error) from exc
        finally:
            cursor.close()


class _Compiled:
    def __init__(self, statement: Insert | Update | Delete, dialect: Dialect, keys: tuple[str, ...]) -> None:
        # an INSERT of the rows' columns; an UPDATE or DELETE names its parameters itself
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if isinstance(statement, Insert) else None)
        self.sql = compiled.string
        names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
        missing = [name for name in names if name not in keys]
        if missing:
            raise ValueError(f"the rows lack parameters {missing}")
        self.names = names
        self.positional = compiled.positional
        processors = compiled._bind_processors
        self.processors: list[Callable[[Any], Any] | None] = [processors.get(name) for name in names]

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        columns = []
        for name, processor in zip(self.names, self.processors, strict=True):
            values = [row[name] for row in rows]
            if processor is not None:
                values = _processed(values, processor)
            columns.append(values)
        if self.positional:
            return list(zip(*columns, strict=True))
        return [dict(zip(self.names, values, strict=True)) for values in zip(*columns, strict=True)]


def _processed(values: list[Any], processor: Callable[[Any], Any]) -> list[Any]:
    out = []
    last_in: Any = out  # a sentinel no value is
    last_out: Any = None
    for value in values:
        if value is not last_in:
            last_in, last_out = value, processor(value)
        out.append(last_out)
    return out
