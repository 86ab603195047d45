"""Database triggers that make a table append-only (audit events, the document register).

The application never updates or deletes these rows; the triggers make that a property of the
database, so a bug or a hand-typed SQL statement is refused rather than silently accepted.
"""

from __future__ import annotations

from sqlalchemy import Connection


def create_append_only_triggers(conn: Connection, table: str) -> None:
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    conn.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )


def drop_append_only_triggers(conn: Connection, table: str) -> None:
    if conn.dialect.name == "sqlite":
        for op in ("update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
        return
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {table}_append_only()")
