"""The people documents name carry their gender, so a document prints "Ông" or "Bà", never "Ông/Bà".

Revision ID: 0014_people
Revises: 0011_security
Create Date: 2026-12-02 06:30:00

`users.gender`, `council_members.gender` and `beneficiaries.representative_gender`: "male",
"female" or "" (not recorded: the document then prints the name alone). The honorific is data
on the person, like the name; nothing guesses it from the name.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_people"
down_revision = "0011_security"
branch_labels = None
depends_on = None

_CHECK = "{column} IN ('', 'male', 'female')"
_COLUMNS = (("users", "gender"), ("council_members", "gender"), ("beneficiaries", "representative_gender"))


def upgrade() -> None:
    for table, column in _COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, sa.String(length=8), nullable=False, server_default=""))
            batch.create_check_constraint(op.f(f"ck_{table}_{column}"), _CHECK.format(column=column))


def downgrade() -> None:
    for table, column in _COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
            batch.drop_column(column)
