"""The web flow of issuance: the leader signs, the văn thư seals, the officer downloads the
signed PDF, and the public verification page shows both signatures (demo province, SQLite)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dossier.demo.people import DEMO_PASSWORD
from tests.web.conftest import login, make_app, web_db  # noqa: F401 - fixtures

SAMPLE_PDF = (Path(__file__).resolve().parents[1] / "signing" / "data" / "sample.pdf").read_bytes()


@pytest.fixture
def app(web_db: Any, tmp_path: Path) -> Any:  # noqa: F811
    # The checked-in LibreOffice PDF names Nguyễn Thị Hồng Nhung (phogiamdoc) under its title line.
    return make_app(web_db, tmp_path, ISSUANCE_PDF_MAKER=lambda docx: SAMPLE_PDF)


def _client(app: Any, username: str | None = None) -> Any:
    client = app.test_client()
    if username:
        login(client, username)
    return client


def _a_council_decision(db: Any) -> int:
    """A council decision drafted today (the demo's open drafts carry their past step's date, and a
    decision is never signed back-dated)."""
    from dossier.model import User
    from tests.issuance.conftest import make_drafts

    with db.read() as session:
        users = {u.username: u.id for u in session.scalars(select(User))}
    return make_drafts(db, users)[0]


def test_sign_seal_download_verify(app: Any, web_db: Any) -> None:  # noqa: F811
    from dossier.model import IssuedDocument, RegisterEntry

    doc_id = _a_council_decision(web_db)
    leader = _client(app, "phogiamdoc")
    listing = leader.get("/ky-so").get_data(as_text=True)
    assert f"/ky-so/{doc_id}" in listing
    page = leader.get(f"/ky-so/{doc_id}").get_data(as_text=True)
    assert "KT. GIÁM ĐỐC" in page and "Số:      /QĐ-SCT" in page

    with web_db.read() as session:  # the demo's history was signed on paper and is in the register
        before = session.scalar(select(func.count()).select_from(RegisterEntry))
    wrong = leader.post(f"/ky-so/{doc_id}", data={"password": "sai"})
    assert wrong.status_code == 422
    assert "Mật khẩu chứng thư số không đúng" in wrong.get_data(as_text=True)
    with web_db.read() as session:
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == before

    signed = leader.post(f"/ky-so/{doc_id}", data={"password": DEMO_PASSWORD})
    assert signed.status_code == 302
    issued_url = signed.headers["Location"]
    with web_db.read() as session:
        issued = session.scalars(select(IssuedDocument).where(IssuedDocument.generated_document_id == doc_id)).one()
        issued_id, code, symbol = issued.id, issued.verification_code, issued.number_text.removeprefix("Số: ")
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == before + 1
    assert symbol.endswith("/QĐ-SCT") and f"Số: {symbol}" in leader.get(issued_url).get_data(as_text=True)

    clerk = _client(app, "vanthu")
    assert symbol in clerk.get("/phat-hanh").get_data(as_text=True)
    assert clerk.post(f"/phat-hanh/{issued_id}", data={"password": "sai"}).status_code == 422
    assert clerk.post(f"/phat-hanh/{issued_id}", data={"password": DEMO_PASSWORD}).status_code == 302

    officer = _client(app, "chuyenvien")
    pdf = officer.get(f"/van-ban-ban-hanh/{issued_id}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert f"{symbol.replace('/', '_')}.pdf" in pdf.headers["Content-Disposition"].replace("%C4%90", "Đ")

    anonymous = _client(app)
    result = anonymous.get(f"/xac-thuc/{code}")
    text = result.get_data(as_text=True)
    assert result.status_code == 200
    assert text.count("HỢP LỆ") == 2 and "KHÔNG HỢP LỆ" not in text
    assert "Nguyễn Thị Hồng Nhung" in text and "Sở Công Thương tỉnh Khánh Hòa" in text
    uploaded = anonymous.post("/xac-thuc", data={"file": (io.BytesIO(pdf.data), "van-ban.pdf")},
                              content_type="multipart/form-data")
    assert uploaded.status_code == 200 and "Văn bản hợp lệ." in uploaded.get_data(as_text=True)
    tampered = bytearray(pdf.data)
    tampered[pdf.data.index(b"stream", 2000) + 20] ^= 1
    bad = anonymous.post("/xac-thuc", data={"file": (io.BytesIO(bytes(tampered)), "sua.pdf")},
                         content_type="multipart/form-data")
    assert "KHÔNG hợp lệ" in bad.get_data(as_text=True)
    assert anonymous.get("/xac-thuc/ZZZZZZZZZZ").status_code == 404
    assert anonymous.get(f"/xac-thuc/{code}/van-ban.pdf").data == pdf.data

    register = clerk.get("/so-van-ban-di").get_data(as_text=True)
    assert symbol in register and "Đã phát hành" in register
    xlsx = clerk.get("/so-van-ban-di/xuat.xlsx")
    assert symbol in [row[1] for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True)]


def test_signing_is_for_the_issuing_bodys_leaders(app: Any, web_db: Any) -> None:  # noqa: F811
    doc_id = _a_council_decision(web_db)
    assert _client(app, "phochutich").get(f"/ky-so/{doc_id}").status_code == 403  # UBND leader
    assert _client(app, "chuyenvien").get(f"/ky-so/{doc_id}").status_code == 403  # not a leader
    assert _client(app, "phogiamdoc").get("/ky-so/999999").status_code == 404
