"""Engines and sessions with the settings SQLite and PostgreSQL need for safe concurrent writes.

SQLite: WAL, foreign keys, a busy timeout and synchronous=FULL on every connection; the driver's
own transaction handling is switched off so that write units of work can start with
BEGIN IMMEDIATE. A deferred BEGIN would take a read snapshot and then fail to upgrade it under
WAL with "database is locked", whatever the busy timeout (architecture.md B4, tested there).
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from dossier.config import database_url

BUSY_TIMEOUT_MS = 15_000
WRITE = {"dossier_write": True}
# For a connection that runs one SELECT and closes (the signed-in user of every request).
SINGLE_READ_OPTION = "dossier_single_read"
SINGLE_READ = {SINGLE_READ_OPTION: True}


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn) -> None:
        options = conn.get_execution_options()
        if options.get(SINGLE_READ_OPTION):
            return  # one SELECT is its own snapshot: no BEGIN (the closing rollback is then a no-op)
        if options.get("dossier_write", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            # A deferred BEGIN takes no lock and so is never refused: given to the driver directly,
            # without the statement machinery around it (a fifth of the signed-in user's read,
            # which every page does).
            conn.connection.dbapi_connection.execute("BEGIN")


def session_factories(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """(read, write) session factories; write sessions take the SQLite write lock at BEGIN."""
    read = sessionmaker(bind=engine, expire_on_commit=False)
    write = sessionmaker(bind=engine.execution_options(**WRITE), expire_on_commit=False)
    return read, write
