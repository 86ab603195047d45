"""Web fixtures: the Flask test client over a real SQLite file holding the whole demo province.

The demo (ten dossiers walked through the real workflow, with their generated documents) is
built once per session and copied for each test, so every test starts from the same rich state
in milliseconds. SQLite only: these tests are about the web layer; the services' behaviour on
PostgreSQL is covered by tests/core.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dossier.demo.people import DEMO_PASSWORD

ROLE_USERS = {"officer": "chuyenvien", "leader": "giamdoc", "clerk": "vanthu", "admin": "quantri"}


@pytest.fixture
def web_db(demo_sqlite: Path, tmp_path: Path) -> Iterator[Any]:
    from dossier.services.uow import Database

    path = tmp_path / "web.sqlite3"
    shutil.copy(demo_sqlite, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


def make_app(db: Any, tmp_path: Path, **overrides: Any) -> Any:
    from web import create_app

    config = {"DATABASE": db, "TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test-secret",
              "INSTANCE_PATH": str(tmp_path / "instance")}
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(web_db: Any, tmp_path: Path) -> Any:
    return make_app(web_db, tmp_path)


def login(client: Any, username: str, password: str = DEMO_PASSWORD, csrf: bool = False) -> Any:
    """Sign in as a person would: the password, then (leaders, clerks, administrators) the code their
    authenticator app shows, computed from the demo's secret. Returns the last redirect."""
    data = {"username": username, "password": password}
    if csrf:
        data["csrf_token"] = csrf_token(client.get("/dang-nhap").get_data(as_text=True))
    response = client.post("/dang-nhap", data=data)
    assert response.status_code == 302, (username, response.status_code)
    if response.headers["Location"].startswith("/dang-nhap/ma-xac-thuc"):
        from dossier.demo.people import demo_totp_code

        step = {"code": demo_totp_code(username)}
        if csrf:
            step["csrf_token"] = csrf_token(client.get("/dang-nhap/ma-xac-thuc").get_data(as_text=True))
        response = client.post("/dang-nhap/ma-xac-thuc", data=step)
        assert response.status_code == 302, (username, "second factor", response.status_code)
    elif response.headers["Location"].startswith("/tai-khoan/xac-thuc-hai-lop"):
        response = enrol(client, csrf=csrf)  # a leader, clerk or admin not enrolled yet must enrol first
    return response


def enrol(client: Any, csrf: bool = False) -> Any:
    """Turn on two-factor sign-in as a person does: read the secret the page shows, type a code."""
    import pyotp

    page = client.get("/tai-khoan/xac-thuc-hai-lop").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    data = {"code": pyotp.TOTP(secret).now()}
    if csrf:
        data["csrf_token"] = csrf_token(page)
    response = client.post("/tai-khoan/xac-thuc-hai-lop", data=data)
    assert response.status_code == 200 and "mã dự phòng" in response.get_data(as_text=True), "enrolment"
    return response


@pytest.fixture
def as_user(app: Any):
    """as_user("chuyenvien") → a signed-in test client."""
    def make(username: str) -> Any:
        client = app.test_client()
        login(client, username)
        return client
    return make


@pytest.fixture
def ids(web_db: Any) -> dict[str, Any]:
    """User ids by login and a dossier id for each status the demo holds."""
    from dossier.model import Dossier, User

    with web_db.read() as session:
        users = {u.username: u.id for u in session.scalars(select(User))}
        by_status: dict[str, int] = {}
        for d in session.scalars(select(Dossier).order_by(Dossier.id)):
            by_status.setdefault(d.status, d.id)
    return {"users": users, "status": by_status}


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in page"
    return match.group(1)


def dossier_state(db: Any, dossier_id: int) -> tuple[str, int, str]:
    from dossier.model import Dossier

    with db.read() as session:
        d = session.get(Dossier, dossier_id)
        return d.status, d.version, d.title


def valid_form(**changes: str) -> dict[str, str]:
    """A complete dossier form as a browser would post it (money typed with dots)."""
    form = {
        "title": "Hỗ trợ ứng dụng máy sấy táo tiên tiến cho hộ kinh doanh Ánh Dương",
        "content_group_id": "", "support_type": "", "funding_source": "dia_phuong",
        "location": "thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
        "start_date": "2026-03-01", "end_date": "2026-11-30",
        "requested_support": "130.000.000",
        "objectives": "Nâng cao năng suất và chất lượng táo sấy.",
        "beneficiary-kind": "ho_kinh_doanh", "beneficiary-name": "Hộ kinh doanh Ánh Dương",
        "beneficiary-representative": "Nguyễn Thị Ánh", "beneficiary-representative_title": "Chủ hộ",
        "beneficiary-commune": "xã Phước Thuận", "beneficiary-province": "Khánh Hòa",
        "beneficiary-tax_code": "4500345678", "beneficiary-workers": "12",
        "items-1-name": "Máy sấy táo bằng nhiệt đối lưu", "items-1-specification": "500 kg/mẻ",
        "items-1-origin": "Việt Nam", "items-1-quantity": "1", "items-1-unit": "hệ thống",
        "items-1-unit_price": "210.000.000",
        "items-2-name": "Máy đóng gói hút chân không", "items-2-quantity": "2", "items-2-unit": "máy",
        "items-2-unit_price": "35.000.000",
    }
    form.update(changes)
    return form


def sign_submission(as_user: Any, db: Any, dossier_id: int, who: str = "giamdoc") -> Any:
    """The Sở's director signs the dossier's Tờ trình on "Ký số" (issue 10: the approving body
    sees the dossier to approve once the Tờ trình is issued)."""
    from dossier.model import GeneratedDocument

    with db.read() as session:
        doc = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "to_trinh_phe_duyet")
            .order_by(GeneratedDocument.id.desc())).first()
    response = as_user(who).post(f"/ky-so/{doc.id}", data={"password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def approve(as_user: Any, db: Any, dossier_id: int, *, who: str = "phochutich", comment: str = "Đồng ý",
            next_url: str | None = None, client: Any = None) -> Any:
    """The approving leader (the UBND tỉnh's Phó Chủ tịch in the demo) approves by signing the
    decision: one POST of the step form with his certificate's password."""
    from dossier.model import Dossier

    with db.read() as session:
        version = session.get(Dossier, dossier_id).version
    data = {"version": str(version), "comment": comment, "password": DEMO_PASSWORD}
    if next_url:
        data["next"] = next_url
    return (client or as_user(who)).post(f"/ho-so/{dossier_id}/thao-tac/approve", data=data)
