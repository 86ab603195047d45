"""PAdES sign → seal → verify round trips on a LibreOffice-made Vietnamese PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess

import pytest
from conftest import LEADER, LEADER_PASSWORD, ORG, require_program, utc_now

from dossier.signing.appearance import signature_appearance, stamp_font_path
from dossier.signing.certs import issue_user_certificate
from dossier.signing.errors import (
    CertificateExpiredError,
    CertificateNotYetValidError,
    SignaturePlacementError,
    WrongPasswordError,
)
from dossier.signing.locate import page_lines
from dossier.signing.pades import (
    LEADER_FIELD,
    SEAL_FIELD,
    _field_box,
    find_signature_box,
    seal_pdf,
    sign_pdf,
    verify_pdf,
)
from dossier.signing.signer import Pkcs12Signer

VN_OFFSET = dt.timedelta(hours=7)


@pytest.fixture(scope="module")
def signed_and_sealed(sample_pdf, leader_p12, seal_p12):
    from conftest import SEAL_PASSWORD

    signed = sign_pdf(sample_pdf, Pkcs12Signer(leader_p12, LEADER_PASSWORD), location="Hà Giang")
    sealed = seal_pdf(signed, Pkcs12Signer(seal_p12, SEAL_PASSWORD))
    return signed, sealed


def test_signature_box_sits_between_title_and_name(sample_pdf):
    page, (x1, y1, x2, y2) = find_signature_box(sample_pdf, LEADER)
    lines, _ = page_lines(sample_pdf, page)
    name = next(ln for ln in lines if ln.text == LEADER)
    title = next(ln for ln in lines if ln.text == "GIÁM ĐỐC")
    assert name.y + name.size * 0.9 <= y1 < y2 <= title.y
    assert x1 < name.centre < x2
    assert abs((x1 + x2) / 2 - name.centre) < 1


def test_unknown_name_is_reported(sample_pdf):
    with pytest.raises(SignaturePlacementError, match="not found"):
        find_signature_box(sample_pdf, "Trần Văn Không Có")


def test_sign_verify_round_trip(sample_pdf, leader, ca):
    before = utc_now().replace(microsecond=0)
    signed = sign_pdf(sample_pdf, leader, reason="Ký duyệt", location="Hà Giang")
    (rep,) = verify_pdf(signed, [ca[1]])
    assert rep.bottom_line and rep.intact and rep.valid and rep.trusted
    assert rep.signer_name == LEADER and rep.signer_org == ORG
    assert rep.covers_entire_file and rep.coverage == "entire file"
    assert rep.signing_time.utcoffset() == VN_OFFSET
    assert rep.signing_time >= before
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", rep.signing_time_iso)
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", rep.cert_sha256)
    assert signed.startswith(sample_pdf)  # incremental update: original bytes kept verbatim


def test_without_trust_root_the_signature_is_intact_but_untrusted(sample_pdf, leader):
    (rep,) = verify_pdf(sign_pdf(sample_pdf, leader), [])
    assert rep.intact and not rep.trusted and not rep.bottom_line


def test_leader_then_seal_both_verify(signed_and_sealed, ca):
    _, sealed = signed_and_sealed
    leader_rep, seal_rep = verify_pdf(sealed, [ca[1]])
    assert leader_rep.field_name == LEADER_FIELD and seal_rep.field_name == SEAL_FIELD
    assert leader_rep.bottom_line and seal_rep.bottom_line
    assert seal_rep.signer_name == ORG
    # The seal is a later incremental update: reported honestly, and allowed.
    assert not leader_rep.covers_entire_file
    assert "allowed changes only" in leader_rep.coverage
    assert leader_rep.modification_level == "FORM_FILLING"
    assert seal_rep.covers_entire_file


def test_seal_overlaps_left_third_of_signature(signed_and_sealed):
    _, sealed = signed_and_sealed
    page_s, (sx1, sy1, sx2, sy2) = _field_box(sealed, LEADER_FIELD)
    page_d, (dx1, dy1, dx2, dy2) = _field_box(sealed, SEAL_FIELD)
    assert page_s == page_d
    third = sx1 + (sx2 - sx1) / 3
    assert dx1 < sx1 and dx2 == pytest.approx(third, abs=0.5)  # covers [sx1, sx1 + w/3]
    assert dy1 < sy2 and dy2 > sy1  # vertical overlap
    assert dx2 < sx2  # and leaves the rest of the signature visible


def test_one_changed_byte_is_detected(signed_and_sealed, ca):
    signed, _ = signed_and_sealed
    # A byte in the binary comment on line 2: still parses, but lies inside the signed range.
    tampered = bytearray(signed)
    pos = signed.index(b"\n") + 2
    tampered[pos] ^= 0x01
    (rep,) = verify_pdf(bytes(tampered), [ca[1]])
    assert not rep.intact and not rep.bottom_line
    assert "changed" in " ".join(rep.problems)


def test_wrong_password_raises_and_writes_nothing(sample_pdf, leader_p12):
    digest = hashlib.sha256(sample_pdf).hexdigest()
    with pytest.raises(WrongPasswordError):
        sign_pdf(sample_pdf, Pkcs12Signer(leader_p12, "wrong"))
    assert hashlib.sha256(sample_pdf).hexdigest() == digest


def test_expired_certificate_is_refused(sample_pdf, ca):
    p12 = issue_user_certificate(ca, LEADER, ORG, "Giám đốc", None, password="pw", valid_days=30,
                                 not_before=utc_now() - dt.timedelta(days=400))
    digest = hashlib.sha256(sample_pdf).hexdigest()
    with pytest.raises(CertificateExpiredError, match="expired"):
        sign_pdf(sample_pdf, Pkcs12Signer(p12, "pw"))
    assert hashlib.sha256(sample_pdf).hexdigest() == digest


def test_not_yet_valid_certificate_is_refused(sample_pdf, ca):
    p12 = issue_user_certificate(ca, LEADER, ORG, "Giám đốc", None, password="pw", valid_days=30,
                                 not_before=utc_now() + dt.timedelta(days=2))
    with pytest.raises(CertificateNotYetValidError, match="not valid yet"):
        sign_pdf(sample_pdf, Pkcs12Signer(p12, "pw"))


def test_pdfsig_reports_both_signatures_valid(signed_and_sealed, tmp_path):
    exe = require_program("pdfsig")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(signed_and_sealed[1])
    out = subprocess.run([exe, str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 2, out
    assert LEADER in out and ORG in out


def test_stamp_text_uses_vietnam_time():
    app = signature_appearance(LEADER, "Giám đốc")
    moment = dt.datetime(2026, 11, 26, 7, 5, 9, tzinfo=dt.UTC)
    assert app.render_text(moment) == f"Ký bởi: {LEADER}\nGiám đốc\nThời gian ký: 26/11/2026 14:05:09 +07:00"


def test_stamp_font_is_rescaled_and_cached():
    from fontTools.ttLib import TTFont

    path = stamp_font_path()
    assert TTFont(str(path))["head"].unitsPerEm == 1000
    assert stamp_font_path() == path


def test_signed_stamp_text_extracts(signed_and_sealed):
    exe = require_program("pdftotext")
    out = subprocess.run([exe, "-", "-"], input=signed_and_sealed[1], capture_output=True).stdout.decode()
    # pdftotext reads page content, not widget appearances; the document text must be intact.
    assert "Độc lập - Tự do - Hạnh phúc" in out
