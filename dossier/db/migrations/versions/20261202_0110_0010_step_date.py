"""The step's own date beside the time it was recorded.

Revision ID: 0010_step_date
Revises: 0009_list_search
Create Date: 2026-12-02 01:10:00

`transition_history.effective_on` is the date a step's documents print and cite their Căn cứ
by (a 2025 dossier walked in 2026 is still dated 2025). Existing rows keep NULL and are read as
the day they were recorded, which is what they meant until now.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_step_date"
down_revision = "0009_list_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("transition_history") as batch:
        batch.add_column(sa.Column("effective_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("transition_history") as batch:
        batch.drop_column("effective_on")
