"""money in bank statements and payment links

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.db.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("account_iban", sa.String(length=34), nullable=False),
        sa.Column("statement_id", sa.String(length=100), nullable=False),
        sa.Column("bank_reference", sa.String(length=100), nullable=True),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("amount", core.db.types.Money(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("direction", sa.String(length=6), nullable=False),
        sa.Column("counterparty_name", sa.String(length=200), nullable=True),
        sa.Column("counterparty_iban", sa.String(length=34), nullable=True),
        sa.Column("remittance", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("matched_by", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_bank_transactions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_bank_transactions_payment_id_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_transactions")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_bank_transactions_dedupe_key")),
    )
    op.create_index(op.f("ix_bank_transactions_case_id"), "bank_transactions", ["case_id"], unique=False)
    op.create_index(op.f("ix_bank_transactions_status"), "bank_transactions", ["status"], unique=False)
    op.create_table(
        "payment_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("provider_id", sa.String(length=100), nullable=False),
        sa.Column("amount", core.db.types.Money(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("checkout_url", sa.String(length=500), nullable=False),
        sa.Column("expires_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_payment_links_case_id_cases")),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"], name=op.f("fk_payment_links_payment_id_payments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_links")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_payment_links_provider_id")),
    )
    op.create_index(op.f("ix_payment_links_case_id"), "payment_links", ["case_id"], unique=False)
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refund_due", core.db.types.Money(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("refund_due")
    op.drop_index(op.f("ix_payment_links_case_id"), table_name="payment_links")
    op.drop_table("payment_links")
    op.drop_index(op.f("ix_bank_transactions_status"), table_name="bank_transactions")
    op.drop_index(op.f("ix_bank_transactions_case_id"), table_name="bank_transactions")
    op.drop_table("bank_transactions")
