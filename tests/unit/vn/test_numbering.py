"""Tests for dossier.vn.numbering (domain.md §5.3)."""

from __future__ import annotations

import unicodedata

import pytest

from dossier.vn.numbering import TYPE_ABBREVIATIONS, document_number, document_symbol


def test_examples() -> None:
    assert document_number(5, "QĐ", "SCT") == "Số: 05/QĐ-SCT"
    assert document_number(123, "QĐ", "UBND") == "Số: 123/QĐ-UBND"
    assert document_number(45, "TTr", "SCT") == "Số: 45/TTr-SCT"
    assert document_number(7, "BB", "HĐTĐ") == "Số: 07/BB-HĐTĐ"
    assert document_number(5, "HĐ", "TTKC", year=2026) == "Số: 05/2026/HĐ-TTKC"
    assert document_number(10, "TB", "TTKC&XTTM") == "Số: 10/TB-TTKC&XTTM"


def test_draft_has_six_space_blank() -> None:
    assert document_number(None, "QĐ", "SCT") == "Số:      /QĐ-SCT"
    assert document_number(None, "QĐ", "UBND") == "Số:" + " " * 6 + "/QĐ-UBND"
    assert document_number(None, "HĐ", "TTKC", year=2026) == "Số:      /2026/HĐ-TTKC"


def test_cong_van_without_type() -> None:
    assert document_number(1234, None, "SCT-QLCN") == "Số: 1234/SCT-QLCN"


def test_symbol_without_label() -> None:
    assert document_symbol(5, "QĐ", "SCT") == "05/QĐ-SCT"
    assert document_symbol(None, "GM", "SCT") == "      /GM-SCT"


def test_decomposed_abbreviation_is_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "QĐ")  # Đ has no decomposition, but check anyway
    assert document_number(1, decomposed, "SCT") == "Số: 01/QĐ-SCT"


@pytest.mark.parametrize("bad", ["Q Đ", "qđ", "", "QĐ-", "Q/Đ", "Quyết định"])
def test_invalid_type(bad: str) -> None:
    with pytest.raises(ValueError, match="type abbreviation"):
        document_number(1, bad, "SCT")


@pytest.mark.parametrize("bad", ["sct", "S CT", "", "-SCT", "SCT-", "SCT/QLCN", "Sở"])
def test_invalid_issuer(bad: str) -> None:
    with pytest.raises(ValueError, match="issuer abbreviation"):
        document_number(1, "QĐ", bad)


@pytest.mark.parametrize("bad", [0, -3])
def test_invalid_number(bad: int) -> None:
    with pytest.raises(ValueError):
        document_number(bad, "QĐ", "SCT")


@pytest.mark.parametrize("bad", [True, 5.0, "05"])
def test_number_type(bad: object) -> None:
    with pytest.raises(TypeError):
        document_number(bad, "QĐ", "SCT")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [26, 20266, True])
def test_invalid_year(bad: object) -> None:
    with pytest.raises(ValueError, match="year"):
        document_number(1, "HĐ", "TTKC", year=bad)  # type: ignore[arg-type]


def test_abbreviation_table() -> None:
    expected = {
        "quyet_dinh": "QĐ",
        "to_trinh": "TTr",
        "bien_ban": "BB",
        "hop_dong": "HĐ",
        "thong_bao": "TB",
        "giay_moi": "GM",
        "bao_cao": "BC",
        "ke_hoach": "KH",
        "quy_dinh": "QyĐ",
        "chuong_trinh": "CTr",
        "ban_trich_sao": "TrS",
    }
    for key, abbr in expected.items():
        assert TYPE_ABBREVIATIONS[key] == abbr
    assert len(set(TYPE_ABBREVIATIONS.values())) == len(TYPE_ABBREVIATIONS)
    for abbr in TYPE_ABBREVIATIONS.values():
        assert unicodedata.is_normalized("NFC", abbr)
        document_symbol(1, abbr, "SCT")  # every table entry is accepted
