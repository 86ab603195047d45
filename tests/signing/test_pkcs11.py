"""PKCS#11 signing against SoftHSM2: key generated in the token, PIN typed per signature."""

from __future__ import annotations

import subprocess

import pytest
from conftest import require_program

from dossier.signing.errors import WrongPasswordError
from dossier.signing.ltv import LongTermOptions
from dossier.signing.pades import seal_pdf, sign_pdf
from dossier.signing.pkcs11 import Pkcs11Signer, TokenConfig, TokenError
from dossier.signing.trust import TrustAnchors
from dossier.signing.verification import verify_pdf


def _config(token, **changes) -> TokenConfig:
    values = {"module": token.module, "token_label": token.label, "key_label": token.key_label, **changes}
    return TokenConfig(**values)


def test_token_signature_is_valid_and_timestamped(soft_token, test_pki, sample_pdf, tmp_path):
    options = LongTermOptions(trust=TrustAnchors.of([test_pki.root]), tsa_url=test_pki.tsa_url,
                              embed_revocation=False)
    with Pkcs11Signer(_config(soft_token), soft_token.pin) as signer:
        assert signer.certificate == soft_token.certificate
        assert test_pki.issuing_ca in signer.chain  # read from the token
        signed = sign_pdf(sample_pdf, signer, long_term=options)
    sealed = seal_pdf(signed, test_pki.signer("seal"))
    reports = verify_pdf(sealed, [test_pki.root])
    assert [r.bottom_line for r in reports] == [True, True], [r.problems for r in reports]
    assert reports[0].pades_level == "B-T" and reports[0].timestamp_trusted
    assert reports[0].cert_serial == format(soft_token.certificate.serial_number, "X")
    path = tmp_path / "token.pdf"
    path.write_bytes(sealed)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out


def test_key_cannot_be_read_out_of_the_token(soft_token):
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    token = pkcs11.lib(soft_token.module).get_token(token_label=soft_token.label)
    with token.open(user_pin=soft_token.pin) as session:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=soft_token.key_label)
        assert key[Attribute.SENSITIVE] and not key[Attribute.EXTRACTABLE]
        with pytest.raises(pkcs11.exceptions.AttributeSensitive):
            key[Attribute.PRIVATE_EXPONENT]


def test_wrong_pin_is_refused(soft_token):
    with pytest.raises(WrongPasswordError, match="PIN"):
        Pkcs11Signer(_config(soft_token), "000000")


def test_unknown_token_or_key_is_a_clear_error(soft_token):
    with pytest.raises(TokenError, match="cannot be opened"):
        Pkcs11Signer(_config(soft_token, token_label="no-such-token"), soft_token.pin)
    with pytest.raises(TokenError, match="cannot be used"):
        Pkcs11Signer(_config(soft_token, key_label="no-such-key"), soft_token.pin)
