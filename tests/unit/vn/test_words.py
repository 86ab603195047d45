"""Tests for dossier.vn.words (domain.md §5.8)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.vn.words import amount_in_words, number_to_words

# Test vectors of domain.md §5.8, verbatim.
DOMAIN_VECTORS = [
    (130_000_000, "Một trăm ba mươi triệu đồng"),
    (160_000_000, "Một trăm sáu mươi triệu đồng"),
    (290_000_000, "Hai trăm chín mươi triệu đồng"),
    (2_874_000_000, "Hai tỷ tám trăm bảy mươi tư triệu đồng"),
    (21_500_000, "Hai mươi mốt triệu năm trăm nghìn đồng"),
    (15_015_000, "Mười lăm triệu không trăm mười lăm nghìn đồng"),
    (405_000_000, "Bốn trăm linh năm triệu đồng"),
    (1_000_001, "Một triệu không trăm linh một đồng"),
]


@pytest.mark.parametrize(("amount", "expected"), DOMAIN_VECTORS)
def test_domain_vectors(amount: int, expected: str) -> None:
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (9, "chín"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (19, "mười chín"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (31, "ba mươi mốt"),
        (44, "bốn mươi tư"),
        (55, "năm mươi lăm"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (999, "chín trăm chín mươi chín"),
        (1_000, "một nghìn"),
        (1_001, "một nghìn không trăm linh một"),
        (1_010, "một nghìn không trăm mười"),
        (1_100, "một nghìn một trăm"),
        (2_001, "hai nghìn không trăm linh một"),
        (10_001, "mười nghìn không trăm linh một"),
        (15_000, "mười lăm nghìn"),
        (21_000, "hai mươi mốt nghìn"),
        (105_000, "một trăm linh năm nghìn"),
        (100_000, "một trăm nghìn"),
        (1_000_000, "một triệu"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_050_000, "một triệu không trăm năm mươi nghìn"),
        (10_000_000, "mười triệu"),
        (300_000_000, "ba trăm triệu"),
        (1_000_000_000, "một tỷ"),
        (1_000_050_000, "một tỷ không trăm năm mươi nghìn"),
        (1_000_000_001, "một tỷ không trăm linh một"),
        (10_000_000_000, "mười tỷ"),
        (100_000_000_000, "một trăm tỷ"),
        (10**12, "một nghìn tỷ"),
        (10**12 + 1, "một nghìn tỷ không trăm linh một"),
        (1_500_000_000_000, "một nghìn năm trăm tỷ"),
        (2_001_000_000_000, "hai nghìn không trăm linh một tỷ"),
        (10**15, "một triệu tỷ"),
        (10**15 + 5_000, "một triệu tỷ không trăm linh năm nghìn"),
        (10**18, "một tỷ tỷ"),
        (10**18 + 10**9, "một tỷ không trăm linh một tỷ"),
        (
            123_456_789,
            "một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín",
        ),
    ],
)
def test_number_to_words(n: int, expected: str) -> None:
    assert number_to_words(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    # one non-zero digit at every position 10^0 .. 10^12
    [
        (7, "bảy"),
        (70, "bảy mươi"),
        (700, "bảy trăm"),
        (7_000, "bảy nghìn"),
        (70_000, "bảy mươi nghìn"),
        (700_000, "bảy trăm nghìn"),
        (7_000_000, "bảy triệu"),
        (70_000_000, "bảy mươi triệu"),
        (700_000_000, "bảy trăm triệu"),
        (7_000_000_000, "bảy tỷ"),
        (70_000_000_000, "bảy mươi tỷ"),
        (700_000_000_000, "bảy trăm tỷ"),
        (7_000_000_000_000, "bảy nghìn tỷ"),
    ],
)
def test_every_digit_position(n: int, expected: str) -> None:
    assert number_to_words(n) == expected


def test_amount_zero_and_capitalisation() -> None:
    assert amount_in_words(0) == "Không đồng"
    assert amount_in_words(1) == "Một đồng"
    assert amount_in_words(15_000) == "Mười lăm nghìn đồng"


def test_output_is_nfc() -> None:
    text = amount_in_words(2_874_415_000)
    assert unicodedata.is_normalized("NFC", text)


def test_integral_decimal_is_accepted() -> None:
    assert amount_in_words(Decimal("130000000")) == "Một trăm ba mươi triệu đồng"
    assert number_to_words(Decimal("105.00")) == "một trăm linh năm"


@pytest.mark.parametrize("bad", [1.0, 130e6, True, False, "130000000", None, Decimal("1.5")])
def test_refuses_non_integers(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)) as info:
        amount_in_words(bad)  # type: ignore[arg-type]
    assert "amount" in str(info.value)


def test_float_message_is_clear() -> None:
    with pytest.raises(TypeError, match="not a float"):
        number_to_words(5.0)  # type: ignore[arg-type]


def test_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(-1)
    with pytest.raises(ValueError, match="negative"):
        number_to_words(-1000)


# --- property test: an independent reader parses the words back -----------------

_DIGIT_VALUE = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def _read_small(tokens: list[str]) -> int:
    """Parse 0..999 ("một trăm linh năm", "hai mươi tư", "mười lăm")."""
    assert tokens, "empty group"
    total, pending = 0, None
    for tok in tokens:
        if tok in _DIGIT_VALUE:
            assert pending is None, f"two digits in a row: {tokens}"
            pending = _DIGIT_VALUE[tok]
        elif tok == "trăm":
            total += pending * 100
            pending = None
        elif tok == "mươi":
            assert pending is not None and pending >= 2
            total += pending * 10
            pending = None
        elif tok == "mười":
            total += 10
        elif tok == "linh":
            pass
        else:
            raise AssertionError(f"unexpected word {tok!r}")
    return total + (pending or 0)


def _read_below_billion(tokens: list[str]) -> int:
    total = 0
    for unit, size in (("triệu", 10**6), ("nghìn", 10**3)):
        if unit in tokens:
            i = tokens.index(unit)
            total += _read_small(tokens[:i]) * size
            tokens = tokens[i + 1 :]
    return total + (_read_small(tokens) if tokens else 0)


def _read_words(text: str) -> int:
    tokens = text.split()
    if "tỷ" in tokens:
        last = len(tokens) - 1 - tokens[::-1].index("tỷ")
        rest = tokens[last + 1 :]
        return _read_words(" ".join(tokens[:last])) * 10**9 + (_read_below_billion(rest) if rest else 0)
    return _read_below_billion(tokens)


@settings(max_examples=600, deadline=None)
@given(st.integers(min_value=0, max_value=10**18))
def test_round_trip(n: int) -> None:
    text = number_to_words(n)
    assert _read_words(text) == n
    # house-style invariants that a value check alone would miss
    for wrong in ("mươi một", "mươi năm", "mươi bốn", "mười năm", "mười mốt", "mười tư"):
        assert wrong not in text, (n, text)
    assert "linh lăm" not in text and "linh mốt" not in text and "linh tư" not in text
    assert "  " not in text and text == text.strip()


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**15))
def test_inner_groups_keep_khong_tram(n: int) -> None:
    """Every non-leading group of three is read with its hundreds digit."""
    text = number_to_words(n)
    # each "linh" must be preceded by "<digit> trăm"
    tokens = text.split()
    for i, tok in enumerate(tokens):
        if tok == "linh":
            assert tokens[i - 1] == "trăm"
