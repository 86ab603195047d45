"""Numbers and amounts in Vietnamese words ("Bằng chữ: …"), domain.md §5.8.

House style (fixed, so every document reads the same):

* "linh" (not "lẻ") for a zero tens digit: 105 → "một trăm linh năm"; after
  "linh" the unit is read plainly ("năm", "một", "bốn").
* "mốt" only after tens ≥ 2 ("hai mươi mốt", but "mười một");
  "lăm" after any tens word ("mười lăm", "hai mươi lăm");
  "tư" after tens ≥ 2 ("hai mươi tư"), "bốn" after "mười" ("mười bốn").
* "nghìn" (not "ngàn"), "tỷ" (not "tỉ").
* A group that follows a non-empty higher group is read in full, keeping
  "không trăm" (2.001 → "hai nghìn không trăm linh một"); empty groups are skipped.
* Above 10^9 the reading recurses on "tỷ": 10^12 "một nghìn tỷ",
  10^15 "một triệu tỷ", 10^18 "một tỷ tỷ".

num2words is deliberately not used: its Vietnamese output differs from this
house style (e.g. on "linh" and inner "không trăm").
"""

from __future__ import annotations

from dossier.vn._checks import as_whole_int

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
# Group names below one tỷ, from the highest.
_GROUPS_BELOW_BILLION = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def _unit_after_tens(tens: int, unit: int) -> str:
    """The unit word after a tens word ("mười" or "<d> mươi")."""
    if unit == 5:
        return "lăm"
    if unit == 1 and tens >= 2:
        return "mốt"
    if unit == 4 and tens >= 2:
        return "tư"
    return DIGITS[unit]


def _read_triple(value: int, full: bool) -> list[str]:
    """Words for 0 < value < 1000.

    ``full`` is True when a higher non-empty group precedes this one: then the
    hundreds are always spoken ("không trăm") and a lone unit gets "linh".
    """
    hundreds, rest = divmod(value, 100)
    tens, unit = divmod(rest, 10)
    words: list[str] = []
    has_hundreds = full or hundreds > 0
    if has_hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            if has_hundreds:
                words.append("linh")
            words.append(DIGITS[unit])
    elif tens == 1:
        words.append("mười")
        if unit:
            words.append(_unit_after_tens(1, unit))
    else:
        words += [DIGITS[tens], "mươi"]
        if unit:
            words.append(_unit_after_tens(tens, unit))
    return words


def _read_below_billion(value: int, full: bool) -> list[str]:
    """Words for 0 < value < 10^9; ``full`` as in :func:`_read_triple`."""
    words: list[str] = []
    for size, name in _GROUPS_BELOW_BILLION:
        group, value = divmod(value, size)
        if group == 0:
            continue  # empty groups are skipped
        words += _read_triple(group, full)
        if name:
            words.append(name)
        full = True  # every later non-empty group follows a non-empty one
    return words


def _read(value: int, full: bool = False) -> list[str]:
    """Words for value > 0, recursing on tỷ for 10^9 and above."""
    high, low = divmod(value, _BILLION)
    if high == 0:
        return _read_below_billion(low, full)
    words = _read(high, full) + ["tỷ"]
    if low:
        words += _read_below_billion(low, True)
    return words


def _not_negative(value: int, what: str) -> int:
    n = as_whole_int(value, what)
    if n < 0:
        raise ValueError(f"{what} must not be negative, got {n}")
    return n


def number_to_words(n: int) -> str:
    """Lowercase Vietnamese words for a non-negative integer.

    >>> number_to_words(1_005_000)
    'một triệu không trăm linh năm nghìn'
    """
    n = _not_negative(n, "number")
    if n == 0:
        return DIGITS[0]
    return " ".join(_read(n))


def amount_in_words(amount: int) -> str:
    """The "Bằng chữ" text of an amount in đồng, first letter capitalised.

    >>> amount_in_words(130_000_000)
    'Một trăm ba mươi triệu đồng'
    """
    words = number_to_words(_not_negative(amount, "amount"))
    return words[0].upper() + words[1:] + " đồng"
