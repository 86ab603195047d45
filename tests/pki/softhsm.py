"""A SoftHSM2 token initialised by the tests: its own SOFTHSM2_CONF and token directory.

The signer's RSA key is generated inside the token (CKA_SENSITIVE, not extractable), its public
half is certified by the test PKI's issuing CA, and the certificate is written back to the
token beside the key — the way a CA hands out a USB token.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

MODULE_CANDIDATES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
SO_PIN = "87654321"


def module_path() -> str | None:
    return next((p for p in MODULE_CANDIDATES if Path(p).exists()), None)


@dataclass(frozen=True)
class SoftToken:
    module: str
    label: str
    pin: str
    key_label: str
    certificate: x509.Certificate


def init_token(util: str, directory: Path, *, label: str, pin: str) -> None:
    (directory / "tokens").mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    # SoftHSM reads this when the module is initialised: set before python-pkcs11 loads it.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run([util, "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", pin],
                   check=True, capture_output=True, timeout=60)


def generate_key(module: str, label: str, pin: str, key_label: str, key_id: bytes) -> rsa.RSAPublicKey:
    import pkcs11
    from pkcs11 import Attribute, KeyType

    token = pkcs11.lib(module).get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        public, _private = session.generate_keypair(
            KeyType.RSA, 2048, label=key_label, id=key_id, store=True,
            private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False, Attribute.SIGN: True},
        )
        modulus = int.from_bytes(public[Attribute.MODULUS], "big")
        exponent = int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big")
    return rsa.RSAPublicNumbers(exponent, modulus).public_key()


def store_certificate(module: str, label: str, pin: str, cert: x509.Certificate, cert_label: str,
                      key_id: bytes) -> None:
    import pkcs11
    from cryptography.hazmat.primitives.serialization import Encoding
    from pkcs11 import Attribute, CertificateType, ObjectClass

    token = pkcs11.lib(module).get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: cert_label, Attribute.ID: key_id,
            Attribute.SUBJECT: cert.subject.public_bytes(), Attribute.VALUE: cert.public_bytes(Encoding.DER),
        })


def certify(public_key, *, ca_key, ca_cert: x509.Certificate, common_name: str, org: str) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                         x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    return (
        x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject).public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def make_token(util: str, directory: Path, pki, *, common_name: str, org: str, label: str = "dossier-test",
               pin: str = "123456", key_label: str = "chu-ky-lanh-dao") -> SoftToken:
    module = module_path()
    if module is None:
        raise FileNotFoundError("libsofthsm2.so not found")
    init_token(util, directory, label=label, pin=pin)
    public = generate_key(module, label, pin, key_label, b"\x01")
    cert = certify(public, ca_key=pki.key("ca"), ca_cert=pki.issuing_ca, common_name=common_name, org=org)
    store_certificate(module, label, pin, cert, key_label, b"\x01")
    store_certificate(module, label, pin, pki.issuing_ca, "ca", b"\x02")
    return SoftToken(module=module, label=label, pin=pin, key_label=key_label, certificate=cert)
