"""Sign in and out: session cleared at both ends, session_version checked on every request.

The session stores "user_id:session_version" (Flask-Login's alternative-token pattern), so a
cookie copied before a logout-everywhere, a password change or a role change no longer loads a
user. Failed sign-ins are throttled per account and per address with one message for unknown and
known names alike.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from dossier.services import users as user_service
from web.access import ALL_ROLES, public, requires
from web.db import get_db
from web.throttle import Throttle

bp = Blueprint("auth", __name__)
login_manager = LoginManager()

BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLED = ("Đăng nhập sai quá nhiều lần. Vì an toàn, tài khoản hoặc máy này tạm thời bị khóa đăng nhập; "
             "vui lòng thử lại sau 15 phút hoặc liên hệ quản trị hệ thống.")


class LoginUser(UserMixin):
    """The signed-in user as Flask-Login sees it; plain values loaded once per request."""

    def __init__(self, data: user_service.SessionUser):
        self.data = data
        self.id = data.id
        self.username = data.username
        self.full_name = data.full_name
        self.job_title = data.job_title
        self.organisation_id = data.organisation_id
        self.organisation_name = data.organisation_name
        self.roles = data.roles

    def get_id(self) -> str:
        return f"{self.data.id}:{self.data.session_version}"


def _load(token: str) -> LoginUser | None:
    try:
        user_id, version = (int(part) for part in token.split(":"))
    except ValueError:
        return None
    data = user_service.session_user(get_db(), user_id, version)
    return LoginUser(data) if data else None


def throttle() -> Throttle:
    app = current_app
    if "login_throttle" not in app.extensions:
        app.extensions["login_throttle"] = Throttle(app.config["THROTTLE_PATH"], app.config["LOGIN_WINDOW_SECONDS"])
    return app.extensions["login_throttle"]


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirect to another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _client_ip() -> str:
    # No X-Forwarded-For trust by default: behind a proxy, configure ProxyFix explicitly.
    return request.remote_addr or "-"


@bp.route("/dang-nhap", methods=["GET", "POST"])
@public
def login() -> Any:
    """Sign-in form; on success the old session is discarded and a fresh one started."""
    if current_user.is_authenticated and request.method != "POST":
        return redirect(url_for("main.home"))
    next_url = safe_next(request.values.get("next"))
    if request.method != "POST":
        return render_template("auth/login.html", next=next_url, username="")
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    keys = (f"user:{username.lower()}", f"ip:{_client_ip()}")
    limits = (current_app.config["LOGIN_LIMIT_ACCOUNT"], current_app.config["LOGIN_LIMIT_IP"])
    gate = throttle()
    if any(gate.count(k) >= limit for k, limit in zip(keys, limits, strict=True)):
        user_service.record_throttled(get_db(), username, ip=_client_ip())
        return render_template("auth/login.html", next=next_url, username=username, error=THROTTLED), 429
    data = user_service.authenticate(get_db(), username, password, ip=_client_ip())
    if data is None:
        gate.fail(*keys)
        return render_template("auth/login.html", next=next_url, username=username, error=BAD_LOGIN), 401
    gate.clear(keys[0])
    session.clear()  # no pre-login value survives (session fixation)
    session.permanent = True
    login_user(LoginUser(data))
    return redirect(next_url or url_for("main.home"))


@bp.route("/dang-xuat", methods=["POST"])
@requires(*ALL_ROLES)
def logout() -> Any:
    """Sign out of this browser."""
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/dang-xuat-moi-noi", methods=["POST"])
@requires(*ALL_ROLES)
def logout_everywhere() -> Any:
    """Sign out of every browser: older session cookies stop working at once."""
    user_service.revoke_sessions(get_db(), current_user.id)
    logout_user()
    session.clear()
    flash("Đã đăng xuất khỏi mọi thiết bị.", "info")
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(_load)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.session_protection = "basic"
