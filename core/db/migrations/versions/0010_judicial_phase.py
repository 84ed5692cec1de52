"""judicial phase

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 22:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.db.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_advices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("recommendation", sa.String(length=20), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.String(length=100), nullable=True),
        sa.Column("sent_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_advices_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_advices")),
        sa.UniqueConstraint("case_id", "version", name=op.f("uq_case_advices_case_id_version")),
    )
    with op.batch_alter_table("case_advices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_advices_case_id"), ["case_id"], unique=False)

    op.create_table(
        "judicial_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_judicial_steps_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judicial_steps")),
        sa.UniqueConstraint("case_id", "step", name=op.f("uq_judicial_steps_case_id_step")),
    )
    with op.batch_alter_table("judicial_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judicial_steps_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("judicial_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judicial_steps_case_id"))
    op.drop_table("judicial_steps")
    with op.batch_alter_table("case_advices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_advices_case_id"))
    op.drop_table("case_advices")
