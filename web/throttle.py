"""Sign-in throttling shared by every worker process: failures per account and per address.

Kept in a small SQLite file of its own in the instance folder, so that the limit holds across
gunicorn workers (an in-process dict would give each worker its own allowance) and does not
depend on the main database's schema.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Throttle:
    def __init__(self, path: str | Path, window_seconds: int):
        self.path = str(path)
        self.window = window_seconds
        with self._connect() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL)")
            conn.execute("CREATE INDEX IF NOT EXISTS ix_failures_key_at ON failures (key, at)")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            with conn:  # one transaction, committed on success
                yield conn
        finally:
            conn.close()

    def count(self, key: str) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT count(*) FROM failures WHERE key = ? AND at > ?",
                                (key, time.time() - self.window)).fetchone()[0]

    def fail(self, *keys: str) -> None:
        now = time.time()
        with self._connect() as conn:
            conn.executemany("INSERT INTO failures (key, at) VALUES (?, ?)", [(k, now) for k in keys])
            conn.execute("DELETE FROM failures WHERE at < ?", (now - self.window,))

    def clear(self, key: str) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM failures WHERE key = ?", (key,))
