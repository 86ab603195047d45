"""Certificates: where signers come from, and which roots verification trusts.

Key storage: a password-protected PKCS#12 per user (personal signature) and per organisation
(the agency seal), in the ``user_certificates`` table. The server keeps the file, never the
password: the signer types it for each signature, so a stolen database alone signs nothing.

``DatabaseKeystore`` is one signer source of the signing port
(``dossier.services.issuance.port``); a PKCS#11 token or a remote signing service is another,
returning ``dossier.signing.signer.Signer`` objects the same way, chosen per user there.

Trust roots for verification: the ``trust_roots`` table (the demo CA is put there by the demo),
plus the PEM files the caller names (the port's DOSSIER_TRUST_ROOTS), plus ``*.pem``/``*.crt``
in a folder (the port's ``<instance>/trust/``, where an operator drops the Ban Cơ yếu / public
CA roots; read at each call, so a dropped file needs no restart).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DossierError
from dossier.model import Organisation, TrustRoot, User, UserCertificate
from dossier.signing.certs import common_name, load_certificate_file, load_pkcs12
from dossier.signing.signer import Pkcs12Signer, Signer

log = logging.getLogger(__name__)


class NoCertificate(DossierError, LookupError):
    """The user or organisation has no active certificate."""

    code = "no_certificate"
    message = "Chưa có chứng thư số trong hệ thống; đề nghị liên hệ quản trị để cài đặt."


def active_certificate(
    session: Session, *, kind: str, user_id: int | None = None, organisation_id: int | None = None
) -> UserCertificate | None:
    query = select(UserCertificate).where(UserCertificate.kind == kind, UserCertificate.active.is_(True))
    if user_id is not None:
        query = query.where(UserCertificate.user_id == user_id)
    if organisation_id is not None:
        query = query.where(UserCertificate.organisation_id == organisation_id)
    return session.scalars(query.order_by(UserCertificate.id.desc()).limit(1)).first()


class DatabaseKeystore:
    """PKCS#12 files in ``user_certificates``; raises WrongPasswordError on a bad password."""

    def user_signer(self, session: Session, user: User, secret: str) -> Signer:
        row = active_certificate(session, kind="personal", user_id=user.id)
        if row is None:
            raise NoCertificate(f"user {user.username} has no signing certificate")
        return Pkcs12Signer(row.p12, secret)

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer:
        row = active_certificate(session, kind="seal", organisation_id=organisation.id)
        if row is None:
            raise NoCertificate(f"organisation {organisation.code} has no seal certificate")
        return Pkcs12Signer(row.p12, secret)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def store_certificate(
    session: Session,
    p12: bytes,
    password: str,
    *,
    kind: str,
    user_id: int | None = None,
    organisation_id: int | None = None,
) -> UserCertificate:
    """Keep a PKCS#12 (after checking the password opens it); it replaces the owner's previous one."""
    bundle = load_pkcs12(p12, password)
    for old in session.scalars(
        select(UserCertificate).where(
            UserCertificate.kind == kind,
            UserCertificate.active.is_(True),
            UserCertificate.user_id == user_id if user_id is not None else UserCertificate.user_id.is_(None),
            UserCertificate.organisation_id == organisation_id
            if organisation_id is not None
            else UserCertificate.organisation_id.is_(None),
        )
    ):
        old.active = False
    row = UserCertificate(
        kind=kind,
        user_id=user_id,
        organisation_id=organisation_id,
        subject=bundle.cert.subject.rfc4514_string()[:500],
        serial=format(bundle.cert.serial_number, "X"),
        fingerprint_sha256=fingerprint(bundle.cert),
        not_before=bundle.cert.not_valid_before_utc,
        not_after=bundle.cert.not_valid_after_utc,
        cert_pem=_pem(bundle.cert),
        p12=p12,
        active=True,
    )
    session.add(row)
    session.flush()
    return row


def add_trust_root(session: Session, cert: x509.Certificate, name: str | None = None) -> TrustRoot:
    fp = fingerprint(cert)
    existing = session.scalars(select(TrustRoot).where(TrustRoot.fingerprint_sha256 == fp)).first()
    if existing is not None:
        return existing
    row = TrustRoot(
        name=name or common_name(cert.subject) or cert.subject.rfc4514_string(),
        fingerprint_sha256=fp,
        cert_pem=_pem(cert),
    )
    session.add(row)
    session.flush()
    return row


def _root_files(files: Sequence[Path], folder: Path | None) -> list[Path]:
    found = list(files)
    if folder is not None and folder.is_dir():
        found.extend(sorted(folder.glob("*.pem")) + sorted(folder.glob("*.crt")))
    return found


def trust_roots(
    session: Session | None = None, *, files: Sequence[Path] = (), folder: Path | None = None
) -> list[x509.Certificate]:
    """Every trusted root: the database table (when a session is given), ``files`` and ``folder``."""
    roots: dict[str, x509.Certificate] = {}
    if session is not None:
        for row in session.scalars(select(TrustRoot)):
            cert = x509.load_pem_x509_certificate(row.cert_pem.encode())
            roots[fingerprint(cert)] = cert
    for path in _root_files(files, folder):
        try:
            for cert in load_certificate_file(path):
                roots[fingerprint(cert)] = cert
        except (OSError, ValueError) as exc:  # one bad file must not disable verification
            log.warning("trust root file %s skipped: %s", path, exc)
    return list(roots.values())


__all__ = [
    "DatabaseKeystore",
    "NoCertificate",
    "active_certificate",
    "add_trust_root",
    "fingerprint",
    "store_certificate",
    "trust_roots",
]
