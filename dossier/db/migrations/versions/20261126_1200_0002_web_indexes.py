"""Indexes for the web's dossier list: ordering by last change, filters, commune.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 12:00:00

The list page reads one body's dossiers newest first (owner_org_id, updated_at), orders by updated_at and filters by plan, batch, content group and the
beneficiary's commune; with 10,000 dossiers these turn full scans and temporary sort B-trees
into index walks (bench/bench_web.py). Branches from 0001 like 0003; migrate upgrades "heads".
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_dossiers_owner_updated", "dossiers", ("owner_org_id", "updated_at")),
    ("ix_dossiers_updated_at", "dossiers", "updated_at"),
    ("ix_dossiers_plan_id", "dossiers", "plan_id"),
    ("ix_dossiers_batch_id", "dossiers", "batch_id"),
    ("ix_dossiers_content_group_id", "dossiers", "content_group_id"),
    ("ix_dossiers_beneficiary_id", "dossiers", "beneficiary_id"),
    ("ix_beneficiaries_commune", "beneficiaries", "commune"),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns) if isinstance(columns, tuple) else [columns], unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
