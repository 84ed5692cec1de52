"""slack platform and creditors

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.db.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("app_id", sa.String(length=32), nullable=True),
        sa.Column("bot_token", sa.String(length=255), nullable=False),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.Text(), nullable=False),
        sa.Column("bot_refresh_token", sa.String(length=255), nullable=True),
        sa.Column("bot_token_expires_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("installer_user_id", sa.String(length=32), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_installations")),
        sa.UniqueConstraint("enterprise_id", "team_id", name=op.f("uq_slack_installations_enterprise_id_team_id")),
    )
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=100), nullable=False),
        sa.Column("expires_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_oauth_states")),
        sa.UniqueConstraint("state", name=op.f("uq_slack_oauth_states_state")),
    )
    op.create_table(
        "slack_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("received_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("response_type", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_receipts")),
        sa.UniqueConstraint("key", name=op.f("uq_slack_receipts_key")),
    )
    op.create_table(
        "slack_link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_by_team_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["creditors.id"], name=op.f("fk_slack_link_codes_creditor_id_creditors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_link_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_slack_link_codes_code_hash")),
    )
    with op.batch_alter_table("slack_link_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_link_codes_creditor_id"), ["creditor_id"], unique=False)
    op.create_table(
        "slack_workspaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("case_channel_id", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("linked_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("linked_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["creditors.id"], name=op.f("fk_slack_workspaces_creditor_id_creditors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_workspaces")),
        sa.UniqueConstraint("team_id", name=op.f("uq_slack_workspaces_team_id")),
    )
    with op.batch_alter_table("slack_workspaces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_workspaces_creditor_id"), ["creditor_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_workspaces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_workspaces_creditor_id"))
    op.drop_table("slack_workspaces")
    with op.batch_alter_table("slack_link_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_link_codes_creditor_id"))
    op.drop_table("slack_link_codes")
    op.drop_table("slack_receipts")
    op.drop_table("slack_oauth_states")
    op.drop_table("slack_installations")
