"""How each official signs: the signer source per user (and per organisation for the seal).

An administrator registers, for a user or an organisation, one active ``SigningMethod``: the
source (``keystore``, ``pkcs11``, ``csc``, ``smartca``, ``agent``), its non-secret settings and
the certificate that signatures must be made by. The issuance port's ``SignerChoice`` asks
:func:`user_source` / :func:`seal_source` which source to use and gets the signer from one of
the sources below; the browser-agent path checks returned files against
:func:`registered_certificates`. Without a method, the server keystore signs (the demo).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import Refused
from dossier.model import SIGNER_SOURCES, Organisation, SigningMethod, User
from dossier.services.pki import NoCertificate
from dossier.signing.signer import Signer

KEYSTORE = "keystore"
REQUIRED_SETTINGS = {
    "keystore": (),
    "pkcs11": ("module", "token_label", "key_label"),
    "csc": ("service_url", "credential_id"),
    "smartca": ("user_id",),
    "agent": (),
}


class NoSigningMethod(NoCertificate):
    """The owner has no active method of the source asked for."""


def _fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def register_method(session: Session, *, source: str, certificate: x509.Certificate, settings: dict | None = None,
                    user: User | None = None, organisation: Organisation | None = None) -> SigningMethod:
    """Make ``source`` the owner's way of signing (the previous method is kept, inactive)."""
    settings = dict(settings or {})
    if source not in SIGNER_SOURCES:
        raise Refused([f"Cách ký «{source}» không được hỗ trợ."])
    missing = [k for k in REQUIRED_SETTINGS[source] if not str(settings.get(k) or "").strip()]
    if missing:
        raise Refused([f"Thiếu thông tin cấu hình ký số: {', '.join(missing)}."])
    if (user is None) == (organisation is None):
        raise ValueError("a signing method belongs to exactly one user or one organisation")
    for old in _methods(session, user, organisation):
        old.active = False
    method = SigningMethod(user_id=user.id if user else None, organisation_id=organisation.id if organisation else None,
                           source=source, settings_json=json.dumps(settings, ensure_ascii=False, sort_keys=True),
                           cert_pem=certificate.public_bytes(Encoding.PEM).decode(),
                           fingerprint_sha256=_fingerprint(certificate), active=True)
    session.add(method)
    session.flush()
    return method


def _methods(session: Session, user: User | None, organisation: Organisation | None) -> list[SigningMethod]:
    owner = (SigningMethod.user_id == user.id) if user else (SigningMethod.organisation_id == organisation.id)
    return list(session.scalars(select(SigningMethod).where(owner, SigningMethod.active.is_(True))))


def active_method(session: Session, *, user: User | None = None,
                  organisation: Organisation | None = None) -> SigningMethod | None:
    methods = _methods(session, user, organisation)
    return methods[-1] if methods else None


def user_source(session: Session, user: User) -> str:
    method = active_method(session, user=user)
    return method.source if method else KEYSTORE


def seal_source(session: Session, organisation: Organisation) -> str:
    method = active_method(session, organisation=organisation)
    return method.source if method else KEYSTORE


def certificate_of(method: SigningMethod) -> x509.Certificate:
    return x509.load_pem_x509_certificate(method.cert_pem.encode())


def registered_certificates(session: Session, user: User) -> list[x509.Certificate]:
    """The certificates a signature by ``user`` may be made with (the active method's)."""
    method = active_method(session, user=user)
    return [certificate_of(method)] if method else []


def _settings(method: SigningMethod) -> dict:
    return json.loads(method.settings_json or "{}")


def _method(session: Session, source: str, *, user: User | None = None,
            organisation: Organisation | None = None) -> SigningMethod:
    method = active_method(session, user=user, organisation=organisation)
    if method is None or method.source != source:
        raise NoSigningMethod(f"no active {source} signing method for this owner")
    return method


class TokenSource:
    """PKCS#11 tokens and HSMs attached to the server; ``secret`` is the PIN the signer types."""

    def _open(self, method: SigningMethod, pin: str) -> Signer:
        from dossier.signing.pkcs11 import Pkcs11Signer, TokenConfig
        from dossier.signing.remote import WrongCertificateError

        s = _settings(method)
        signer = Pkcs11Signer(TokenConfig(s["module"], s["token_label"], s["key_label"], s.get("cert_label")), pin)
        if _fingerprint(signer.certificate) != method.fingerprint_sha256:
            signer.close()
            raise WrongCertificateError("The certificate on the token is not the one registered for this owner")
        return signer

    def user_signer(self, session: Session, user: User, secret: str) -> Signer:
        return self._open(_method(session, "pkcs11", user=user), secret)

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer:
        return self._open(_method(session, "pkcs11", organisation=organisation), secret)


@dataclass(frozen=True)
class SmartCaGateway:
    """The province's service-provider account at the SmartCA gateway (server configuration)."""

    base_url: str
    sp_id: str
    sp_password: str
    poll_interval: float = 10.0
    confirm_timeout: float = 240.0


def smartca_gateway(settings) -> SmartCaGateway | None:
    """The gateway from ``dossier.config.Settings`` (DOSSIER_SMARTCA_*), or None when not configured."""
    if not (settings.smartca_url and settings.smartca_sp_id and settings.smartca_sp_password):
        return None
    return SmartCaGateway(settings.smartca_url, settings.smartca_sp_id, settings.smartca_sp_password)


class RemoteSource:
    """Remote signing services: CSC (``secret`` = PIN or OTP) and SmartCA (confirmation in the app)."""

    def __init__(self, smartca: SmartCaGateway | None = None) -> None:
        self._smartca = smartca

    def _service(self, method: SigningMethod, secret: str):
        from dossier.signing.remote import CscService, SmartCaService

        s = _settings(method)
        if method.source == "csc":
            return CscService(s["service_url"], s["credential_id"], pin=secret or None,
                              oauth_token=s.get("oauth_token"))
        if self._smartca is None:
            raise NoSigningMethod("no SmartCA gateway is configured on this server")
        g = self._smartca
        return SmartCaService(g.base_url, g.sp_id, g.sp_password, s["user_id"], serial_number=s.get("serial_number"),
                              poll_interval=g.poll_interval, confirm_timeout=g.confirm_timeout)

    def _open(self, method: SigningMethod, secret: str) -> Signer:
        from dossier.signing.remote import RemoteSigner

        return RemoteSigner(self._service(method, secret), expected_certificate=certificate_of(method))

    def user_signer(self, session: Session, user: User, secret: str) -> Signer:
        method = active_method(session, user=user)
        if method is None or method.source not in ("csc", "smartca"):
            raise NoSigningMethod("no active remote signing method for this user")
        return self._open(method, secret)

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer:
        method = active_method(session, organisation=organisation)
        if method is None or method.source not in ("csc", "smartca"):
            raise NoSigningMethod("no active remote signing method for this organisation")
        return self._open(method, secret)
