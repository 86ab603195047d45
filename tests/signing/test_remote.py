"""Remote signing over real HTTP: the CSC API (certomancer-csc-dummy) and a SmartCA-shaped gateway."""

from __future__ import annotations

import subprocess

import pytest
from conftest import require_program

from dossier.signing.ltv import LongTermOptions
from dossier.signing.pades import sign_pdf
from dossier.signing.remote import (
    CscService,
    RemoteSigner,
    RemoteSigningError,
    SignatureRefused,
    SignatureTimedOut,
    SmartCaService,
    WrongCertificateError,
)
from dossier.signing.trust import TrustAnchors
from dossier.signing.verification import verify_pdf
from tests.pki import ARCH
from tests.pki.smartca import SP_ID, SP_PASSWORD, Account


def _smartca(server, user: str, **kwargs) -> SmartCaService:
    values = {"base_url": server.url, "sp_id": SP_ID, "sp_password": SP_PASSWORD, "user_id": user,
              "poll_interval": 0.05, "confirm_timeout": 5.0, **kwargs}
    return SmartCaService(**values)


def _pdfsig_valid(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "remote.pdf"
    path.write_bytes(pdf)
    return subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout


def test_csc_signature_is_b_lt_and_valid(csc_server, test_pki, sample_pdf, tmp_path):
    signer = RemoteSigner(CscService(csc_server.url, f"{ARCH}/leader", pin="123456"),
                          expected_certificate=test_pki.cert("leader"))
    options = LongTermOptions(trust=TrustAnchors.of([test_pki.root]), tsa_url=test_pki.tsa_url)
    pdf = sign_pdf(sample_pdf, signer, long_term=options)
    (report,) = verify_pdf(pdf, [test_pki.root])
    assert report.bottom_line and report.pades_level == "B-LT", report.problems
    assert report.cert_serial == format(test_pki.cert("leader").serial_number, "X")
    assert "Signature is Valid" in _pdfsig_valid(pdf, tmp_path)


def test_csc_credential_that_is_not_the_users_certificate_is_refused(csc_server, test_pki):
    with pytest.raises(WrongCertificateError, match="not the one registered"):
        RemoteSigner(CscService(csc_server.url, f"{ARCH}/other"), expected_certificate=test_pki.cert("leader"))


def test_csc_unknown_credential_is_a_clear_error(csc_server):
    with pytest.raises(RemoteSigningError, match="cannot be read"):
        RemoteSigner(CscService(csc_server.url, f"{ARCH}/no-such-signer"))


def test_smartca_confirmed_on_the_phone_after_polling(smartca_server, test_pki, sample_pdf, tmp_path):
    smartca_server.accounts["nhung"] = Account("leader", polls_before_answer=3)
    signer = RemoteSigner(_smartca(smartca_server, "nhung"), expected_certificate=test_pki.cert("leader"))
    assert signer.chain == [test_pki.issuing_ca, test_pki.root]
    options = LongTermOptions(trust=TrustAnchors.of([test_pki.root]), tsa_url=test_pki.tsa_url)
    pdf = sign_pdf(sample_pdf, signer, long_term=options)
    (report,) = verify_pdf(pdf, [test_pki.root])
    assert report.bottom_line and report.pades_level == "B-LT", report.problems
    status_polls = [p for p in smartca_server.requests if p.endswith("/status")]
    assert len(status_polls) >= 4  # pending three times, then confirmed
    assert "Signature is Valid" in _pdfsig_valid(pdf, tmp_path)


def test_smartca_refusal_on_the_phone(smartca_server, sample_pdf):
    smartca_server.accounts["tuchoi"] = Account("leader", behaviour="refuse")
    signer = RemoteSigner(_smartca(smartca_server, "tuchoi"))
    with pytest.raises(SignatureRefused):
        sign_pdf(sample_pdf, signer)


def test_smartca_time_out_when_nobody_confirms(smartca_server, sample_pdf):
    smartca_server.accounts["vang"] = Account("leader", behaviour="ignore")
    signer = RemoteSigner(_smartca(smartca_server, "vang", confirm_timeout=0.5))
    with pytest.raises(SignatureTimedOut, match="did not confirm"):
        sign_pdf(sample_pdf, signer)


def test_smartca_signature_by_another_key_is_refused(smartca_server, sample_pdf):
    smartca_server.accounts["saikhoa"] = Account("leader", behaviour="wrong_key")
    signer = RemoteSigner(_smartca(smartca_server, "saikhoa"))
    with pytest.raises(WrongCertificateError, match="did not make"):
        sign_pdf(sample_pdf, signer)


def test_smartca_wrong_service_password_is_refused(smartca_server):
    smartca_server.accounts["nhung"] = Account("leader")
    with pytest.raises(RemoteSigningError, match="401"):
        RemoteSigner(_smartca(smartca_server, "nhung", sp_password="sai"))
