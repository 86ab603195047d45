"""Who signs: the ``Signer`` interface and its PKCS#12 implementation.

The PDF code (:mod:`dossier.signing.pades`) only needs three things from a signer: the
certificate (to check validity and to name the signer on the stamp), the chain to embed, and a
pyHanko signer object that produces the CMS signature. Keeping that as a protocol lets us add
other key stores without touching the PDF code.

Adding a PKCS#11 token later (USB tokens from Ban Cơ yếu / VNPT-CA / Viettel-CA):
install ``pyhanko[pkcs11]``, open a session with ``pyhanko.sign.pkcs11.open_pkcs11_session(
lib_location, slot_no=..., user_pin=...)``, build ``pyhanko.sign.pkcs11.PKCS11Signer(session,
cert_label=..., key_label=...)``, and wrap it in a ``Pkcs11Signer`` class exposing the same
``certificate`` / ``chain`` / ``pyhanko_signer()`` / ``close()`` members as below. The PIN is
entered on the signer's machine; the server never stores it. Remote-signing services (CSC API)
fit the same shape via ``pyhanko.sign.signers.csc_signer``.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers as ph_signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from dossier.signing.certs import Pkcs12Bundle, common_name, load_pkcs12, organization, subject_title


@runtime_checkable
class Signer(Protocol):
    """Anything that can produce a PDF signature for one certificate."""

    @property
    def certificate(self) -> x509.Certificate: ...

    @property
    def chain(self) -> list[x509.Certificate]: ...

    def pyhanko_signer(self) -> ph_signers.Signer:
        """The pyHanko signer that computes the CMS SignedData."""
        ...

    def close(self) -> None: ...


class CertificateNames:
    """The signer's name, organisation and title, read from its certificate's subject.

    Shared by every signer (PKCS#12 file, PKCS#11 token, remote service): the names on the
    signature appearance come from the certificate, whatever holds the key."""

    certificate: x509.Certificate

    @property
    def name(self) -> str:
        return common_name(self.certificate.subject) or ""

    @property
    def organization(self) -> str | None:
        return organization(self.certificate.subject)

    @property
    def title(self) -> str | None:
        return subject_title(self.certificate.subject)


class HeldCertificate(CertificateNames):
    """A signer that keeps its certificate in ``_cert`` and the chain above it in ``_chain``."""

    _cert: x509.Certificate
    _chain: list[x509.Certificate]

    @property
    def certificate(self) -> x509.Certificate:
        return self._cert

    @property
    def chain(self) -> list[x509.Certificate]:
        return list(self._chain)


class _DecryptedKeySigner(ph_signers.SimpleSigner):
    """pyHanko's SimpleSigner parses and checks the DER key again for every signature (about 50 ms
    for an RSA key); sign with the key decrypted from the PKCS#12 once instead."""

    def __init__(self, key, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        algorithm = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            mechanism = algorithm.signature_algo  # "sha256_rsa" → "rsassa_pkcs1v15"
        except ValueError:
            mechanism = algorithm["algorithm"].native
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), digest)
        if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(digest))
        return super().sign_raw(data, digest_algorithm)  # any other mechanism, as pyHanko does it


class Pkcs12Signer(CertificateNames):
    """A signer backed by a password-protected PKCS#12 file (software key)."""

    def __init__(self, p12: bytes, password: bytes | str) -> None:
        # load_pkcs12 raises WrongPasswordError before anything else happens.
        self._bundle: Pkcs12Bundle = load_pkcs12(p12, password)
        self._ph: ph_signers.SimpleSigner | None = None

    @property
    def certificate(self) -> x509.Certificate:
        return self._bundle.cert

    @property
    def chain(self) -> list[x509.Certificate]:
        return list(self._bundle.chain)

    def pyhanko_signer(self) -> ph_signers.Signer:
        if self._ph is None:  # from the key decrypted once in __init__, not the file again
            der = serialization.Encoding.DER
            key = self._bundle.key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption())
            store = SimpleCertificateStore()
            store.register_multiple([asn1_x509.Certificate.load(c.public_bytes(der)) for c in self._bundle.chain])
            self._ph = _DecryptedKeySigner(
                self._bundle.key, signing_cert=asn1_x509.Certificate.load(self._bundle.cert.public_bytes(der)),
                signing_key=asn1_keys.PrivateKeyInfo.load(key), cert_registry=store)
        return self._ph

    def close(self) -> None:
        self._ph = None

    @classmethod
    def from_key_and_cert(cls, key, cert: x509.Certificate, chain: list[x509.Certificate],
                          password: bytes = b"in-memory") -> Pkcs12Signer:
        """Build from loose key material (tests, migrations)."""
        data = pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, chain, serialization.BestAvailableEncryption(password)
        )
        return cls(data, password)
