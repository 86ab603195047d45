"""How each official signs (signing_methods) and the browser agent's one-time sessions.

Revision ID: 0008_signers
Revises: 0007
Create Date: 2026-12-01 23:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_signers"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_methods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("settings_json", sa.Text(), nullable=False),
        sa.Column("cert_pem", sa.Text(), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source IN ('keystore', 'pkcs11', 'csc', 'smartca', 'agent')",
                           name=op.f("ck_signing_methods_source")),
        sa.CheckConstraint("(user_id IS NULL) <> (organisation_id IS NULL)", name=op.f("ck_signing_methods_one_owner")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_signing_methods_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_signing_methods_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_methods")),
    )
    op.create_index(op.f("ix_signing_methods_user_id"), "signing_methods", ["user_id"])
    op.create_index(op.f("ix_signing_methods_organisation_id"), "signing_methods", ["organisation_id"])
    op.create_table(
        "agent_signing_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=80), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("field_name", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pdf_sha256"], ["blobs.sha256"], name=op.f("fk_agent_signing_sessions_pdf_sha256_blobs")),
        sa.ForeignKeyConstraint(["signed_pdf_sha256"], ["blobs.sha256"],
                                name=op.f("fk_agent_signing_sessions_signed_pdf_sha256_blobs")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_agent_signing_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_signing_sessions")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_agent_signing_sessions_token_sha256")),
    )
    op.create_index(op.f("ix_agent_signing_sessions_user_id"), "agent_signing_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_table("agent_signing_sessions")
    op.drop_table("signing_methods")
