"""The Sở's approval authority by date: approval_authority_versions.

Revision ID: 0026_approval_authority_versions
Revises: 0025_baseline
Create Date: 2026-12-04 19:30:00

`organisations.approval_authority` held only today's value, so delegating approval to the Sở
rewrote the rebuilt text of decisions the UBND tỉnh had issued. Each Sở's value now has its
history by date. A Sở without a row has had its column's value since always (what its documents
have printed so far), so existing databases need no data here: the first change writes the row
"since always" beside the new one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_approval_authority_versions"
down_revision = "0025_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval_authority_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("authority", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("authority IN ('ubnd_tinh', 'so_cong_thuong')",
                           name=op.f("ck_approval_authority_versions_authority")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_approval_authority_versions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_authority_versions")),
        sa.UniqueConstraint("organisation_id", "valid_from",
                            name=op.f("uq_approval_authority_versions_organisation_id")),
    )
    op.create_index(op.f("ix_approval_authority_versions_organisation_id"), "approval_authority_versions",
                    ["organisation_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_approval_authority_versions_organisation_id"), table_name="approval_authority_versions")
    op.drop_table("approval_authority_versions")
