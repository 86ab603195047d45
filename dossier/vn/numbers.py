"""Money and percentages in Vietnamese notation: "130.000.000", "44,83".

Vietnamese documents use "." as thousands separator and "," as decimal mark.
Percentages are computed with Decimal/Fraction only: a float such as
0.4482758620689655 would make rounding at the second decimal unreliable.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from dossier.vn._checks import as_whole_int

_HUNDRED = Decimal(100)
_CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd)\s*$")
# Plain digits, or groups of three split by one separator used throughout ("130.000.000",
# "130,000,000", "130 000 000"): "1,5" or "1.30.000" are refused rather than guessed at.
_GROUPED = re.compile(r"\d+|\d{1,3}(?:(?P<sep>[., \u00a0\u202f])\d{3})(?:(?P=sep)\d{3})*")
MAX_MONEY_DIGITS = 16  # 10^16 đồng is far beyond any budget; longer input is a typing error


def format_money(amount: int) -> str:
    """Whole đồng with "." thousands separators; negatives get a leading "-"."""
    amount = as_whole_int(amount, "amount")
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def parse_money(raw: object) -> int:
    """Whole đồng from what a person or a spreadsheet gives: 130000000, "130.000.000 đ",
    "130,000,000 đồng", "130 000 000", or a float with no fraction (Excel); ValueError otherwise.

    The one money parser: the web forms, the workflow step inputs and the plan import use it.
    Negative amounts are refused (a recovery is its own kind of ledger entry, not a sign).
    """
    if isinstance(raw, bool):
        raise ValueError(f"not an amount: {raw!r}")
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(f"an amount is whole đồng, got {raw!r}")
        raw = int(raw)
    if isinstance(raw, int | Decimal):
        value = as_whole_int(raw, "amount")
    else:
        text = _CURRENCY.sub("", unicodedata.normalize("NFC", str(raw)).strip().lower())
        if not _GROUPED.fullmatch(text):
            raise ValueError(f"not an amount in đồng: {raw!r}")
        digits = re.sub(r"\D", "", text)
        if len(digits) > MAX_MONEY_DIGITS:
            raise ValueError(f"amount too long: {raw!r}")
        value = int(digits)
    if value < 0:
        raise ValueError(f"an amount must not be negative: {raw!r}")
    return value


def _to_decimal(value: object) -> Decimal:
    """Exact Decimal for int / Decimal / decimal string; Fraction handled by the caller."""
    if isinstance(value, (bool, float)):
        raise TypeError(
            f"percent must be int, Decimal, Fraction or a decimal string, not {type(value).__name__} "
            f"({value!r})"
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"percent must be finite, got {value}")
        return value
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"percent string is not a decimal number: {value!r}") from None
        if not result.is_finite():
            raise ValueError(f"percent must be finite, got {value!r}")
        return result
    raise TypeError(f"percent must be int, Decimal, Fraction or a decimal string, got {type(value).__name__}")


def _round(value: Decimal | Fraction | int | str, places: int) -> Decimal:
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise ValueError(f"places must be a non-negative int, got {places!r}")
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        # Round the exact fraction: scale, then half-up on the integer division.
        scaled = value * 10**places
        q, r = divmod(abs(scaled.numerator), scaled.denominator)
        if 2 * r >= scaled.denominator:
            q += 1
        return (Decimal(-q if scaled < 0 else q) * quantum).quantize(quantum)
    return _to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def format_percent(value: Decimal | Fraction | int | str, places: int = 2, *, trim: bool = False) -> str:
    """A percentage number (already ×100) with a decimal comma: Fraction(13000, 290) → "44,83".

    The one percent formatter (documents, guards' reasons, reports, the web). Rounded half-up
    to ``places`` with exact arithmetic; no thousands grouping and no "%" sign (templates write
    "44,83%" or "44,83 %" as their layout requires). ``trim`` drops trailing zeros, for rates
    quoted in a sentence: "70", "12,5".
    """
    text = str(_round(value, places)).replace(".", ",")
    if trim and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def percent(part: int, whole: int, places: int = 2) -> Decimal:
    """``part`` / ``whole`` × 100, computed exactly and rounded half-up: percent(130, 290) == 44.83."""
    part = as_whole_int(part, "part")
    whole = as_whole_int(whole, "whole")
    if whole == 0:
        raise ValueError("whole must not be zero")
    return _round(Fraction(part * 100, whole), places)


def support_percent(support: int, total: int) -> Decimal:
    """Share of ``support`` in ``total`` as a percent, rounded half-up to 2 places.

    support_percent(130_000_000, 290_000_000) == Decimal("44.83") (exact 44.8275…).
    """
    support = as_whole_int(support, "support")
    total = as_whole_int(total, "total")
    if total <= 0:
        raise ValueError(f"total must be positive, got {total}")
    if support < 0:
        raise ValueError(f"support must not be negative, got {support}")
    return percent(support, total)


def counterpart_percent(support: int, total: int) -> Decimal:
    """100 − support_percent: the counterpart share, so that both shares add up to 100,00."""
    return _HUNDRED - support_percent(support, total)


def share_pair(support: int, total: int) -> tuple[str, str]:
    """The support and counterpart shares as documents print them: ("44,83", "55,17").

    The support share is rounded half-up (130/290 = 44,8275… → 44,83) and the counterpart is its
    complement, so the two always add up to 100,00. "0", "0" when there is no total yet.
    """
    if total <= 0:
        return "0", "0"
    share = support_percent(support, total)
    return format_percent(share), format_percent(_HUNDRED - share)
