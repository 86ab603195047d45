"""Schema and storage: migrations round-trip and match the models; SQLite settings hold."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from dossier.db.engine import make_engine
from dossier.db.migrate import downgrade, upgrade
from dossier.db.search import include_name
from dossier.model import Base


def test_migrations_round_trip_and_match_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        upgrade(engine)  # idempotent
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], diff
    finally:
        engine.dispose()


def test_every_sqlite_connection_gets_wal_foreign_keys_and_a_busy_timeout(sqlite_db) -> None:
    connections = [sqlite_db.engine.connect() for _ in range(3)]
    try:
        for conn in connections:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    finally:
        for conn in connections:
            conn.close()
