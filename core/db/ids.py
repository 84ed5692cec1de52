"""Primary keys handed out up front, so a batch of related rows is written with plain multi-row INSERTs.

RETURNING with guaranteed row order (SQLAlchemy's `sort_by_parameter_order`) falls back to small batches on
SQLite and made the CSV import three times slower; knowing the ids beforehand needs no RETURNING at all.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session


def allocate_ids(session: Session, model: type, count: int) -> list[int]:
    """`count` fresh ids for `model`'s table.

    PostgreSQL: taken from the table's sequence, safe with any number of concurrent writers.
    SQLite: max(id)+1…; the caller must already have written in this transaction, so it holds SQLite's single
    write lock and no other writer can take the same ids before it commits.
    """
    table = model.__table__  # type: ignore[attr-defined]
    if session.get_bind().dialect.name == "postgresql":
        sequence = session.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar_one()
        return list(
            session.scalars(text("SELECT nextval(:seq) FROM generate_series(1, :n)"), {"seq": sequence, "n": count})
        )
    start = session.scalar(select(func.max(table.c.id))) or 0
    return list(range(start + 1, start + count + 1))
