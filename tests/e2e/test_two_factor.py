"""Two-factor sign-in in a real browser (issue 13): a leader types the code of his authenticator
app; a leader without one is made to enrol (QR code and secret shown, a code confirmed, recovery
codes shown once) before any page, then signs in again with a recovery code, which then no longer
works. Screenshots: test-artifacts/screenshots/2fa-*.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyotp
import pytest

from dossier.demo.people import DEMO_PASSWORD
from tests.e2e.conftest import shot
from tests.e2e.test_officer_to_leader import sign_in, sign_out

pytestmark = [pytest.mark.browser]


def _password(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_leader_signs_in_with_totp(page: Any, live_server: str) -> None:
    base = live_server
    _password(page, base, "giamdoc")
    page.wait_for_url(re.compile(r"/dang-nhap/ma-xac-thuc"))
    shot(page, "2fa-1-code")
    page.goto(f"{base}/viec-cho-duyet/")  # nothing opens before the second factor
    assert "/dang-nhap/ma-xac-thuc" in page.url
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    assert "không đúng" in page.locator(".error-summary").inner_text()
    sign_out(page)
    sign_in(page, base, "giamdoc")  # the code the app shows now
    assert "/viec-cho-duyet/" in page.url or "/ho-so/" in page.url


def test_enrolment_is_forced_then_a_recovery_code_works_once(page: Any, live_server: str, tmp_path: Path) -> None:
    from sqlalchemy import select

    from dossier.model import User
    from dossier.services import two_factor
    from dossier.services.uow import Database

    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with db.read() as session:
        ids = {u.username: u.id for u in session.scalars(select(User))}
    two_factor.reset(db, ids["quantri"], ids["phogiamdoc"])  # as if she had lost her phone
    base = live_server
    _password(page, base, "phogiamdoc")
    page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc-hai-lop"))
    assert page.get_by_role("img", name=re.compile("Mã QR")).is_visible()
    shot(page, "2fa-2-enrol")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Mã xác thực").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    codes = [c.strip() for c in page.locator(".recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and len(set(codes)) == 10
    shot(page, "2fa-3-recovery-codes")
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/(viec-cho-duyet|ho-so)/"))
    sign_out(page)
    for attempt, expected in ((codes[0], r"/(viec-cho-duyet|ho-so)/"), (codes[0], r"/dang-nhap/ma-xac-thuc")):
        _password(page, base, "phogiamdoc")
        page.wait_for_url(re.compile(r"/dang-nhap/ma-xac-thuc"))
        page.get_by_label("Mã xác thực").fill(attempt)
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_url(re.compile(expected))
        if "ma-xac-thuc" in page.url:
            assert "đã dùng" in page.locator(".error-summary").inner_text()  # single use
        sign_out(page)
    db.dispose()
