"""CSRF on every state-changing route, GET never changes anything, security headers, no inline
script or style (architecture.md B8 test 23)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from tests.web.conftest import login, make_app
from web.access import rule_for


def _checksum(db: Any) -> tuple:
    from dossier.model import Attachment, AuditEvent, Dossier, Review, TransitionRecord

    with db.read() as session:
        return (tuple(session.execute(select(Dossier.id, Dossier.status, Dossier.version).order_by(Dossier.id))),
                *(session.scalar(select(func.count()).select_from(m)) for m in
                  (AuditEvent, TransitionRecord, Attachment, Review)))


def _csrf_login(client: Any, username: str) -> None:
    login(client, username, csrf=True)  # the password form and (leaders) the second factor, with tokens


def test_login_without_token_is_refused(web_db: Any, tmp_path: Any) -> None:
    app = make_app(web_db, tmp_path, WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/dang-nhap", data={"username": "chuyenvien", "password": "KhuyenCong@2026"})
    assert response.status_code == 400
    assert "mã bảo vệ (CSRF)" in response.get_data(as_text=True)


def test_every_post_route_needs_the_token(web_db: Any, tmp_path: Any, ids: dict) -> None:
    app = make_app(web_db, tmp_path, WTF_CSRF_ENABLED=True)
    d = ids["status"]["under_appraisal"]
    for username in ("chuyenvien", "giamdoc"):
        client = app.test_client()
        _csrf_login(client, username)
        before = _checksum(web_db)
        posts = 0
        with app.test_request_context():
            from flask import url_for

            for rule in app.url_map.iter_rules():
                if "POST" not in rule.methods or rule_for(app, rule.endpoint) == "public":
                    continue
                values = {"dossier_id": d, "member_id": 1, "trigger": "request_revision"}
                url = url_for(rule.endpoint, **{a: values.get(a, 1) for a in rule.arguments})
                response = client.post(url, data={"version": "1", "missing_items": "x", "passed": "1",
                                                  "title": "x"})
                if rule_for(app, rule.endpoint) == "token":
                    # The API takes a bearer token, never the session cookie, so a forged form
                    # carries no authority there: the signed-in officer's cookie is not enough.
                    assert response.status_code == 401, (username, rule.endpoint, response.status_code)
                    continue
                assert response.status_code == 400, (username, rule.endpoint, response.status_code)
                posts += 1
        assert posts >= 7
        assert _checksum(web_db) == before
        assert client.get("/ho-so/").status_code == 200  # still signed in: logout was refused too


def test_get_pages_change_nothing(app: Any, as_user: Any, web_db: Any, ids: dict) -> None:
    for username in ("chuyenvien", "giamdoc", "vanthu", "quantri"):
        client = as_user(username)
        before = _checksum(web_db)
        for status, dossier_id in ids["status"].items():
            for path in ("", "/sua", "/phieu-nhan-xet", "/thao-tac/submit", "/thao-tac/approve"):
                client.get(f"/ho-so/{dossier_id}{path}")
            del status
        for path in ("/", "/ho-so/", "/ho-so/moi", "/viec-cho-duyet/", "/ho-so/?q=tao&status=draft"):
            client.get(path)
        assert _checksum(web_db) == before, username


def test_security_headers_and_no_inline_code(app: Any, as_user: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    draft, appraisal = ids["status"]["draft"], ids["status"]["under_appraisal"]
    pages = ["/ho-so/", "/ho-so/moi", f"/ho-so/{draft}", f"/ho-so/{draft}/sua",
             f"/ho-so/{draft}/thao-tac/submit", f"/ho-so/{appraisal}/phieu-nhan-xet"]
    leader = as_user("giamdoc")
    for c, path in [(client, p) for p in pages] + [(leader, "/viec-cho-duyet/"), (app.test_client(), "/dang-nhap")]:
        response = c.get(path)
        assert response.status_code == 200, path
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        html = response.get_data(as_text=True)
        assert ' style="' not in html and "<style" not in html, path
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], path
        assert "http://" not in html and "https://" not in html, path  # nothing from outside (offline PCs)
        assert '<html lang="vi">' in html


def test_every_input_has_a_label(app: Any, as_user: Any, ids: dict) -> None:
    client = as_user("chuyenvien")
    for path in ("/ho-so/moi", f"/ho-so/{ids['status']['draft']}/thao-tac/submit", "/ho-so/",
                 f"/ho-so/{ids['status']['in_progress']}/thao-tac/accept",
                 f"/ho-so/{ids['status']['under_appraisal']}/phieu-nhan-xet"):
        html = client.get(path).get_data(as_text=True)
        labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
            if re.search(r'type="(hidden|submit)"', tag) or "default-submit" in tag:
                continue
            ident = re.search(r'\bid="([^"]+)"', tag)
            assert ident and ident.group(1) in labelled, (path, tag)


def test_healthz_is_public_and_static_files_are_served(app: Any) -> None:
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    for path in ("/static/app.css", "/static/app.js"):
        with client.get(path) as response:  # a streamed file: close it
            assert response.status_code == 200
            assert response.headers["X-Content-Type-Options"] == "nosniff"
