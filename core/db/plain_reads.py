"""Select statements compiled once per dialect and run on the connection's DB-API cursor: for the few reads that
are hot paths (the API's GET of a case answers from six of them on every request).

`Connection.execute` costs some 40 µs of Python a statement (cache key, execution context, events, result
metadata), several times what SQLite needs for an indexed lookup. Here the SQL is the statement's own compiled SQL
and every value goes through its column type's own result processor — the ones `Connection.execute` applies
(Money's Decimal, UTCDateTime's aware UTC datetimes, JSON, SQLite's dates) — so the rows hold the same values.
What is skipped: the per-statement machinery, and with it the engine's cursor events (echo, statement counting):
use this only where nothing listens for those.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Select
from sqlalchemy.exc import DBAPIError


class PlainRead:
    """A select (bound parameters by name, none with a bind processor) ready to run on a raw cursor."""

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._compiled: dict[Dialect, _Compiled] = {}

    def all(self, connection: Connection, params: Mapping[str, Any]) -> Sequence[Any]:
        """The rows (attribute access by column name, as a Row has), in a transaction of `connection`."""
        compiled = self._compiled.get(connection.dialect)
        if compiled is None:
            compiled = self._compiled[connection.dialect] = _Compiled(self.statement, connection.dialect)
        if not connection.in_transaction():
            connection.begin()  # SQLite's BEGIN (core.db.base): every statement of the read sees one snapshot
        cursor = connection.connection.cursor()
        parameters = compiled.parameters(params)
        try:
            cursor.execute(compiled.sql, parameters)
            raw = cursor.fetchall()
            processors = compiled.processors(cursor.description)
        except connection.dialect.loaded_dbapi.Error as exc:  # raised as Connection.execute would raise it
            raise DBAPIError.instance(compiled.sql, parameters, exc, connection.dialect.loaded_dbapi.Error) from exc
        finally:
            cursor.close()
        make = compiled.row
        if not processors:
            return [make(*values) for values in raw]
        rows = []
        for values in raw:
            converted = list(values)
            for index, processor in processors:
                converted[index] = processor(converted[index])
            rows.append(make(*converted))
        return rows

    def first(self, connection: Connection, params: Mapping[str, Any]) -> Any | None:
        rows = self.all(connection, params)
        return rows[0] if rows else None


class _Compiled:
    def __init__(self, statement: Select, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled._bind_processors:  # e.g. a Money parameter: not handled here
            raise ValueError(f"bound parameters with a bind processor: {sorted(compiled._bind_processors)}")
        self.compiled, self.sql, self.dialect = compiled, compiled.string, dialect
        self.positions = compiled.positiontup if compiled.positional else None
        # parameters passed through as they are when each is one of the caller's, by its own name, without a value
        # of its own (else construct_params works them out, e.g. a literal compared with)
        self.direct = all(
            name == bind.key and bind.required and bind.callable is None for name, bind in compiled.binds.items()
        )
        # the result columns as Connection.execute names and types them
        columns = compiled._result_columns
        self.keys = [column.keyname for column in columns]
        self.types = [column.type for column in columns]
        self.row = namedtuple("PlainRow", self.keys, rename=False)  # type: ignore[misc]
        self._processors: dict[tuple, list[tuple[int, Callable[[Any], Any]]]] = {}

    def parameters(self, params: Mapping[str, Any]) -> Any:
        named = params if self.direct else self.compiled.construct_params(params)
        if self.positions is not None:
            return tuple(named[name] for name in self.positions)
        return named

    def processors(self, description: Sequence[Any]) -> list[tuple[int, Callable[[Any], Any]]]:
        """(column index, processor) for the columns that have one. SQLite's cursor gives no type codes (None), so
        there the list is the same every time."""
        if self.dialect.name == "sqlite":
            coltypes: tuple = (None,) * len(self.types)
        else:
            coltypes = tuple(column[1] for column in description)
        found = self._processors.get(coltypes)
        if found is None:
            found = self._processors[coltypes] = [
                (index, processor)
                for index, (type_, coltype) in enumerate(zip(self.types, coltypes, strict=True))
                # what Connection.execute uses for the column
                if (processor := type_._cached_result_processor(self.dialect, coltype)) is not None
            ]
        return found
