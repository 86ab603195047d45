"""dossier.documents.content.check_content on a document's text (pure: no .docx, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.documents.content import check_content, document_date
from dossier.vn.legal_bases import bases_for

HEAD = ["ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 125/QĐ-UBND"]


def _doc(on: str, *body: str) -> list[str]:
    return [*HEAD, f"Khánh Hòa, {on}", "QUYẾT ĐỊNH", *body]


def _messages(paragraphs: list[str], **kw) -> list[str]:
    return [p.message_en for p in check_content(paragraphs, **kw)]


def test_the_place_date_line_gives_the_date_or_only_the_year_of_a_draft() -> None:
    assert document_date(_doc("ngày 25 tháng 03 năm 2025")) == (date(2025, 3, 25), 2025)
    assert document_date(_doc("ngày      tháng      năm 2025")) == (None, 2025)
    assert document_date(["no date here"]) == (None, None)


def test_a_clean_decision_built_from_the_library_for_its_date_passes() -> None:
    on = date(2025, 3, 25)
    lines = bases_for("qd_phe_duyet", on, province="Khánh Hòa",
                      extra=["Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 04/TTr-SCT "
                             "ngày 14 tháng 3 năm 2025"])
    paragraphs = _doc("ngày 25 tháng 03 năm 2025", *lines, "Cuộc họp bắt đầu lúc …… giờ …… phút",
                      "Ngày ký: ngày …… tháng …… năm ……", "Kèm theo Quyết định số      /QĐ-UBND ngày      tháng"
                      "      năm 2025")
    assert check_content(paragraphs) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Cuộc họp kết thúc vào None", "'None' printed for a missing value"),
    ("Ông/Bà Nguyễn Thị Hồng Nhung, Phó Giám đốc Sở", "literal 'Ông/Bà' (the honorific is data on the person)"),
    ("Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số …/TTr-SCT ngày ….",
     "a cited document has no number"),
    ("Căn cứ Quyết định số … của Ủy ban nhân dân tỉnh;", "a cited document has no number"),
    ("Căn cứ Hợp đồng số 12/2025/HĐ-KC ngày … giữa hai bên;", "an unfilled date 'ngày …'"),
    # a deadline the step did not give, printed as the draft's empty date instead of a hand-fill one
    ("Trung tâm có trách nhiệm thu hồi và nộp trả trước ngày      tháng      năm.", "an empty date 'ngày  tháng  năm'"),
    ("- Năng lực sản xuất hiện tại: 15 lao động; sản phẩm chính: .", "a label with nothing after it ('…: .')"),
    ("- Đã giải ngân 170.000.000 đồng, đạt 3.04% dự toán năm.", "a decimal written with a point"),
    ("- Đã phê duyệt 580.000.000 đồng. ký hợp đồng 340.000.000 đồng.", "a sentence cut by a full stop ('đồng. ký …')"),
])
def test_each_placeholder_is_found(text: str, expected: str) -> None:
    assert expected in _messages(_doc("ngày 25 tháng 03 năm 2025", text))


def test_a_march_2025_decision_citing_later_texts_is_faulted() -> None:
    later = bases_for("qd_phe_duyet", date(2026, 1, 10), province="Khánh Hòa")  # ND 235, Luật NSNN 2025, NQ
    found = check_content(_doc("ngày 25 tháng 03 năm 2025", *later))
    quoted = " ".join(p.quote for p in found)
    assert "235/2025" in quoted and "15/2025/NQ-HĐND" in quoted and "Luật Ngân sách nhà nước" in quoted
    assert all("after the document's date" in p.message_en for p in found)


def test_an_amendment_signed_before_but_in_force_after_the_date_is_faulted() -> None:
    # ND 235/2025 was signed on 27/8/2025 and took effect on 15/10/2025.
    line = bases_for("hop_dong", date(2025, 10, 20))[1]
    assert "235/2025" in line
    assert _messages(_doc("ngày 01 tháng 10 năm 2025", line)) == [
        "cites 235/2025/NĐ-CP, not yet in force on 2025-10-01"]
    assert _messages(_doc("ngày 20 tháng 10 năm 2025", line)) == []


def test_a_draft_is_judged_by_its_year_or_by_the_date_given() -> None:
    line = "Căn cứ Nghị quyết số 15/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh;"
    assert _messages(_doc("ngày      tháng      năm 2025", line)) == []
    assert _messages(_doc("ngày      tháng      năm 2024", line)) != []
    assert _messages(_doc("ngày      tháng      năm 2025", line), on=date(2025, 3, 25)) != []


def test_the_recipients_name_the_article_that_says_who_carries_the_decision_out() -> None:
    body = ["Điều 3. Sở Công Thương hướng dẫn việc thu hồi kinh phí.",
            "Điều 4. Quyết định này có hiệu lực kể từ ngày ký. Giám đốc Sở Công Thương chịu trách nhiệm thi hành "
            "Quyết định này./.", "Nơi nhận:"]
    wrong = "the recipients refer to an article that does not say who carries the decision out"
    assert wrong in _messages(_doc("ngày 01 tháng 9 năm 2026", *body, "- Như Điều 3;", "- Lưu: VT, KT."))
    assert check_content(_doc("ngày 01 tháng 9 năm 2026", *body, "- Như Điều 4;", "- Lưu: VT, KT.")) == []
