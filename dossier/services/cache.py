"""Values a process keeps from page to page while the database says they have not changed.

Each kind of value ("reference": plans, batches, programmes, content groups, organisations;
"communes": which (body, commune) pairs hold dossiers) has a version in `cache_versions`, bumped
by triggers in the transaction that changes the rows (created by the baseline migration). A page
reads the versions once (one small statement, memoised for its transaction) and takes a kept
value only if it was built at the same version: a change made by any code on any node shows at
the next page everywhere, and nothing needs to be told to forget.

Redis is not used for this: a shared store would still need the version check, and a value is
cheaper to rebuild in the process than to fetch over the network.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from dossier.model import CacheVersion

T = TypeVar("T")

MAX_ENTRIES = 2048  # one per (kind, key): keys are scopes (sets of bodies), a province has a handful
_VERSIONS = select(CacheVersion.name, CacheVersion.version)
_MEMO = "hskc_cache_versions"
_DATABASE = "hskc_cache_database"
_store: dict[tuple[str, object, Hashable], tuple[int, object]] = {}
_lock = threading.Lock()


def _connection(source: Session | Connection) -> Connection:
    return source.connection() if isinstance(source, Session) else source


def versions(source: Session | Connection) -> dict[str, int]:
    """The versions, read once per read transaction (a page asks several times). A write
    transaction reads them each time, after flushing: it may itself have changed the rows."""
    if isinstance(source, Session) and (source.new or source.dirty or source.deleted):
        source.flush()
    conn = _connection(source)
    if conn.get_execution_options().get("dossier_write"):
        return {name: int(version) for name, version in conn.execute(_VERSIONS)}
    transaction = conn.get_transaction()
    memo = conn.info.get(_MEMO)
    if memo is not None and transaction is not None and memo[0] is transaction:
        return memo[1]
    found = {name: int(version) for name, version in conn.execute(_VERSIONS)}
    if transaction is not None:
        conn.info[_MEMO] = (transaction, found)
    return found


def cached(source: Session | Connection, kind: str, key: Hashable, build: Callable[[Connection], T]) -> T:
    """The value kept for (kind, key) if built at the current version of `kind`, else `build(conn)`
    (read after the version, so a value is never kept under a version newer than its rows)."""
    conn = _connection(source)
    version = versions(conn).get(kind)
    if version is None:  # no version row: nothing can invalidate, so nothing is kept
        return build(conn)
    entry = (kind, _database(conn), key)
    hit = _store.get(entry)
    if hit is not None and hit[0] == version:
        return hit[1]  # type: ignore[return-value]
    value = build(conn)
    with _lock:
        if len(_store) >= MAX_ENTRIES:
            _store.clear()
        _store[entry] = (version, value)
    return value


def _database(conn: Connection) -> str:
    """The database's URL as text, kept on the connection's record: hashing the URL object
    renders it anew each time, several times a page."""
    name = conn.info.get(_DATABASE)
    if name is None:
        name = conn.info[_DATABASE] = conn.engine.url.render_as_string()
    return name


def clear() -> None:
    """Forget every kept value (tests that compare a cached and a fresh reading)."""
    with _lock:
        _store.clear()
