"""Electronic records: the ND 30/2020 Phụ lục VI metadata of each issued document.

Revision ID: 0022_record_metadata
Revises: 0021_cache_versions
Create Date: 2026-12-02 14:40:00

`record_metadata`: one append-only row per sealed document, the Phụ lục VI fields as canonical
JSON and the number, notation and date as columns for the register's duplicate check.
"""

import sqlalchemy as sa
from alembic import op

from dossier.db.append_only import create_append_only_triggers, drop_append_only_triggers

revision = "0022_record_metadata"
down_revision = "0021_cache_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_metadata",
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("code_number", sa.String(11), nullable=False),
        sa.Column("code_notation", sa.String(30), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["issued_document_id"], ["issued_documents.id"],
                                name=op.f("fk_record_metadata_issued_document_id_issued_documents")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_record_metadata_dossier_id_dossiers")),
        sa.PrimaryKeyConstraint("issued_document_id", name=op.f("pk_record_metadata")),
    )
    op.create_index(op.f("ix_record_metadata_dossier_id"), "record_metadata", ["dossier_id"])
    op.create_index("ix_record_metadata_code", "record_metadata", ["code_number", "code_notation", "issued_on"])
    create_append_only_triggers(op.get_bind(), "record_metadata")


def downgrade() -> None:
    drop_append_only_triggers(op.get_bind(), "record_metadata")
    op.drop_index("ix_record_metadata_code", table_name="record_metadata")
    op.drop_index(op.f("ix_record_metadata_dossier_id"), table_name="record_metadata")
    op.drop_table("record_metadata")
