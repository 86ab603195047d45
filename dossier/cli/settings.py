"""The settings a command runs with: built once by the `dossier` group and kept on its context."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from dossier import config
from dossier.config import Settings
from dossier.errors import DomainError
from dossier.services.uow import Database


def cli_settings() -> Settings:
    """The settings of the running command (the process's when called outside a command)."""
    ctx = click.get_current_context(silent=True)
    found = ctx.find_object(Settings) if ctx is not None else None
    return found or config.settings()


def open_database() -> Database:
    """The command's database; the SQLite default lives in the instance folder, created here."""
    settings = cli_settings()
    if settings.database_url.startswith("sqlite:///"):
        settings.instance()
    return Database(settings.database_url)


def upgrade_schema(db: Database) -> None:
    """Bring the schema up to date, or end the command saying why not (a database too old to
    carry over: the version to upgrade it with first)."""
    from dossier.db.migrate import SchemaTooOld, upgrade

    try:
        upgrade(db.engine)
    except SchemaTooOld as exc:
        raise click.ClickException(f"schema not upgraded: {exc.detail}") from None


def user_id_of(db: Database, username: str) -> int:
    """The id of the user with this login; a usage error (exit 2) when there is none."""
    from dossier.services import queries

    with db.read() as session:
        user = queries.find_user(session, username)
        if user is None:
            raise click.UsageError(f"no user {username!r}")
        return user.id


@contextmanager
def refusals() -> Iterator[None]:
    """A service that refuses ends the command with its (Vietnamese) message and exit status 1."""
    try:
        yield
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
