"""Signing and sealing: numbers at signing, failures burn nothing, verification round-trips."""

from __future__ import annotations

import datetime as dt
import functools
import json
import subprocess

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from dossier.demo.people import DEMO_PASSWORD
from dossier.errors import Forbidden, Refused
from dossier.model import Blob, GeneratedDocument, IssuedDocument, RegisterCounter, RegisterEntry
from dossier.services import issuance
from dossier.services.issuance import SigningFailed, SigningPort, seal_document, sign_document, verify_issued
from dossier.services.issuance.port import PdfFunction
from dossier.signing.errors import ConversionError
from dossier.vn.dates import format_date
from dossier.vn.vntime import today_vn
from tests.concurrency import at_once
from tests.conftest import require_program
from tests.issuance.conftest import make_drafts


def _state(db, document_id: int) -> tuple:
    """Everything a failed signing must leave untouched."""
    with db.read() as session:
        doc = session.get(GeneratedDocument, document_id)
        return (
            session.scalar(select(func.count()).select_from(RegisterEntry)),
            tuple(session.execute(select(RegisterCounter.series, RegisterCounter.last_number)).all()),
            session.scalar(select(func.count()).select_from(IssuedDocument)),
            doc.sha256, doc.context_json,
        )


PORT = SigningPort()  # LibreOffice, the server keystore, no configured trust files


def _sign(db, users, document_id, pdf_maker, who="phogiamdoc", password=DEMO_PASSWORD, **kw):
    return sign_document(db, port=SigningPort(archive_pdf=PdfFunction(pdf_maker)), actor_id=users[who],
                         document_id=document_id, password=password, **kw)


def test_back_dating_is_refused_and_nothing_is_taken(db, province, pdf_maker):
    [doc_id] = make_drafts(db, province)
    before = _state(db, doc_id)
    yesterday = today_vn() - dt.timedelta(days=1)
    with pytest.raises(Refused, match="Không ký lùi ngày") as info:
        _sign(db, province, doc_id, pdf_maker, issued_on=yesterday)
    assert f"{yesterday:%d/%m/%Y}" in info.value.message and "back-dating refused" in info.value.detail
    assert _state(db, doc_id) == before


def test_sign_gives_number_date_and_signer_block_and_freezes(db, province, pdf_maker):
    [doc_id] = make_drafts(db, province)
    before = _state(db, doc_id)
    today = today_vn()  # an issued document is dated the day it is signed, in Vietnam
    result = _sign(db, province, doc_id, pdf_maker, issued_on=today)
    assert result.number_text == "Số: 01/QĐ-SCT"
    assert result.status == "signed"
    with db.read() as session:
        issued = session.get(IssuedDocument, result.issued_id)
        context = json.loads(issued.context_json)
        assert context["so_ky_hieu"] == "Số: 01/QĐ-SCT"
        assert context["dia_danh_ngay"] == f"Khánh Hòa, {format_date(today)}"
        assert context["ngay_ban_hanh"] == today.isoformat()
        assert context["ky"] == {"dong": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "ho_ten": "Nguyễn Thị Hồng Nhung"}
        # The DOCX was rendered again and carries the number.
        import io

        from docx import Document

        docx = session.get(Blob, issued.docx_sha256).data
        body = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
        tables = "\n".join(c.text for t in Document(io.BytesIO(docx)).tables for r in t.rows for c in r.cells)
        assert "01/QĐ-SCT" in body + tables
    # The draft itself is untouched; signing again is refused.
    assert _state(db, doc_id)[3:] == before[3:]
    with pytest.raises(Refused, match="đã được ký"):
        _sign(db, province, doc_id, pdf_maker)
    with pytest.raises(DBAPIError), db.write() as session:
        session.execute(text("UPDATE issued_documents SET number_text = 'Số: 99/QĐ-SCT'"))


def test_only_a_leader_of_the_issuing_body_signs(db, province, pdf_maker):
    [doc_id] = make_drafts(db, province)
    with pytest.raises(Forbidden):
        _sign(db, province, doc_id, pdf_maker, who="chuyenvien")
    with pytest.raises(Forbidden):
        _sign(db, province, doc_id, pdf_maker, who="phochutich")  # UBND leader, SCT document


def test_wrong_password_burns_nothing(db, province, pdf_maker):
    [doc_id] = make_drafts(db, province)
    before = _state(db, doc_id)
    with pytest.raises(SigningFailed, match="Mật khẩu chứng thư số không đúng") as info:
        _sign(db, province, doc_id, pdf_maker, password="sai-mat-khau")
    assert "chưa lấy số" in info.value.message
    assert _state(db, doc_id) == before
    assert pdf_maker.calls == []
    assert _sign(db, province, doc_id, pdf_maker).number_text == "Số: 01/QĐ-SCT"


def test_expired_certificate_burns_nothing(db, province, pdf_maker, pki_material):
    from dossier.model import User
    from dossier.services.pki import store_certificate
    from dossier.signing.certs import issue_user_certificate

    ca = pki_material[0]
    old = issue_user_certificate(ca, "Nguyễn Thị Hồng Nhung", "Sở Công Thương tỉnh Khánh Hòa", "Phó Giám đốc",
                                 None, password=DEMO_PASSWORD, valid_days=30,
                                 not_before=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with db.write() as session:
        user = session.scalars(select(User).where(User.username == "phogiamdoc")).one()
        store_certificate(session, old, DEMO_PASSWORD, kind="personal", user_id=user.id)
    [doc_id] = make_drafts(db, province)
    before = _state(db, doc_id)
    with pytest.raises(SigningFailed, match="không còn hiệu lực") as info:
        _sign(db, province, doc_id, pdf_maker)
    assert "31/01/2024" in info.value.message  # says until when it was valid
    assert _state(db, doc_id) == before


def test_converter_down_burns_nothing(db, province):
    [doc_id] = make_drafts(db, province)
    before = _state(db, doc_id)

    def broken(docx: bytes) -> bytes:  # fails inside the transaction, after the number was taken
        raise ConversionError("LibreOffice did not answer within 60 s")

    with pytest.raises(SigningFailed, match="LibreOffice") as info:
        _sign(db, province, doc_id, broken)
    assert "chưa lấy số" in info.value.message
    assert _state(db, doc_id) == before


def test_no_libreoffice_installed_is_reported_before_anything(db, province, monkeypatch):
    import dossier.signing.convert as convert

    monkeypatch.setattr(convert, "converter_status", lambda: "LibreOffice is not installed")
    [doc_id] = make_drafts(db, province)
    before = _state(db, doc_id)
    with pytest.raises(SigningFailed, match="LibreOffice"):
        sign_document(db, port=PORT, actor_id=province["phogiamdoc"], document_id=doc_id,
                      password=DEMO_PASSWORD)
    assert _state(db, doc_id) == before


def test_eight_simultaneous_issuances_give_eight_consecutive_numbers(db, province, pdf_maker):
    ids = make_drafts(db, province, count=8)
    results, errors = at_once([functools.partial(_sign, db, province, i, pdf_maker) for i in ids])
    assert not errors, errors
    assert sorted(r.number_text for r in results) == [f"Số: {n:02d}/QĐ-SCT" for n in range(1, 9)]
    with db.read() as session:
        numbers = sorted(session.scalars(select(RegisterEntry.number)))
    assert numbers == list(range(1, 9))


def test_sign_seal_verify_round_trip(db, province, pdf_maker):
    [doc_id] = make_drafts(db, province)
    signed = _sign(db, province, doc_id, pdf_maker)
    with pytest.raises(Forbidden):
        seal_document(db, port=PORT, actor_id=province["chuyenvien"], issued_id=signed.issued_id,
                      password=DEMO_PASSWORD)
    with pytest.raises(SigningFailed, match="Mật khẩu"):
        seal_document(db, port=PORT, actor_id=province["vanthu"], issued_id=signed.issued_id, password="sai")
    sealed = seal_document(db, port=PORT, actor_id=province["vanthu"], issued_id=signed.issued_id,
                           password=DEMO_PASSWORD)
    assert sealed.status == "issued" and sealed.number_text == signed.number_text
    with pytest.raises(Refused):
        seal_document(db, port=PORT, actor_id=province["vanthu"], issued_id=signed.issued_id, password=DEMO_PASSWORD)

    check = verify_issued(db, port=PORT, code=sealed.verification_code.lower())
    assert check.all_valid and check.matches_record
    leader, seal = check.reports
    assert leader.signer_name == "Nguyễn Thị Hồng Nhung" and leader.trusted
    assert seal.signer_name == "Sở Công Thương tỉnh Khánh Hòa" and seal.covers_entire_file
    assert "allowed changes only" in leader.coverage
    assert leader.signing_time.utcoffset() == dt.timedelta(hours=7)
    assert check.issued.number_text == "Số: 01/QĐ-SCT" and check.issued.status == "issued"

    _name, pdf = issuance.issued_pdf(db, code=sealed.verification_code)
    by_file = verify_issued(db, port=PORT, pdf=pdf)
    assert by_file.all_valid and by_file.matches_record and by_file.issued.id == sealed.issued_id


def test_one_changed_byte_is_detected(db, province, pdf_maker):
    [doc_id] = make_drafts(db, province)
    signed = _sign(db, province, doc_id, pdf_maker)
    seal_document(db, port=PORT, actor_id=province["vanthu"], issued_id=signed.issued_id, password=DEMO_PASSWORD)
    _name, pdf = issuance.issued_pdf(db, code=signed.verification_code)
    tampered = bytearray(pdf)
    at = pdf.index(b"stream", 2000) + 20  # inside page content, within both signed ranges
    tampered[at] ^= 0x01
    check = verify_issued(db, port=PORT, pdf=bytes(tampered))
    assert not check.all_valid
    assert check.matches_record is False
    assert all(not r.intact for r in check.reports)
    assert any("CẢNH BÁO" in m for m in check.messages)


def test_pdfsig_reports_both_signatures_valid(db, province, pdf_maker, tmp_path):
    pdfsig = require_program("pdfsig")
    [doc_id] = make_drafts(db, province)
    signed = _sign(db, province, doc_id, pdf_maker)
    seal_document(db, port=PORT, actor_id=province["vanthu"], issued_id=signed.issued_id, password=DEMO_PASSWORD)
    _name, pdf = issuance.issued_pdf(db, code=signed.verification_code)
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([pdfsig, str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "Nguyễn Thị Hồng Nhung" in out and "Sở Công Thương tỉnh Khánh Hòa" in out


def test_real_conversion_end_to_end(db, province, tmp_path):
    """giamdoc signs the real draft: LibreOffice (PDF/A-2b), QR, signature under "GIÁM ĐỐC"."""
    require_program("soffice")
    from pypdf import PdfReader

    from dossier.signing.convert import PdfConverter

    [doc_id] = make_drafts(db, province)
    with PdfConverter(size=1, timeout=90) as converter:
        port = SigningPort(archive_pdf=PdfFunction(lambda docx: converter.to_pdf(docx, pdfa=True)))
        result = sign_document(db, port=port, actor_id=province["giamdoc"], document_id=doc_id,
                               password=DEMO_PASSWORD)
    seal_document(db, port=PORT, actor_id=province["vanthu"], issued_id=result.issued_id, password=DEMO_PASSWORD)
    _name, pdf = issuance.issued_pdf(db, code=result.verification_code)
    import io

    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].extract_text()
    assert "01/QĐ-SCT" in first
    assert "pdfaid:part" in pdf.decode("latin-1")  # PDF/A identification survived signing
    check = verify_issued(db, port=PORT, code=result.verification_code)
    assert check.all_valid
    assert [r.signer_name for r in check.reports] == ["Phạm Văn Hùng", "Sở Công Thương tỉnh Khánh Hòa"]
