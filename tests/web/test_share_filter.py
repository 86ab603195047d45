"""Small web pieces over the services: the support share (one percent rule, as app.js shows it), the code form."""

from __future__ import annotations

from web.filters import share


def test_share_is_exact_and_half_up() -> None:
    assert share(130_000_000, 290_000_000) == "44,83"  # 44,8275… (a cut would print 44,82)
    assert share(130_000_000, 280_000_000) == "46,43" and share(1, 8) == "12,50" and share(0, 5) == "0,00"


def test_a_typed_verification_code_leads_to_its_page(app) -> None:
    """The public form normalises what a citizen typed (via the services) before looking it up."""
    response = app.test_client().post("/xac-thuc", data={"code": " ab12c-def3o "})
    assert response.status_code == 302 and response.headers["Location"].endswith("/xac-thuc/AB12CDEF30")
