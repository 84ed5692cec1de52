"""Leasing due rows to one worker: the claim both the dispatcher and the outbox delivery use.

Two statements on purpose: inside `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` PostgreSQL may
run the subquery more than once and lease more than n rows. Here the SELECT takes the row locks (SKIP LOCKED: rows
another worker holds are passed over), and the UPDATE re-checks `claimable`, which is what protects SQLite (it
ignores FOR UPDATE but lets one writer at a time) and rows whose lease ran out meanwhile.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select, update

from core.uow import UnitOfWork


def lease_rows(
    uow: UnitOfWork,
    model: Any,
    *,
    claimable: ColumnElement[bool],
    order_by: tuple[Any, ...],
    limit: int,
    values: dict[str, Any],
) -> list[int]:
    """Set `values` (a lease) on up to `limit` claimable rows, commit, and return their ids."""
    pick = select(model.id).where(claimable).order_by(*order_by).limit(limit)
    if uow.session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    candidates = uow.session.scalars(pick).all()
    claimed: list[int] = []
    if candidates:
        claimed = list(
            uow.session.scalars(
                update(model)
                .where(model.id.in_(candidates), claimable)
                .values(**values)
                .returning(model.id)
                .execution_options(synchronize_session=False)
            )
        )
    uow.commit()
    return sorted(claimed)
