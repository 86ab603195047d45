"""Online backups: taken while officers keep working, proven whole, and tampering is found."""

from __future__ import annotations

import sqlite3
import threading

from click.testing import CliRunner

from dossier.cli import main
from dossier.services.backup import backup_sqlite, verify_backup
from tests.core.helpers import advance, new_dossier


def test_a_backup_taken_during_writes_is_sound(sqlite_db, tmp_path) -> None:
    from dossier.demo.seed import seed_province

    users = seed_province(sqlite_db)
    first = new_dossier(sqlite_db, users)
    advance(sqlite_db, users, "chuyenvien", first, "submit")
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            dossier_id = new_dossier(sqlite_db, users)
            advance(sqlite_db, users, "chuyenvien", dossier_id, "submit")

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        target = backup_sqlite(sqlite_db, tmp_path / "backup.sqlite3")
    finally:
        stop.set()
        writer.join()
    report = verify_backup(target)
    assert report.ok, report.problems
    assert report.dossiers >= 1 and report.blobs >= 2 and report.audit_events >= 3


def test_a_changed_stored_document_is_found(sqlite_db, tmp_path) -> None:
    from dossier.demo.seed import seed_province

    users = seed_province(sqlite_db)
    advance(sqlite_db, users, "chuyenvien", new_dossier(sqlite_db, users), "submit")
    target = backup_sqlite(sqlite_db, tmp_path / "backup.sqlite3")
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE blobs SET data = X'00' WHERE rowid = (SELECT min(rowid) FROM blobs)")
    report = verify_backup(target)
    assert not report.ok and any("does not match its sha256" in p for p in report.problems)


def test_backup_command_writes_and_verifies(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DOSSIER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["init-db"]).exit_code == 0
    out = runner.invoke(main, ["backup", "-o", str(tmp_path / "b.sqlite3")])
    assert out.exit_code == 0 and "sound" in out.output, out.output
    again = runner.invoke(main, ["backup", "-o", str(tmp_path / "b.sqlite3")])
    assert again.exit_code == 1 and "never overwritten" in again.output
    checked = runner.invoke(main, ["backup", "verify", str(tmp_path / "b.sqlite3")])
    assert checked.exit_code == 0 and "audit chain" in checked.output
