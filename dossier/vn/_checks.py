"""Input checks shared by the formatting functions.

Money and counts in official documents are whole đồng / whole numbers. A float
(``1e8``, ``0.1 + 0.2``) or a bool (``True`` is an ``int`` in Python) reaching a
"Bằng chữ" line is always a bug upstream, so we refuse them loudly instead of
rounding silently.
"""

from __future__ import annotations

from decimal import Decimal
from numbers import Integral


def as_whole_int(value: object, what: str = "value") -> int:
    """Return ``value`` as an ``int``; accept int and integral Decimal only."""
    if type(value) is int:  # the common case, without the ABC check below (a list page formats 50)
        return value
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an integer, not a bool ({value!r})")
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError(f"{what} must be a whole number, got Decimal {value}")
        return int(value)
    if isinstance(value, float):
        raise TypeError(f"{what} must be an integer, not a float ({value!r}); use int or Decimal")
    raise TypeError(f"{what} must be an integer, got {type(value).__name__} ({value!r})")
