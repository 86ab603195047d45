"""Two-factor sign-in (issue 13): required for leaders, clerks and administrators, optional for
officers; recovery codes hashed and single use; an administrator's reset forces a new password."""

from __future__ import annotations

import re
from typing import Any

import pyotp
from sqlalchemy import select

from dossier.demo.people import DEMO_PASSWORD, demo_totp_code
from tests.web.conftest import login

PASSWORD = {"password": DEMO_PASSWORD}


def _password_only(client: Any, username: str) -> Any:
    return client.post("/dang-nhap", data={"username": username, **PASSWORD})


def _enrol(client: Any) -> list[str]:
    page = client.get("/tai-khoan/xac-thuc-hai-lop").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn here (no outside service)
    done = client.post("/tai-khoan/xac-thuc-hai-lop", data={"code": pyotp.TOTP(secret).now()})
    return re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4})</code>", done.get_data(as_text=True))


def test_a_leader_owes_the_code_before_any_page(app: Any) -> None:
    client = app.test_client()
    response = _password_only(client, "giamdoc")
    assert response.headers["Location"] == "/dang-nhap/ma-xac-thuc"
    for url in ("/viec-cho-duyet/", "/ho-so/", "/bao-cao/so-kinh-phi.xlsx", "/ky-so"):
        assert client.get(url).headers["Location"] == "/dang-nhap/ma-xac-thuc", url
    assert client.post("/dang-nhap/ma-xac-thuc", data={"code": "123456"}).status_code == 401
    ok = client.post("/dang-nhap/ma-xac-thuc", data={"code": demo_totp_code("giamdoc")})
    assert ok.status_code == 302 and client.get("/viec-cho-duyet/").status_code == 200


def test_an_officer_is_not_asked_but_may_enrol(app: Any) -> None:
    client = app.test_client()
    assert _password_only(client, "chuyenvien").headers["Location"] == "/"
    codes = _enrol(client)
    assert len(codes) == 10
    client.post("/dang-xuat")
    assert _password_only(client, "chuyenvien").headers["Location"] == "/dang-nhap/ma-xac-thuc"


def test_enrolment_is_forced_and_recovery_codes_work_once(app: Any, web_db: Any, ids: dict) -> None:
    from dossier.model import RecoveryCode
    from dossier.services import two_factor

    two_factor.reset(web_db, ids["users"]["quantri"], ids["users"]["vanthu"])
    client = app.test_client()
    assert _password_only(client, "vanthu").headers["Location"] == "/tai-khoan/xac-thuc-hai-lop"
    assert client.get("/phat-hanh").headers["Location"] == "/tai-khoan/xac-thuc-hai-lop"
    codes = _enrol(client)
    assert client.get("/phat-hanh").status_code == 200
    with web_db.read() as session:
        stored = [r.code_hash for r in session.scalars(select(RecoveryCode).where(
            RecoveryCode.user_id == ids["users"]["vanthu"], RecoveryCode.used_at.is_(None)))]
    assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes are kept
    for attempt, status in ((codes[3], 302), (codes[3], 401)):
        again = app.test_client()
        _password_only(again, "vanthu")
        assert again.post("/dang-nhap/ma-xac-thuc", data={"code": attempt}).status_code == status


def test_an_admin_reset_forces_a_new_password(app: Any, as_user: Any, web_db: Any, ids: dict) -> None:
    admin = as_user("quantri")
    user_id = ids["users"]["chuyenvien"]
    response = admin.post(f"/quan-tri/nguoi-dung/{user_id}/mat-khau", data={"password_mode": "generate"})
    given = re.search(r'id="mat-khau">([^<]+)<', response.get_data(as_text=True)).group(1)
    client = app.test_client()
    login(client, "chuyenvien", given)
    assert client.get("/ho-so/").headers["Location"] == "/doi-mat-khau"
    mismatch = client.post("/doi-mat-khau", data={"old_password": given, "new_password": "MatKhauMoi#2026",
                                                  "new_password_again": "khac"})
    assert mismatch.status_code == 422
    changed = client.post("/doi-mat-khau", data={"old_password": given, "new_password": "MatKhauMoi#2026",
                                                 "new_password_again": "MatKhauMoi#2026"})
    assert changed.headers["Location"] == "/dang-nhap"
    login(client, "chuyenvien", "MatKhauMoi#2026")
    assert client.get("/ho-so/").status_code == 200
