"""The reports blueprint: dashboard with SVG charts, exports, plan documents, ledger form, bundle,
import; access by role and scope; no inline code."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import load_workbook

from dossier.services.plan_import import example_workbook
from tests.web.conftest import app, as_user, ids, login, web_db  # noqa: F401 (fixtures)
from web.access import DOSSIER_READERS, rule_for
from workflows.states import Role

EXPECTED = {
    "reports.dashboard": DOSSIER_READERS, "reports.export_report": DOSSIER_READERS,
    "reports.export_register": DOSSIER_READERS, "reports.export_ledger": DOSSIER_READERS,
    "reports.late": DOSSIER_READERS, "reports.plans": DOSSIER_READERS, "reports.plan_document": DOSSIER_READERS,
    "reports.import_list": frozenset({Role.OFFICER}), "reports.import_example": frozenset({Role.OFFICER}),
    "reports.bundle": DOSSIER_READERS, "reports.money": DOSSIER_READERS,
    "reports.plan_set": frozenset({Role.OFFICER, Role.LEADER}),  # issue 14: the plan's set of documents (a job)
}


def test_every_reports_endpoint_declares_its_roles(app) -> None:  # noqa: F811
    mine = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("reports.")}
    assert mine == set(EXPECTED)
    for endpoint, roles in EXPECTED.items():
        assert rule_for(app, endpoint).roles == roles, endpoint
    assert rule_for(app, "reports.bundle").scope == rule_for(app, "reports.money").scope == "dossier"


def test_dashboard_shows_the_programme_against_its_envelope(as_user) -> None:  # noqa: F811
    client = as_user("giamdoc")
    response = client.get("/bao-cao/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Chương trình khuyến công tỉnh Ninh Thuận giai đoạn 2021-2025" in html
    assert "83,3 tỷ đồng" in html and "37,0 tỷ đồng" in html and "46,3 tỷ đồng" in html
    assert html.count("<svg") >= 3 and "Tỷ lệ giải ngân" in html
    assert ' style="' not in html and "<style" not in html and "http://" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    for dimension in ("source", "batch", "commune", "year"):
        assert client.get(f"/bao-cao/?theo={dimension}&nam=2025").status_code == 200
    workbook = load_workbook(io.BytesIO(client.get("/bao-cao/xuat.xlsx?theo=content_group").data))
    assert workbook.active["A1"].value.startswith("Tình hình thực hiện kinh phí khuyến công")
    register = client.get("/bao-cao/so-theo-doi.xlsx?nam=2025")
    assert register.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(register.data)).active.max_row > 10
    assert client.get("/bao-cao/so-kinh-phi.xlsx").status_code == 200
    assert client.get("/bao-cao/qua-han").status_code == 200


def test_plan_documents_are_generated_and_downloaded(as_user) -> None:  # noqa: F811
    client = as_user("chuyenvien")
    response = client.post("/bao-cao/ke-hoach", data={"template": "qd_phe_duyet_ke_hoach", "year": "2025",
                                                      "batch": "1"})
    assert response.status_code == 302
    page = client.get("/bao-cao/ke-hoach").get_data(as_text=True)
    assert "Đã lập: Quyết định phê duyệt danh mục" in page
    link = re.search(r'href="(/bao-cao/ke-hoach/van-ban/\d+)"', page).group(1)
    assert client.get(link).data[:2] == b"PK"
    clerk = as_user("vanthu")  # reads, may not generate
    clerk.post("/bao-cao/ke-hoach", data={"template": "bang_tong_hop_de_an", "year": "2025"})
    assert "Chỉ chuyên viên hoặc lãnh đạo" in clerk.get("/bao-cao/ke-hoach").get_data(as_text=True)


def test_ledger_page_refuses_an_overpayment_and_exports_the_bundle(as_user, ids) -> None:  # noqa: F811
    client = as_user("chuyenvien")
    dossier_id = ids["status"]["in_progress"]
    page = client.get(f"/bao-cao/ho-so/{dossier_id}/kinh-phi").get_data(as_text=True)
    assert "Sổ theo dõi kinh phí" in page and "Giá trị hợp đồng" in page
    client.post(f"/bao-cao/ho-so/{dossier_id}/kinh-phi", data={"kind": "payment", "amount": "9.000.000.000"})
    page = client.get(f"/bao-cao/ho-so/{dossier_id}/kinh-phi").get_data(as_text=True)
    assert "Không thể ghi thanh toán 9.000.000.000 đồng" in page
    archive = client.get(f"/bao-cao/ho-so/{dossier_id}/luu-tru.zip")
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    assert "MUC_LUC.xlsx" in names and "nhat_ky_kiem_toan.json" in names
    outsider = as_user("ttkc")  # an officer of the Trung tâm: the Sở's dossier does not exist for him
    assert outsider.get(f"/bao-cao/ho-so/{dossier_id}/luu-tru.zip").status_code == 404
    assert outsider.get(f"/bao-cao/ho-so/{dossier_id}/kinh-phi").status_code == 404
    assert outsider.post(f"/bao-cao/ho-so/{dossier_id}/kinh-phi", data={"kind": "advance",
                                                                        "amount": "1"}).status_code == 404


def test_import_upload_reports_row_by_row(as_user) -> None:  # noqa: F811
    client = as_user("chuyenvien")
    assert client.get("/bao-cao/nhap-danh-muc").status_code == 200
    bad = example_workbook([["G9", "Đề án sai nhóm", "Cơ sở A", "Hộ kinh doanh", "", "A", "Chủ hộ", "thôn A",
                             "xã Cam An", 1, "Địa phương", "01/04/2026", "30/11/2026", "Máy", 100_000_000,
                             40_000_000, ""]])
    page = client.post("/bao-cao/nhap-danh-muc", data={"year": "2026", "file": (io.BytesIO(bad), "ds.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Dòng 2" in page and "Nhóm nội dung «G9» không có" in page
    page = client.post("/bao-cao/nhap-danh-muc", data={"year": "2026",
                                                       "file": (io.BytesIO(example_workbook()), "ds.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Đã nhập 3 đề án." in page
    assert as_user("giamdoc").get("/bao-cao/nhap-danh-muc").status_code == 403
