"""The database handle and its unit of work: one transaction per user action.

`with db.write() as session:` begins a write transaction (BEGIN IMMEDIATE on SQLite), commits
once when the block ends and rolls everything back if anything in it raised. Service functions
never commit on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Connection, Engine, Executable, Select, bindparam, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.interfaces import ORMOption

from dossier.db.engine import make_engine, session_factories
from dossier.errors import NotFound
from dossier.model import Dossier

_Row = TypeVar("_Row")


class Database:
    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.engine = engine or make_engine(url)
        self._read, self._write = session_factories(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def write(self) -> AbstractContextManager[Session]:
        return _transaction(self._write)

    def read(self) -> AbstractContextManager[Session]:
        return _transaction(self._read)

    def connect(self) -> Connection:
        """A connection of the pool for reads that span a request (web.db.page_read: the signed-in
        user and the page in one transaction); the caller closes it."""
        return self.engine.connect()

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _transaction(factory: Callable[[], Session]) -> Iterator[Session]:
    """One session, one transaction: committed when the block ends, rolled back if it raised."""
    session = factory()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def must_get(session: Session, model: type[_Row], key: object, missing: str) -> _Row:
    """The row of `model` with this primary key; NotFound with `missing` (Vietnamese) when there is none."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(missing)
    return row


@lru_cache(maxsize=16)
def _locking(options: tuple[ORMOption, ...]) -> Select:
    # Built once per set of options (callers pass module constants), and so is its cache key:
    # with a step's nine loader options that is a quarter of a millisecond a step.
    return select(Dossier).where(Dossier.id == bindparam("dossier_id")).options(*options).with_for_update(of=Dossier)


def lock_dossier(session: Session, dossier_id: int, *options: ORMOption) -> Dossier:
    """Load a dossier for change: SELECT … FOR UPDATE on PostgreSQL (SQLite holds the write lock).
    `options` load what the caller reads with it (only the dossier's row is locked)."""
    dossier = session.scalars(_locking(options), {"dossier_id": dossier_id}).unique().one_or_none()
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ số {dossier_id}.")
    return dossier


def load_list(session: Session, owner: object, attribute: str, statement: Executable, **params: object) -> None:
    """Fill `owner`'s list `attribute` from `statement`, a statement built once with bound values,
    unless the session has it already: a relationship's selectinload builds its statement and
    cache key at every load (~0.3 ms a list), on the paths every step and page takes."""
    if attribute in inspect(owner).unloaded:
        set_committed_value(owner, attribute, list(session.scalars(statement, params)))
