"""The dossier form's support share is the one percent rule (vn.numbers), as the live totals (app.js) show it."""

from __future__ import annotations

from web.filters import share


def test_share_is_exact_and_half_up() -> None:
    assert share(130_000_000, 290_000_000) == "44,83"  # 44,8275… (a cut would print 44,82)
    assert share(130_000_000, 280_000_000) == "46,43" and share(1, 8) == "12,50" and share(0, 5) == "0,00"
