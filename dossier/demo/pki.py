"""The demo PKI: a test CA trusted by verification, a certificate per leader, a seal per body.

Demo only: a real Sở's keys come from the Ban Cơ yếu or a public CA, never from this server.
The certificates are stored through the same service a real one is (``services.pki``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.demo.people import DEMO_PASSWORD
from dossier.model import Organisation, User, UserCertificate
from dossier.services.pki import add_trust_root, fingerprint, store_certificate
from dossier.services.uow import Database
from dossier.signing.certs import (
    CertificateAuthority,
    create_demo_ca,
    issue_org_seal_certificate,
    issue_user_certificate,
)
from workflows.states import Role

DEMO_CA_NAME = "Hồ sơ Khuyến công (demo)"


@dataclass(frozen=True)
class DemoPki:
    ca_fingerprint: str
    personal: tuple[str, ...]  # usernames with a certificate
    seals: tuple[str, ...]  # organisation codes with a seal certificate
    password: str


def _ca_p12(ca: CertificateAuthority, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"demo-ca", ca.key, ca.cert, None, serialization.BestAvailableEncryption(password.encode())
    )


def _dn_name(org: Organisation) -> str:
    """X.509 (as enforced by cryptography) limits CN and O to 64 UTF-8 bytes; a long agency name
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh …") falls back to its
    abbreviation and province."""
    for candidate in (org.name, f"{org.abbreviation} tỉnh {org.province}", org.abbreviation):
        if 0 < len(candidate.encode()) <= 64:
            return candidate
    return org.name.encode()[:64].decode(errors="ignore")


def _user_certificate(session: Session, ca: CertificateAuthority, user: User, password: str) -> UserCertificate:
    p12 = issue_user_certificate(ca, user.full_name, _dn_name(user.organisation), user.job_title or "Lãnh đạo",
                                 user.email or None, password=password, valid_days=730)
    return store_certificate(session, p12, password, kind="personal", user_id=user.id)


def _seal_certificate(session: Session, ca: CertificateAuthority, org: Organisation, password: str) -> UserCertificate:
    parent = _dn_name(org.parent) if org.parent is not None else None
    p12 = issue_org_seal_certificate(ca, _dn_name(org), password=password, parent_org=parent, valid_days=730)
    return store_certificate(session, p12, password, kind="seal", organisation_id=org.id)


def seed_demo_pki(db: Database, password: str | None = None,
                  report: Callable[[str], None] = lambda _: None) -> DemoPki:
    """A demo CA (trusted by verification), a certificate per leader and a seal per organisation.

    The PKCS#12 password is the demo password. One transaction; idempotent per owner (a second
    run replaces the certificates and keeps the old CA trusted, so old demo PDFs still verify).
    """
    password = password or DEMO_PASSWORD
    with db.write() as session:
        ca = CertificateAuthority(*create_demo_ca(DEMO_CA_NAME))
        store_certificate(session, _ca_p12(ca, password), password, kind="ca")
        add_trust_root(session, ca.cert, f"{DEMO_CA_NAME} - CA thử nghiệm")
        personal = []
        for user in session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)):
            if Role.LEADER in user.roles:
                _user_certificate(session, ca, user, password)
                personal.append(user.username)
        seals = []
        for org in session.scalars(select(Organisation).order_by(Organisation.id)):
            _seal_certificate(session, ca, org, password)
            seals.append(org.code)
    report(f"Chứng thư số demo: lãnh đạo {', '.join(personal)}; dấu cơ quan {', '.join(seals)} "
           f"(CA thử nghiệm được tin cậy khi xác thực; mật khẩu chứng thư = {password})")
    return DemoPki(fingerprint(ca.cert), tuple(personal), tuple(seals), password)
