"""Plan documents in the register: the plan's Tờ trình and Quyết định take their numbers there.

Revision ID: 0021_plan_register
Revises: 0012_lifecycle
Create Date: 2026-12-02 14:20:00

`register_entries.plan_document_id`: the plan document a number was given to (as
`generated_document_id` is a dossier's), so that the plan's Quyết định cites its Tờ trình by the
number and date it was issued with.
"""

import sqlalchemy as sa
from alembic import op

from dossier.db.append_only import create_append_only_triggers, drop_append_only_triggers

revision = "0021_plan_register"
down_revision = "0012_lifecycle"
branch_labels = None
depends_on = None


def _rebuilt(conn) -> bool:
    """SQLite rebuilds the table to alter it, which drops its append-only triggers: put them back."""
    return conn.dialect.name == "sqlite"


def upgrade() -> None:
    conn = op.get_bind()
    if _rebuilt(conn):
        drop_append_only_triggers(conn, "register_entries")
    with op.batch_alter_table("register_entries") as batch:
        batch.add_column(sa.Column("plan_document_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_register_entries_plan_document_id_plan_documents"), "plan_documents",
                                 ["plan_document_id"], ["id"])
        batch.create_index(batch.f("ix_register_entries_plan_document_id"), ["plan_document_id"], unique=True)
    if _rebuilt(conn):
        create_append_only_triggers(conn, "register_entries")


def downgrade() -> None:
    conn = op.get_bind()
    if _rebuilt(conn):
        drop_append_only_triggers(conn, "register_entries")
    with op.batch_alter_table("register_entries") as batch:
        batch.drop_index(batch.f("ix_register_entries_plan_document_id"))
        batch.drop_constraint(op.f("fk_register_entries_plan_document_id_plan_documents"), type_="foreignkey")
        batch.drop_column("plan_document_id")
    if _rebuilt(conn):
        create_append_only_triggers(conn, "register_entries")
