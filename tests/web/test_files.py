"""Uploads (size and type by content, generated storage), downloads (attachment, Vietnamese
name kept, nosniff) and the PDF preview (architecture.md B8 test 26)."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select

from tests.web.conftest import make_app

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _upload(client: Any, dossier_id: int, name: str, data: bytes, kind: str = "bao_gia") -> Any:
    """POST a multipart body built here: for big files, Werkzeug's own builder would spool to a
    temporary file it never closes (a warning, and so an error, under filterwarnings=error)."""
    boundary = "----hskc-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/ho-so/{dossier_id}/dinh-kem", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _attachments(db: Any, dossier_id: int) -> list[Any]:
    from dossier.model import Attachment

    with db.read() as session:
        return list(session.scalars(select(Attachment).where(Attachment.dossier_id == dossier_id)))


def test_upload_and_download_keep_the_vietnamese_name(as_user: Any, web_db: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    d = ids["status"]["draft"]
    response = _upload(client, d, "../../Báo giá máy sấy.pdf", PDF)
    assert response.status_code == 302
    (att,) = _attachments(web_db, d)
    assert att.filename == "Báo giá máy sấy.pdf"  # no path; used only as a label
    assert att.content_type == "application/pdf" and len(att.sha256) == 64
    download = as_user("vanthu").get(f"/ho-so/{d}/dinh-kem/{att.id}")
    assert download.data == PDF
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('Báo giá máy sấy.pdf', safe='')}" in disposition
    assert 'filename="Bao gia may say.pdf"' in disposition
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bao-gia.pdf", b"MZ\x90\x00 this is a Windows program", "Chỉ nhận tệp PDF"),
    ("anh.png", PDF, "có phần mở rộng khác"),
    ("bao-gia.pdf", _docx_bytes(), "có phần mở rộng khác"),
    ("macro.docx", b"PK\x03\x04 not really a zip", "Chỉ nhận tệp PDF"),
    ("trong.pdf", b"", "Tệp rỗng"),
])
def test_bad_uploads_are_refused(as_user: Any, web_db: Any, ids: dict, name: str, data: bytes,
                                 message: str) -> None:
    d = ids["status"]["draft"]
    response = _upload(as_user("chuyenvien"), d, name, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _attachments(web_db, d) == []


def test_allowed_types_by_content(as_user: Any, web_db: Any, ids: dict) -> None:
    d = ids["status"]["draft"]
    client = as_user("chuyenvien")
    for name, data in (("anh.png", PNG), ("ảnh hiện trạng.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 32),
                       ("đơn.docx", _docx_bytes())):
        assert _upload(client, d, name, data).status_code == 302, name
    assert len(_attachments(web_db, d)) == 3


def test_oversize_request_is_refused_with_413(as_user: Any, web_db: Any, ids: dict) -> None:
    d = ids["status"]["draft"]
    response = _upload(as_user("chuyenvien"), d, "lon.pdf", b"%PDF-" + b"0" * (26 * 1024 * 1024))
    assert response.status_code == 413
    assert "vượt quá giới hạn" in response.get_data(as_text=True)
    assert _attachments(web_db, d) == []


def test_attachment_over_the_per_file_limit(web_db: Any, tmp_path: Any, ids: dict) -> None:
    from dossier.services import attachments

    big = b"%PDF-" + b"0" * (attachments.MAX_ATTACHMENT_BYTES + 10)
    app = make_app(web_db, tmp_path)
    client = app.test_client()
    client.post("/dang-nhap", data={"username": "chuyenvien", "password": "KhuyenCong@2026"})
    response = _upload(client, ids["status"]["draft"], "x.pdf", big)
    assert response.status_code == 400 and "Tệp lớn hơn 20 MB" in response.get_data(as_text=True)


def _a_document(db: Any, dossier_id: int) -> Any:
    from dossier.model import GeneratedDocument

    with db.read() as session:
        return session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)
                               .order_by(GeneratedDocument.id)).first()


def test_generated_document_download_headers(as_user: Any, web_db: Any, ids: dict) -> None:
    from docx import Document

    doc = _a_document(web_db, ids["status"]["approved"])
    response = as_user("giamdoc").get(f"/ho-so/{doc.dossier_id}/van-ban/{doc.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" + quote(doc.filename, safe="") in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    Document(io.BytesIO(response.data))  # a real Word file


def test_preview_says_clearly_when_libreoffice_is_missing(web_db: Any, tmp_path: Any, ids: dict) -> None:
    app = make_app(web_db, tmp_path, CONVERTER_STATUS=lambda: "LibreOffice is not installed")
    client = app.test_client()
    client.post("/dang-nhap", data={"username": "chuyenvien", "password": "KhuyenCong@2026"})
    doc = _a_document(web_db, ids["status"]["approved"])
    response = client.get(f"/ho-so/{doc.dossier_id}/van-ban/{doc.id}/pdf")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "chưa cài LibreOffice" in html and "tải bản Word (DOCX)" in html


@pytest.mark.libreoffice
@pytest.mark.slow
def test_preview_converts_once_and_caches(as_user: Any, web_db: Any, ids: dict, app: Any) -> None:
    from pathlib import Path

    from tests.conftest import require_program

    require_program("soffice")
    doc = _a_document(web_db, ids["status"]["approved"])
    client = as_user("chuyenvien")
    response = client.get(f"/ho-so/{doc.dossier_id}/van-ban/{doc.id}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("inline;")
    cached = Path(app.config["PDF_CACHE_DIR"]) / f"{doc.sha256}.pdf"
    assert cached.read_bytes() == response.data
    assert client.get(f"/ho-so/{doc.dossier_id}/van-ban/{doc.id}/pdf").data == response.data
