"""Versions of what processes cache (the list's filter menus, the organisation tree), kept by triggers.

Revision ID: 0021_cache_versions
Revises: 0021_plan_register
Create Date: 2026-12-02 14:40:00

`cache_versions (name → version)`: "reference" is bumped by any write to plans, batches,
programmes, content groups or organisations; "communes" when a row of `dossier_counts` appears,
disappears, or its count reaches or leaves zero (a commune or a body enters or leaves the menus).
Triggers, so that every writer (a service, the CLI, a bulk load, another node) invalidates.
"""

import time

import sqlalchemy as sa
from alembic import op

revision = "0021_cache_versions"
down_revision = "0021_plan_register"
branch_labels = None
depends_on = None

REFERENCE_TABLES = ("plans", "batches", "programmes", "content_groups", "organisations")
_BUMP = "UPDATE cache_versions SET version = version + 1 WHERE name = '{name}';"
_COUNTS_FLIP = "(old.n > 0) <> (new.n > 0)"


def _sqlite_statements() -> list[str]:
    statements = [f"CREATE TRIGGER {table}_cache_{op_name.lower()} AFTER {op_name} ON {table} "
                  f"BEGIN {_BUMP.format(name='reference')} END"
                  for table in REFERENCE_TABLES for op_name in ("INSERT", "UPDATE", "DELETE")]
    bump = _BUMP.format(name="communes")
    statements += [
        f"CREATE TRIGGER dossier_counts_cache_insert AFTER INSERT ON dossier_counts BEGIN {bump} END",
        f"CREATE TRIGGER dossier_counts_cache_delete AFTER DELETE ON dossier_counts BEGIN {bump} END",
        f"CREATE TRIGGER dossier_counts_cache_update AFTER UPDATE OF n ON dossier_counts "
        f"WHEN {_COUNTS_FLIP} BEGIN {bump} END",
    ]
    return statements


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_cache_version() RETURNS trigger AS $$
BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = TG_ARGV[0];
  RETURN NULL;
END; $$ LANGUAGE plpgsql
"""


def _pg_statements() -> list[str]:
    statements = [PG_FUNCTION]
    statements += [f"CREATE TRIGGER {table}_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version('reference')"
                   for table in REFERENCE_TABLES]
    statements += [
        "CREATE TRIGGER dossier_counts_cache_change AFTER INSERT OR DELETE ON dossier_counts "
        "FOR EACH ROW EXECUTE FUNCTION bump_cache_version('communes')",
        "CREATE TRIGGER dossier_counts_cache_update AFTER UPDATE OF n ON dossier_counts "
        "FOR EACH ROW WHEN ((OLD.n > 0) IS DISTINCT FROM (NEW.n > 0)) EXECUTE FUNCTION bump_cache_version('communes')",
    ]
    return statements


def upgrade() -> None:
    op.create_table(
        "cache_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_versions")),
    )
    # Start from the clock, not 1: a database dropped and made again under the same URL must not
    # give a process the versions its kept values were built at.
    start = time.time_ns() // 1000
    op.execute(f"INSERT INTO cache_versions (name, version) VALUES ('reference', {start}), ('communes', {start})")
    for statement in _sqlite_statements() if op.get_bind().dialect.name == "sqlite" else _pg_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in REFERENCE_TABLES:
            for op_name in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_cache_{op_name}")
        for op_name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS dossier_counts_cache_{op_name}")
    else:
        for table in REFERENCE_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_cache ON {table}")
        op.execute("DROP TRIGGER IF EXISTS dossier_counts_cache_change ON dossier_counts")
        op.execute("DROP TRIGGER IF EXISTS dossier_counts_cache_update ON dossier_counts")
        op.execute("DROP FUNCTION IF EXISTS bump_cache_version()")
    op.drop_table("cache_versions")
