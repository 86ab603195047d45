"""Join the branches of 0002–0005 into one head; index the commune menu of the dossier list.

Revision ID: 0006
Revises: 0002, 0003, 0004, 0005
Create Date: 2026-11-26 13:00:00
"""

from alembic import op

revision = "0006"
down_revision = ("0002", "0003", "0004", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_beneficiaries_org_commune", "beneficiaries", ["organisation_id", "commune"])


def downgrade() -> None:
    op.drop_index("ix_beneficiaries_org_commune", table_name="beneficiaries")
