"""Column types that keep the project's rules in the database too: money as integer cents, time in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator

from core.money import from_cents_int, to_cents_int


class Money(TypeDecorator[Decimal]):
    """Decimal in Python, integer cents in the database (SQLite has no exact decimal type)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal | int):
            raise TypeError(f"money must be Decimal, got {type(value).__name__}")
        return to_cents_int(Decimal(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_cents_int(int(value))


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware in, timezone-aware (UTC) out, on SQLite as well as PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store timezone-aware moments only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# -- for reads of many rows at once ------------------------------------------------------------------------------
# SQLite keeps dates and datetimes as text, and SQLAlchemy parses every one with a regular expression. A batch of
# steps or invoices holds the same few dates over and over: these types (for `type_coerce` in a select) parse each
# distinct text once. They only read; PostgreSQL's driver gives date and datetime objects, which pass through.


@lru_cache(maxsize=4096)
def _date_from_text(text: str) -> date:
    return date.fromisoformat(text)


@lru_cache(maxsize=4096)
def _utc_from_text(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class DateRead(TypeDecorator[date]):
    """A Date column read as `Date` reads it (SQLite: "YYYY-MM-DD"), each distinct text parsed once."""

    impl = String
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if value is None or isinstance(value, date):
            return value
        return _date_from_text(value)


class UTCDateTimeRead(TypeDecorator[datetime]):
    """A UTCDateTime column read as `UTCDateTime` reads it (aware, UTC), each distinct text parsed once."""

    impl = String
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return _utc_from_text(value)
