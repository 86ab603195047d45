"""Archive timestamps (PAdES B-LTA) of issued documents.

Revision ID: 0024_archive_timestamps
Revises: 0023_incoming_register
Create Date: 2026-12-02 16:00:00

`archive_timestamps`: one append-only row per document timestamp added to an issued document's
archival copy, with the copy before and after it (both in `blobs`).
"""

import sqlalchemy as sa
from alembic import op

from dossier.db.append_only import create_append_only_triggers, drop_append_only_triggers

revision = "0024_archive_timestamps"
down_revision = "0023_incoming_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_timestamps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("previous_sha256", sa.String(64), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("tsa_url", sa.String(500), nullable=False),
        sa.Column("stamped_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["issued_document_id"], ["issued_documents.id"],
                                name=op.f("fk_archive_timestamps_issued_document_id_issued_documents")),
        sa.ForeignKeyConstraint(["previous_sha256"], ["blobs.sha256"],
                                name=op.f("fk_archive_timestamps_previous_sha256_blobs")),
        sa.ForeignKeyConstraint(["pdf_sha256"], ["blobs.sha256"], name=op.f("fk_archive_timestamps_pdf_sha256_blobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_timestamps")),
    )
    op.create_index(op.f("ix_archive_timestamps_issued_document_id"), "archive_timestamps", ["issued_document_id"])
    create_append_only_triggers(op.get_bind(), "archive_timestamps")


def downgrade() -> None:
    drop_append_only_triggers(op.get_bind(), "archive_timestamps")
    op.drop_index(op.f("ix_archive_timestamps_issued_document_id"), table_name="archive_timestamps")
    op.drop_table("archive_timestamps")
