"""slack threads and specialists

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.db.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_case_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("posted_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_slack_case_threads_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_case_threads")),
        sa.UniqueConstraint("case_id", name=op.f("uq_slack_case_threads_case_id")),
    )
    op.create_table(
        "slack_specialist_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("posted_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_slack_specialist_cards_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_specialist_cards")),
        sa.UniqueConstraint("kind", "object_id", name=op.f("uq_slack_specialist_cards_kind_object_id")),
    )
    with op.batch_alter_table("slack_specialist_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_specialist_cards_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_specialist_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_specialist_cards_case_id"))
    op.drop_table("slack_specialist_cards")
    op.drop_table("slack_case_threads")
