"""Dates and times as written in official documents (ND 30/2020, domain.md §5.5).

"ngày 05 tháng 01 năm 2026": the day gets a leading zero below 10; only months
1 and 2 get one ("01", "02") — "tháng 3" … "tháng 12" are written without it.

Drafts: numbers and dates are given by the văn thư on issue day, so a draft shows
blanks. Every blank in this package is ``BLANK`` = 6 spaces (the same gap as in
"Số:      /QĐ-SCT"), wide enough to be filled in by hand on paper:

    format_date(None)              → "ngày      tháng      năm"
    format_date(None, year=2026)   → "ngày      tháng      năm 2026"
    short_date(None, year=2026)    → "      /      /2026"
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from dossier.vn.text import nfc

BLANK = " " * 6
# Extended ISO only ("2026-01-05", optionally followed by a time): "20260105" is refused.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].+)?")
DateLike = date | datetime | str


def to_date(d: DateLike) -> date:
    """A ``date`` from a date, datetime or ISO string ("2026-01-05", "2026-01-05T08:00:00")."""
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    if isinstance(d, str):
        text = d.strip()
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(f"not an ISO date (YYYY-MM-DD): {d!r}")
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text).date()
        except ValueError:
            raise ValueError(f"not an ISO date (YYYY-MM-DD): {d!r}") from None
    raise TypeError(f"expected a date, datetime or ISO date string, got {type(d).__name__} ({d!r})")


def _check_year(year: int | None) -> None:
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999):
        raise ValueError(f"year must be an int between 1 and 9999, got {year!r}")


def _day(day: int) -> str:
    return f"{day:02d}"


def _month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def format_date(d: DateLike | None, *, year: int | None = None) -> str:
    """ "ngày 05 tháng 01 năm 2026"; ``None`` → the blank draft form (with ``year`` if given)."""
    _check_year(year)
    if d is None:
        tail = f" {year}" if year is not None else ""
        return f"ngày{BLANK}tháng{BLANK}năm{tail}"
    value = to_date(d)
    if year is not None and year != value.year:
        raise ValueError(f"year {year} does not match the date {value.isoformat()}")
    return f"ngày {_day(value.day)} tháng {_month(value.month)} năm {value.year}"


def place_date_line(place: str, d: DateLike | None, year: int | None = None) -> str:
    """Ô số 4: "Khánh Hòa, ngày 05 tháng 01 năm 2026" (draft: blanks, year if known)."""
    if not isinstance(place, str) or not place.strip():
        raise ValueError("place must be a non-empty string (e.g. the province name)")
    return f"{nfc(place.strip())}, {format_date(d, year=year)}"


def short_date(d: DateLike | None, *, year: int | None = None) -> str:
    """ "05/01/2026" (tables, Căn cứ lines); ``None`` → "      /      /2026" or blanks."""
    _check_year(year)
    if d is None:
        return f"{BLANK}/{BLANK}/{year if year is not None else BLANK}"
    value = to_date(d)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_time(t: time | datetime | str) -> str:
    """Clock time in minutes and hours, both two digits: "14 giờ 30 phút", "08 giờ 00 phút".

    Used in biên bản ("Thời gian bắt đầu: 08 giờ 00 phút, ngày …"). Accepts a time,
    a datetime or an ISO string ("08:00", "2026-01-05T08:00").
    """
    if isinstance(t, datetime):
        value = t.time()
    elif isinstance(t, time):
        value = t
    elif isinstance(t, str):
        text = t.strip()
        try:
            has_date = "T" in text or " " in text
            value = datetime.fromisoformat(text).time() if has_date else time.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO time (HH:MM): {t!r}") from None
    else:
        raise TypeError(f"expected a time, datetime or ISO time string, got {type(t).__name__} ({t!r})")
    return f"{value.hour:02d} giờ {value.minute:02d} phút"
