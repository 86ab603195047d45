"""Trust anchors as configuration: the administrator adds the Ban Cơ yếu root and the CAs the
province accepts, and removes them; verification and signing (long-term) trust exactly these
(plus the configured PEM files), never the operating system's list.

Each action is one transaction with an audit event. A file is accepted only if every
certificate in it is a CA certificate (basicConstraints cA) valid today: a signer's own
certificate uploaded by mistake would make every signature by it "trusted".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from sqlalchemy import select

from dossier.errors import ValidationFailed
from dossier.model import TrustRoot
from dossier.services import audit
from dossier.services.pki import add_trust_root, fingerprint
from dossier.services.uow import Database, must_get
from dossier.signing.certs import CertificateError, common_name, load_certificates

MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class AnchorRow:
    id: int
    name: str
    subject: str
    issuer: str
    self_signed: bool
    valid_from: dt.datetime
    valid_to: dt.datetime
    fingerprint: str


def _row(anchor: TrustRoot) -> AnchorRow:
    cert = x509.load_pem_x509_certificate(anchor.cert_pem.encode())
    return AnchorRow(id=anchor.id, name=anchor.name, subject=cert.subject.rfc4514_string(),
                     issuer=cert.issuer.rfc4514_string(), self_signed=cert.subject == cert.issuer,
                     valid_from=cert.not_valid_before_utc, valid_to=cert.not_valid_after_utc,
                     fingerprint=anchor.fingerprint_sha256)


def list_anchors(db: Database) -> list[AnchorRow]:
    with db.read() as session:
        return [_row(a) for a in session.scalars(select(TrustRoot).order_by(TrustRoot.name))]


def _certificates(data: bytes, now: dt.datetime) -> list[x509.Certificate]:
    if not data or len(data) > MAX_BYTES:
        raise ValidationFailed({"file": "Chọn tệp chứng thư số (.cer, .crt, .pem) dưới 256 KB."})
    try:
        certs = load_certificates(data)
    except (CertificateError, ValueError) as exc:
        raise ValidationFailed({"file": "Tệp không phải chứng thư số X.509 (PEM hoặc DER)."}) from exc
    for cert in certs:
        who = common_name(cert.subject) or cert.subject.rfc4514_string()
        try:
            is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            is_ca = False
        if not is_ca:
            raise ValidationFailed({"file": f"«{who}» không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực "
                                            "(CA); chỉ thêm chứng thư gốc hoặc chứng thư CA được chấp nhận."})
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise ValidationFailed({"file": f"Chứng thư «{who}» không còn hiệu lực (hoặc chưa có hiệu lực)."})
    return certs


def add_anchors(db: Database, *, actor_id: int, data: bytes, name: str = "") -> list[AnchorRow]:
    """Trust every CA certificate in ``data`` (a PEM bundle or one DER file)."""
    certs = _certificates(data, dt.datetime.now(dt.UTC))
    with db.write() as session:
        rows = []
        for cert in certs:
            anchor = add_trust_root(session, cert, (name.strip() or None) if len(certs) == 1 else None)
            audit.append(session, actor_id=actor_id, action="trust_anchor.add", object_type="trust_root",
                         object_id=anchor.id, payload={"fingerprint": fingerprint(cert), "name": anchor.name})
            rows.append(_row(anchor))
        return rows


def remove_anchor(db: Database, *, actor_id: int, anchor_id: int) -> str:
    """Stop trusting one anchor; returns its name. Signatures it vouched for then show as untrusted."""
    with db.write() as session:
        anchor = must_get(session, TrustRoot, anchor_id, "Không tìm thấy chứng thư tin cậy này.")
        name = anchor.name
        audit.append(session, actor_id=actor_id, action="trust_anchor.remove", object_type="trust_root",
                     object_id=anchor.id, payload={"fingerprint": anchor.fingerprint_sha256, "name": name})
        session.delete(anchor)
        return name
