"""Signed audit checkpoints: the chain's head remembered outside the chain (issue 13 item 4).

The hash chain proves that no event was changed *relative to the head*; someone who can write to
the database can cut its tail or rewrite every event and recompute every hash and the head. So
the head is signed with an organisation's seal key (the key stays protected by its password, which
the server does not keep) at each issuance — the văn thư has just typed that password — and once a
day by `dossier audit checkpoint` (cron or the daily job, the password read from a file only that
job can read). Each checkpoint is

- a row of `audit_checkpoints` (append-only, like the events), and
- a line of an append-only JSON-lines file outside the database (instance/audit/checkpoints.jsonl,
  or DOSSIER_CHECKPOINT_DIR: ideally another disk or machine), and
- copied next to every backup (`<backup>.checkpoints.jsonl`).

Verification (`audit verify`, `backup verify`) checks every checkpoint it can find: the signature
with the checkpoint's certificate, the certificate issued by a trusted root, and the event at the
checkpoint's seq having the checkpoint's hash. A cut tail (the seq is gone), a rewrite with a
recomputed head, or an event inserted before a checkpoint (the hashes move) are all reported; so
is a checkpoint that the file has and the database lost. `audit verify --expect HASH` checks a head
the operator wrote down.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.model import AuditChainHead, AuditCheckpoint, AuditEvent, Organisation, UserCertificate
from dossier.model.base import utcnow
from dossier.services.audit import GENESIS
from dossier.services.uow import Database
from dossier.signing.certs import load_pkcs12
from dossier.signing.signer import Pkcs12Signer

log = logging.getLogger(__name__)
FILE_NAME = "checkpoints.jsonl"


class CheckpointError(Exception):
    """A checkpoint could not be made (no seal certificate, wrong password)."""


# ---- signing -------------------------------------------------------------------------------

def _sign(key: Any, data: bytes) -> bytes:
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    raise CheckpointError(f"unsupported key type {type(key).__name__}")


def _verify_signature(cert: x509.Certificate, signature: bytes, data: bytes) -> bool:
    public = cert.public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def seal_key(session: Session, organisation: Organisation, password: str) -> tuple[Any, x509.Certificate]:
    """The organisation's seal key and certificate from its PKCS#12 (WrongPasswordError if wrong)."""
    row = session.scalars(select(UserCertificate).where(
        UserCertificate.kind == "seal", UserCertificate.active.is_(True),
        UserCertificate.organisation_id == organisation.id).order_by(UserCertificate.id.desc())).first()
    if row is None:
        raise CheckpointError(f"organisation {organisation.code} has no seal certificate")
    bundle = load_pkcs12(row.p12, password)
    return bundle.key, bundle.cert


def record(session: Session, *, reason: str, organisation: Organisation, password: str) -> AuditCheckpoint:
    """Sign the current head with the organisation's seal and store the checkpoint (same transaction)."""
    key, cert = seal_key(session, organisation, password)
    return _record(session, reason, organisation, cert, lambda data: _sign(key, data))


def record_with(session: Session, *, reason: str, organisation: Organisation, signer: Pkcs12Signer) -> AuditCheckpoint:
    """The same with a seal key already open (the văn thư's, at sealing): not decrypted twice."""
    return _record(session, reason, organisation, signer.certificate,
                   lambda data: signer.pyhanko_signer().sign_raw(data, "sha256"))


def _record(session: Session, reason: str, organisation: Organisation, cert: x509.Certificate,
            sign: Callable[[bytes], bytes]) -> AuditCheckpoint:
    head = session.get(AuditChainHead, 1)
    checkpoint = AuditCheckpoint(seq=head.seq if head else 0, hash=head.hash if head else GENESIS,
                                 at=utcnow().replace(microsecond=0), reason=reason, organisation_id=organisation.id,
                                 cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode())
    checkpoint.signature = base64.b64encode(sign(checkpoint.statement())).decode()
    session.add(checkpoint)
    session.flush()
    return checkpoint


# ---- the copies outside the database -------------------------------------------------------

def as_dict(c: AuditCheckpoint) -> dict[str, Any]:
    return {"id": c.id, "seq": c.seq, "hash": c.hash, "at": c.at.isoformat(), "reason": c.reason,
            "organisation_id": c.organisation_id, "cert_pem": c.cert_pem, "signature": c.signature}


def all_checkpoints(session: Session) -> list[dict[str, Any]]:
    return [as_dict(c) for c in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id))]


def read_file(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_lines(path: Path, checkpoints: Iterable[dict[str, Any]]) -> int:
    """Append the checkpoints the file does not have yet (by id and hash); returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    known = {(c["id"], c["hash"]) for c in read_file(path)}
    new = [c for c in checkpoints if (c["id"], c["hash"]) not in known]
    if new:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            for c in new:
                f.write(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n")
            f.flush()
            os.fsync(f.fileno())
    return len(new)


def export_file(db: Database, folder: Path) -> int:
    """Copy the database's checkpoints to the append-only file (after the commit that made them)."""
    with db.read() as session:
        return write_lines(folder / FILE_NAME, all_checkpoints(session))


# ---- verification --------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckpointReport:
    checked: int
    problems: tuple[str, ...]
    last_seq: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _trusted(cert: x509.Certificate, roots: list[x509.Certificate]) -> bool:
    for root in roots:
        if root.subject != cert.issuer:
            continue
        try:
            cert.verify_directly_issued_by(root)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return True
    return False


def _check_one(session: Session, c: dict[str, Any], roots: list[x509.Certificate]) -> str | None:
    label = f"checkpoint #{c['id']} (seq {c['seq']}, {c['at']})"
    try:
        cert = x509.load_pem_x509_certificate(c["cert_pem"].encode())
    except ValueError:
        return f"{label}: no readable certificate"
    stand_in = AuditCheckpoint(seq=c["seq"], hash=c["hash"], at=datetime.fromisoformat(c["at"]), reason=c["reason"])
    if not _verify_signature(cert, base64.b64decode(c["signature"]), stand_in.statement()):
        return f"{label}: signature does not match (the checkpoint was altered)"
    if not _trusted(cert, roots):
        return f"{label}: signed by a certificate no trusted root issued"
    if c["seq"] == 0:
        return None
    event = session.get(AuditEvent, c["seq"])
    if event is None:
        return f"{label}: the chain no longer reaches seq {c['seq']} (events were cut from its end)"
    if event.hash != c["hash"]:
        return f"{label}: the event at seq {c['seq']} has another hash (the chain was rewritten)"
    return None


def verify(session: Session, outside: Iterable[dict[str, Any]] = (), *, roots: list[x509.Certificate] | None = None,
           expect: str | None = None, newer_allowed: bool = False) -> CheckpointReport:
    """Check the database's checkpoints and those kept outside it (file, backup copy) against the chain.

    `newer_allowed`: the database is a backup older than the outside copy, so an outside checkpoint
    beyond the backup's head is expected to be missing (one at or below it must still match)."""
    from dossier.services.pki import trust_roots

    roots = trust_roots(session) if roots is None else roots
    inside = all_checkpoints(session)
    problems: list[str] = []
    by_id = {c["id"]: c for c in inside}
    head = session.get(AuditChainHead, 1)
    for c in outside:
        if newer_allowed and c["id"] not in by_id and c["seq"] > (head.seq if head else 0):
            continue
        mine = by_id.get(c["id"])
        if mine is None or mine["hash"] != c["hash"] or mine["signature"] != c["signature"]:
            problems.append(f"checkpoint #{c['id']} (seq {c['seq']}) kept outside the database is missing "
                            "or different inside it")
            by_id.setdefault(-len(problems), c)  # still check it against the chain
    for c in by_id.values():
        problem = _check_one(session, c, roots)
        if problem:
            problems.append(problem)
    if expect and expect.strip().lower() != GENESIS:  # the genesis head: an empty chain, nothing to find
        found = session.scalars(select(AuditEvent.seq).where(AuditEvent.hash == expect.strip().lower())).first()
        if found is None:
            problems.append(f"the expected head {expect} is not in the chain (cut or rewritten since)")
    last = max((c["seq"] for c in by_id.values()), default=0)
    return CheckpointReport(len(by_id), tuple(problems), last)


def organisation_for(session: Session, code: str | None) -> Organisation:
    """The organisation that signs checkpoints: the one named, else the Sở Công Thương."""
    query = select(Organisation).where(Organisation.code == code) if code else \
        select(Organisation).where(Organisation.kind == "so_cong_thuong").order_by(Organisation.id)
    org = session.scalars(query).first()
    if org is None:
        raise CheckpointError(f"no organisation {code or 'of kind so_cong_thuong'} to sign checkpoints")
    return org


def checkpoint_now(db: Database, *, reason: str, password: str, org_code: str | None = None) -> dict[str, Any]:
    """Verify the chain, then sign and store its head (refuses to vouch for a broken chain)."""
    from dossier.services import audit

    with db.write() as session:
        chain = audit.verify(session)
        if not chain.ok:
            raise CheckpointError(f"the audit chain is broken ({chain.problem}): no checkpoint signed")
        report = verify(session)
        if not report.ok:
            raise CheckpointError("earlier checkpoints do not match: " + "; ".join(report.problems))
        return as_dict(record(session, reason=reason, organisation=organisation_for(session, org_code),
                              password=password))


# ---- backups -------------------------------------------------------------------------------

def sidecar_path(backup: Path) -> Path:
    return Path(f"{backup}.checkpoints.json")


def write_sidecar(db: Database, backup: Path) -> Path:
    """Next to a backup: every checkpoint, and the head of the copy (read from the copy itself)."""
    copy = Database(f"sqlite:///{backup}")
    try:
        with copy.read() as session:
            head = session.get(AuditChainHead, 1)
            head_json = {"seq": head.seq if head else 0, "hash": head.hash if head else GENESIS}
    finally:
        copy.dispose()
    with db.read() as session:
        data = {"backup": backup.name, "head": head_json, "checkpoints": all_checkpoints(session)}
    path = sidecar_path(backup)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_sidecar(backup: Path) -> tuple[str | None, list[dict[str, Any]]]:
    path = sidecar_path(backup)
    if not path.exists():
        return None, []
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["head"]["hash"], data["checkpoints"]
