"""What the rendered pages of walked dossiers showed a reader (issue 10: every template looked at
as PDF pages, from a dossier that moved through the workflow, not from its sample): each test
walks a dossier and reads the documents it produced."""

from __future__ import annotations

from dossier.documents.content import check_content
from tests.core.helpers import new_dossier, walk_dossier
from tests.documents.test_walked_content import texts
from workflows import Status as S


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_an_unstated_capacity_is_a_hand_fill_blank_not_the_workers_and_products_again(db, users):
    """KC-2025-001's Đơn read "- Năng lực sản xuất hiện tại: 15 lao động; sản phẩm chính: ." under
    "- Số lao động hiện có: 15 người." (the Đề án the same): the workers twice, an empty products."""
    dossier_id = new_dossier(db, users)  # the applicant states no capacity
    walk_dossier(db, users, dossier_id, S.SUBMITTED)
    found = texts(db, dossier_id)
    for template, label in (("don_de_nghi_ho_tro", "- Năng lực sản xuất hiện tại:"),
                            ("de_an_khuyen_cong", "- Năng lực hiện tại:")):
        text = found[template][0]
        assert _line(text, label) == f"{label} ……………………."
        assert "lao động; sản phẩm chính" not in text
        # nor an empty telephone ("điện thoại: .") for an applicant who gave none
        assert _line(text, "- Địa chỉ:").endswith("; điện thoại: …………………….")
        assert [p for p in check_content(text.splitlines()) if "label" in p.message_en] == []


def _recipients(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("Nơi nhận:") + 1
    return [line for line in lines[start:] if line.startswith("- ")][:8]


def test_recipients_name_the_trung_tam_of_the_day_and_the_leaders_whoever_signs(db, users):
    """The Tờ trình and the Thông báo sent a copy to "Trung tâm Khuyến công" while the đề án's
    Trung tâm was the Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận; the Giấy
    mời the Giám đốc signed sent one to "Giám đốc Sở (để báo cáo)"."""
    from workflows import Trigger as T

    revised = new_dossier(db, users)
    walk_dossier(db, users, revised, S.REVISION_REQUESTED,
                 inputs={T.REQUEST_REVISION: {"missing_items": ["Báo giá của 03 nhà cung cấp"]}})
    notice = texts(db, revised)["thong_bao_yeu_cau_bo_sung"][0]
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, S.SUBMITTED_FOR_APPROVAL)
    found = texts(db, dossier_id)
    submission = found["to_trinh_phe_duyet"][0]
    centre = _line(submission, "- Đơn vị thực hiện: ").removeprefix("- Đơn vị thực hiện: ").rstrip(".")
    assert centre.startswith("Trung tâm") and centre != "Trung tâm Khuyến công"
    for text in (submission, notice):
        assert f"- {centre};" in _recipients(text), _recipients(text)
        assert "- Trung tâm Khuyến công;" not in _recipients(text)
    invitation = _recipients(found["giay_moi_hop_hoi_dong"][0])
    assert "- Ban Giám đốc Sở;" in invitation and not any("để báo cáo" in r for r in invitation)

