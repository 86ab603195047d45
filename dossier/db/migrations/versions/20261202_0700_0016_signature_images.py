"""Signature and seal images, versioned (ND 30/2020 Phụ lục I), and separate-file annexes signed
by the agency (issue 11 item 2).

Revision ID: 0016_signature_images
Revises: 0019_exchange
Create Date: 2026-12-02 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_signature_images"
down_revision = "0019_exchange"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signature_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("png_sha256", sa.String(length=64), nullable=False),
        sa.Column("width_px", sa.Integer(), nullable=False),
        sa.Column("height_px", sa.Integer(), nullable=False),
        sa.Column("width_mm", sa.Float(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('signature', 'seal')", name=op.f("ck_signature_images_kind")),
        sa.CheckConstraint("(user_id IS NULL) <> (organisation_id IS NULL)",
                           name=op.f("ck_signature_images_one_owner")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_signature_images_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["png_sha256"], ["blobs.sha256"], name=op.f("fk_signature_images_png_sha256_blobs")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_signature_images_uploaded_by_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_signature_images_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature_images")),
    )
    op.create_index(op.f("ix_signature_images_user_id"), "signature_images", ["user_id"])
    op.create_index(op.f("ix_signature_images_organisation_id"), "signature_images", ["organisation_id"])
    op.create_table(
        "issued_annexes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("sealer_id", sa.Integer(), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["issued_document_id"], ["issued_documents.id"],
                                name=op.f("fk_issued_annexes_issued_document_id_issued_documents")),
        sa.ForeignKeyConstraint(["original_sha256"], ["blobs.sha256"],
                                name=op.f("fk_issued_annexes_original_sha256_blobs")),
        sa.ForeignKeyConstraint(["signed_pdf_sha256"], ["blobs.sha256"],
                                name=op.f("fk_issued_annexes_signed_pdf_sha256_blobs")),
        sa.ForeignKeyConstraint(["sealer_id"], ["users.id"], name=op.f("fk_issued_annexes_sealer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_annexes")),
    )
    op.create_index(op.f("ix_issued_annexes_issued_document_id"), "issued_annexes", ["issued_document_id"])


def downgrade() -> None:
    op.drop_table("issued_annexes")
    op.drop_table("signature_images")
