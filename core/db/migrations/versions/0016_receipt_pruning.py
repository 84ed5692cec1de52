"""receipt pruning

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 02:00:00

Slack receipts and API idempotency keys are pruned by age every night (core.services.housekeeping): an index each.
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_slack_receipts_received_at", "slack_receipts", ["received_at"])
    op.create_index("ix_idempotent_requests_created_at", "idempotent_requests", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotent_requests_created_at", table_name="idempotent_requests")
    op.drop_index("ix_slack_receipts_received_at", table_name="slack_receipts")
