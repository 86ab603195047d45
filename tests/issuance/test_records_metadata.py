"""Issue 12 item 3: each issued document keeps ND 30/2020 Phụ lục VI's metadata, validated when
the văn thư seals it (real walk, real signatures, real database)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dossier.model import AuditEvent, IssuedDocument, RecordMetadata
from dossier.records.metadata import FILE, OUTGOING, validate
from tests.issuance.test_exchange import SO, UBND, _issue_to_trinh, directory  # noqa: F401 — the fixture

pytestmark = pytest.mark.usefixtures("directory")


def test_sealing_stores_the_phu_luc_vi_fields_from_the_register(db, directory, pdf_maker):  # noqa: F811
    issued_id = _issue_to_trinh(db, directory, pdf_maker)
    with db.read() as session:
        issued = session.get(IssuedDocument, issued_id)
        row = session.get(RecordMetadata, issued_id)
        entry = issued.register_entry
        fields = json.loads(row.fields_json)
        symbol, abstract, signer_name = entry.symbol, entry.abstract, entry.signer_name
        org_name, issued_on = issued.organisation.name, issued.issued_on
        seal_events = [e for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "document.seal"))]
    number, notation = symbol.split("/", 1)
    assert (row.code_number, row.code_notation, row.issued_on) == (number, notation, issued_on)
    assert fields["CodeNumber"] == number and fields["CodeNotation"] == notation == "TTr-SCT"
    assert fields["TypeName"] == "Tờ trình" and fields["IssuedDate"] == issued_on.isoformat()
    assert fields["Subject"] == abstract and fields["OrganName"] == org_name
    assert fields["FileCode"]["OrganId"] == SO and fields["DocOrdinal"] == 1
    assert fields["SignerInfo"]["FullName"] == signer_name
    assert fields["PageAmount"] >= 1 and fields["Language"] == "Tiếng Việt"
    assert {"OrganId": UBND, "OrganName": "Ủy ban nhân dân tỉnh Khánh Hòa"} in fields["To"]
    assert fields["IssuedAmount"] == len(fields["To"])
    assert validate(fields, OUTGOING) == [] and seal_events


def _valid() -> dict:
    return {"FileCode": {"OrganId": SO, "FileCatalog": 2026, "FileNotation": "KC-2026-001"}, "DocOrdinal": 1,
            "TypeName": "Quyết định", "CodeNumber": "05", "CodeNotation": "QĐ-SCT", "IssuedDate": "2026-03-05",
            "OrganName": "Sở Công Thương tỉnh Khánh Hòa", "Subject": "Về việc phê duyệt đề án",
            "Language": "Tiếng Việt", "PageAmount": 2, "SignerInfo": {"Position": "Giám đốc", "FullName": "A"},
            "To": [{"OrganId": UBND, "OrganName": "UBND tỉnh"}], "Priority": 0}


@pytest.mark.parametrize(("change", "says"), [
    ({"Subject": "x" * 501}, "Subject (Trích yếu nội dung) dài quá 500 ký tự (501)."),
    ({"CodeNumber": "123456789012"}, "CodeNumber (Số của văn bản) dài quá 11 ký tự (12)."),
    ({"PageAmount": "ba"}, "PageAmount (Số trang của văn bản) phải là số nguyên không âm, nhận được “ba”."),
    ({"PageAmount": 1000}, "PageAmount (Số trang của văn bản) dài quá 3 chữ số (4)."),
    ({"IssuedDate": "05/03/2026"}, "IssuedDate (Ngày, tháng, năm văn bản) phải là ngày dạng YYYY-MM-DD"),
    ({"Subject": ""}, "Thiếu Subject (Trích yếu nội dung)."),
    ({"Priority": 12}, "Priority (Mức độ khẩn, mật) dài quá 1 chữ số (2)."),
    ({"To": [{"OrganId": "000.00.015.H41X", "OrganName": "Sở"}]}, "To/OrganId (Mã định danh nơi nhận) dài quá 13"),
    ({"Signer": "A"}, "Trường Signer không có trong Phụ lục VI."),
], ids=str)
def test_validation_refuses_what_phu_luc_vi_does_not_allow(change, says):
    assert validate(_valid(), OUTGOING) == []
    problems = validate({**_valid(), **change}, OUTGOING)
    assert len(problems) == 1 and problems[0].startswith(says), problems


def test_the_file_fields_are_phu_luc_vis_eleven():
    assert [f.tag for f in FILE] == ["FileCode", "Title", "Maintenance", "Rights", "Creator", "Language",
                                     "StartDate", "EndDate", "DocTotal", "PageTotal", "Description"]
    assert len(OUTGOING) == 16
