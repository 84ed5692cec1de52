"""slack specialist queue and durable downloads

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 23:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.db.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_file_id", sa.String(length=64), nullable=False),
        sa.Column("source_account", sa.String(length=64), nullable=False),
        sa.Column("source_user", sa.String(length=64), nullable=False),
        sa.Column("actor_label", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_until", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("told_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_inbound_files_case_id_cases")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_inbound_files_document_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_files")),
        sa.UniqueConstraint("case_id", "source", "source_file_id",
                            name=op.f("uq_inbound_files_case_id_source_source_file_id")),
    )
    with op.batch_alter_table("inbound_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbound_files_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inbound_files_status"), ["status"], unique=False)
    # a card about a bank credit has no case (yet)
    with op.batch_alter_table("slack_specialist_cards", schema=None) as batch_op:
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM slack_specialist_cards WHERE case_id IS NULL")
    with op.batch_alter_table("slack_specialist_cards", schema=None) as batch_op:
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("inbound_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_files_status"))
        batch_op.drop_index(batch_op.f("ix_inbound_files_case_id"))
    op.drop_table("inbound_files")
