"""PAdES B-T / B-LT / B-LTA against a real test PKI (OCSP, CRL, RFC 3161 TSA over HTTP on loopback)."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess

import pytest
from click.testing import CliRunner
from conftest import require_program

from dossier.signing.certs import certificate_pem
from dossier.signing.errors import CertificateRevokedError, TimestampError
from dossier.signing.ltv import LongTermOptions, add_archive_timestamp
from dossier.signing.pades import seal_pdf, sign_pdf
from dossier.signing.trust import TrustAnchors
from dossier.signing.verification import verify_pdf


@pytest.fixture(scope="module")
def options(test_pki) -> LongTermOptions:
    return LongTermOptions(trust=TrustAnchors.of([test_pki.root]), tsa_url=test_pki.tsa_url)


@pytest.fixture(scope="module")
def signed_lt(test_pki, options, sample_pdf) -> bytes:
    return sign_pdf(sample_pdf, test_pki.signer("leader"), long_term=options)


def _later(days: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=days)


def test_b_lt_signature_carries_timestamp_and_revocation_data(signed_lt, test_pki):
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    (report,) = verify_pdf(signed_lt, [test_pki.root])
    assert report.bottom_line, report.problems
    assert report.pades_level == "B-LT"
    assert report.timestamp_trusted and before < report.timestamp_time <= dt.datetime.now(dt.UTC)
    assert report.timestamp_time.utcoffset() == dt.timedelta(hours=7)
    assert (report.revocation, report.revocation_source) == ("good", "embedded")
    assert b"/DSS" in signed_lt and b"/OCSPs" in signed_lt


def test_revoked_certificate_is_refused_at_signing(test_pki, options, sample_pdf):
    with pytest.raises(CertificateRevokedError, match="revoked"):
        sign_pdf(sample_pdf, test_pki.signer("leader-revoked"), long_term=options)


def test_revoked_certificate_is_reported_at_verification(test_pki, sample_pdf):
    # Signed without any revocation check (B-B, as today's keystore signs): the online check finds it.
    pdf = sign_pdf(sample_pdf, test_pki.signer("leader-revoked"))
    (offline,) = verify_pdf(pdf, [test_pki.root])
    assert offline.revocation == "not_checked"
    (online,) = verify_pdf(pdf, [test_pki.root], online=True)
    assert (online.revocation, online.revocation_source) == ("revoked", "online")
    assert online.revoked_at < dt.datetime.now(dt.UTC)
    assert not online.bottom_line
    assert any("revoked" in p for p in online.problems)


def test_signature_made_before_revocation_stays_valid_at_its_timestamp(test_pki, options, sample_pdf):
    lt = sign_pdf(sample_pdf, test_pki.signer("leader-later"), long_term=options)
    bb = sign_pdf(sample_pdf, test_pki.signer("leader-later"))
    with test_pki.clock(_later(2)):  # the certificate is revoked one day from now
        (lt_report,) = verify_pdf(lt, [test_pki.root], at=_later(2), online=True)
        (bb_report,) = verify_pdf(bb, [test_pki.root], at=_later(2), online=True)
    assert lt_report.revocation == "revoked" and lt_report.revoked_at > lt_report.timestamp_time
    assert lt_report.bottom_line, lt_report.problems
    assert lt_report.validated_at == lt_report.timestamp_time
    # Without a timestamp nothing proves the signature predates the revocation.
    assert bb_report.revocation == "revoked" and not bb_report.bottom_line


def test_archive_timestamp_makes_b_lta_and_keeps_the_signature_valid(signed_lt, test_pki, options, tmp_path):
    sealed = seal_pdf(signed_lt, test_pki.signer("seal"), long_term=options)
    archived = add_archive_timestamp(sealed, options)
    assert archived.startswith(sealed)  # incremental: nothing before it changed
    reports = verify_pdf(archived, [test_pki.root])
    assert [r.kind for r in reports] == ["signature", "signature", "document_timestamp"]
    assert all(r.bottom_line for r in reports), [r.problems for r in reports]
    assert [r.pades_level for r in reports] == ["B-LTA", "B-LTA", "B-LTA"]
    again = add_archive_timestamp(archived, options)  # renewable
    assert [r.kind for r in verify_pdf(again, [test_pki.root])].count("document_timestamp") == 2
    pdfsig = require_program("pdfsig")
    path = tmp_path / "archived.pdf"
    path.write_bytes(archived)
    out = subprocess.run([pdfsig, str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 2, out


def test_unreachable_timestamp_authority_fails_cleanly(test_pki, sample_pdf):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = LongTermOptions(trust=TrustAnchors.of([test_pki.root]), tsa_url=f"http://127.0.0.1:{port}/tsa",
                           tsa_timeout=2)
    with pytest.raises(TimestampError):
        sign_pdf(sample_pdf, test_pki.signer("leader"), long_term=dead)


def test_untrusted_root_is_not_a_trust_anchor(signed_lt, test_pki):
    (report,) = verify_pdf(signed_lt, [test_pki.cert("other")])
    assert not report.trusted and not report.bottom_line


def test_cli_reports_level_timestamp_and_revocation(signed_lt, test_pki, tmp_path):
    from test_cli_verify import verify

    pdf = tmp_path / "lt.pdf"
    pdf.write_bytes(signed_lt)
    root = tmp_path / "root.pem"
    root.write_bytes(certificate_pem(test_pki.root))
    result = CliRunner().invoke(verify, [str(pdf), "--trust", str(root), "--no-default-trust", "--online"])
    assert result.exit_code == 0, result.output
    assert "PAdES B-LT" in result.output and "trusted TSA" in result.output
    assert "Revocation:   not revoked (asked the CA now)" in result.output
