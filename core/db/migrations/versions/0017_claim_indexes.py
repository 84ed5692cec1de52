"""claim indexes

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 01:40:00

The dispatcher and delivery claim the first due rows in order: with an index on (status, due moment) that is a
read from the front of the index, not a sort of every pending row (a big tick has 100,000 of them).
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contact_steps_status_due_at", "contact_steps", ["status", "due_at"])
    op.create_index("ix_outbound_messages_status_next_attempt_at", "outbound_messages", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbound_messages_status_next_attempt_at", table_name="outbound_messages")
    op.drop_index("ix_contact_steps_status_due_at", table_name="contact_steps")
