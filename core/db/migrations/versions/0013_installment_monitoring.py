"""installment monitoring

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 23:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.db.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# what an arrangement policy held before installments were monitored gets the defaults made explicit
POLICY_DEFAULTS = {"late_after_days": 7, "late_warnings": 1, "freeze_interest": True}


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interest_frozen_on", sa.Date(), nullable=True))
    with op.batch_alter_table("arrangements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("freezes_interest", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("ended_at", core.db.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("installments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("warned_at", core.db.types.UTCDateTime(timezone=True), nullable=True))

    creditors = sa.table("creditors", sa.column("id", sa.Integer()), sa.column("arrangement_policy", sa.JSON()))
    connection = op.get_bind()
    for creditor_id, policy in connection.execute(sa.select(creditors.c.id, creditors.c.arrangement_policy)).all():
        merged = {**POLICY_DEFAULTS, **(policy or {})}
        if merged != policy:
            connection.execute(
                creditors.update().where(creditors.c.id == creditor_id).values(arrangement_policy=merged)
            )


def downgrade() -> None:
    with op.batch_alter_table("installments", schema=None) as batch_op:
        batch_op.drop_column("warned_at")
        batch_op.drop_column("paid_on")
    with op.batch_alter_table("arrangements", schema=None) as batch_op:
        batch_op.drop_column("ended_at")
        batch_op.drop_column("freezes_interest")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("interest_frozen_on")
