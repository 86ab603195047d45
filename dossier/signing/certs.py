"""Demo certificate authority and per-user / per-agency certificates (PKCS#12).

Key type: RSA-2048. The Vietnamese CAs that officers actually sign with (Ban Cơ yếu Chính
phủ's official-use CA, and public CAs such as VNPT-CA, Viettel-CA) issue RSA-2048 token
certificates, so demo signatures exercise exactly the code paths production signatures take,
and every verifier (Adobe, Foxit, poppler's pdfsig, pyHanko) handles RSA. EC P-256 would be
faster to generate but buys nothing here: the RSA operation is ~0.3 ms of a ~85 ms signature.

These certificates are for demonstration and testing. Production signing uses certificates
issued by a licensed CA, usually on a PKCS#11 token (see :mod:`dossier.signing.signer`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from dossier.signing.errors import CertificateError, WrongPasswordError

RSA_BITS = 2048
_UTC = dt.UTC

PrivateKey = rsa.RSAPrivateKey


@dataclass(frozen=True)
class CertificateAuthority:
    """A CA key and its self-signed certificate."""

    key: PrivateKey
    cert: x509.Certificate


@dataclass(frozen=True)
class Pkcs12Bundle:
    """The contents of a PKCS#12 file."""

    key: PrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)


def _new_key() -> PrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)


def _name(*, common_name: str, org: str | None = None, title: str | None = None,
           email: str | None = None, unit: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    if email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(attrs)


def create_demo_ca(org_name: str, *, valid_days: int = 3650) -> tuple[PrivateKey, x509.Certificate]:
    """Create a self-signed demo root CA for ``org_name``. Returns (key, cert)."""
    key = _new_key()
    now = dt.datetime.now(_UTC)
    name = _name(common_name=f"{org_name} - CA thử nghiệm", org=org_name)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _as_ca(ca: CertificateAuthority | tuple[PrivateKey, x509.Certificate]) -> CertificateAuthority:
    return ca if isinstance(ca, CertificateAuthority) else CertificateAuthority(ca[0], ca[1])


def _issue(
    ca: CertificateAuthority | tuple[PrivateKey, x509.Certificate],
    subject: x509.Name,
    *,
    email: str | None,
    valid_days: int,
    not_before: dt.datetime | None,
) -> tuple[PrivateKey, x509.Certificate]:
    authority = _as_ca(ca)
    key = _new_key()
    start = not_before or (dt.datetime.now(_UTC) - dt.timedelta(minutes=5))
    if start.tzinfo is None:
        raise ValueError("not_before must be timezone-aware")
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(authority.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            # digitalSignature + nonRepudiation (contentCommitment): the usages a document
            # signature needs; pyHanko checks nonRepudiation by default.
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    cert = builder.sign(authority.key, hashes.SHA256())
    return key, cert


def _to_p12(name: str, key: PrivateKey, cert: x509.Certificate, ca_cert: x509.Certificate,
            password: bytes | str) -> bytes:
    pw = password.encode() if isinstance(password, str) else password
    if not pw:
        raise ValueError("a PKCS#12 password is required")
    return pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(pw)
    )


def issue_user_certificate(
    ca: CertificateAuthority | tuple[PrivateKey, x509.Certificate],
    full_name: str,
    org: str,
    title: str,
    email: str | None,
    *,
    password: bytes | str,
    valid_days: int = 365,
    not_before: dt.datetime | None = None,
) -> bytes:
    """Issue a personal signing certificate; returns password-protected PKCS#12 bytes."""
    subject = _name(common_name=full_name, org=org, title=title, email=email)
    key, cert = _issue(ca, subject, email=email, valid_days=valid_days, not_before=not_before)
    return _to_p12(full_name, key, cert, _as_ca(ca).cert, password)


def issue_org_seal_certificate(
    ca: CertificateAuthority | tuple[PrivateKey, x509.Certificate],
    org_name: str,
    *,
    password: bytes | str,
    parent_org: str | None = None,
    email: str | None = None,
    valid_days: int = 365,
    not_before: dt.datetime | None = None,
) -> bytes:
    """Issue the agency (seal) certificate: CN = O = the agency name; returns PKCS#12 bytes."""
    subject = _name(common_name=org_name, org=parent_org or org_name, email=email)
    key, cert = _issue(ca, subject, email=email, valid_days=valid_days, not_before=not_before)
    return _to_p12(org_name, key, cert, _as_ca(ca).cert, password)


# -- loading -------------------------------------------------------------------------------

def load_pkcs12(data: bytes, password: bytes | str | None) -> Pkcs12Bundle:
    """Open a PKCS#12 file; a wrong password raises :class:`WrongPasswordError`."""
    pw = password.encode() if isinstance(password, str) else password
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, pw or None)
    except ValueError as exc:
        # cryptography reports a bad password and corrupt data with the same ValueError.
        raise WrongPasswordError(
            "The certificate password is wrong (or the file is not a valid PKCS#12 certificate)"
        ) from exc
    if key is None or cert is None:
        raise CertificateError("The PKCS#12 file does not contain a private key and certificate")
    return Pkcs12Bundle(key=key, cert=cert, chain=list(extra or []))  # type: ignore[arg-type]


def load_certificate(data: bytes) -> x509.Certificate:
    """Load one certificate from PEM or DER bytes."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CertificateError("Not a valid X.509 certificate (PEM or DER expected)") from exc


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Load every certificate of a PEM bundle (or the single certificate of a DER file)."""
    if b"-----BEGIN" in data:
        try:
            return x509.load_pem_x509_certificates(data)
        except ValueError as exc:
            raise CertificateError("Not a valid PEM certificate bundle") from exc
    return [load_certificate(data)]


def load_certificate_file(path: str | Path) -> list[x509.Certificate]:
    return load_certificates(Path(path).read_bytes())


def certificate_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def common_name(name: x509.Name) -> str | None:
    attrs = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else None


def organization(name: x509.Name) -> str | None:
    attrs = name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(attrs[0].value) if attrs else None


def subject_title(name: x509.Name) -> str | None:
    attrs = name.get_attributes_for_oid(NameOID.TITLE)
    return str(attrs[0].value) if attrs else None
