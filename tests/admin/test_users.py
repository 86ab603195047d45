"""Users and roles: create (password generated and shown once, or set), edit, deactivate, reset;
a change of roles or password ends the user's old sessions; bad input is answered next to the field."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from tests.web.conftest import login

NEW = {"username": "nguyenvanan", "full_name": "Nguyễn Văn An", "organisation_id": "2", "job_title": "Chuyên viên",
       "signing_capacity": "direct", "email": "an@khanhhoa.gov.vn", "roles": ["officer"], "password_mode": "generate"}


def _user(db: Any, username: str) -> Any:
    from dossier.model import User

    with db.read() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return user.id, user.active, user.session_version, sorted(r.value for r in user.roles), user.job_title


def _audit_actions(db: Any) -> list[str]:
    from dossier.model import AuditEvent

    with db.read() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_create_with_a_generated_password_shown_once(app: Any, as_user: Any, web_db: Any) -> None:
    admin = as_user("quantri")
    response = admin.post("/quan-tri/nguoi-dung/moi", data=NEW)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    password = re.search(r'<p class="password-once" id="mat-khau">([^<]+)</p>', html).group(1)
    assert len(password) == 19
    with admin.session_transaction() as cookie:  # never in the (signed, readable) session cookie
        assert password not in repr(dict(cookie))
    assert password not in admin.get("/quan-tri/nguoi-dung").get_data(as_text=True)  # shown once only
    client = app.test_client()
    login(client, "nguyenvanan", password)
    assert client.get("/ho-so/").status_code == 200
    assert _audit_actions(web_db)[-2] == "admin.user_create"
    assert password not in str(_audit_actions(web_db))


def test_create_with_a_password_set_by_the_admin(app: Any, as_user: Any) -> None:
    admin = as_user("quantri")
    response = admin.post("/quan-tri/nguoi-dung/moi", data={**NEW, "password_mode": "set", "password": "MatKhau2026x"})
    assert response.status_code == 200 and "password-once" not in response.get_data(as_text=True)
    login(app.test_client(), "nguyenvanan", "MatKhau2026x")


def test_bad_input_on_the_user_form_is_shown_next_to_each_field(as_user: Any, web_db: Any) -> None:
    admin = as_user("quantri")
    bad = {**NEW, "username": "Nguyễn An", "full_name": " ", "organisation_id": "", "email": "khong-hop-le",
           "roles": [], "password_mode": "set", "password": "ngan"}
    response = admin.post("/quan-tri/nguoi-dung/moi", data=bad)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field, text in (("username", "Tên đăng nhập gồm"), ("full_name", "Cần nhập họ và tên"),
                        ("organisation_id", "Cần chọn đơn vị"), ("email", "Địa chỉ thư điện tử không hợp lệ"),
                        ("roles", "Cần chọn ít nhất một vai trò"), ("password", "ít nhất 10 ký tự")):
        assert re.search(rf'id="e-{field}">[^<]*{text}', html), field
    assert 'value="khong-hop-le"' in html  # what was typed is kept
    duplicate = admin.post("/quan-tri/nguoi-dung/moi", data={**NEW, "username": "chuyenvien"})
    assert duplicate.status_code == 422 and "đã có người dùng" in duplicate.get_data(as_text=True)
    blank = admin.post("/quan-tri/nguoi-dung/moi", data={**NEW, "password_mode": "set", "password": ""})
    assert blank.status_code == 422
    from dossier.model import User

    with web_db.read() as session:
        assert session.scalars(select(User).where(User.username == "nguyenvanan")).first() is None


def test_changing_roles_ends_the_old_sessions(app: Any, as_user: Any, web_db: Any) -> None:
    admin, officer = as_user("quantri"), as_user("chuyenvien2")
    assert officer.get("/ho-so/").status_code == 200
    user_id, _, version, _, _ = _user(web_db, "chuyenvien2")
    form = {"full_name": "Trần Quốc Bảo", "organisation_id": "2", "job_title": "Phó Trưởng phòng",
            "signing_capacity": "KT", "email": "", "roles": ["officer", "leader"]}
    response = admin.post(f"/quan-tri/nguoi-dung/{user_id}", data=form)
    assert response.status_code == 302
    assert "phiên đăng nhập cũ" in admin.get(response.headers["Location"]).get_data(as_text=True)
    _, _, new_version, roles, title = _user(web_db, "chuyenvien2")
    assert new_version == version + 1 and roles == ["leader", "officer"] and title == "Phó Trưởng phòng"
    stale = officer.get("/ho-so/")
    assert stale.status_code == 302 and stale.headers["Location"].startswith("/dang-nhap")
    # A change that does not touch rights keeps the sessions.
    fresh = as_user("chuyenvien2")
    admin.post(f"/quan-tri/nguoi-dung/{user_id}", data={**form, "job_title": "Trưởng phòng"})
    assert _user(web_db, "chuyenvien2")[2] == new_version and fresh.get("/ho-so/").status_code == 200


def test_edit_form_bad_input(as_user: Any, web_db: Any) -> None:
    admin = as_user("quantri")
    user_id = _user(web_db, "chuyenvien2")[0]
    response = admin.post(f"/quan-tri/nguoi-dung/{user_id}", data={"full_name": "", "organisation_id": "999",
                                                                   "signing_capacity": "XX", "roles": ["nobody"]})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Cần nhập họ và tên" in html and "Cần chọn đơn vị" in html and "Cần chọn hình thức ký" in html
    assert "Vai trò không hợp lệ" in html


def test_deactivate_never_deletes_and_blocks_sign_in(app: Any, as_user: Any, web_db: Any) -> None:
    admin, clerk = as_user("quantri"), as_user("vanthu")
    user_id = _user(web_db, "vanthu")[0]
    assert admin.post(f"/quan-tri/nguoi-dung/{user_id}/trang-thai", data={"active": "0"}).status_code == 302
    assert _user(web_db, "vanthu")[1] is False
    assert clerk.get("/ho-so/").status_code == 302  # the open session ended
    refused = app.test_client().post("/dang-nhap", data={"username": "vanthu", "password": "KhuyenCong@2026"})
    assert refused.status_code == 401
    assert "Đã khóa" in admin.get("/quan-tri/nguoi-dung").get_data(as_text=True)
    assert admin.post(f"/quan-tri/nguoi-dung/{user_id}/trang-thai", data={"active": "1"}).status_code == 302
    login(app.test_client(), "vanthu")


def test_the_admin_cannot_lock_themselves_out(as_user: Any, web_db: Any) -> None:
    admin = as_user("quantri")
    me = _user(web_db, "quantri")[0]
    response = admin.post(f"/quan-tri/nguoi-dung/{me}/trang-thai", data={"active": "0"})
    assert response.status_code == 422 and "tự khóa" in response.get_data(as_text=True)
    last = admin.post(f"/quan-tri/nguoi-dung/{me}", data={"full_name": "Võ Thành Công", "organisation_id": "2",
                                                         "signing_capacity": "direct", "roles": ["officer"]})
    assert last.status_code == 422 and "quản trị viên cuối cùng" in last.get_data(as_text=True)
    assert _user(web_db, "quantri")[1] is True and _user(web_db, "quantri")[3] == ["admin"]


def test_reset_password_ends_sessions_and_the_new_one_works(app: Any, as_user: Any, web_db: Any) -> None:
    admin, leader = as_user("quantri"), as_user("giamdoc")
    user_id = _user(web_db, "giamdoc")[0]
    short = admin.post(f"/quan-tri/nguoi-dung/{user_id}/mat-khau", data={"password_mode": "set", "password": "abc"})
    assert short.status_code == 422 and "ít nhất 10 ký tự" in short.get_data(as_text=True)
    assert leader.get("/viec-cho-duyet/").status_code == 200
    response = admin.post(f"/quan-tri/nguoi-dung/{user_id}/mat-khau", data={"password_mode": "generate"})
    password = re.search(r'id="mat-khau">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert leader.get("/viec-cho-duyet/").status_code == 302
    assert app.test_client().post("/dang-nhap", data={"username": "giamdoc",
                                                      "password": "KhuyenCong@2026"}).status_code == 401
    login(app.test_client(), "giamdoc", password)
    assert "admin.password_reset" in _audit_actions(web_db)
