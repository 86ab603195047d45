"""Sign-in: cookie flags, fixation, revocation, safe `next`, throttling (architecture.md B8 24–25)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.web.conftest import login, make_app
from web.auth import BAD_LOGIN, THROTTLED


def _set_cookie(response: Any) -> str:
    return next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("hskc_session="))


def test_cookie_flags_outside_tests(web_db: Any, tmp_path: Any) -> None:
    app = make_app(web_db, tmp_path, TESTING=False)  # production defaults: Secure on
    response = app.test_client().post("/dang-nhap", data={"username": "chuyenvien",
                                                          "password": "KhuyenCong@2026"},
                                      base_url="https://localhost")
    cookie = _set_cookie(response)
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_login_clears_the_previous_session(app: Any) -> None:
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "chuyenvien")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].endswith(":1")  # id:session_version


def test_logout_clears_the_session(app: Any, as_user: Any) -> None:
    client = as_user("chuyenvien")
    response = client.post("/dang-xuat")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/ho-so/").headers["Location"].startswith("/dang-nhap")


@pytest.mark.parametrize("logout", ["/dang-xuat", "/dang-xuat-moi-noi"])
def test_logout_revokes_copied_cookies(app: Any, as_user: Any, logout: str) -> None:
    """Logout (here or everywhere) ends the session on the server, not only in this browser."""
    browser = as_user("chuyenvien")
    stolen = app.test_client()
    stolen.set_cookie("hskc_session", browser.get_cookie("hskc_session").value)
    assert stolen.get("/ho-so/").status_code == 200
    browser.post(logout)
    response = stolen.get("/ho-so/")  # the copy no longer loads a user
    assert response.status_code == 302 and response.headers["Location"].startswith("/dang-nhap")


def test_password_and_role_changes_revoke_sessions(app: Any, as_user: Any, web_db: Any, ids: dict) -> None:
    from dossier.model import User, UserRole
    from dossier.services.users import change_password, revoke_sessions

    client = as_user("chuyenvien")
    assert change_password(web_db, ids["users"]["chuyenvien"], "KhuyenCong@2026", "MatKhauMoi#2026")
    assert client.get("/ho-so/").status_code == 302
    login(client, "chuyenvien", "MatKhauMoi#2026")
    assert client.get("/ho-so/").status_code == 200
    # A role change is made by an administrator, who then revokes the user's sessions.
    with web_db.write() as session:
        user = session.scalars(select(User).where(User.username == "chuyenvien")).one()
        user.role_rows.append(UserRole(role="clerk"))
    revoke_sessions(web_db, ids["users"]["chuyenvien"], actor_id=ids["users"]["quantri"], reason="role_change")
    assert client.get("/ho-so/").status_code == 302


def test_an_inactive_account_loses_its_session(app: Any, as_user: Any, web_db: Any) -> None:
    from dossier.model import User

    client = as_user("chuyenvien")
    with web_db.write() as session:
        session.scalars(select(User).where(User.username == "chuyenvien")).one().active = False
    assert client.get("/ho-so/").status_code == 302


def test_next_must_stay_on_this_site(app: Any) -> None:
    for target, expected in (("/ho-so/?q=tao", "/ho-so/?q=tao"), ("https://evil.example/", "/"),
                             ("//evil.example/x", "/"), ("/\\evil.example", "/"), ("javascript:alert(1)", "/")):
        client = app.test_client()
        response = client.post("/dang-nhap?next=" + target, data={"username": "chuyenvien",
                                                                   "password": "KhuyenCong@2026"})
        assert response.headers["Location"] == expected, target


def test_anonymous_request_remembers_where_it_was_going(app: Any) -> None:
    response = app.test_client().get("/ho-so/?q=tao")
    assert response.headers["Location"] == "/dang-nhap?next=/ho-so/?q%3Dtao"


def _audit_actions(db: Any) -> list[str]:
    from dossier.model import AuditEvent

    with db.read() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_login_throttling_per_account(app: Any, web_db: Any) -> None:
    client = app.test_client()
    known = client.post("/dang-nhap", data={"username": "chuyenvien", "password": "sai"})
    unknown = client.post("/dang-nhap", data={"username": "khongco", "password": "sai"})
    assert known.status_code == unknown.status_code == 401
    assert BAD_LOGIN in known.get_data(as_text=True) and BAD_LOGIN in unknown.get_data(as_text=True)
    for _ in range(4):
        client.post("/dang-nhap", data={"username": "chuyenvien", "password": "sai"})
    locked = client.post("/dang-nhap", data={"username": "chuyenvien", "password": "KhuyenCong@2026"})
    assert locked.status_code == 429
    assert THROTTLED in locked.get_data(as_text=True)
    actions = _audit_actions(web_db)
    assert actions.count("auth.login_failed") == 6 and actions[-1] == "auth.login_throttled"
    # Another account from the same machine is not locked by this one.
    login(app.test_client(), "chuyenvien2")


def test_login_throttling_per_address(web_db: Any, tmp_path: Any) -> None:
    app = make_app(web_db, tmp_path, LOGIN_LIMIT_IP=3)
    client = app.test_client()
    for name in ("a", "b", "c"):
        assert client.post("/dang-nhap", data={"username": name, "password": "x"}).status_code == 401
    response = client.post("/dang-nhap", data={"username": "chuyenvien", "password": "KhuyenCong@2026"})
    assert response.status_code == 429


def test_a_successful_login_resets_the_account_counter(app: Any) -> None:
    client = app.test_client()
    for _ in range(4):
        client.post("/dang-nhap", data={"username": "chuyenvien", "password": "sai"})
    login(client, "chuyenvien")
    client.post("/dang-xuat")
    for _ in range(4):
        assert client.post("/dang-nhap", data={"username": "chuyenvien", "password": "sai"}).status_code == 401
