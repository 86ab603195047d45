"""The one document frame (documents/frame.py) of dossier and plan documents, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dossier.documents.frame import BLANK, document_frame, header, signer
from tests.unit.documents.examples import DEPUTY, DIRECTOR, OFFICER, SCT, TTKC, UBND, VICE_CHAIR

ON = date(2025, 3, 14)


def test_the_acting_leader_signs_for_his_own_body():
    assert signer(SCT, DEPUTY) == {"dong": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "ho_ten": DEPUTY.full_name}


def test_anyone_else_gets_the_head_of_the_body():
    assert signer(SCT, OFFICER) == {"dong": ["GIÁM ĐỐC"], "ho_ten": DIRECTOR.full_name}
    assert signer(SCT, VICE_CHAIR) == signer(SCT, None)  # a leader of another body signs nothing here


def test_a_collective_body_signs_on_behalf_of_itself():
    assert signer(UBND, None)["dong"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_a_body_without_leaders_is_signed_by_its_recorded_head():
    assert signer(TTKC, DIRECTOR) == {"dong": ["GIÁM ĐỐC"], "ho_ten": TTKC.head_name}
    assert signer(replace(TTKC, head_name=""), None)["ho_ten"] == BLANK


def test_a_draft_leaves_number_and_day_to_the_clerk():
    frame = document_frame(issuer=header(SCT), doc_type="TTr", on=ON, trich_yeu="Về việc …", ky={},
                           recipients=("Như trên",))
    assert frame["so_ky_hieu"].replace(" ", "") == "Số:/TTr-SCT"
    assert frame["dia_danh_ngay"].replace(" ", "") == "KhánhHòa,ngàythángnăm2025"
    assert frame["ngay_ban_hanh"] is None
    assert frame["noi_nhan"] == ["- Như trên;", "- Lưu: VT, QLCN."]
    assert "kinh_gui" not in frame  # only when the caller has addressees


def test_a_document_the_clerk_does_not_number_is_dated_by_its_day():
    frame = document_frame(issuer=header(TTKC), doc_type="BB", on=ON, trich_yeu="", ky={}, kinh_gui=["Sở"])
    assert frame["dia_danh_ngay"] == "Khánh Hòa, ngày 14 tháng 3 năm 2025"
    assert frame["ngay_ban_hanh"] == "2025-03-14"
    assert frame["so_ky_hieu"].replace(" ", "") == "Số:/BB-TTKC"
    assert frame["kinh_gui"] == ["Sở"] and "noi_nhan" not in frame


def test_a_document_with_its_own_number_or_without_type():
    assert document_frame(issuer=header(TTKC), doc_type="HĐ", on=ON, trich_yeu="", ky={},
                          number="12/2025/HĐ-KC")["so_ky_hieu"] == "Số: 12/2025/HĐ-KC"
    assert document_frame(issuer=header(SCT), doc_type="", on=ON, trich_yeu="", ky={})["so_ky_hieu"] == ""


def test_the_header_is_the_body_as_given():
    assert header(SCT) == {"ten_chu_quan": "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "ten": "SỞ CÔNG THƯƠNG",
                           "ten_day_du": SCT.name, "viet_tat": "SCT", "dia_danh": "Khánh Hòa"}
