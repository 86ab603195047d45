"""Uploaded versions of the Word templates, kept side by side (administration, issue 4).

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-26 12:30:00

Branches from 0001 like 0002-0004; dossier.db.migrate upgrades to "heads". Versions are never
overwritten: a new upload is a new row, activation retires the previous active row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "template_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("manifest_toml", sa.Text(), nullable=False),
        sa.Column("sample_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=False),
        sa.Column("preview_sha256", sa.String(length=64), nullable=True),
        sa.Column("comment", sa.String(length=500), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_by_id", sa.Integer(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'active', 'retired')", name=op.f("ck_template_versions_status")),
        sa.ForeignKeyConstraint(["activated_by_id"], ["users.id"],
                                name=op.f("fk_template_versions_activated_by_id_users")),
        sa.ForeignKeyConstraint(["preview_sha256"], ["blobs.sha256"],
                                name=op.f("fk_template_versions_preview_sha256_blobs")),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_template_versions_sha256_blobs")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"],
                                name=op.f("fk_template_versions_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_versions")),
        sa.UniqueConstraint("template_id", "version", name=op.f("uq_template_versions_template_id")),
    )
    with op.batch_alter_table("template_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_template_versions_template_id"), ["template_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("template_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_versions_template_id"))
    op.drop_table("template_versions")
