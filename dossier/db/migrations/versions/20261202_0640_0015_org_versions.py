"""Organisations as of a date: their names, head, place and address by version (issue 10).

An organisation without versions is its own single version, so existing rows need no data.

Revision ID: 0015_org_versions
Revises: 0014_people
Create Date: 2026-12-02 06:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_org_versions"
down_revision = "0014_people"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("header_parent", sa.String(length=255), nullable=False),
        sa.Column("header_name", sa.String(length=255), nullable=False),
        sa.Column("abbreviation", sa.String(length=20), nullable=False),
        sa.Column("place_name", sa.String(length=100), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("head_title", sa.String(length=100), nullable=False),
        sa.Column("head_name", sa.String(length=255), nullable=False),
        sa.Column("collective_name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("tax_code", sa.String(length=20), nullable=False),
        sa.Column("bank_account", sa.String(length=50), nullable=False),
        sa.Column("bank_name", sa.String(length=255), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_organisation_versions_organisation_id_organisations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_versions")),
        sa.UniqueConstraint("organisation_id", "valid_from", name=op.f("uq_organisation_versions_organisation_id")),
    )
    op.create_index(op.f("ix_organisation_versions_organisation_id"), "organisation_versions",
                    ["organisation_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_organisation_versions_organisation_id"), table_name="organisation_versions")
    op.drop_table("organisation_versions")
