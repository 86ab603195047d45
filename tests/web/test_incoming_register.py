"""Issue 12 item 3: the register of incoming documents (sổ văn bản đến) through the web, and the
duplicate warning (ND 30/2020 Phụ lục VI §III) shown before anything is written."""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy import func, select

from dossier.model import AuditEvent, IncomingDocument, RegisterEntry
from tests.web.conftest import login

PDF = b"%PDF-1.4\n% cong van den\n"


def _form(**changes: Any) -> dict[str, Any]:
    data = {"code_number": "125", "code_notation": "UBND-KT", "issued_on": "2026-03-02",
            "organ_name": "Ủy ban nhân dân tỉnh Khánh Hòa", "type_name": "Công văn",
            "subject": "Về việc báo cáo kết quả khuyến công quý I", "arrival_date": "2026-03-04"}
    return {**data, **changes}


def _count(db: Any) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(IncomingDocument))


def test_a_second_letter_with_the_same_number_and_date_is_warned_and_confirming_is_audited(app, web_db):
    client = app.test_client()
    login(client, "vanthu")
    assert "Vào sổ văn bản đến" in client.get("/van-ban-den/moi").get_data(as_text=True)
    first = client.post("/van-ban-den/moi", data={**_form(), "pdf": (io.BytesIO(PDF), "cv-125.pdf")},
                        content_type="multipart/form-data")
    assert first.status_code == 302 and _count(web_db) == 1
    listing = client.get("/van-ban-den/").get_data(as_text=True)
    assert "125/UBND-KT" in listing and "Về việc báo cáo kết quả khuyến công quý I" in listing
    with web_db.read() as session:
        row = session.scalars(select(IncomingDocument)).one()
        assert (row.arrival_number, row.arrival_year, row.duplicate_confirmed) == (1, 2026, False)
    assert client.get(f"/van-ban-den/{row.id}/tep").data == PDF

    again = client.post("/van-ban-den/moi", data=_form(subject="Cùng số, cùng ngày"))
    page = again.get_data(as_text=True)
    assert again.status_code == 409 and _count(web_db) == 1  # warned, nothing written
    assert "Cảnh báo: có thể trùng văn bản" in page and "văn bản đến số đến 1 ngày 04/03/2026" in page
    assert 'name="confirm_duplicate" value="1"' in page and "Vẫn vào sổ" in page

    confirmed = client.post("/van-ban-den/moi", data={**_form(subject="Cùng số, cùng ngày"), "confirm_duplicate": "1"})
    assert confirmed.status_code == 302 and _count(web_db) == 2
    with web_db.read() as session:
        second = session.scalars(select(IncomingDocument).order_by(IncomingDocument.id.desc())).first()
        assert (second.arrival_number, second.duplicate_confirmed) == (2, True)
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "incoming.register")
                                .order_by(AuditEvent.seq.desc())).first()
    payload = json.loads(event.payload_json)
    assert payload["duplicate_confirmed"] is True and "số đến 1" in payload["duplicate_of"][0]
    assert "Đã xác nhận trùng số" in client.get("/van-ban-den/").get_data(as_text=True)


def test_an_incoming_copy_of_our_own_outgoing_document_is_warned_too(app, web_db):
    with web_db.read() as session:
        entry = session.scalars(select(RegisterEntry).order_by(RegisterEntry.id)).first()
        number, notation = entry.symbol.split("/", 1)
        issued_on = entry.issued_on.isoformat()
        symbol = entry.symbol
    client = app.test_client()
    login(client, "vanthu")
    response = client.post("/van-ban-den/moi", data=_form(code_number=number.lstrip("0"), code_notation=notation,
                                                          issued_on=issued_on, arrival_date=issued_on))
    assert response.status_code == 409 and f"văn bản đi {symbol}" in response.get_data(as_text=True)
    assert _count(web_db) == 0


def test_fields_out_of_phu_luc_vi_are_refused_next_to_the_field(app, web_db):
    client = app.test_client()
    login(client, "vanthu")
    response = client.post("/van-ban-den/moi", data=_form(subject="x" * 501, code_number="123456789012",
                                                          issued_on="", arrival_date="2026-03-01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and _count(web_db) == 0
    assert 'id="e-subject">Subject (Trích yếu nội dung) dài quá 500 ký tự (501).' in page
    assert 'id="e-code_number">CodeNumber (Số của văn bản) dài quá 11 ký tự (12).' in page
    assert 'id="e-issued_on">Thiếu IssuedDate (Ngày, tháng, năm văn bản).' in page
    bad_pdf = client.post("/van-ban-den/moi", data={**_form(), "pdf": (io.BytesIO(b"MZ not a pdf"), "x.pdf")},
                          content_type="multipart/form-data")
    assert bad_pdf.status_code == 422 and "Tệp đính kèm phải là PDF." in bad_pdf.get_data(as_text=True)


def test_an_officer_cannot_open_the_register(app):
    client = app.test_client()
    login(client, "chuyenvien")
    assert client.get("/van-ban-den/").status_code == 403
    assert client.post("/van-ban-den/moi", data=_form()).status_code == 403
