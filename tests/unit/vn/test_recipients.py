"""Tests for dossier.vn.recipients (ô số 9b)."""

from __future__ import annotations

import pytest

from dossier.vn.recipients import recipient_lines


def test_basic() -> None:
    assert recipient_lines(["Như Điều 3", "Sở Tài chính"], ["QLCN"]) == [
        "- Như Điều 3;",
        "- Sở Tài chính;",
        "- Lưu: VT, QLCN.",
    ]


def test_existing_punctuation_is_normalised() -> None:
    lines = recipient_lines(["- Như Điều 3;", "  Kho bạc Nhà nước tỉnh. "], ["VT", "KT", "Ng(05)"])
    assert lines == ["- Như Điều 3;", "- Kho bạc Nhà nước tỉnh;", "- Lưu: VT, KT, Ng(05)."]


def test_only_archive() -> None:
    assert recipient_lines([], []) == ["- Lưu: VT."]


def test_shape_invariants() -> None:
    lines = recipient_lines(["CT, các PCT UBND tỉnh", "Bộ Công Thương (Cục ĐMST, CĐX&KC)"], ["KT"])
    assert all(line.startswith("- ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1])
    assert lines[-1].startswith("- Lưu: VT") and lines[-1].endswith(".")


def test_errors() -> None:
    with pytest.raises(ValueError):
        recipient_lines(["  ; "], [])
    with pytest.raises(TypeError):
        recipient_lines("Sở Tài chính", [])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        recipient_lines([None], [])  # type: ignore[list-item]
