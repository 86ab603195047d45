"""Only administrators reach the administration pages; every form needs its CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tests.admin.conftest import TEMPLATE
from tests.web.conftest import ROLE_USERS, csrf_token, login, make_app
from web.access import rule_for
from workflows.states import Role


def _admin_urls(app: Any, ids: dict) -> list[tuple[str, str, str]]:
    values = {"user_id": ids["users"]["vanthu"], "org_id": 2, "template_id": TEMPLATE, "version": 1, "anchor_id": 1}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("admin."):
                method = "GET" if "GET" in rule.methods else "POST"
                urls.append((rule.endpoint, method, url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})))
    return urls


def test_every_admin_endpoint_is_declared_for_admins_only(app: Any, ids: dict) -> None:
    urls = _admin_urls(app, ids)
    assert len(urls) >= 16
    for endpoint, _, _ in urls:
        assert rule_for(app, endpoint).roles == frozenset({Role.ADMIN}), endpoint


@pytest.mark.parametrize("role", ["officer", "leader", "clerk"])
def test_other_roles_are_refused_everywhere(role: str, app: Any, as_user: Any, ids: dict, web_db: Any) -> None:
    client = as_user(ROLE_USERS[role])
    before = _state(web_db)
    for endpoint, method, url in _admin_urls(app, ids):
        response = client.open(url, method=method, data={"password_mode": "generate", "active": "0"})
        assert response.status_code == 403, (role, endpoint, response.status_code)
        assert "Không có quyền" in response.get_data(as_text=True)
    assert _state(web_db) == before
    assert "Quản trị" not in client.get("/quy-trinh").get_data(as_text=True).split("<main")[0]


def test_anonymous_is_sent_to_sign_in(app: Any, ids: dict) -> None:
    client = app.test_client()
    for endpoint, method, url in _admin_urls(app, ids):
        response = client.open(url, method=method)
        assert response.status_code == 302 and response.headers["Location"].startswith("/dang-nhap"), endpoint


def test_admin_reaches_every_page(app: Any, as_user: Any, ids: dict) -> None:
    client = as_user("quantri")
    for endpoint, method, url in _admin_urls(app, ids):
        if method == "GET" and endpoint != "admin.preview_pdf":  # PDF: LibreOffice, see test_templates
            assert client.get(url).status_code == 200, endpoint
    assert 'href="/quan-tri/"' in client.get("/quan-tri/").get_data(as_text=True)  # in the navigation


def _state(db: Any) -> tuple:
    from dossier.model import AuditEvent, Organisation, TemplateVersion, User

    with db.read() as session:
        users = tuple(session.execute(select(User.id, User.active, User.session_version, User.password_hash)
                                      .order_by(User.id)))
        orgs = tuple(session.execute(select(Organisation.id, Organisation.name, Organisation.header_name)))
        return users, orgs, session.scalar(select(func.count()).select_from(TemplateVersion)), \
            session.scalar(select(func.count()).select_from(AuditEvent))


def test_csrf_is_enforced_on_every_admin_form(web_db: Any, tmp_path: Any, ids: dict) -> None:
    app = make_app(web_db, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login(client, "quantri", csrf=True)
    before = _state(web_db)
    with app.test_request_context():
        posts = [(e, u) for e, _, u in _admin_urls(app, ids)
                 if "POST" in next(r.methods for r in app.url_map.iter_rules() if r.endpoint == e)]
    assert {e for e, _ in posts} >= {"admin.create_user", "admin.edit_user", "admin.reset_password",
                                     "admin.set_active", "admin.edit_organisation", "admin.upload", "admin.activate"}
    for endpoint, url in posts:
        response = client.post(url, data={"username": "moi", "full_name": "X", "roles": "officer",
                                          "organisation_id": "1", "password_mode": "generate", "active": "0",
                                          "name": "X", "header_name": "X"})
        assert response.status_code == 400, endpoint
        assert "CSRF" in response.get_data(as_text=True)
    assert _state(web_db) == before
    # With the token taken from the page, the same form goes through.
    page = client.get(f"/quan-tri/nguoi-dung/{ids['users']['vanthu']}").get_data(as_text=True)
    response = client.post(f"/quan-tri/nguoi-dung/{ids['users']['vanthu']}/mat-khau",
                           data={"csrf_token": csrf_token(page), "password_mode": "generate"})
    assert response.status_code == 200 and "Mật khẩu tạm thời" in response.get_data(as_text=True)
