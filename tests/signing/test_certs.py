"""Demo CA and PKCS#12 certificates with Vietnamese subjects."""

from __future__ import annotations

import pytest
from conftest import LEADER, LEADER_PASSWORD, LEADER_TITLE, ORG
from cryptography import x509

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
