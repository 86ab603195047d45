"""Căn cứ chosen by the document's own date: the cases of issue 10 (item 4), with their dates.

A decision of 25/03/2025 and a contract of 10/4/2025 are the demo's settled dossier; the acts and
dates are those of domain.md §1 and §5.9.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dossier.vn.legal_bases import bases_for, load_library
from tests.unit.vn.bases_toml import basis, library_file

DECISION_2025 = date(2025, 3, 25)
CONTRACT_2025 = date(2025, 4, 10)
ND45 = "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công"
TT46 = ("Căn cứ Thông tư số 46/2012/TT-BCT ngày 28 tháng 12 năm 2012 của Bộ trưởng Bộ Công Thương quy định "
        "chi tiết một số nội dung của Nghị định số 45/2012/NĐ-CP, được sửa đổi, bổ sung bởi Thông tư số "
        "20/2017/TT-BCT ngày 29 tháng 9 năm 2017")


def _text(kind: str, on: date, province: str | None = "Khánh Hòa") -> str:
    return "\n".join(bases_for(kind, on, province=province))


@pytest.mark.parametrize("kind", ["qd_phe_duyet", "to_trinh", "qd_thanh_lap_hoi_dong", "hop_dong"])
def test_a_march_2025_document_cites_nothing_issued_after_it(kind: str) -> None:
    text = _text(kind, DECISION_2025)
    assert "235/2025" not in text  # Nghị định 235/2025, 27/8/2025
    assert "89/2025/QH15" not in text and "25 tháng 6 năm 2025" not in text  # Luật NSNN 2025
    assert "NQ-HĐND" not in text  # the provincial resolution of 10/12/2025
    assert ND45 + ";" in text or ND45 + "." in text  # ND 45/2012 alone, no amendment yet


def test_the_march_2025_decision_cites_the_laws_then_in_force() -> None:
    lines = bases_for("qd_phe_duyet", DECISION_2025, province="Khánh Hòa")
    assert lines[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"
    assert lines[1] == "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"


def test_the_april_2025_contract_cites_nd45_without_nd235_and_the_moit_circular() -> None:
    lines = bases_for("hop_dong", CONTRACT_2025, province="Khánh Hòa")
    assert lines[0] == "Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;"
    assert ND45 + ";" in lines
    assert TT46 + ";" in lines
    assert not any("235/2025" in line or "NQ-HĐND" in line for line in lines)


def test_the_same_contract_after_15_october_2025_cites_the_amendment() -> None:
    lines = bases_for("hop_dong", date(2025, 10, 20), province="Khánh Hòa")
    assert ND45 + ", được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025;" in lines


def test_the_provincial_resolution_only_once_in_force() -> None:
    assert "15/2025/NQ-HĐND" not in _text("qd_phe_duyet", date(2025, 12, 31))
    assert "15/2025/NQ-HĐND" in _text("qd_phe_duyet", date(2026, 1, 1))
    assert "15/2025/NQ-HĐND" not in _text("qd_phe_duyet", date(2026, 1, 1), province="Lâm Đồng")


def test_a_text_is_never_cited_before_its_signing_even_if_its_effect_date_is_earlier(tmp_path: Path) -> None:
    # A mistyped effective date (before the signing) must not let an earlier document cite it.
    lib = load_library(library_file(
        tmp_path, basis("a", "9/2025/NĐ-CP", "2025-08-27", "2025-01-01", applies_to='["hop_dong"]')))
    assert bases_for("hop_dong", date(2025, 8, 26), library=lib) == []
    assert bases_for("hop_dong", date(2025, 8, 27), library=lib) == [
        "Căn cứ Nghị định số 9/2025/NĐ-CP ngày 27 tháng 8 năm 2025 của Chính phủ về thử."]


def test_the_ninh_thuan_resolution_from_its_effect_date_and_only_for_ninh_thuan() -> None:
    assert "10/2025/NQ-HĐND" not in _text("hop_dong", date(2025, 5, 8), province="Ninh Thuận")
    lines = bases_for("hop_dong", date(2025, 6, 10), province="Ninh Thuận")
    assert lines[-1] == ("Căn cứ Nghị quyết số 10/2025/NQ-HĐND ngày 28 tháng 4 năm 2025 của Hội đồng nhân dân "
                         "tỉnh Ninh Thuận quy định mức chi các hoạt động khuyến công trên địa bàn tỉnh Ninh Thuận.")
    assert "10/2025/NQ-HĐND" not in _text("qd_phe_duyet", DECISION_2025, province="Ninh Thuận")
    assert "10/2025/NQ-HĐND" not in _text("hop_dong", date(2025, 6, 10), province="Khánh Hòa")
