"""weekly reports

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 23:20:00

A weekly report's chart is stored as a document of no case (the outbox row that posts it points at it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # the outbox rows pointing at report charts let go of them first
    op.execute(
        "UPDATE outbound_messages SET document_id = NULL WHERE document_id IN "
        "(SELECT id FROM documents WHERE case_id IS NULL)"
    )
    op.execute("DELETE FROM documents WHERE case_id IS NULL")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
