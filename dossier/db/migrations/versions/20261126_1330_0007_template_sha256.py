"""Record the sha256 of the template file each generated document was rendered from.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("generated_documents") as batch:
        batch.add_column(sa.Column("template_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("generated_documents") as batch:
        batch.drop_column("template_sha256")
