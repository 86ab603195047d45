"""Signed audit checkpoints catch what the hash chain alone cannot (issue 13 item 4): a cut tail,
a rewrite with every hash and the head recomputed, an event inserted mid-chain — by `audit
verify` against a checkpoint, and after a backup is restored (`backup verify`). SQLite and
PostgreSQL for the database part, SQLite files for the backup part."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from dossier.canonical import canonical_json
from dossier.db.append_only import create_append_only_triggers, drop_append_only_triggers
from dossier.demo.people import DEMO_PASSWORD
from dossier.model import AuditChainHead, AuditEvent, Organisation
from dossier.services import audit, checkpoints


def _seal_the_sct(db: Any) -> None:
    from dossier.services.pki import add_trust_root, store_certificate
    from dossier.signing.certs import CertificateAuthority, create_demo_ca, issue_org_seal_certificate

    with db.write() as session:
        key, cert = create_demo_ca("CA thử nghiệm kiểm toán")
        add_trust_root(session, cert, "CA thử nghiệm kiểm toán")
        sct = session.scalars(select(Organisation).where(Organisation.code == "sct-kh")).one()
        p12 = issue_org_seal_certificate(CertificateAuthority(key, cert), "Sở Công Thương tỉnh Khánh Hòa",
                                         password=DEMO_PASSWORD, valid_days=30)
        store_certificate(session, p12, DEMO_PASSWORD, kind="seal", organisation_id=sct.id)


def _events(db: Any, n: int, start: int = 0) -> None:
    with db.write() as session:
        for i in range(start, start + n):
            audit.append(session, actor_id=None, action="test.event", object_type="dossier", object_id=str(i),
                         payload={"i": i, "so_tien": 1_000_000 * i})


def _rewrite(db: Any, change: Any) -> None:
    """What an attacker with the database's owner rights does: drop the triggers, edit the events
    (`change` takes and returns the list of (action, object_id, payload_json)), recompute every hash
    and the head, put the triggers back."""
    with db.read() as session:
        rows = [(e.at, e.actor_id, e.action, e.object_type, e.object_id, e.payload_json)
                for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    rows = change(rows)
    with db.engine.begin() as conn:
        drop_append_only_triggers(conn, "audit_events")
        conn.execute(text("DELETE FROM audit_events"))
        prev = audit.GENESIS
        for seq, (at, actor, action, otype, oid, payload) in enumerate(rows, start=1):
            digest = audit._digest(prev, seq, at, actor, action, otype, oid, payload)
            conn.execute(AuditEvent.__table__.insert().values(
                seq=seq, at=at, actor_id=actor, action=action, object_type=otype, object_id=oid,
                payload_json=payload, prev_hash=prev, hash=digest))
            prev = digest
        conn.execute(AuditChainHead.__table__.update().values(seq=len(rows), hash=prev))
        create_append_only_triggers(conn, "audit_events")


def _cut_tail(rows: list) -> list:
    return rows[:-3]


def _rewrite_amount(rows: list) -> list:
    at, actor, action, otype, oid, _ = rows[2]
    rows[2] = (at, actor, action, otype, oid, canonical_json({"i": 2, "so_tien": 9_000_000_000}))
    return rows


def _insert_mid_chain(rows: list) -> list:
    at, actor, action, otype, _, _ = rows[2]
    return [*rows[:2], (at, actor, "ledger.payment", otype, "7", canonical_json({"so_tien": 500_000_000})), *rows[2:]]


TAMPERING = {"tail truncation": _cut_tail, "full rewrite with a recomputed head": _rewrite_amount,
             "an event inserted mid-chain": _insert_mid_chain}


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_tampering_passes_the_chain_but_not_the_checkpoint(db: Any, users: Any, how: str) -> None:
    _seal_the_sct(db)
    _events(db, 6)
    made = checkpoints.checkpoint_now(db, reason="daily", password=DEMO_PASSWORD)
    with db.read() as session:
        assert checkpoints.verify(session).ok
    _rewrite(db, TAMPERING[how])
    with db.read() as session:
        assert audit.verify(session).ok, "the chain alone cannot see it: that is the point"
        report = checkpoints.verify(session)
        assert not report.ok, how
        assert any(f"seq {made['seq']}" in p for p in report.problems), report.problems
        assert not checkpoints.verify(session, expect=made["hash"]).ok


def test_a_checkpoint_cannot_be_forged_or_dropped(db: Any, users: Any, tmp_path: Path) -> None:
    _seal_the_sct(db)
    _events(db, 3)
    checkpoints.checkpoint_now(db, reason="daily", password=DEMO_PASSWORD)
    checkpoints.export_file(db, tmp_path)
    outside = checkpoints.read_file(tmp_path / checkpoints.FILE_NAME)
    assert len(outside) == 1 and outside[0]["signature"]
    forged = dict(outside[0], hash="f" * 64)
    with db.read() as session:
        assert checkpoints.verify(session, outside).ok
        problems = checkpoints.verify(session, [forged]).problems
    assert any("signature does not match" in p for p in problems), problems
    # the attacker also deletes the checkpoint rows: the file outside still has them
    with db.engine.begin() as conn:
        drop_append_only_triggers(conn, "audit_checkpoints")
        conn.execute(text("DELETE FROM audit_checkpoints"))
    with db.read() as session:
        problems = checkpoints.verify(session, outside).problems
    assert any("missing or different inside" in p for p in problems), problems


def test_a_broken_chain_is_never_signed(db: Any, users: Any) -> None:
    _seal_the_sct(db)
    _events(db, 3)
    with db.engine.begin() as conn:
        drop_append_only_triggers(conn, "audit_events")
        conn.execute(text("UPDATE audit_events SET payload_json = '{}' WHERE seq = 2"))
    with pytest.raises(checkpoints.CheckpointError, match="broken"):
        checkpoints.checkpoint_now(db, reason="daily", password=DEMO_PASSWORD)


# ---- the commands, on a SQLite instance ----------------------------------------------------

def _instance(tmp_path: Path, monkeypatch: Any) -> tuple[CliRunner, Any]:
    from dossier.demo.seed import seed_province
    from dossier.services.uow import Database

    monkeypatch.setenv("DOSSIER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from dossier.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["init-db"]).exit_code == 0
    db = Database(f"sqlite:///{tmp_path / 'dossier.sqlite3'}")
    seed_province(db)
    _seal_the_sct(db)
    _events(db, 6)
    (tmp_path / "seal-password").write_text(DEMO_PASSWORD)
    return runner, db


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_audit_verify_against_a_checkpoint(tmp_path: Path, monkeypatch: Any, how: str) -> None:
    from dossier.cli import main

    runner, db = _instance(tmp_path, monkeypatch)
    made = runner.invoke(main, ["audit", "checkpoint", "--password-file", str(tmp_path / "seal-password")])
    assert made.exit_code == 0, made.output
    head = json.loads(runner.invoke(main, ["audit", "head"]).output)["head"]
    ok = runner.invoke(main, ["audit", "verify", "--expect", head])
    assert ok.exit_code == 0 and "signed checkpoints match" in ok.output, ok.output
    _rewrite(db, TAMPERING[how])
    db.dispose()
    broken = runner.invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1 and "does NOT match its checkpoints" in broken.output, broken.output
    assert runner.invoke(main, ["audit", "verify", "--expect", head]).exit_code == 1


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_backup_verify_after_a_restore(tmp_path: Path, monkeypatch: Any, how: str) -> None:
    """The backup carries its checkpoints and head; a tampered copy is refused when restored."""
    from dossier.cli import main
    from dossier.services.uow import Database

    runner, db = _instance(tmp_path, monkeypatch)
    password = str(tmp_path / "seal-password")
    assert runner.invoke(main, ["audit", "checkpoint", "--password-file", password]).exit_code == 0
    _events(db, 2, start=10)  # after the checkpoint: covered by the head the backup records
    backup = tmp_path / "b.sqlite3"
    out = runner.invoke(main, ["backup", "-o", str(backup)])
    assert out.exit_code == 0 and "sound" in out.output, out.output
    assert checkpoints.sidecar_path(backup).exists()
    copy = Database(f"sqlite:///{backup}")
    _rewrite(copy, TAMPERING[how])
    copy.dispose()
    checked = runner.invoke(main, ["backup", "verify", str(backup)])
    assert checked.exit_code == 1 and "audit checkpoints" in checked.output, checked.output
    db.dispose()
