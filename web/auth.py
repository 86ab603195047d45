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

from dossier.errors import ValidationFailed
from dossier.services import signin, two_factor
from dossier.services import users as user_service
from web.access import ALL_ROLES, public, requires
from web.db import get_db, user_connection

bp = Blueprint("auth", __name__)
login_manager = LoginManager()

BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLED = "Đăng nhập sai nhiều lần. Vì an toàn, vui lòng chờ một lát rồi thử lại."
DEVICE_COOKIE = "hskc_device"
DEVICE_DAYS = 180
SESSION_TOKEN = "_sid"
NEXT = "_next"
ENROL_SECRET = "_totp_pending"


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
    data = user_service.session_user(get_db(), user_id, version, session.get(SESSION_TOKEN), conn=user_connection())
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
        message = f"{THROTTLED} (khoảng {math.ceil(gate.wait)} giây)"
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
    owes = data.second_factor_enrolled or two_factor.required(data.roles)
    session[SESSION_TOKEN] = user_service.open_session(get_db(), data.id, ip=_client_ip(), second_factor=not owes)
    login_user(LoginUser(user_service.session_user(get_db(), data.id, data.session_version, session[SESSION_TOKEN])))
    if owes:
        session[NEXT] = next_url
    response = redirect(pending_page() or next_url or url_for("main.home"))
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


def pending_page() -> str | None:
    """Where a signed-in session must go first: the second factor, its enrolment, a new password."""
    if not current_user.is_authenticated:
        return None
    due = current_user.data.second_factor_due
    if due == "code":
        return url_for("auth.second_factor")
    if due == "enrol":
        return url_for("auth.enrol")
    if current_user.data.must_change_password:
        return url_for("auth.change_password")
    return None


def _done() -> Response:
    return redirect(pending_page() or safe_next(session.pop(NEXT, None)) or url_for("main.home"))


@bp.route("/dang-nhap/ma-xac-thuc", methods=["GET", "POST"])
@requires(*ALL_ROLES)
def second_factor() -> Any:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    if current_user.data.second_factor_due != "code":
        return _done()
    if request.method != "POST":
        return render_template("auth/second_factor.html")
    account = signin.account_key(current_user.username, "2fa")
    gate = signin.reserve(get_db(), account, signin.address_key(_client_ip()), limits())
    if not gate.allowed:
        message = f"{THROTTLED} (khoảng {math.ceil(gate.wait)} giây)"
        return render_template("auth/second_factor.html", error=message), 429
    if not two_factor.check(get_db(), current_user.id, request.form.get("code", ""), session.get(SESSION_TOKEN)):
        return render_template("auth/second_factor.html", error="Mã xác thực không đúng hoặc đã dùng."), 401
    signin.succeeded(get_db(), account, signin.address_key(_client_ip()))
    if current_user.data.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(safe_next(session.pop(NEXT, None)) or url_for("main.home"))


@bp.route("/tai-khoan/xac-thuc-hai-lop", methods=["GET", "POST"])
@requires(*ALL_ROLES)
def enrol() -> Any:
    """Turn on two-factor sign-in: scan the QR code, type a code, keep the recovery codes."""
    import segno

    if current_user.data.second_factor_due == "code" or two_factor.is_enrolled(get_db(), current_user.id):
        return render_template("auth/enrol.html", enrolled=True,
                               left=two_factor.unused_recovery_codes(get_db(), current_user.id))
    if request.method == "POST":
        try:
            codes = two_factor.confirm_enrolment(get_db(), current_user.id, session.get(ENROL_SECRET, ""),
                                                 request.form.get("code", ""), session.get(SESSION_TOKEN))
        except ValidationFailed as exc:
            flash(exc.message, "error")
        else:
            session.pop(ENROL_SECRET, None)
            return render_template("auth/recovery_codes.html", codes=codes,
                                   next=url_for("auth.second_factor"))
    if not session.get(ENROL_SECRET):
        session[ENROL_SECRET] = two_factor.new_secret(current_user.username).secret
    secret = session[ENROL_SECRET]
    uri = two_factor.provisioning_uri(secret, current_user.username)
    return render_template("auth/enrol.html", enrolled=False, secret=secret,
                           qr=segno.make(uri, error="m").svg_data_uri(scale=4),
                           required=two_factor.required(current_user.roles))


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@requires(*ALL_ROLES)
def change_password() -> Any:
    """Choose a new password (required after an administrator's reset)."""
    from dossier.services.admin import password_problem

    error = None
    if request.method == "POST":
        new, again = request.form.get("new_password", ""), request.form.get("new_password_again", "")
        problem = password_problem(new) or (None if new == again else "Hai lần nhập mật khẩu mới không khớp.")
        if problem:
            error = problem
        elif not user_service.change_password(get_db(), current_user.id, request.form.get("old_password", ""), new):
            error = "Mật khẩu hiện tại không đúng."
        else:
            # every session ended with the change, this one too: sign in again with the new password
            logout_user()
            session.clear()
            flash("Đã đổi mật khẩu. Vui lòng đăng nhập lại bằng mật khẩu mới.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/change_password.html", error=error,
                           forced=current_user.data.must_change_password), (422 if error else 200)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(_load)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.session_protection = "basic"
