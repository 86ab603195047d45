"""Money and percentages in Vietnamese notation: "130.000.000", "44,82".

Vietnamese documents use "." as thousands separator and "," as decimal mark.
Percentages are computed with Decimal/Fraction only: a float such as
0.4482758620689655 would make rounding at the second decimal unreliable.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from dossier.vn._checks import as_whole_int

_HUNDRED = Decimal(100)


def format_money(amount: int) -> str:
    """Whole đồng with "." thousands separators; negatives get a leading "-"."""
    amount = as_whole_int(amount, "amount")
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


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


def format_percent(value: Decimal | Fraction | int | str, places: int = 2) -> str:
    """A percentage number (already ×100) with a decimal comma: Decimal("44.82") → "44,82".

    Rounded half-up to ``places``; no thousands grouping and no "%" sign (templates
    write "44,82%" or "44,82 %" as their layout requires).
    """
    return str(_round(value, places)).replace(".", ",")


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
    return _round(Fraction(support * 100, total), 2)


def counterpart_percent(support: int, total: int) -> Decimal:
    """100 − support_percent: the counterpart share, so that both shares add up to 100,00."""
    return _HUNDRED - support_percent(support, total)
