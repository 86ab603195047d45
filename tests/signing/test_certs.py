"""Demo CA and PKCS#12 certificates with Vietnamese subjects."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import LEADER, LEADER_PASSWORD, LEADER_TITLE, ORG
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from dossier.signing.certs import common_name, load_pkcs12, organization, subject_title
from dossier.signing.errors import WrongPasswordError
from dossier.signing.signer import Pkcs12Signer, Signer


def test_vietnamese_subject_round_trips(leader_p12, ca):
    bundle = load_pkcs12(leader_p12, LEADER_PASSWORD)
    assert common_name(bundle.cert.subject) == LEADER
    assert organization(bundle.cert.subject) == ORG
    assert subject_title(bundle.cert.subject) == LEADER_TITLE
    assert bundle.cert.issuer == ca[1].subject
    assert [c.subject for c in bundle.chain] == [ca[1].subject]


def test_key_usage_is_for_document_signatures(leader_p12):
    cert = load_pkcs12(leader_p12, LEADER_PASSWORD).cert
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    assert cert.public_key().key_size == 2048


def test_seal_certificate_names_the_agency(seal_p12):
    from conftest import SEAL_PASSWORD

    cert = load_pkcs12(seal_p12, SEAL_PASSWORD).cert
    assert common_name(cert.subject) == ORG


def test_wrong_password(leader_p12):
    with pytest.raises(WrongPasswordError, match="password is wrong"):
        Pkcs12Signer(leader_p12, "sai mật khẩu")


def test_pkcs12_signer_implements_protocol(leader):
    assert isinstance(leader, Signer)
    assert leader.name == LEADER


@pytest.mark.parametrize("make_key", [lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
                                      lambda: ec.generate_private_key(ec.SECP256R1())], ids=["rsa", "ec"])
def test_a_pkcs12_signer_signs_with_its_decrypted_key_what_its_certificate_verifies(make_key) -> None:
    """The raw signature pyHanko embeds is made with the key decrypted once (not re-parsed per
    signature), and it is the key of the certificate."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    key = make_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn An")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(dt.datetime(2026, 1, 1)).not_valid_after(dt.datetime(2027, 1, 1))
            .sign(key, hashes.SHA256()))
    signer = Pkcs12Signer.from_key_and_cert(key, cert, [])
    data = "Quyết định số 12/QĐ-UBND".encode()
    signature = signer.pyhanko_signer().sign_raw(data, "sha256")
    scheme = ((padding.PKCS1v15(), hashes.SHA256()) if isinstance(key, rsa.RSAPrivateKey)
              else (ec.ECDSA(hashes.SHA256()),))
    cert.public_key().verify(signature, data, *scheme)
    with pytest.raises(InvalidSignature):
        cert.public_key().verify(signature, data + b".", *scheme)
