"""The request's handle on the database and the signed-in user's id."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from flask_login import current_user

from dossier.model import User
from dossier.services.issuance.port import SigningPort
from dossier.services.uow import Connection, Database

F = TypeVar("F", bound=Callable[..., Any])
_USER_CONNECTION = "hskc_user_connection"


def get_db() -> Database:
    """The application's Database (one engine per process)."""
    return current_app.extensions["dossier_db"]


def get_signing_port() -> SigningPort:
    """The application's signing port (PDF makers, signers, stamper), built once by create_app."""
    return current_app.extensions["signing_port"]


def get_job_queue() -> Any:
    """The application's job queue (services.jobs.JobQueue), built once by create_app."""
    return current_app.extensions["job_queue"]


def actor_id() -> int:
    return int(current_user.id)


def load_actor(session) -> User:
    """The signed-in user as an ORM object of `session` (for scoped queries)."""
    from dossier.services.access import load_user

    return load_user(session, actor_id())


def reads_with_user(view: F) -> F:
    """Declare a view that only reads, in one transaction (`page_read`) begun by the signed-in
    user's own statement: one pool check-out per request instead of two (on PostgreSQL one
    pre-ping and one rollback fewer) and one snapshot for the user and the page. Only for views
    that write nothing: a write on another connection would not show in that older snapshot."""
    view.reads_with_user = True  # type: ignore[attr-defined]
    return view


def user_connection() -> Connection | None:
    """For the user loader: the connection to read the signed-in user on, kept for the view's
    `page_read`, when the request's view declared `reads_with_user` (SQLite); else None."""
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "reads_with_user", False) or get_db().dialect != "sqlite":
        # On PostgreSQL the search page took 3-5 times longer (wall) in the user's transaction, on
        # the one connection every request then reuses, than on a connection of its own: not yet
        # understood (psycopg's prepared statements and a generic plan are the suspects), so not there.
        return None
    conn = g.get(_USER_CONNECTION)
    if conn is None:
        conn = get_db().connect()
        setattr(g, _USER_CONNECTION, conn)
    return conn


@contextmanager
def page_read() -> Iterator[Connection]:
    """A read transaction on one connection: the one the signed-in user was read on (its
    transaction goes on), else a new one. Committed and given back when the block ends."""
    conn = g.pop(_USER_CONNECTION, None) or get_db().connect()
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()  # rolls back what is still open (the block raised)


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def release_user_connection(_exc: BaseException | None) -> None:
        # The view never took it (a redirect to sign in, a refusal, an error before its read).
        conn = g.pop(_USER_CONNECTION, None)
        if conn is not None:
            conn.close()
