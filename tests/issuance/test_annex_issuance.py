"""Separate-file annexes (phụ lục ban hành kèm theo): the văn thư uploads the annex of a numbered
decision and the agency signs it at the top right of its first page with the decision's number;
it is registered with the decision. Real PDFs, real signatures (pdfsig and pyHanko), and every
refusal writes nothing."""

from __future__ import annotations

import hashlib
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dossier.demo.people import DEMO_PASSWORD
from tests.conftest import require_program
from tests.web.conftest import login, make_app, web_db  # noqa: F401 - fixtures

SAMPLE_PDF = (Path(__file__).resolve().parents[1] / "signing" / "data" / "sample.pdf").read_bytes()


def _annex_pdf(title: str) -> bytes:
    """A real one-page landscape PDF, made by pyHanko's writer (not the decision's own file)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    font = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
    }))
    text = f"BT /F1 14 Tf 60 500 Td ({title}) Tj ET".encode("latin-1")
    page = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(v) for v in (0, 0, 842, 595)]),
        generic.NameObject("/Resources"): generic.DictionaryObject({
            generic.NameObject("/Font"): generic.DictionaryObject({generic.NameObject("/F1"): font})}),
        generic.NameObject("/Contents"): writer.add_object(generic.StreamObject(stream_data=text)),
    })
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def annex_app(web_db: Any, tmp_path: Path, test_pki) -> Any:  # noqa: F811
    from tests.issuance.conftest import tsa_signing_port

    return make_app(web_db, tmp_path, SIGNING_PORT=tsa_signing_port(web_db, tmp_path / "instance", test_pki))


def _counts(db: Any) -> tuple[int, int, int]:
    from dossier.model import AuditEvent, Blob, IssuedAnnex

    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (IssuedAnnex, AuditEvent, Blob))


def _issued_decision(app: Any, db: Any) -> tuple[int, str]:
    from tests.issuance.conftest import issue_through_web

    return issue_through_web(app, db)


def _post_annex(client: Any, issued_id: int, pdf: bytes, title: str, password: str) -> Any:
    return client.post(f"/van-ban-ban-hanh/{issued_id}/phu-luc",
                       data={"title": title, "password": password, "file": (io.BytesIO(pdf), "phu-luc.pdf")},
                       content_type="multipart/form-data")


def _pdfsig(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "annex.pdf"
    path.write_bytes(pdf)
    return subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout


def _check_annex_signature(pdf: bytes, original: bytes, number: str) -> None:
    """One valid agency signature in the annex field, top right of page 1, over the original bytes."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from dossier.signing.pades import ANNEX_FIELD

    assert pdf.startswith(original)  # an incremental update: the uploaded bytes are untouched
    reader = PdfFileReader(io.BytesIO(pdf))
    [sig] = reader.embedded_signatures
    assert sig.field_name == ANNEX_FIELD
    status = validate_pdf_signature(sig, ValidationContext(allow_fetching=False))
    assert status.intact and status.valid, status.pretty_print_details()
    assert status.timestamp_validity is not None  # the RFC 3161 timestamp of the configured TSA
    widget = sig.sig_field["/Kids"][0] if "/Kids" in sig.sig_field else sig.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x1 > 842 / 2 and y2 > 595 - 40  # right half, in the top margin of the landscape page
    reason = str(sig.sig_object["/Reason"])
    assert reason == f"Phụ lục kèm theo văn bản số {number.removeprefix('Số: ')}"


def test_the_clerk_issues_an_annex_signed_with_the_decisions_number(annex_app: Any, web_db: Any,  # noqa: F811
                                                                    tmp_path: Path) -> None:
    from dossier.model import AuditEvent, IssuedAnnex

    issued_id, number = _issued_decision(annex_app, web_db)
    clerk = annex_app.test_client()
    login(clerk, "vanthu")
    page = clerk.get(f"/van-ban-ban-hanh/{issued_id}").get_data(as_text=True)
    assert "Ký số và ban hành phụ lục" in page and "không có phụ lục là tệp riêng" in page
    original = _annex_pdf("Phu luc I - Danh sach co so duoc ho tro")
    response = _post_annex(clerk, issued_id, original, "Phụ lục I. Danh sách cơ sở được hỗ trợ", DEMO_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = clerk.get(f"/van-ban-ban-hanh/{issued_id}").get_data(as_text=True)
    assert "Đã ký số, ban hành phụ lục “Phụ lục I. Danh sách cơ sở được hỗ trợ”" in page
    with web_db.read() as session:
        annex = session.scalars(select(IssuedAnnex)).one()
        annex_id, signed_sha = annex.id, annex.signed_pdf_sha256
        assert annex.issued_document_id == issued_id and annex.title == "Phụ lục I. Danh sách cơ sở được hỗ trợ"
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "document.annex")).one()
        assert event.object_id == str(annex_id) or int(event.object_id) == annex_id
    assert f"/phu-luc/{annex_id}.pdf" in page
    download = clerk.get(f"/van-ban-ban-hanh/{issued_id}/phu-luc/{annex_id}.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    signed = download.data
    assert hashlib.sha256(signed).hexdigest() == signed_sha
    _check_annex_signature(signed, original, number)
    out = _pdfsig(signed, tmp_path)
    assert out.count("Signature is Valid") == 1, out
    # Readers of the dossier see it; the leader (no văn thư) gets no form.
    leader = annex_app.test_client()
    login(leader, "phogiamdoc")
    page = leader.get(f"/van-ban-ban-hanh/{issued_id}").get_data(as_text=True)
    assert "Phụ lục I. Danh sách cơ sở được hỗ trợ" in page and "Ký số và ban hành phụ lục" not in page
    assert leader.get(f"/van-ban-ban-hanh/{issued_id}/phu-luc/{annex_id}.pdf").data == signed


def test_refused_annexes_write_nothing(annex_app: Any, web_db: Any) -> None:  # noqa: F811
    issued_id, _number = _issued_decision(annex_app, web_db)
    clerk = annex_app.test_client()
    login(clerk, "vanthu")
    original = _annex_pdf("Phu luc II")
    before = _counts(web_db)
    cases = [
        (original, "Phụ lục II", "sai-mat-khau", "Mật khẩu"),
        (b"PK\x03\x04 not a pdf", "Phụ lục II", DEMO_PASSWORD, "không phải tệp PDF"),
        (original[: len(original) // 2], "Phụ lục II", DEMO_PASSWORD, "bị hỏng"),
        (original, "   ", DEMO_PASSWORD, "Nhập tên phụ lục"),
        (b"", "Phụ lục II", DEMO_PASSWORD, "Chọn tệp PDF"),
    ]
    for pdf, title, password, reason in cases:
        response = _post_annex(clerk, issued_id, pdf, title, password)
        body = response.get_data(as_text=True)
        assert response.status_code == 422, (reason, body[:2000])
        assert reason in body and "Phụ lục chưa được ban hành" in body, (reason, body[:3000])
        assert _counts(web_db) == before, reason
    # Issued once, the same file is refused the second time (whatever its title).
    assert _post_annex(clerk, issued_id, original, "Phụ lục II", DEMO_PASSWORD).status_code == 302
    after = _counts(web_db)
    response = _post_annex(clerk, issued_id, original, "Phụ lục III", DEMO_PASSWORD)
    assert response.status_code == 422 and "đã được ban hành kèm theo văn bản" in response.get_data(as_text=True)
    assert _counts(web_db) == after
    assert "Phụ lục II" in clerk.get(f"/van-ban-ban-hanh/{issued_id}").get_data(as_text=True)


def test_only_the_issuing_bodys_clerk_issues_annexes(annex_app: Any, web_db: Any) -> None:  # noqa: F811
    issued_id, _number = _issued_decision(annex_app, web_db)
    leader = annex_app.test_client()
    login(leader, "phogiamdoc")
    before = _counts(web_db)  # after the sign-in's own audit events
    response = _post_annex(leader, issued_id, _annex_pdf("x"), "Phụ lục", DEMO_PASSWORD)
    assert response.status_code == 403
    assert _counts(web_db) == before


def test_an_annex_is_sealed_by_the_organisations_token(db, province, pdf_maker, soft_token, test_pki,
                                                       tmp_path) -> None:
    """The seal on a PKCS#11 token (SoftHSM2): the annex is signed inside the module, under the
    decision's row lock; a wrong PIN writes nothing."""
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader

    from dossier.model import Blob, IssuedAnnex, Organisation
    from dossier.services.issuance import SigningFailed, seal_document, sign_document
    from dossier.services.issuance.annex import issue_annex
    from dossier.services.issuance.port import PdfFunction, build_signing_port
    from dossier.services.pki import add_trust_root
    from dossier.services.signing_methods import register_method
    from tests.issuance.conftest import make_drafts

    [doc_id] = make_drafts(db, province)
    port = build_signing_port(instance_path=tmp_path, archive_pdf=PdfFunction(pdf_maker))
    signed = sign_document(db, port=port, actor_id=province["phogiamdoc"], document_id=doc_id, password=DEMO_PASSWORD)
    seal_document(db, port=port, actor_id=province["vanthu"], issued_id=signed.issued_id, password=DEMO_PASSWORD)
    with db.write() as session:
        add_trust_root(session, test_pki.root)
        org = session.scalars(select(Organisation).where(Organisation.code == "sct-kh")).one()
        register_method(session, organisation=org, source="pkcs11", certificate=soft_token.certificate,
                        settings={"module": soft_token.module, "token_label": soft_token.label,
                                  "key_label": soft_token.key_label})
    original = _annex_pdf("Phu luc kem theo")
    before = _counts(db)
    with pytest.raises(SigningFailed, match="Mã PIN") as caught:
        issue_annex(db, port=port, actor_id=province["vanthu"], issued_id=signed.issued_id, title="Phụ lục",
                    pdf=original, password="000000")
    assert caught.value.message.endswith("Phụ lục chưa được ban hành; văn bản chính giữ nguyên.")
    assert _counts(db) == before
    result = issue_annex(db, port=port, actor_id=province["vanthu"], issued_id=signed.issued_id,
                         title="Phụ lục. Dự toán kinh phí", pdf=original, password=soft_token.pin)
    with db.read() as session:
        annex = session.get(IssuedAnnex, result.annex_id)
        data = session.get(Blob, annex.signed_pdf_sha256).data
    [sig] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert sig.signer_cert.dump() == soft_token.certificate.public_bytes(Encoding.DER)
    out = _pdfsig(data, tmp_path)
    assert out.count("Signature is Valid") == 1, out
