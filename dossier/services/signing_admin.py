"""The administrator's signing page: how each leader signs and each organisation seals, and their images.

Reads: who signs (leaders), who seals (organisations), each owner's active method and image
versions. Writes (one transaction each, audited): :func:`set_method` registers the owner's
signing method with the certificate signatures must be made by (``signing_methods.register_method``);
``keystore`` returns him to the server keystore. Images are uploaded through
``services.signature_images``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from sqlalchemy import select

from dossier.errors import NotFound, ValidationFailed
from dossier.model import Organisation, SigningMethod, User
from dossier.services import audit, signature_images
from dossier.services.signing_methods import REQUIRED_SETTINGS, active_method, certificate_of, register_method
from dossier.services.uow import Database
from dossier.signing.certs import CertificateError, common_name, load_certificates
from workflows.states import Role

SOURCE_LABELS = {
    "keystore": "Chứng thư số lưu trên máy chủ (PKCS#12, mật khẩu)",
    "pkcs11": "Thiết bị ký số (USB token, HSM – PKCS#11, mã PIN)",
    "csc": "Dịch vụ ký số từ xa (Cloud Signature Consortium)",
    "smartca": "Ký số từ xa VNPT SmartCA (xác nhận trên điện thoại)",
    "agent": "Công cụ ký số trên máy tính của người ký (phần mềm ký của Ban Cơ yếu)",
}
SETTING_LABELS = {
    "module": "Tệp thư viện PKCS#11 (.so)", "token_label": "Nhãn thiết bị (token label)",
    "key_label": "Nhãn khóa (key label)", "cert_label": "Nhãn chứng thư (không bắt buộc)",
    "service_url": "Địa chỉ dịch vụ CSC", "credential_id": "Mã chứng thư (credential ID)",
    "user_id": "Tài khoản SmartCA (số điện thoại / mã)", "serial_number": "Số hiệu chứng thư (không bắt buộc)",
}
OPTIONAL_SETTINGS = {"pkcs11": ("cert_label",), "smartca": ("serial_number",)}
MAX_CERT_BYTES = 64 * 1024


@dataclass(frozen=True)
class MethodRow:
    source: str
    label: str
    subject: str | None = None
    valid_to: dt.datetime | None = None
    settings: dict = field(default_factory=dict)


@dataclass(frozen=True)
class OwnerPage:
    kind: str  # "user" | "organisation"
    id: int
    name: str
    detail: str
    method: MethodRow
    images: list  # signature_images.ImageRow, newest first


def _method_row(method: SigningMethod | None) -> MethodRow:
    if method is None:
        return MethodRow("keystore", SOURCE_LABELS["keystore"])
    import json

    cert = certificate_of(method)
    return MethodRow(method.source, SOURCE_LABELS[method.source], common_name(cert.subject) or
                     cert.subject.rfc4514_string(), cert.not_valid_after_utc, json.loads(method.settings_json or "{}"))


def signers(db: Database) -> tuple[list[OwnerPage], list[OwnerPage]]:
    """(the leaders, the organisations), each with its method and images."""
    with db.read() as session:
        users = [u for u in session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name))
                 if Role.LEADER in u.roles]
        orgs = list(session.scalars(select(Organisation).order_by(Organisation.name)))
        ids = [u.id for u in users], [o.id for o in orgs]
    return [owner_page(db, user_id=i) for i in ids[0]], [owner_page(db, organisation_id=i) for i in ids[1]]


def owner_page(db: Database, *, user_id: int | None = None, organisation_id: int | None = None) -> OwnerPage:
    with db.read() as session:
        if user_id is not None:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound("Không tìm thấy người dùng.")
            page = ("user", user.id, user.full_name, f"{user.job_title or ''} – {user.organisation.name}",
                    _method_row(active_method(session, user=user)))
        else:
            org = session.get(Organisation, organisation_id)
            if org is None:
                raise NotFound("Không tìm thấy đơn vị.")
            page = ("organisation", org.id, org.name, org.header_parent or org.province,
                    _method_row(active_method(session, organisation=org)))
    kind = signature_images.SIGNATURE if user_id is not None else signature_images.SEAL
    return OwnerPage(*page, images=signature_images.versions(db, kind, user_id=user_id,
                                                             organisation_id=organisation_id))


def _certificate(data: bytes, now: dt.datetime) -> x509.Certificate:
    if not data or len(data) > MAX_CERT_BYTES:
        raise ValidationFailed({"certificate": "Chọn tệp chứng thư số của người ký (.cer, .crt, .pem) dưới 64 KB."})
    try:
        cert = load_certificates(data)[0]
    except (CertificateError, ValueError, IndexError) as exc:
        raise ValidationFailed({"certificate": "Tệp không phải chứng thư số X.509 (PEM hoặc DER)."}) from exc
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if is_ca:
        raise ValidationFailed({"certificate": "Đây là chứng thư của tổ chức chứng thực (CA), không phải chứng thư "
                                               "của người ký hoặc của cơ quan."})
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise ValidationFailed({"certificate": "Chứng thư số này không còn hiệu lực (hoặc chưa có hiệu lực)."})
    return cert


def set_method(db: Database, *, actor_id: int, source: str, certificate: bytes = b"", settings: dict | None = None,
               user_id: int | None = None, organisation_id: int | None = None) -> MethodRow:
    """Make ``source`` the owner's way of signing (one transaction, audited)."""
    if source not in SOURCE_LABELS:
        raise ValidationFailed({"source": "Chọn một cách ký trong danh sách."})
    allowed = (*REQUIRED_SETTINGS[source], *OPTIONAL_SETTINGS.get(source, ()))
    clean = {k: str(v).strip() for k, v in (settings or {}).items() if k in allowed and str(v or "").strip()}
    missing = [SETTING_LABELS[k] for k in REQUIRED_SETTINGS[source] if k not in clean]
    if missing:
        raise ValidationFailed({"settings": "Cần điền: " + "; ".join(missing) + "."})
    cert = None if source == "keystore" else _certificate(certificate, dt.datetime.now(dt.UTC))
    with db.write() as session:
        user = session.get(User, user_id) if user_id is not None else None
        org = session.get(Organisation, organisation_id) if organisation_id is not None else None
        if user is None and org is None:
            raise NotFound("Không tìm thấy người ký hoặc đơn vị.")
        if cert is None:  # back to the server keystore: no active method
            for method in session.scalars(select(SigningMethod).where(
                    (SigningMethod.user_id == user_id) if user else (SigningMethod.organisation_id == organisation_id),
                    SigningMethod.active.is_(True))):
                method.active = False
            method = None
        else:
            method = register_method(session, source=source, certificate=cert, settings=clean, user=user,
                                     organisation=org)
        audit.append(session, actor_id=actor_id, action="signing_method.set", object_type="user" if user else
                     "organisation", object_id=(user or org).id,
                     payload={"source": source, "settings": clean,
                              "certificate": method.fingerprint_sha256 if method else None})
        session.flush()
        return _method_row(method)
