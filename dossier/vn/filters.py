"""The Jinja filters templates may use — the only ones (docs/CONTRACTS.md).

Template context values are plain JSON types: money is an int of đồng, dates are ISO
"YYYY-MM-DD" strings (or null for a draft), percentages an int or a decimal string.
A wrong type (a float amount, a date given as "05/01/2026") raises a TypeError /
ValueError naming the filter, so a broken template fails loudly at render time
instead of printing a wrong figure into an official document.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from dossier.vn._checks import as_whole_int
from dossier.vn.dates import format_date, short_date
from dossier.vn.numbers import format_money, format_percent
from dossier.vn.text import vn_upper
from dossier.vn.words import amount_in_words


def so_thu_tu(n: int) -> str:
    """Ordinal / sequence number with at least two digits: 1 → "01", 12 → "12"."""
    n = as_whole_int(n, "number")
    if n < 0:
        raise ValueError(f"number must not be negative, got {n}")
    return f"{n:02d}"


def hoa(s: str) -> str:
    """Vietnamese upper case (keeps diacritics); only strings, so "None" never gets printed."""
    if not isinstance(s, str):
        raise TypeError(f"expected a string, got {type(s).__name__} ({s!r})")
    return vn_upper(s)


def _named(name: str, fn: Callable[..., str]) -> Callable[..., str]:
    """Wrap ``fn`` so its errors say which template filter failed."""

    @wraps(fn)
    def wrapper(value: Any, *args: Any, **kwargs: Any) -> str:
        try:
            return fn(value, *args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"filter '{name}': {exc}") from exc

    return wrapper


FILTERS: dict[str, Callable[..., str]] = {
    "tien": _named("tien", format_money),
    "bang_chu": _named("bang_chu", amount_in_words),
    "ngay": _named("ngay", format_date),
    "ngay_so": _named("ngay_so", short_date),
    "phan_tram": _named("phan_tram", format_percent),
    "hoa": _named("hoa", hoa),
    "so_thu_tu": _named("so_thu_tu", so_thu_tu),
}
