"""Tests for dossier.vn.text."""

from __future__ import annotations

import unicodedata

from dossier.vn.text import fold, in_sentence, nfc, sort_key, vn_upper


def test_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Khánh Hòa")
    assert decomposed != "Khánh Hòa"
    assert nfc(decomposed) == "Khánh Hòa"


def test_fold() -> None:
    assert fold("Máy sấy TÁO") == "may say tao"
    assert fold("  Đồng   Tháp\t") == "dong thap"
    assert fold("Khánh Hoà") == fold("Khánh Hòa") == "khanh hoa"  # old/new tone placement
    assert fold("ƯƠ ơ ư ă â ê ô") == "uo o u a a e o"
    assert fold(unicodedata.normalize("NFD", "Nguyễn")) == "nguyen"


def test_vn_upper() -> None:
    assert vn_upper("Phó chủ tịch") == "PHÓ CHỦ TỊCH"
    assert vn_upper("ủy ban nhân dân tỉnh khánh hòa") == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    assert vn_upper("đơn vị thụ hưởng") == "ĐƠN VỊ THỤ HƯỞNG"
    out = vn_upper(unicodedata.normalize("NFD", "sở công thương"))
    assert out == "SỞ CÔNG THƯƠNG" and unicodedata.is_normalized("NFC", out)


def test_alphabet_order() -> None:
    words = ["đa", "da", "ơ", "ô", "o", "ă", "a", "â", "ư", "u", "ê", "e", "b"]
    assert sorted(words, key=sort_key) == ["a", "ă", "â", "b", "da", "đa", "e", "ê", "o", "ô", "ơ", "u", "ư"]


def test_tones_after_base_letters() -> None:
    words = ["bạ", "bã", "bả", "bá", "bà", "ba", "bác", "bă"]
    assert sorted(words, key=sort_key) == ["ba", "bà", "bá", "bả", "bã", "bạ", "bác", "bă"]


def test_names_and_case() -> None:
    names = ["Đặng Văn B", "Nguyễn Văn A", "an", "Ánh", "Bùi", "Anh"]
    assert sorted(names, key=sort_key) == ["an", "Anh", "Ánh", "Bùi", "Đặng Văn B", "Nguyễn Văn A"]
    assert sort_key("Khánh  Hòa") == sort_key(unicodedata.normalize("NFD", "Khánh Hòa"))


def test_space_sorts_before_letters() -> None:
    assert sorted(["Hoàng Anh", "Hoàng"], key=sort_key) == ["Hoàng", "Hoàng Anh"]
    assert sorted(["ab", "a b"], key=sort_key) == ["a b", "ab"]


def test_in_sentence_lowers_the_first_letter_and_keeps_abbreviations() -> None:
    assert in_sentence("Máy chạm khắc gỗ CNC 4 đầu") == "máy chạm khắc gỗ CNC 4 đầu"
    assert in_sentence("Đợt 2 năm 2026") == "đợt 2 năm 2026"
    assert in_sentence("CNC router 1325") == "CNC router 1325"
    assert in_sentence("  Lò sấy ") == "lò sấy" and in_sentence("") == ""
    assert in_sentence(unicodedata.normalize("NFD", "Ống")) == "ống"
