"""Issuance in the lifecycle: who approves a province's đề án, drafts cancelled with a reason.

Revision ID: 0012_lifecycle
Revises: 0020_api_tokens
Create Date: 2026-12-02 07:00:00

`organisations.approval_authority` (a setting of the Sở Công Thương): "ubnd_tinh" — the UBND
tỉnh approves (its Chủ tịch or a Phó Chủ tịch signs the decision) — or "so_cong_thuong" — the
Giám đốc Sở approves by delegation. Existing rows keep the UBND, as before.
`draft_cancellations`: a draft that will not be issued, with the reason; append-only.
"""

import sqlalchemy as sa
from alembic import op

from dossier.db.append_only import create_append_only_triggers, drop_append_only_triggers

revision = "0012_lifecycle"
down_revision = "0020_api_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("approval_authority", sa.String(20), nullable=False, server_default="ubnd_tinh"))
        batch.create_check_constraint(op.f("ck_organisations_approval_authority"), "approval_authority IN ('ubnd_tinh', 'so_cong_thuong')")
    op.create_table(
        "draft_cancellations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("generated_document_id", sa.Integer(), sa.ForeignKey("generated_documents.id"), nullable=False,
                  unique=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cancelled_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=False),
    )
    create_append_only_triggers(op.get_bind(), "draft_cancellations")


def downgrade() -> None:
    drop_append_only_triggers(op.get_bind(), "draft_cancellations")
    op.drop_table("draft_cancellations")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint(op.f("ck_organisations_approval_authority"), type_="check")
        batch.drop_column("approval_authority")
