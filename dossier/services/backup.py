"""Online backups of the embedded SQLite database, and the check that a backup is whole.

A plain file copy of a live SQLite database and its WAL is not a consistent snapshot; the
online backup API is (architecture.md B7). A backup is only as good as its restore, so
`verify_backup` opens the copy and proves it: integrity_check, the audit chain, and the sha256
of every stored blob against its key, with every document and attachment pointing at a blob.
PostgreSQL is backed up with pg_dump / WAL archiving, outside this module.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from dossier.model import Attachment, Blob, Dossier, GeneratedDocument
from dossier.services import audit
from dossier.services.uow import Database


@dataclass
class BackupReport:
    path: Path
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    dossiers: int = 0
    blobs: int = 0
    audit_events: int = 0
    audit_head: str = ""

    def fail(self, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)


def sqlite_path(db: Database) -> Path:
    if db.dialect != "sqlite" or not db.engine.url.database:
        raise ValueError("online backup is for the embedded SQLite database; use pg_dump for PostgreSQL")
    return Path(db.engine.url.database)


def backup_sqlite(db: Database, target: Path) -> Path:
    """Copy the live database to `target` with SQLite's online backup API (writers may go on)."""
    target = Path(target)
    if target.exists():
        raise FileExistsError(f"{target} exists: backups are never overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(sqlite_path(db))
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)  # copies pages in steps, restarting if a writer changes them
    finally:
        dest.close()
        source.close()
    return target


def verify_backup(path: Path, checkpoint_file: Path | None = None) -> BackupReport:
    """Open a backup read-only and prove it is complete and untampered: also against the signed
    checkpoints copied next to it and those of the live checkpoint file (dossier.services.checkpoints)."""
    from dossier.services import checkpoints

    report = BackupReport(Path(path))
    head_at_backup, beside = checkpoints.read_sidecar(Path(path))
    later = checkpoints.read_file(checkpoint_file) if checkpoint_file else []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw:
        result = raw.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            report.fail(f"integrity_check: {result}")
    db = Database(f"sqlite:///{path}")
    try:
        with db.read() as session:
            chain = audit.verify(session)
            report.audit_events, report.audit_head = chain.events, chain.head_hash
            if not chain.ok:
                report.fail(f"audit chain: {chain.problem}")
            for found in (checkpoints.verify(session, beside, expect=head_at_backup),
                          checkpoints.verify(session, later, newer_allowed=True)):
                for problem in found.problems:
                    if f"audit checkpoints: {problem}" not in report.problems:
                        report.fail(f"audit checkpoints: {problem}")
            for sha, data in session.execute(select(Blob.sha256, Blob.data)):
                report.blobs += 1
                if hashlib.sha256(data).hexdigest() != sha:
                    report.fail(f"blob {sha[:12]}…: content does not match its sha256")
            for model in (GeneratedDocument, Attachment):
                missing = session.execute(text(
                    f"SELECT count(*) FROM {model.__tablename__} t LEFT JOIN blobs b ON b.sha256 = t.sha256 "
                    "WHERE b.sha256 IS NULL")).scalar()
                if missing:
                    report.fail(f"{missing} {model.__tablename__} rows point at missing bytes")
            report.dossiers = len(session.scalars(select(Dossier.id)).all())
    finally:
        db.dispose()
    return report
