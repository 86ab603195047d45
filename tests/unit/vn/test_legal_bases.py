"""Tests for dossier.vn.legal_bases and the shipped dossier/data/legal_bases.toml."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from dossier.vn.legal_bases import applicable_bases, bases_for, load_library
from tests.unit.vn.bases_toml import basis, library_file

ND45_2025 = (
    "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công, "
    "được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025;"
)


def test_nd235_not_cited_before_15_october_2025() -> None:
    lines = bases_for("qd_phe_duyet", date(2025, 10, 1))
    assert not any("235/2025/NĐ-CP" in line for line in lines)
    assert "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công;" in lines


def test_nd235_cited_after_15_october_2025() -> None:
    lines = bases_for("qd_phe_duyet", date(2025, 10, 20))
    assert ND45_2025 in lines
    # the effective day itself counts
    assert ND45_2025 in bases_for("qd_phe_duyet", date(2025, 10, 15))
    assert ND45_2025 not in bases_for("qd_phe_duyet", date(2025, 10, 14))


def test_2026_decision_matches_domain_template() -> None:
    """domain.md §5.9 block for a 2026 UBND tỉnh decision (province Khánh Hòa, demo NQ)."""
    lines = bases_for(
        "qd_phe_duyet",
        "2026-02-10",
        province="Khánh Hòa",
        extra=[
            "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 12/TTr-SCT ngày 05 tháng 02 năm 2026"
        ],
    )
    assert lines == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2025;",
        ND45_2025,
        "Căn cứ Thông tư số 46/2012/TT-BCT ngày 28 tháng 12 năm 2012 của Bộ trưởng Bộ Công Thương "
        "quy định chi tiết một số nội dung của Nghị định số 45/2012/NĐ-CP, được sửa đổi, bổ sung bởi "
        "Thông tư số 20/2017/TT-BCT ngày 29 tháng 9 năm 2017;",
        "Căn cứ Thông tư số 28/2018/TT-BTC ngày 28 tháng 3 năm 2018 của Bộ trưởng Bộ Tài chính "
        "hướng dẫn lập, quản lý, sử dụng kinh phí khuyến công, được sửa đổi, bổ sung bởi "
        "Thông tư số 64/2024/TT-BTC ngày 28 tháng 8 năm 2024;",
        "Căn cứ Nghị quyết số 15/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh "
        "Khánh Hòa quy định nội dung chi, mức chi hoạt động khuyến công trên địa bàn tỉnh Khánh Hòa;",
        "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 12/TTr-SCT ngày 05 tháng 02 năm 2026.",
    ]
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)


def test_punctuation_rule() -> None:
    lines = bases_for("hop_dong", date(2026, 3, 1))
    assert lines[0].startswith("Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015")
    assert all(line.endswith(";") for line in lines[:-1])
    assert lines[-1].endswith(".") and not lines[-1].endswith(";.")


def test_budget_law_switches_on_1_january_2026() -> None:
    old = "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"
    new = "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2025;"
    assert old in bases_for("to_trinh", date(2025, 12, 31))
    assert new not in bases_for("to_trinh", date(2025, 12, 31))
    assert new in bases_for("to_trinh", date(2026, 1, 1))


def test_historic_dossiers_cite_what_was_in_force() -> None:
    y2010 = " ".join(bases_for("qd_phe_duyet", date(2010, 6, 1)))
    assert "134/2004/NĐ-CP" in y2010 and "45/2012" not in y2010
    y2016 = " ".join(bases_for("qd_phe_duyet", date(2016, 6, 1)))
    assert "26/2014/TTLT-BTC-BCT" in y2016 and "28/2018/TT-BTC" not in y2016
    assert "20/2017/TT-BCT" not in y2016  # amendment not yet issued
    y2021 = bases_for("qd_phe_duyet", date(2021, 6, 1))
    assert y2021[0] == (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
        "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
    )
    assert "64/2024" not in " ".join(y2021)


def test_province_filter_and_demo_flag() -> None:
    on = date(2026, 3, 1)
    assert not any("NQ-HĐND" in line for line in bases_for("qd_phe_duyet", on))
    assert not any("NQ-HĐND" in line for line in bases_for("qd_phe_duyet", on, province="Phú Thọ"))
    # old-style tone placement "Hoà" still matches
    assert any("NQ-HĐND" in line for line in bases_for("qd_phe_duyet", on, province="Khánh Hoà"))
    assert not any(
        "NQ-HĐND" in line for line in bases_for("qd_phe_duyet", on, province="Khánh Hòa", include_demo=False)
    )
    demo = [b for b in applicable_bases("qd_phe_duyet", on, province="Khánh Hòa") if b.demo]
    assert [b.code for b in demo] == ["khanh-hoa-nq-muc-chi-demo"]


def test_extra_lines_are_normalised() -> None:
    lines = bases_for(
        "hop_dong", date(2026, 3, 1), extra=["Căn cứ Quyết định số 35/QĐ-UBND;", "Theo  đề nghị ."]
    )
    assert lines[-2:] == ["Căn cứ Quyết định số 35/QĐ-UBND;", "Theo đề nghị."]
    with pytest.raises(TypeError):
        bases_for("hop_dong", date(2026, 3, 1), extra="Theo đề nghị")  # type: ignore[arg-type]


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown document kind"):
        bases_for("cong_van_xyz", date(2026, 1, 1))


def test_shipped_library_is_consistent() -> None:
    lib = load_library(Path(__file__).parents[3] / "dossier" / "data" / "legal_bases.toml")
    assert {"qd_phe_duyet", "qd_thanh_lap_hoi_dong", "hop_dong", "to_trinh"} <= lib.document_kinds
    required = {
        "72/2025/QH15",
        "89/2025/QH15",
        "45/2012/NĐ-CP",
        "235/2025/NĐ-CP",
        "46/2012/TT-BCT",
        "20/2017/TT-BCT",
        "28/2018/TT-BTC",
        "64/2024/TT-BTC",
        "91/2015/QH13",
        "134/2004/NĐ-CP",
    }
    assert required <= {b.number for b in lib.bases.values()}
    nd235 = next(b for b in lib.bases.values() if b.number == "235/2025/NĐ-CP")
    assert nd235.valid_from == date(2025, 10, 15) and nd235.amends == "nd-45-2012"
    # chains do not overlap: one Luật Tổ chức chính quyền địa phương at a time
    for day in (date(2016, 1, 1), date(2025, 3, 1), date(2025, 6, 16), date(2026, 1, 1)):
        local_gov = [
            b
            for b in applicable_bases("qd_phe_duyet", day)
            if b.title == "Luật Tổ chức chính quyền địa phương"
        ]
        assert len(local_gov) == 1, day


BASE = basis("a", "1/2020/NĐ-CP", "2020-01-01", "2020-02-01", applies_to='["hop_dong"]')


def test_custom_library_and_amendment_dates(tmp_path: Path) -> None:
    lib = load_library(library_file(
        tmp_path,
        BASE.replace('applies_to = ["hop_dong"]', 'applies_to = ["hop_dong"]\namended_by = ["b", "c"]'),
        basis("b", "2/2021/NĐ-CP", "2021-01-01", "2021-03-01", title="sửa đổi", amends='"a"'),
        basis("c", "3/2022/NĐ-CP", "2022-01-01", "2022-03-01", title="sửa đổi", amends='"a"'),
    ))
    assert bases_for("hop_dong", date(2020, 1, 31), library=lib) == []
    assert bases_for("hop_dong", date(2021, 1, 1), library=lib) == [
        "Căn cứ Nghị định số 1/2020/NĐ-CP ngày 01 tháng 01 năm 2020 của Chính phủ về thử."
    ]
    assert bases_for("hop_dong", date(2022, 5, 1), library=lib) == [
        "Căn cứ Nghị định số 1/2020/NĐ-CP ngày 01 tháng 01 năm 2020 của Chính phủ về thử, được sửa đổi, "
        "bổ sung bởi Nghị định số 2/2021/NĐ-CP ngày 01 tháng 01 năm 2021 và Nghị định số 3/2022/NĐ-CP "
        "ngày 01 tháng 01 năm 2022."
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "nghi_dinh"', 'kind = "sac_lenh"'), "unknown kind"),
        (('applies_to = ["hop_dong"]', 'applies_to = ["xyz"]'), "unknown document kinds"),
        (('applies_to = ["hop_dong"]', 'applies_to = ["hop_dong"]\namended_by = ["zz"]'), "unknown code"),
        (("valid_from = 2020-02-01", "valid_from = 2020-02-01\nvalid_to = 2019-01-01"), "before valid_from"),
        (("signed = 2020-01-01", 'signed = "01/01/2020"'), "TOML date"),
    ],
)
def test_invalid_library_is_rejected(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_library(library_file(tmp_path, BASE.replace(*change)))


def test_duplicate_codes_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        load_library(library_file(tmp_path, BASE, BASE))
