"""Certificates: where signers come from, which roots verification trusts, the demo PKI.

Key storage: a password-protected PKCS#12 per user (personal signature) and per organisation
(the agency seal), in the ``user_certificates`` table. The server keeps the file, never the
password: the signer types it for each signature, so a stolen database alone signs nothing.

``Keystore`` is the seam for hardware tokens: a ``Pkcs11Keystore`` returning
``dossier.signing.signer.Signer`` objects backed by ``pyhanko.sign.pkcs11.PKCS11Signer``
(secret = the token PIN) plugs in without touching the issuance service.

Trust roots for verification: the ``trust_roots`` table (the demo CA is put there by the demo),
plus PEM files named in ``DOSSIER_TRUST_ROOTS`` (``os.pathsep``-separated), plus
``<instance>/trust/*.pem`` (where an operator drops the Ban Cơ yếu / public CA roots).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.config import instance_path
from dossier.model import Organisation, TrustRoot, User, UserCertificate
from dossier.signing.certs import (
    CertificateAuthority,
    create_demo_ca,
    issue_org_seal_certificate,
    issue_user_certificate,
    load_certificate_file,
    load_pkcs12,
)
from dossier.signing.signer import Pkcs12Signer, Signer

log = logging.getLogger(__name__)

DEMO_CA_NAME = "Hồ sơ Khuyến công (demo)"


class NoCertificate(LookupError):
    """The user or organisation has no active certificate."""


class Keystore(Protocol):
    """Where the signing keys live. ``secret`` is the PKCS#12 password or a token PIN."""

    def user_signer(self, session: Session, user: User, secret: str) -> Signer: ...

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer: ...


def _active(
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
        row = _active(session, kind="personal", user_id=user.id)
        if row is None:
            raise NoCertificate(f"user {user.username} has no signing certificate")
        return Pkcs12Signer(row.p12, secret)

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer:
        row = _active(session, kind="seal", organisation_id=organisation.id)
        if row is None:
            raise NoCertificate(f"organisation {organisation.code} has no seal certificate")
        return Pkcs12Signer(row.p12, secret)


_keystore: Keystore = DatabaseKeystore()


def default_keystore() -> Keystore:
    return _keystore


def set_default_keystore(keystore: Keystore) -> None:
    """Install another key store (a PKCS#11 token bridge, a remote signing service)."""
    global _keystore
    _keystore = keystore


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
    from dossier.signing.certs import common_name

    row = TrustRoot(
        name=name or common_name(cert.subject) or cert.subject.rfc4514_string(),
        fingerprint_sha256=fp,
        cert_pem=_pem(cert),
    )
    session.add(row)
    session.flush()
    return row


def _configured_root_files() -> list[Path]:
    files = [Path(p) for p in os.environ.get("DOSSIER_TRUST_ROOTS", "").split(os.pathsep) if p.strip()]
    folder = Path(os.environ.get("DOSSIER_INSTANCE_PATH") or instance_path()) / "trust"
    if folder.is_dir():
        files.extend(sorted(folder.glob("*.pem")) + sorted(folder.glob("*.crt")))
    return files


def trust_roots(session: Session | None = None) -> list[x509.Certificate]:
    """Every configured root: the database table (when a session is given) and the PEM files."""
    roots: dict[str, x509.Certificate] = {}
    if session is not None:
        for row in session.scalars(select(TrustRoot)):
            cert = x509.load_pem_x509_certificate(row.cert_pem.encode())
            roots[fingerprint(cert)] = cert
    for path in _configured_root_files():
        try:
            for cert in load_certificate_file(path):
                roots[fingerprint(cert)] = cert
        except (OSError, ValueError) as exc:  # one bad file must not disable verification
            log.warning("trust root file %s skipped: %s", path, exc)
    return list(roots.values())


def export_trust_roots_pem(session: Session) -> bytes:
    return "".join(_pem(c) for c in trust_roots(session)).encode()


# -- demo ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPki:
    ca_fingerprint: str
    personal: tuple[str, ...]  # usernames with a certificate
    seals: tuple[str, ...]  # organisation codes with a seal certificate
    password: str


def _ca_p12(ca: tuple, password: str) -> bytes:
    key, cert = ca
    return pkcs12.serialize_key_and_certificates(
        b"demo-ca", key, cert, None, serialization.BestAvailableEncryption(password.encode())
    )


def load_demo_ca(session: Session, password: str) -> CertificateAuthority | None:
    row = _active(session, kind="ca")
    if row is None:
        return None
    bundle = load_pkcs12(row.p12, password)
    return CertificateAuthority(bundle.key, bundle.cert)


def _dn_name(org: Organisation) -> str:
    """X.509 (as enforced by cryptography) limits CN and O to 64 UTF-8 bytes; a long agency name
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh …") falls back to its
    abbreviation and province."""
    for candidate in (org.name, f"{org.abbreviation} tỉnh {org.province}", org.abbreviation):
        if 0 < len(candidate.encode()) <= 64:
            return candidate
    return org.name.encode()[:64].decode(errors="ignore")


def issue_demo_user_certificate(
    session: Session, ca: CertificateAuthority | tuple, user: User, password: str, *, valid_days: int = 730
) -> UserCertificate:
    p12 = issue_user_certificate(
        ca,
        user.full_name,
        _dn_name(user.organisation),
        user.job_title or "Lãnh đạo",
        user.email or None,
        password=password,
        valid_days=valid_days,
    )
    return store_certificate(session, p12, password, kind="personal", user_id=user.id)


def issue_demo_seal_certificate(
    session: Session,
    ca: CertificateAuthority | tuple,
    org: Organisation,
    password: str,
    *,
    valid_days: int = 730,
) -> UserCertificate:
    parent = _dn_name(org.parent) if org.parent is not None else None
    p12 = issue_org_seal_certificate(
        ca, _dn_name(org), password=password, parent_org=parent, valid_days=valid_days
    )
    return store_certificate(session, p12, password, kind="seal", organisation_id=org.id)


def seed_demo_pki(db, password: str | None = None, report: Callable[[str], None] = lambda _: None) -> DemoPki:
    """A demo CA (trusted by verification), a certificate per leader and a seal per organisation.

    The PKCS#12 password is the demo password. One transaction; idempotent per owner (a second
    run replaces the certificates and keeps the old CA trusted, so old demo PDFs still verify).
    """
    from dossier.demo.people import DEMO_PASSWORD
    from workflows.states import Role

    password = password or DEMO_PASSWORD
    with db.write() as session:
        key, cert = create_demo_ca(DEMO_CA_NAME)
        store_certificate(session, _ca_p12((key, cert), password), password, kind="ca")
        add_trust_root(session, cert, f"{DEMO_CA_NAME} - CA thử nghiệm")
        ca = CertificateAuthority(key, cert)
        personal = []
        for user in session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)):
            if Role.LEADER in user.roles:
                issue_demo_user_certificate(session, ca, user, password)
                personal.append(user.username)
        seals = []
        for org in session.scalars(select(Organisation).order_by(Organisation.id)):
            issue_demo_seal_certificate(session, ca, org, password)
            seals.append(org.code)
    report(f"Chứng thư số demo: lãnh đạo {', '.join(personal)}; dấu cơ quan {', '.join(seals)} "
           f"(CA thử nghiệm được tin cậy khi xác thực; mật khẩu chứng thư = {password})")
    return DemoPki(fingerprint(cert), tuple(personal), tuple(seals), password)


__all__ = [
    "DEMO_CA_NAME",
    "DatabaseKeystore",
    "DemoPki",
    "Keystore",
    "NoCertificate",
    "add_trust_root",
    "default_keystore",
    "export_trust_roots_pem",
    "issue_demo_seal_certificate",
    "issue_demo_user_certificate",
    "load_demo_ca",
    "seed_demo_pki",
    "set_default_keystore",
    "store_certificate",
    "trust_roots",
]
