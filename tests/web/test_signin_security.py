"""Logout ends the session on the server; a stranger's guesses slow the guesser, not the owner;
client addresses behind a configured proxy; no race past the limit (issue 13 items 3 and 5)."""

from __future__ import annotations

import functools
import time
from typing import Any

from sqlalchemy import select

from tests.concurrency import at_once
from tests.web.conftest import login, make_app
from web.auth import DEVICE_COOKIE

OWNER = {"username": "chuyenvien", "password": "KhuyenCong@2026"}
WRONG = {"username": "chuyenvien", "password": "doan-mo"}


def _actions(db: Any, action: str) -> int:
    from dossier.model import AuditEvent

    with db.read() as session:
        return len(session.scalars(select(AuditEvent.seq).where(AuditEvent.action == action)).all())


# Logout ending the session on the server: tests/web/test_session.py::test_logout_revokes_copied_cookies.


def test_a_strangers_wrong_passwords_do_not_keep_the_owner_out(web_db: Any, tmp_path: Any) -> None:
    app = make_app(web_db, tmp_path, LOGIN_DELAY_SECONDS=4.0, LOGIN_DELAY_MAX_SECONDS=8.0)
    owner = app.test_client()
    login(owner, "chuyenvien")  # the owner's usual browser: it now carries a device cookie
    assert owner.get_cookie(DEVICE_COOKIE, path="/dang-nhap") is not None
    owner.post("/dang-xuat")
    stranger = app.test_client()
    started = time.monotonic()
    answers = [stranger.post("/dang-nhap", data=WRONG, environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code
               for _ in range(20)]
    elapsed = time.monotonic() - started
    assert answers[:5] == [401] * 5 and 429 in answers  # the guesser is slowed down
    # 5 free checks, then at most one per 4 s (the delay doubles, capped at 8 s): not 20
    assert _actions(web_db, "auth.login_failed") <= 5 + int(elapsed // 4) + 1 < 20
    # the owner's browser signs in at once, from his own address
    assert owner.post("/dang-nhap", data=OWNER).status_code == 302
    # a new browser of the owner is asked to wait a moment, then let in: never locked out
    fresh = app.test_client()
    for _ in range(3):
        answer = fresh.post("/dang-nhap", data=OWNER, environ_base={"REMOTE_ADDR": "192.0.2.10"})
        if answer.status_code != 429:
            break
        assert "vui lòng chờ" in answer.get_data(as_text=True) and int(answer.headers["Retry-After"]) >= 1
        time.sleep(int(answer.headers["Retry-After"]))
    assert answer.status_code == 302


def test_limits_per_address_behind_a_trusted_proxy(web_db: Any, tmp_path: Any) -> None:
    app = make_app(web_db, tmp_path, LOGIN_LIMIT_IP=3, PROXY_HOPS=1)
    client = app.test_client()
    attacker = {"X-Forwarded-For": "203.0.113.5"}
    for name in ("a", "b", "c"):
        assert client.post("/dang-nhap", data={"username": name, "password": "x"}, headers=attacker).status_code == 401
    assert client.post("/dang-nhap", data=OWNER, headers=attacker).status_code == 429
    # everyone else behind the same proxy signs in
    assert client.post("/dang-nhap", data=OWNER, headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 302


def test_a_forged_forwarded_header_is_ignored_without_a_proxy(web_db: Any, tmp_path: Any) -> None:
    app = make_app(web_db, tmp_path, LOGIN_LIMIT_IP=3)
    client = app.test_client()
    for n in range(3):
        client.post("/dang-nhap", data={"username": f"u{n}", "password": "x"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"})
    response = client.post("/dang-nhap", data=OWNER, headers={"X-Forwarded-For": "203.0.113.99"})
    assert response.status_code == 429


def test_forty_parallel_guesses_get_no_more_checks_than_the_limit(app: Any, web_db: Any) -> None:
    before = _actions(web_db, "auth.login_failed")
    clients = [app.test_client() for _ in range(40)]
    responses, errors = at_once([functools.partial(c.post, "/dang-nhap", data=WRONG) for c in clients])
    assert not errors, errors
    codes = [r.status_code for r in responses]
    checked = _actions(web_db, "auth.login_failed") - before
    assert checked == app.config["LOGIN_LIMIT_ACCOUNT"] == codes.count(401)
    assert codes.count(429) == 40 - checked
