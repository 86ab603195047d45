"""Schema and storage: migrations round-trip and match the models; SQLite settings hold."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from dossier.db.engine import make_engine
from dossier.db.migrate import BASELINE, FOLDED_HEAD, LAST_UNFOLDED, SchemaTooOld, downgrade, upgrade
from dossier.db.search import include_name
from dossier.model import Base

HEAD = "0027_delegation_acts"


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


def _recorded_revisions(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _set_revision(engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_a_database_at_the_last_folded_revision_is_carried_on_to_the_baseline(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:  # a row written before: the carry-over must keep it
            conn.execute(text("INSERT INTO blobs (sha256, size, data) VALUES ('ab', 1, :d)"), {"d": b"x"})
        downgrade(engine, BASELINE)  # a database at the folded head has the baseline's schema
        _set_revision(engine, FOLDED_HEAD)
        upgrade(engine)
        assert _recorded_revisions(engine) == {HEAD}  # carried on to the baseline, then upgraded from it
        with engine.connect() as conn:
            assert conn.execute(text("SELECT data FROM blobs WHERE sha256 = 'ab'")).scalar() == b"x"
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_the_approval_authority_s_history_is_added_to_a_database_at_the_baseline(database_url: str) -> None:
    """0026: a deployed database at the baseline gets approval_authority_versions, whose value is
    one of the two authorities; downgraded, the table goes and the baseline's schema is left."""
    engine = make_engine(database_url)
    try:
        downgrade(engine, BASELINE)
        assert "approval_authority_versions" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert "approval_authority_versions" in inspect(engine).get_table_names()
        with engine.connect() as conn, conn.begin():  # rolled back: the database is left as it was
            conn.execute(text("INSERT INTO organisations (code, kind, name, header_parent, header_name, abbreviation, "
                              "place_name, province, head_title, head_name, collective_name, address, phone, "
                              "tax_code, bank_account, bank_name, created_at) VALUES ('x', 'so_cong_thuong', 'S', "
                              "'', 'S', 'S', 'P', 'P', 'G', '', '', '', '', '', '', '', CURRENT_TIMESTAMP)"))
            org = conn.execute(text("SELECT id FROM organisations WHERE code = 'x'")).scalar()
            row = ("INSERT INTO approval_authority_versions (organisation_id, valid_from, authority, created_at) "
                   "VALUES (:o, :d, :a, CURRENT_TIMESTAMP)")
            conn.execute(text(row), {"o": org, "d": None, "a": "ubnd_tinh"})
            conn.execute(text(row), {"o": org, "d": "2026-07-01", "a": "so_cong_thuong"})
            with pytest.raises(IntegrityError):
                conn.execute(text(row), {"o": org, "d": "2026-08-01", "a": "hdnd_tinh"})
    finally:
        engine.dispose()


def test_a_database_at_an_earlier_folded_revision_is_refused_and_left_as_it_was(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        _set_revision(engine, "0017_jobs")
        with pytest.raises(SchemaTooOld) as refused:
            upgrade(engine)
        assert "0017_jobs" in refused.value.detail and LAST_UNFOLDED in refused.value.detail
        assert _recorded_revisions(engine) == {"0017_jobs"}
    finally:
        engine.dispose()


def test_init_db_says_which_version_upgrades_a_database_too_old_to_carry_over(tmp_path, _sqlite_template) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(_sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    _set_revision(engine, "0009_list_search")
    engine.dispose()
    result = subprocess.run([sys.executable, "-m", "dossier", "init-db"], capture_output=True, text=True,
                            env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"}, timeout=120)
    assert result.returncode == 1
    assert "schema not upgraded" in result.stderr and "0009_list_search" in result.stderr
    assert LAST_UNFOLDED in result.stderr and "Traceback" not in result.stderr
