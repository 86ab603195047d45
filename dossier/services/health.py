"""What `/health` reports: can this node reach its database and storage, convert PDFs, queue
jobs — each check cheap (no LibreOffice is started, no row is written) and bounded in time.

A node answers "fail" (HTTP 503: take it out of the load balancer) when the database or the
instance folder is unusable; "degraded" when it can serve pages but not every feature (no
LibreOffice: no PDF); "ok" otherwise. Only statuses and short reasons, never paths or versions:
the endpoint is public, for load balancers and monitors.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text

from dossier.config import Settings
from dossier.services.uow import Database
from dossier.signing.convert import pool_state

CRITICAL = frozenset({"database", "storage"})


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float


def _database(db: Database, _settings: Settings) -> str:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1")).one()
    return db.dialect


def _storage(_db: Database, settings: Settings) -> str:
    # Documents and attachments are rows of the database; the instance folder holds the secret
    # key, the data key, the trust anchors and the preview cache, and must be writable.
    folder = settings.instance_path  # not instance(): that would make a missing folder anew
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".health-", delete=True) as probe:
        probe.write(b"ok")
        probe.flush()
        os.fsync(probe.fileno())
    return "documents in the database; instance folder writable"


def _libreoffice(_db: Database, _settings: Settings) -> str:
    problem, state = pool_state()
    if problem:
        raise RuntimeError(problem)
    return state


CHECKS: dict[str, Callable[[Database, Settings], str]] = {
    "database": _database,
    "storage": _storage,
    "libreoffice": _libreoffice,
}


def register(name: str, check: Callable[[Database, Settings], str]) -> None:
    """Add a check (the job queue adds "queue"): it returns a short detail or raises."""
    CHECKS[name] = check


def run(db: Database, settings: Settings) -> tuple[str, list[Check]]:
    """("ok" | "degraded" | "fail", every check's result)."""
    results = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail, ok = check(db, settings), True
        except Exception as exc:  # a check reports its failure; it never breaks the endpoint
            detail, ok = f"{type(exc).__name__}: {str(exc)[:200]}", False
        results.append(Check(name, ok, detail, time.perf_counter() - started))
    if any(not c.ok for c in results if c.name in CRITICAL):
        return "fail", results
    return ("ok" if all(c.ok for c in results) else "degraded"), results
