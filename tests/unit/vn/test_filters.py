"""Tests for dossier.vn.filters (the template filter set of docs/CONTRACTS.md)."""

from __future__ import annotations

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from dossier.vn.filters import FILTERS


def test_exact_filter_set() -> None:
    assert set(FILTERS) == {"tien", "bang_chu", "ngay", "ngay_so", "phan_tram", "hoa", "so_thu_tu"}


def test_plain_context_types() -> None:
    assert FILTERS["tien"](130_000_000) == "130.000.000"
    assert FILTERS["bang_chu"](130_000_000) == "Một trăm ba mươi triệu đồng"
    assert FILTERS["ngay"]("2026-01-05") == "ngày 05 tháng 01 năm 2026"
    assert FILTERS["ngay"](None) == "ngày      tháng      năm"
    assert FILTERS["ngay_so"]("2026-01-05") == "05/01/2026"
    assert FILTERS["phan_tram"]("44.82") == "44,82"
    assert FILTERS["phan_tram"](50) == "50,00"
    assert FILTERS["hoa"]("Sở Công Thương") == "SỞ CÔNG THƯƠNG"
    assert FILTERS["so_thu_tu"](1) == "01"
    assert FILTERS["so_thu_tu"](12) == "12"
    assert FILTERS["so_thu_tu"](123) == "123"


@pytest.mark.parametrize(
    ("name", "value", "exc"),
    [
        ("tien", 1.5e8, TypeError),
        ("tien", "130000000", TypeError),
        ("bang_chu", 130000000.0, TypeError),
        ("bang_chu", -5, ValueError),
        ("ngay", "05/01/2026", ValueError),
        ("ngay", 20260105, TypeError),
        ("ngay_so", "hôm nay", ValueError),
        ("phan_tram", 44.82, TypeError),
        ("hoa", None, TypeError),
        ("so_thu_tu", 1.0, TypeError),
        ("so_thu_tu", -1, ValueError),
    ],
)
def test_wrong_types_fail_with_filter_name(name: str, value: object, exc: type[Exception]) -> None:
    with pytest.raises(exc, match=f"filter '{name}'"):
        FILTERS[name](value)


def test_in_sandboxed_jinja() -> None:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    tpl = env.from_string(
        "{{ tong | tien }} đồng (Bằng chữ: {{ tong | bang_chu }}); {{ ngay_ky | ngay }}; "
        "{{ ty_le | phan_tram }}%; {{ ten | hoa }}; {{ stt | so_thu_tu }}"
    )
    out = tpl.render(
        tong=290_000_000, ngay_ky="2026-02-03", ty_le="44.83", ten="trung tâm khuyến công", stt=3
    )
    assert out == (
        "290.000.000 đồng (Bằng chữ: Hai trăm chín mươi triệu đồng); ngày 03 tháng 02 năm 2026; "
        "44,83%; TRUNG TÂM KHUYẾN CÔNG; 03"
    )
    with pytest.raises(TypeError, match="filter 'tien'"):
        env.from_string("{{ x | tien }}").render(x=1.5)
    # keyword arguments pass through the wrapper
    assert env.from_string("{{ d | ngay(year=2026) }}").render(d=None) == "ngày      tháng      năm 2026"
