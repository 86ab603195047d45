"""The applicant's registration on its Đơn đề nghị (issue 10, item 6): "Giấy chứng nhận đăng ký
số …, do … cấp ngày …" prints the issuing body and date the system holds, and proper hand-fill
blanks where it holds none (never an empty "do  cấp"); a plan imported from Excel carries them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from dossier.documents.content import check_content, check_document
from dossier.model import Blob, GeneratedDocument
from dossier.services.dossiers import create_dossier
from tests.core.helpers import dossier_data, walk_dossier
from tests.docx_text import docx_text
from workflows import Status as S

ISSUER = "Phòng Tài chính - Kế hoạch huyện Ninh Phước"


def _application(db, users, **registration) -> tuple[str, bytes]:
    data = dossier_data(db)
    data = replace(data, beneficiary=replace(data.beneficiary, **registration))
    dossier_id = create_dossier(db, users["chuyenvien"], data)
    walk_dossier(db, users, dossier_id, S.SUBMITTED)
    with db.read() as session:
        doc = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id,
            GeneratedDocument.template_id == "don_de_nghi_ho_tro")).one()
        data = session.get(Blob, doc.sha256).data
    line = next(t for t in docx_text(data).splitlines() if t.startswith("- Giấy chứng nhận đăng ký"))
    return line, data


def test_the_application_prints_who_registered_the_applicant_and_when(db, users):
    line, data = _application(db, users, registration_issuer=ISSUER, registration_date=date(2015, 4, 9))
    assert line == f"- Giấy chứng nhận đăng ký số 45H8012345 do {ISSUER} cấp ngày 09 tháng 4 năm 2015."
    assert check_document(data) == []


def test_without_them_the_application_leaves_hand_fill_blanks(db, users):
    line, data = _application(db, users, registration_issuer="", registration_date=None)
    assert line == "- Giấy chứng nhận đăng ký số 45H8012345 do …………………… cấp ngày …… tháng …… năm …….", line
    assert check_document(data) == []


def test_the_content_check_refuses_an_empty_issuer():
    problems = check_content(["- Giấy chứng nhận đăng ký số 45H8012345 do  cấp ngày 09 tháng 4 năm 2015."])
    assert [p.message_vi for p in problems] == ["Thiếu cơ quan cấp («do … cấp» bị bỏ trống, không có chỗ viết tay)"]


def test_an_imported_plan_row_carries_the_registration(db, users):
    from dossier.model import Dossier
    from dossier.services.plan_import import EXAMPLE_ROWS, example_workbook, import_plan

    row = [*EXAMPLE_ROWS[0], "45H8099999", "03/11/2012", ISSUER]
    report = import_plan(db, users["chuyenvien"], 2026, example_workbook([row]))
    assert report.imported, report
    with db.read() as session:
        beneficiary = session.scalars(select(Dossier).where(Dossier.code == report.rows[0].code)).one().beneficiary
        assert (beneficiary.registration_number, beneficiary.registration_date, beneficiary.registration_issuer) == (
            "45H8099999", date(2012, 11, 3), ISSUER)
