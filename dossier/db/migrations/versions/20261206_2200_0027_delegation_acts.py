"""The act that delegates approval: approval_authority_versions.act_number, act_date.

Revision ID: 0027_delegation_acts
Revises: 0026_approval_authority_versions
Create Date: 2026-12-06 22:00:00

A decision the Giám đốc Sở takes by delegation cites the UBND tỉnh's decision that delegates it
("Căn cứ Quyết định số 15/2026/QĐ-UBND ngày … về việc ủy quyền …"). Each period of the Sở's approval
authority now records that act. Periods written before this revision have none: their documents
cite none, as they did, until the administrator records it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_delegation_acts"
down_revision = "0026_approval_authority_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("approval_authority_versions", sa.Column("act_number", sa.String(length=40), nullable=True))
    op.add_column("approval_authority_versions", sa.Column("act_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("approval_authority_versions") as batch:
        batch.drop_column("act_date")
        batch.drop_column("act_number")
