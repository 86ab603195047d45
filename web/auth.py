"""Sign in and out: a server-side session per browser, revoked at logout; throttled sign-in.

The session cookie stores "user_id:session_version" (Flask-Login's alternative-token pattern) and
the token of a `user_sessions` row: logout revokes that row, so a copied cookie stops working at
once; a logout-everywhere, a password or a role change bumps session_version and revokes them all.

Failed sign-ins slow the guesser down (dossier.services.signin): a progressive delay per account,
a limit per client address, one message for unknown and known names alike. A browser that signed
in to an account before carries a signed device cookie and has its own counter, so a stranger's
wrong passwords do not keep the owner out. Behind a reverse proxy the client address comes from
X-Forwarded-For only for the configured number of trusted hops (ProxyFix, DOSSIER_PROXY_HOPS).
"""

from __future__ import annotations

import math
import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from dossier.services import signin
from dossier.services import users as user_service
from web.access import ALL_ROLES, public, requires
from web.db import get_db

bp = Blueprint("auth", __name__)
login_manager = LoginManager()

BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLED = "Đăng nhập sai nhiều lần. Vì an toàn, vui lòng chờ {wait} giây rồi thử lại."
DEVICE_COOKIE = "hskc_device"
DEVICE_DAYS = 180
SESSION_TOKEN = "_sid"


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
    data = user_service.session_user(get_db(), user_id, version, session.get(SESSION_TOKEN))
    return LoginUser(data) if data else None


def limits() -> signin.Limits:
    config = current_app.config
    return signin.Limits(account_free=config["LOGIN_LIMIT_ACCOUNT"], delay_base=config["LOGIN_DELAY_SECONDS"],
                         delay_max=config["LOGIN_DELAY_MAX_SECONDS"], ip_limit=config["LOGIN_LIMIT_IP"],
                         window=config["LOGIN_WINDOW_SECONDS"])


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hskc-device")


def known_device(username: str) -> str | None:
    """The device id when this browser signed in to `username` before (a signed cookie), else None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _devices().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    return data.get("d") if data.get("u") == username.strip().lower() else None


def _remember_device(response: Response, username: str) -> None:
    value = _devices().dumps({"u": username.strip().lower(), "d": secrets.token_hex(8)})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], path="/dang-nhap")


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirect to another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _client_ip() -> str:
    # remote_addr is the client's address: ProxyFix (web/__init__.py) rewrites it from
    # X-Forwarded-For only for the configured number of trusted proxies, never from a bare header.
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
    device = known_device(username)
    account, address = signin.account_key(username, device), signin.address_key(_client_ip())
    gate = signin.reserve(get_db(), account, address, limits())
    if not gate.allowed:
        user_service.record_throttled(get_db(), username, ip=_client_ip())
        message = THROTTLED.format(wait=math.ceil(gate.wait))
        response = render_template("auth/login.html", next=next_url, username=username, error=message)
        return response, 429, {"Retry-After": str(math.ceil(gate.wait))}
    data = user_service.authenticate(get_db(), username, password, ip=_client_ip())
    if data is None:
        return render_template("auth/login.html", next=next_url, username=username, error=BAD_LOGIN), 401
    signin.succeeded(get_db(), account, address)
    return _start_session(data, next_url, remember=device is None)


def _start_session(data: user_service.SessionUser, next_url: str | None, *, remember: bool) -> Response:
    session.clear()  # no pre-login value survives (session fixation)
    session.permanent = True
    session[SESSION_TOKEN] = user_service.open_session(get_db(), data.id, ip=_client_ip())
    login_user(LoginUser(data))
    response = redirect(next_url or url_for("main.home"))
    if remember:
        _remember_device(response, data.username)
    return response


@bp.route("/dang-xuat", methods=["POST"])
@requires(*ALL_ROLES)
def logout() -> Any:
    """Sign out of this browser: its session is revoked on the server too."""
    user_service.close_session(get_db(), session.get(SESSION_TOKEN))
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
