"""Tests for dossier.vn.numbers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from dossier.vn.numbers import (
    counterpart_percent,
    format_money,
    format_percent,
    parse_money,
    percent,
    share_pair,
    support_percent,
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "0"),
        (5, "5"),
        (999, "999"),
        (1_000, "1.000"),
        (130_000_000, "130.000.000"),
        (2_874_000_000, "2.874.000.000"),
        (10**12, "1.000.000.000.000"),
        (-1_500_000, "-1.500.000"),
        (Decimal("290000000"), "290.000.000"),
    ],
)
def test_format_money(amount: int, expected: str) -> None:
    assert format_money(amount) == expected


@pytest.mark.parametrize("bad", [1.5, 130e6, True, "130000000", None, Decimal("0.5")])
def test_format_money_refuses_non_integers(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        format_money(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("44.82"), 2, "44,82"),
        (Decimal("44.825"), 2, "44,83"),  # half-up, not banker's rounding
        (Decimal("44.815"), 2, "44,82"),
        (50, 2, "50,00"),
        (Decimal("7.5"), 0, "8"),
        (Decimal("7.5"), 1, "7,5"),
        ("55.18", 2, "55,18"),
        (Fraction(13000, 290), 2, "44,83"),  # 44.8275… exactly, no float detour
        (Fraction(1, 3), 4, "0,3333"),
        (Fraction(-1, 8), 2, "-0,13"),
        (Decimal("-2.345"), 2, "-2,35"),
    ],
)
def test_format_percent(value: object, places: int, expected: str) -> None:
    assert format_percent(value, places) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [44.82, True, None, [1]])
def test_format_percent_refuses_floats_and_others(bad: object) -> None:
    with pytest.raises(TypeError):
        format_percent(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity"])
def test_format_percent_refuses_bad_strings(bad: str) -> None:
    with pytest.raises(ValueError):
        format_percent(bad)


def test_format_percent_refuses_bad_places() -> None:
    with pytest.raises(ValueError):
        format_percent(1, -1)


def test_support_percent_is_half_up_on_exact_value() -> None:
    # Ninh Thuận example (domain.md §6): 130 of 290 million = 44.8275…%
    assert support_percent(130_000_000, 290_000_000) == Decimal("44.83")
    assert support_percent(1, 8) == Decimal("12.50")
    assert support_percent(1, 3) == Decimal("33.33")
    assert support_percent(2, 3) == Decimal("66.67")
    assert support_percent(0, 5) == Decimal("0.00")
    assert support_percent(300, 300) == Decimal("100.00")


def test_shares_add_up_to_100() -> None:
    s = support_percent(130_000_000, 290_000_000)
    c = counterpart_percent(130_000_000, 290_000_000)
    assert s + c == Decimal("100.00")
    assert format_percent(c) == "55,17"


@pytest.mark.parametrize(("support", "total"), [(1, 0), (1, -5), (-1, 10)])
def test_support_percent_bad_values(support: int, total: int) -> None:
    with pytest.raises(ValueError):
        support_percent(support, total)


def test_support_percent_refuses_floats() -> None:
    with pytest.raises(TypeError):
        support_percent(1.0, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(("raw", "expected"), [
    ("130.000.000 đ", 130_000_000), ("130.000.000đ", 130_000_000), ("130,000,000 đồng", 130_000_000),
    ("130 000 000", 130_000_000), ("130\u00a0000\u00a0000 VNĐ", 130_000_000), (" 130000000 ", 130_000_000),
    ("0", 0), (65_000_000, 65_000_000), (1e8, 100_000_000), (Decimal("5000"), 5000),
])
def test_parse_money_accepts_what_people_type(raw: object, expected: int) -> None:
    assert parse_money(raw) == expected


@pytest.mark.parametrize("bad", ["", "abc", "1,5", "1.30.000", "130.000,000", "-5", "12.5", "1" * 17, True, 1.5, -3])
def test_parse_money_refuses_what_it_would_have_to_guess(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_money(bad)


def test_the_form_and_the_step_inputs_read_money_alike() -> None:
    from workflows.inputs import Input, InputErrors, parse_inputs

    spec = (Input("contract_value", "Giá trị hợp đồng", "money"),)
    assert parse_inputs(spec, {"contract_value": "130.000.000 đ"}) == {"contract_value": 130_000_000}
    with pytest.raises(InputErrors) as refused:
        parse_inputs(spec, {"contract_value": "1,5"})
    assert "ví dụ 130.000.000" in refused.value.errors["contract_value"]


def test_one_percent_rule_everywhere() -> None:
    """130/290 = 44,8275…: half-up gives 44,83 in guards, documents and reports alike."""
    from workflows.guards import _percent_text

    assert percent(130, 290) == Decimal("44.83") == support_percent(130_000_000, 290_000_000)
    assert share_pair(130_000_000, 290_000_000) == ("44,83", "55,17")
    assert _percent_text(Fraction(130, 290)) == "44,83" and _percent_text(Fraction(1, 2)) == "50"
    assert format_percent(Decimal("12.50"), trim=True) == "12,5" and format_percent(70, trim=True) == "70"
    assert share_pair(0, 0) == ("0", "0")
