"""The dossier list at any size: ordered indexes per filter, a counter table, indexed search.

Revision ID: 0009_list_search
Revises: 0008_signers
Create Date: 2026-12-01 23:30:00

- `dossiers.commune` (the beneficiary's, copied) and one index per filter that ends in the
  list's order (updated_at, id): a page walks its index and stops after 26 rows.
- `dossier_counts` (body, state, commune → n), kept by triggers in the writing transaction:
  totals and the commune menu without counting the dossiers.
- Search without diacritics over `search_text` (already folded): an FTS5 table with the trigram
  tokenizer on SQLite (≥ 3.34), a pg_trgm GIN index on PostgreSQL. Both answer substring
  matches, as the LIKE they replace did.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_list_search"
down_revision = "0008_signers"
branch_labels = None
depends_on = None

LIST_INDEXES = (("status", ("status",)), ("commune", ("commune",)), ("status_commune", ("status", "commune")),
                ("plan", ("plan_id",)), ("batch", ("batch_id",)), ("group", ("content_group_id",)))
# Single-column indexes the new ones start with.
REPLACED = (("ix_dossiers_status", "status"), ("ix_dossiers_plan_id", "plan_id"),
            ("ix_dossiers_batch_id", "batch_id"), ("ix_dossiers_content_group_id", "content_group_id"))

_COUNT_UP = ("INSERT INTO dossier_counts (owner_org_id, status, commune, n) "
             "VALUES (new.owner_org_id, new.status, new.commune, 1) "
             "ON CONFLICT (owner_org_id, status, commune) DO UPDATE SET n = dossier_counts.n + 1;")
_COUNT_DOWN = ("UPDATE dossier_counts SET n = n - 1 WHERE owner_org_id = old.owner_org_id "
               "AND status = old.status AND commune = old.commune;")
_CHANGED = "old.owner_org_id IS NOT new.owner_org_id OR old.status IS NOT new.status OR old.commune IS NOT new.commune"

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER dossiers_count_insert AFTER INSERT ON dossiers BEGIN {_COUNT_UP} END",
    f"CREATE TRIGGER dossiers_count_delete AFTER DELETE ON dossiers BEGIN {_COUNT_DOWN} END",
    f"CREATE TRIGGER dossiers_count_update AFTER UPDATE OF owner_org_id, status, commune ON dossiers "
    f"WHEN {_CHANGED} BEGIN {_COUNT_DOWN} {_COUNT_UP} END",
    "CREATE VIRTUAL TABLE dossier_fts USING fts5(search_text, content='dossiers', content_rowid='id', "
    "tokenize='trigram')",
    "INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild')",
    "CREATE TRIGGER dossiers_fts_insert AFTER INSERT ON dossiers BEGIN "
    "INSERT INTO dossier_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER dossiers_fts_delete AFTER DELETE ON dossiers BEGIN "
    "INSERT INTO dossier_fts (dossier_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER dossiers_fts_update AFTER UPDATE OF search_text ON dossiers BEGIN "
    "INSERT INTO dossier_fts (dossier_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO dossier_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
)

# PostgreSQL: one row-level function. The two counter rows of a change are written in key order
# so that two steps crossing between the same states cannot deadlock on them.
PG_COUNT_FUNCTION = """
CREATE OR REPLACE FUNCTION dossiers_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT (OLD.owner_org_id IS DISTINCT FROM NEW.owner_org_id
      OR OLD.status IS DISTINCT FROM NEW.status OR OLD.commune IS DISTINCT FROM NEW.commune) THEN
    RETURN NULL;
  END IF;
  INSERT INTO dossier_counts AS c (owner_org_id, status, commune, n)
  SELECT o, s, m, d FROM (
    SELECT OLD.owner_org_id, OLD.status, OLD.commune, -1 WHERE TG_OP IN ('UPDATE', 'DELETE')
    UNION ALL
    SELECT NEW.owner_org_id, NEW.status, NEW.commune, 1 WHERE TG_OP IN ('UPDATE', 'INSERT')
  ) AS change (o, s, m, d)
  ORDER BY o, s, m
  ON CONFLICT (owner_org_id, status, commune) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END; $$ LANGUAGE plpgsql
"""
PG_STATEMENTS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_dossiers_search_trgm ON dossiers USING gin (search_text gin_trgm_ops)",
    PG_COUNT_FUNCTION,
    "CREATE TRIGGER dossiers_count AFTER INSERT OR UPDATE OR DELETE ON dossiers "
    "FOR EACH ROW EXECUTE FUNCTION dossiers_count()",
)


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("commune", sa.String(length=255), nullable=False, server_default=""))
    op.execute("UPDATE dossiers SET commune = (SELECT b.commune FROM beneficiaries b "
               "WHERE b.id = dossiers.beneficiary_id) WHERE beneficiary_id IS NOT NULL")
    for name, _ in REPLACED:
        op.drop_index(name, table_name="dossiers")
    for name, columns in LIST_INDEXES:
        op.create_index(f"ix_dossiers_{name}_updated", "dossiers", [*columns, "updated_at", "id", "owner_org_id"])
    op.create_table(
        "dossier_counts",
        sa.Column("owner_org_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("commune", sa.String(length=255), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("owner_org_id", "status", "commune", name=op.f("pk_dossier_counts")),
    )
    op.execute("INSERT INTO dossier_counts (owner_org_id, status, commune, n) "
               "SELECT owner_org_id, status, commune, count(*) FROM dossiers GROUP BY owner_org_id, status, commune")
    for statement in SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else PG_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("count_insert", "count_delete", "count_update", "fts_insert", "fts_delete", "fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS dossiers_{name}")
        op.execute("DROP TABLE IF EXISTS dossier_fts")
    else:
        op.execute("DROP TRIGGER IF EXISTS dossiers_count ON dossiers")
        op.execute("DROP FUNCTION IF EXISTS dossiers_count()")
        op.execute("DROP INDEX IF EXISTS ix_dossiers_search_trgm")
    op.drop_table("dossier_counts")
    for name, _ in LIST_INDEXES:
        op.drop_index(f"ix_dossiers_{name}_updated", table_name="dossiers")
    for name, column in REPLACED:
        op.create_index(name, "dossiers", [column])
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("commune")
