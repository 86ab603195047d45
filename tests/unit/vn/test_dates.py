"""Tests for dossier.vn.dates (domain.md §5.5)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from dossier.vn.dates import BLANK, format_date, format_time, place_date_line, short_date


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
        (date(2025, 9, 23), "ngày 23 tháng 9 năm 2025"),
        (date(2025, 10, 28), "ngày 28 tháng 10 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
        (datetime(2026, 1, 5, 14, 30), "ngày 05 tháng 01 năm 2026"),
        ("2026-01-09", "ngày 09 tháng 01 năm 2026"),
        ("2026-01-09T08:00:00", "ngày 09 tháng 01 năm 2026"),
    ],
)
def test_format_date(d: object, expected: str) -> None:
    assert format_date(d) == expected  # type: ignore[arg-type]


def test_every_month_padding() -> None:
    months = [format_date(date(2026, m, 10)).split()[3] for m in range(1, 13)]
    assert months == ["01", "02", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]


def test_draft_forms_use_the_documented_blank() -> None:
    assert BLANK == " " * 6
    assert format_date(None) == "ngày      tháng      năm"
    assert format_date(None, year=2026) == "ngày      tháng      năm 2026"
    assert short_date(None, year=2026) == "      /      /2026"
    assert short_date(None) == "      /      /      "


def test_year_must_match_date() -> None:
    assert format_date(date(2026, 1, 5), year=2026) == "ngày 05 tháng 01 năm 2026"
    with pytest.raises(ValueError, match="does not match"):
        format_date(date(2026, 1, 5), year=2025)


@pytest.mark.parametrize("bad", ["05/01/2026", "2026-13-01", "20260105", "", "2026-1-5"])
def test_bad_strings(bad: str) -> None:
    with pytest.raises(ValueError, match="ISO date"):
        format_date(bad)


@pytest.mark.parametrize("bad", [20260105, 1.5, ["2026-01-05"]])
def test_bad_types(bad: object) -> None:
    with pytest.raises(TypeError):
        format_date(bad)  # type: ignore[arg-type]


def test_place_date_line() -> None:
    assert place_date_line("Khánh Hòa", date(2026, 1, 5)) == "Khánh Hòa, ngày 05 tháng 01 năm 2026"
    assert place_date_line("Phú Thọ", "2025-10-28") == "Phú Thọ, ngày 28 tháng 10 năm 2025"
    assert place_date_line("Khánh Hòa", None, 2026) == "Khánh Hòa, ngày      tháng      năm 2026"
    # decomposed input comes out NFC
    assert place_date_line("Kha\u0301nh Ho\u0300a", None) == "Khánh Hòa, ngày      tháng      năm"
    with pytest.raises(ValueError):
        place_date_line("  ", date(2026, 1, 5))


def test_short_date() -> None:
    assert short_date(date(2026, 1, 5)) == "05/01/2026"
    assert short_date("2025-10-28") == "28/10/2025"
    assert short_date(datetime(2025, 3, 7, 9, 0)) == "07/03/2025"


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (time(14, 30), "14 giờ 30 phút"),
        (time(8, 0), "08 giờ 00 phút"),
        (datetime(2026, 1, 5, 7, 5), "07 giờ 05 phút"),
        ("08:00", "08 giờ 00 phút"),
        ("2026-01-05T16:45:00", "16 giờ 45 phút"),
    ],
)
def test_format_time(t: object, expected: str) -> None:
    assert format_time(t) == expected  # type: ignore[arg-type]


def test_format_time_bad() -> None:
    with pytest.raises(ValueError):
        format_time("8h30")
    with pytest.raises(TypeError):
        format_time(830)  # type: ignore[arg-type]
