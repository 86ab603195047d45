"""Alembic environment: runs on the connection handed over by dossier.db.migrate."""

from __future__ import annotations

from alembic import context

from dossier.db.search import include_name
from dossier.model import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from dossier.db.engine import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _render_item(type_, obj, autogen_context):
    """Render our UTCDateTime as a plain timezone-aware DateTime: migrations must not import models."""
    if type_ == "type" and obj.__class__.__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        include_name=include_name,  # the search index and FTS5 tables exist for one database only
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
