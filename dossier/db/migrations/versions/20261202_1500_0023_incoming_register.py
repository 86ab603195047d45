"""The register of incoming documents (sổ đăng ký văn bản đến).

Revision ID: 0023_incoming_register
Revises: 0022_record_metadata
Create Date: 2026-12-02 15:00:00

`incoming_documents`: one append-only row per incoming document, numbered per body and year,
with its number, notation, date, issuing agency, subject and PDF; `duplicate_confirmed` when the
văn thư registered it despite the duplicate warning.
"""

import sqlalchemy as sa
from alembic import op

from dossier.db.append_only import create_append_only_triggers, drop_append_only_triggers

revision = "0023_incoming_register"
down_revision = "0022_record_metadata"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incoming_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("arrival_year", sa.Integer(), nullable=False),
        sa.Column("arrival_number", sa.Integer(), nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=False),
        sa.Column("code_number", sa.String(11), nullable=False),
        sa.Column("code_notation", sa.String(30), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("organ_name", sa.String(200), nullable=False),
        sa.Column("type_name", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=True),
        sa.Column("pdf_filename", sa.String(255), nullable=False),
        sa.Column("duplicate_confirmed", sa.Boolean(), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_incoming_documents_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["pdf_sha256"], ["blobs.sha256"], name=op.f("fk_incoming_documents_pdf_sha256_blobs")),
        sa.ForeignKeyConstraint(["registered_by_id"], ["users.id"],
                                name=op.f("fk_incoming_documents_registered_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_documents")),
        sa.UniqueConstraint("organisation_id", "arrival_year", "arrival_number",
                            name=op.f("uq_incoming_documents_organisation_id")),
    )
    op.create_index(op.f("ix_incoming_documents_organisation_id"), "incoming_documents", ["organisation_id"])
    op.create_index("ix_incoming_documents_code", "incoming_documents", ["code_number", "code_notation", "issued_on"])
    create_append_only_triggers(op.get_bind(), "incoming_documents")


def downgrade() -> None:
    drop_append_only_triggers(op.get_bind(), "incoming_documents")
    op.drop_index("ix_incoming_documents_code", table_name="incoming_documents")
    op.drop_index(op.f("ix_incoming_documents_organisation_id"), table_name="incoming_documents")
    op.drop_table("incoming_documents")
