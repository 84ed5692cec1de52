"""settlement

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 23:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.db.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_MONEY = ("collected", "to_costs", "to_interest", "to_principal", "held", "commission", "commission_vat", "fee",
          "payout")


def _money(*names: str) -> list[sa.Column]:
    return [sa.Column(name, core.db.types.Money(), nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "settlement_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("settled_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("settled_by", sa.String(length=200), nullable=False),
        *_money("collected", "fee", "held", "payout"),
        sa.Column("sepa_message_id", sa.String(length=35), nullable=True),
        sa.Column("sepa_file_name", sa.String(length=100), nullable=True),
        sa.Column("sepa_sha256", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement_runs")),
        sa.UniqueConstraint("period", name=op.f("uq_settlement_runs_period")),
    )
    op.create_table(
        "creditor_settlements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("commission_basis_points", sa.Integer(), nullable=False),
        *_money(*_MONEY),
        sa.Column("payout_iban", sa.String(length=34), nullable=False),
        sa.Column("pdf_file_name", sa.String(length=100), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("csv_file_name", sa.String(length=100), nullable=False),
        sa.Column("csv_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["creditors.id"], name=op.f("fk_creditor_settlements_creditor_id_creditors")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["settlement_runs.id"], name=op.f("fk_creditor_settlements_run_id_settlement_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creditor_settlements")),
        sa.UniqueConstraint("run_id", "creditor_id", name=op.f("uq_creditor_settlements_run_id_creditor_id")),
    )
    op.create_index(op.f("ix_creditor_settlements_creditor_id"), "creditor_settlements", ["creditor_id"], unique=False)
    op.create_index(op.f("ix_creditor_settlements_run_id"), "creditor_settlements", ["run_id"], unique=False)
    op.create_table(
        "settlement_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        *_money("amount", *_MONEY[1:]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_settlement_lines_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_settlement_lines_payment_id_payments")
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["creditor_settlements.id"],
            name=op.f("fk_settlement_lines_settlement_id_creditor_settlements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement_lines")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_settlement_lines_payment_id")),
    )
    op.create_index(op.f("ix_settlement_lines_case_id"), "settlement_lines", ["case_id"], unique=False)
    op.create_index(op.f("ix_settlement_lines_settlement_id"), "settlement_lines", ["settlement_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_settlement_lines_settlement_id"), table_name="settlement_lines")
    op.drop_index(op.f("ix_settlement_lines_case_id"), table_name="settlement_lines")
    op.drop_table("settlement_lines")
    op.drop_index(op.f("ix_creditor_settlements_run_id"), table_name="creditor_settlements")
    op.drop_index(op.f("ix_creditor_settlements_creditor_id"), table_name="creditor_settlements")
    op.drop_table("creditor_settlements")
    op.drop_table("settlement_runs")
