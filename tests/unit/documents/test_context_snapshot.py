"""documents/context.py as a pure function: snapshot (built in memory) → template data.

No database, no LibreOffice: the shipped manifests are read from templates_docx/, nothing else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType

import pytest

from dossier.canonical import canonical_json
from dossier.documents import snapshot as snap
from dossier.documents.catalog import load_catalog
from dossier.documents.context import build_context
from dossier.documents.plaindata import plain_context
from tests.unit.documents.examples import DEPUTY, SCT, dossier_snapshot, step
from workflows.states import Trigger
from workflows.table import STEPS

WALKED = (
    step(Trigger.SUBMIT, date(2025, 3, 3)),
    step(Trigger.START_APPRAISAL, date(2025, 3, 5), {"meeting_date": "2025-03-12", "meeting_time": "08 giờ 00",
                                               "meeting_place": "Phòng họp Sở"}),
    step(Trigger.RECORD_APPRAISAL, date(2025, 3, 12), {"meeting_date": "2025-03-12", "conclusion": "Đạt",
                                                 "corrections": ["Bổ sung báo giá"]}),
    step(Trigger.SUBMIT_FOR_APPROVAL, date(2025, 3, 14)),
    step(Trigger.APPROVE, date(2025, 3, 25)),
    step(Trigger.SIGN_CONTRACT, date(2025, 4, 10), {"contract_number": "12/2025/HĐ-KC", "contract_date": "2025-04-10",
                                              "contract_value": 130_000_000}),
    step(Trigger.RECORD_INSPECTION, date(2025, 7, 1), {"inspection_date": "2025-07-01", "findings": "Đúng tiến độ"}),
    step(Trigger.REQUEST_ADJUSTMENT, date(2025, 8, 1), {"reason": "Đổi nhà cung cấp",
                                                  "changes": ["Thời gian | 11/2025 | 12/2025"]}),
    step(Trigger.APPROVE_ADJUSTMENT, date(2025, 8, 10)),
    step(Trigger.ACCEPT, date(2025, 10, 22), {"acceptance_date": "2025-10-20", "passed": True, "conclusion": "Đạt",
                                        "accepted_value": 290_000_000, "accepted_support": 130_000_000}),
    step(Trigger.LIQUIDATE, date(2025, 11, 5), {"liquidation_date": "2025-11-05"}),
    step(Trigger.SETTLE, date(2025, 11, 20), {"settlement_date": "2025-11-20"}),
)
LEDGER = snap.LedgerFigures(approved=130_000_000, advanced=65_000_000, payments=65_000_000, settled=130_000_000,
                            advance_percent="50", advance_ceiling=65_000_000,
                            liquidation=MappingProxyType({"contract": 130_000_000, "accepted_support": 130_000_000,
                                                          "paid_before": 65_000_000, "to_pay": 65_000_000,
                                                          "to_recover": 0}))
# The dossier's templates: those the workflow's steps make (each with its [profile]).
DOSSIER_TEMPLATES = sorted({template for row in STEPS for template in row.documents})
ISSUED = (snap.IssuedRef("qd_thanh_lap_hoi_dong", "05/QĐ-SCT", date(2025, 3, 5)),
          snap.IssuedRef("to_trinh_phe_duyet", "04/TTr-SCT", date(2025, 3, 14)),
          snap.IssuedRef("qd_phe_duyet_de_an", "125/QĐ-UBND", date(2025, 3, 25)))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _walked(upto: str, **changes) -> snap.DossierSnapshot:
    """The example dossier walked up to (and including) the step `upto`."""
    n = next(i for i, r in enumerate(WALKED, start=1) if r.trigger == upto)
    return dossier_snapshot(*WALKED[:n], **{"ledger": LEDGER, "issued": ISSUED, **changes})


def _roots(spec) -> set[str]:
    return {path.split(".")[0] for path in spec.declared_paths()}


@pytest.mark.parametrize("template_id", DOSSIER_TEMPLATES)
def test_every_dossier_template_builds_plain_data_from_a_snapshot(catalog, template_id):
    spec = catalog[template_id]
    context = build_context(_walked(Trigger.SETTLE), spec)
    plain_context(context)  # raises on anything but plain data
    # exactly the sections the manifest declares ("muc" is the generator's: one sheet per member)
    assert set(context) == _roots(spec) - {"muc"}


def test_the_same_snapshot_gives_the_same_context(catalog):
    snapshot = _walked(Trigger.SETTLE)
    first = {tid: canonical_json(build_context(snapshot, catalog[tid])) for tid in DOSSIER_TEMPLATES}
    second = {tid: canonical_json(build_context(snapshot, catalog[tid])) for tid in DOSSIER_TEMPLATES}
    assert first == second


def test_a_section_the_template_does_not_declare_is_not_computed(catalog):
    # Without liquidation figures the Biên bản thanh lý cannot be built; the Giấy mời never asks.
    snapshot = _walked(Trigger.SETTLE, ledger=replace(LEDGER, liquidation=MappingProxyType({})))
    assert "thanh_ly" not in _roots(catalog["giay_moi_hop_hoi_dong"])
    build_context(snapshot, catalog["giay_moi_hop_hoi_dong"])
    with pytest.raises(KeyError):
        build_context(snapshot, catalog["bien_ban_thanh_ly"])


def test_issued_documents_are_cited_by_their_number_and_date(catalog):
    decision = build_context(_walked(Trigger.APPROVE), catalog["qd_phe_duyet_de_an"])
    assert "Tờ trình số 04/TTr-SCT ngày 14 tháng 3 năm 2025" in decision["can_cu"][-1]
    contract = build_context(_walked(Trigger.SIGN_CONTRACT), catalog["hop_dong_thuc_hien"])
    assert "Quyết định số 125/QĐ-UBND ngày 25 tháng 3 năm 2025" in contract["can_cu"][-1]
    assert contract["so_ky_hieu"] == "Số: 12/2025/HĐ-KC"


def test_a_draft_or_cancelled_earlier_document_is_cited_with_blanks(catalog):
    cancelled = (*ISSUED[:2], replace(ISSUED[1], symbol="06/TTr-SCT", cancelled=True))
    for issued in (ISSUED[:1], cancelled):
        decision = build_context(_walked(Trigger.APPROVE, issued=issued), catalog["qd_phe_duyet_de_an"])
        assert "Tờ trình số …/TTr-SCT ngày …" in decision["can_cu"][-1]
        assert "/TTr-SCT ngày …" in decision["can_cu"][-1] and "04/TTr" not in decision["can_cu"][-1]


def test_a_document_prints_its_issuer_as_of_its_own_date(catalog):
    ninh_thuan = replace(SCT, name="Sở Công Thương tỉnh Ninh Thuận", header_parent="ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
                         place_name="Ninh Thuận", valid_from=None)
    khanh_hoa = replace(SCT, valid_from=date(2025, 7, 1))
    orgs = {**dossier_snapshot().organisations, snap.SCT: snap.OrgHistory((ninh_thuan, khanh_hoa))}
    spec = catalog["qd_thanh_lap_hoi_dong"]
    before = build_context(dossier_snapshot(step(Trigger.START_APPRAISAL, date(2025, 3, 5)), organisations=orgs), spec)
    after = build_context(dossier_snapshot(step(Trigger.START_APPRAISAL, date(2025, 7, 2)), organisations=orgs), spec)
    assert before["co_quan"]["ten_chu_quan"] == "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN"
    assert before["dia_danh_ngay"].startswith("Ninh Thuận, ngày")
    assert after["co_quan"]["ten_chu_quan"] == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    assert after["dia_danh_ngay"].startswith("Khánh Hòa, ngày")


def test_an_event_document_is_dated_by_the_event_and_a_draft_by_the_clerk(catalog):
    minutes = build_context(_walked(Trigger.ACCEPT), catalog["bien_ban_nghiem_thu"])
    assert minutes["dia_danh_ngay"].endswith("ngày 20 tháng 10 năm 2025")  # the acceptance, not the step
    decision = build_context(_walked(Trigger.APPROVE), catalog["qd_phe_duyet_de_an"])
    assert decision["so_ky_hieu"].endswith("/QĐ-UBND") and not any(ch.isdigit() for ch in decision["so_ky_hieu"])
    assert decision["dia_danh_ngay"].replace(" ", "") == "KhánhHòa,ngàythángnăm2025"  # blanks, the year


def test_step_inputs_come_from_the_latest_step_of_each_kind(catalog):
    again = step(Trigger.RECORD_INSPECTION, date(2025, 9, 1),
                 {"inspection_date": "2025-09-01", "findings": "Đã lắp đặt"}, actor=DEPUTY)
    snapshot = dossier_snapshot(*WALKED[:7], again, ledger=LEDGER, issued=ISSUED)
    inspection = build_context(snapshot, catalog["bien_ban_kiem_tra"])["kiem_tra"]
    assert inspection["ket_qua"] == ["Đã lắp đặt"]
    assert inspection["truong_doan"]["ho_ten"] == DEPUTY.full_name
    assert inspection["doan"][0]["don_vi"] == DEPUTY.organisation_name


def test_the_minutes_count_the_council_from_the_snapshot(catalog):
    minutes = build_context(_walked(Trigger.RECORD_APPRAISAL), catalog["bien_ban_hop_hoi_dong"])["tham_dinh"]
    # members 1 and 2 reviewed; 4 is the secretary (no vote, present); 3 did not review
    assert minutes["so_co_mat"] == 3 and [m["ho_ten"] for m in minutes["vang_mat"]] == ["Phạm Văn Ba"]
    assert minutes["so_bieu_quyet_co_mat"] == 2  # what the Tờ trình counts the votes against: not the secretary
    assert minutes["du_so_luong"] is True and minutes["so_phieu_dat"] == 2
    assert minutes["y_kien"] == ["Nguyễn Văn Chủ (Chủ tịch Hội đồng): Đề án cần thiết."]  # whose comment
    assert minutes["khach_moi"][0].endswith("(trình bày đề án)") and minutes["khong_tinh"] == []


def test_the_minutes_count_each_criterion_from_the_members_sheets_and_never_the_secretarys(catalog):
    """Item 6: each criterion counted from the members' own marks; the secretary's sheet (legacy
    data: the service now refuses it) and a sheet without a conclusion are named, not counted; the
    council proposes what its counted members proposed."""
    def marks(*dat):
        return tuple({"ten": f"Tiêu chí {i}", "diem_toi_da": 20, "dat": d} for i, d in enumerate(dat, start=1))

    reviews = (snap.Review(member_id=1, passed=True, criteria=marks(True, True), recommended_support=100_000_000),
               snap.Review(member_id=2, passed=False, criteria=marks(True, False), recommended_support=100_000_000),
               snap.Review(member_id=3, passed=None, comment="Chưa kết luận"),
               snap.Review(member_id=4, passed=True, criteria=marks(False, False), recommended_support=5))
    minutes = build_context(_walked(Trigger.RECORD_APPRAISAL, reviews=reviews),
                            catalog["bien_ban_hop_hoi_dong"])["tham_dinh"]
    assert [(c["ten"], c["so_phieu_dat"], c["so_phieu_khong_dat"]) for c in minutes["tieu_chi"]] == [
        ("Tiêu chí 1", 2, 0), ("Tiêu chí 2", 1, 1)]
    assert (minutes["so_phieu_dat"], minutes["so_phieu_khong_dat"]) == (1, 1)
    assert [line.split(":")[1].strip() for line in minutes["khong_tinh"]] == [
        "chưa có kết luận, không được tính", "không biểu quyết, không được tính"]
    assert minutes["kinh_phi_de_nghi"] == 100_000_000


def test_the_minutes_leave_the_meeting_end_as_a_hand_fill_blank_not_none(catalog):
    from dossier.documents.content import check_content

    context = build_context(_walked(Trigger.RECORD_APPRAISAL), catalog["bien_ban_hop_hoi_dong"])
    assert context["hop"]["gio_ket_thuc"] == "…… giờ …… phút"
    assert check_content([f"Cuộc họp kết thúc vào {context['hop']['gio_ket_thuc']} cùng ngày."]) == []


def test_the_items_read_in_a_sentence_keep_their_abbreviations(catalog):
    cnc = snap.Item(position=1, name="Máy chạm khắc gỗ CNC 4 đầu", quantity=1, unit="máy", unit_price=185_000_000,
                    amount=185_000_000)
    snapshot = _walked(Trigger.SUBMIT, items=(cnc,))
    for template_id in ("don_de_nghi_ho_tro", "de_an_khuyen_cong"):
        noi_dung = build_context(snapshot, catalog[template_id])["de_an"]["noi_dung"]
        assert noi_dung == "Hỗ trợ Hộ kinh doanh Trung Tuấn đầu tư máy chạm khắc gỗ CNC 4 đầu.", template_id
