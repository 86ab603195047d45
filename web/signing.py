"""Issuing documents on the web: the leader's "Ký số", the văn thư's "Đóng dấu, phát hành",
the register (sổ văn bản đi), and the public verification page reached by code or QR.

Everything happens in the services (dossier.services.issuance / register); this module reads
forms, calls one service per action and shows the result. A failed signature re-shows the page
with the Vietnamese reason; nothing was numbered or changed (the service guarantees it).

The certificate password is typed for every signature and never stored. Wrong passwords are
throttled per user (like sign-in), so the web form cannot be used to guess a PKCS#12 password.
The public pages are throttled per address on unknown codes, so codes cannot be enumerated.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from dossier.errors import DomainError, DossierError, Refused
from dossier.services import issuance
from dossier.services import register as register_service
from dossier.services.access import visible_org_ids
from dossier.services.exchange import exchange_rows
from dossier.services.issuance import SigningFailed
from dossier.services.issuance import annex as annex_service
from dossier.vn.vntime import today_vn
from web.access import DOSSIER_READERS, public, requires
from web.db import actor_id, get_db, get_signing_port, load_actor
from web.documents import file_response
from web.errors import error_page
from web.forms import parse_date
from web.security import CSP, csrf
from web.throttle import Throttle
from workflows.states import Role

log = logging.getLogger(__name__)
bp = Blueprint("signing", __name__)
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

PASSWORD_FAILURES = 5  # per user per window, then the form is locked for the window
LOOKUP_FAILURES = 30  # unknown verification codes per address per window
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def throttle() -> Throttle:
    app = current_app
    if "signing_throttle" not in app.extensions:
        app.extensions["signing_throttle"] = Throttle(app.config["THROTTLE_PATH"],
                                                      app.config.get("LOGIN_WINDOW_SECONDS", 900))
    return app.extensions["signing_throttle"]


def _client_ip() -> str:
    return request.remote_addr or "?"


UNKNOWN_CODES = "Bạn tra cứu quá nhiều mã không tồn tại; thử lại sau 15 phút."


def _lookups_refused(reason: str) -> Any | None:
    """The 429 page once this address has failed LOOKUP_FAILURES lookups (codes, one-time tokens)."""
    if throttle().count(f"verify:{_client_ip()}") >= LOOKUP_FAILURES:
        return error_page(429, "Quá nhiều yêu cầu", reason)
    return None


def _lookup_failed() -> None:
    throttle().fail(f"verify:{_client_ip()}")


def _throttled_lookup(reason: str) -> Callable[[F], F]:
    """A public view that looks a secret up: refused (429, `reason`) while the address is throttled."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            refused = _lookups_refused(reason)
            return refused if refused is not None else view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


LOCKED = ("Bạn đã nhập sai mật khẩu chứng thư số nhiều lần; chức năng ký tạm khóa 15 phút. "
          "Văn bản chưa được ký, chưa lấy số.")
SEAL_LOCKED = "Bạn đã nhập sai mật khẩu chứng thư số nhiều lần; chức năng đóng dấu tạm khóa 15 phút. "


class PasswordLocked(DomainError):
    """The certificate password is refused unread: too many wrong ones from this user lately."""

    code = "password_locked"


def with_password(key: str, call: Callable[[str], T], *, what: str, locked: str = LOCKED) -> T:
    """`call(password)` with the form's certificate password, under the password throttle of `key`:
    PasswordLocked (`locked`) while it is shut; a wrong password counts against it (the SigningFailed
    goes on up, logged as `what`), a success opens it again."""
    if throttle().count(key) >= PASSWORD_FAILURES:
        raise PasswordLocked(locked)
    try:
        result = call(request.form.get("password", ""))
    except SigningFailed as exc:
        log.warning("%s by user %s failed: %s", what, actor_id(), exc.detail)
        if "Mật khẩu" in exc.message:
            throttle().fail(key)
        raise
    throttle().clear(key)
    return result


# -- the leader: Ký số ---------------------------------------------------------------------------

@bp.route("/ky-so")
@requires(Role.LEADER)
def drafts() -> Any:
    rows = issuance.drafts_to_sign(get_db(), actor_id=actor_id())
    return render_template("signing/drafts.html", rows=rows)


def _sign_page(document_id: int, *, error: str | None = None, status: int = 200) -> Any:
    # The same checks as signing: another body's draft is 404, a non-signer 403, a signed one 422.
    page = issuance.sign_preview(get_db(), actor_id=actor_id(), document_id=document_id)
    return render_template("signing/sign.html", page=page, error=error), status


@bp.route("/ky-so/<int:document_id>", methods=["GET", "POST"])
@requires(Role.LEADER)
def sign(document_id: int) -> Any:
    if request.method == "GET":
        return _sign_page(document_id)
    try:
        result = with_password(f"cert:{actor_id()}", lambda password: issuance.sign_document(
            get_db(), port=get_signing_port(), actor_id=actor_id(), document_id=document_id, password=password),
            what=f"signing document {document_id}")
    except PasswordLocked as exc:
        return _sign_page(document_id, error=exc.message, status=429)
    except SigningFailed as exc:
        return _sign_page(document_id, error=exc.message, status=422)
    flash(f"Đã ký số văn bản, cấp {result.number_text} ngày {result.issued_on:%d/%m/%Y}. "
          "Văn bản chuyển sang văn thư để đóng dấu, phát hành.", "success")
    return redirect(url_for("signing.issued", issued_id=result.issued_id))


# -- the leader's own machine: the browser agent (Ban Cơ yếu plugin protocol) ----------------------

@bp.route("/ky-so/<int:document_id>/cong-cu-ky", methods=["POST"])
@requires(Role.LEADER)
def agent_prepare(document_id: int) -> Any:
    """Prepare the numbered PDF for the leader's agent; the page hands the agent its addresses."""
    try:
        handout = issuance.prepare_for_agent(get_db(), port=get_signing_port(), actor_id=actor_id(),
                                             document_id=document_id)
    except SigningFailed as exc:
        log.warning("preparing document %s for the agent failed: %s", document_id, exc.detail)
        return _sign_page(document_id, error=exc.message, status=422)
    page = issuance.sign_preview(get_db(), actor_id=actor_id(), document_id=document_id)
    agent_url = _agent_url()
    html = render_template("signing/agent.html", page=page, handout=handout, agent_url=agent_url,
                           file_url=url_for("signing.agent_pdf", token=handout.token, _external=True),
                           upload_url=url_for("signing.agent_upload", token=handout.token, _external=True))
    response = current_app.make_response(html)
    # The one page that talks to another origin: the agent on the official's own machine (loopback).
    response.headers["Content-Security-Policy"] = CSP.replace("default-src 'self';",
                                                              f"default-src 'self'; connect-src 'self' {agent_url};")
    return response


def _agent_url() -> str:
    """Where the page finds the local signing agent: DOSSIER_SIGNING_AGENT_URL (SIGNING_AGENT_URL in tests)."""
    from dossier.config import settings

    return (current_app.config.get("SIGNING_AGENT_URL") or settings().signing_agent_url).rstrip("/")


@bp.route("/ky-so/phien/<token>/van-ban.pdf")
@public
@_throttled_lookup("Quá nhiều mã phiên ký không hợp lệ; thử lại sau 15 phút.")
def agent_pdf(token: str) -> Any:
    """The prepared PDF, for whoever holds the one-time token (the agent has no session cookie)."""
    from dossier.services import agent_sessions

    try:
        data = agent_sessions.prepared_pdf(get_db(), token)
    except DossierError as exc:  # unknown, used or expired token (AgentRefusal)
        _lookup_failed()
        return error_page(404, "Không tìm thấy", exc.message)
    return file_response(data, "van-ban-can-ky.pdf", "application/pdf")


@bp.route("/ky-so/phien/<token>", methods=["POST"])
@public
@csrf.exempt  # the agent posts with the one-time token, not a session; the token is the credential
def agent_upload(token: str) -> Any:
    """The agent's (or the page's) upload of the signed PDF: issued, or refused with the reason."""
    upload = next(iter(request.files.values()), None)
    data = upload.read() if upload is not None else request.get_data()
    user = actor_id() if current_user.is_authenticated else None
    try:
        result = issuance.accept_from_agent(get_db(), port=get_signing_port(), token=token, returned=data,
                                            user_id=user)
    except DomainError as exc:
        log.warning("agent upload for session refused: %s", getattr(exc, "detail", "") or exc.message)
        if request.form.get("tu_trang"):
            return error_page(422, "Chưa ký được văn bản", exc.message)
        return jsonify(ok=False, message=exc.message), 422
    if request.form.get("tu_trang"):
        flash(f"Đã ký số văn bản, cấp {result.number_text} ngày {result.issued_on:%d/%m/%Y}. "
              "Văn bản chuyển sang văn thư để đóng dấu, phát hành.", "success")
        return redirect(url_for("signing.issued", issued_id=result.issued_id))
    return jsonify(ok=True, number=result.number_text, verification_code=result.verification_code,
                   issued_url=url_for("signing.issued", issued_id=result.issued_id, _external=True))


# -- the văn thư: Đóng dấu, phát hành --------------------------------------------------------------

@bp.route("/phat-hanh")
@requires(Role.CLERK)
def to_seal() -> Any:
    rows = issuance.awaiting_seal(get_db(), actor_id=actor_id())
    return render_template("signing/seal_list.html", rows=rows, error=None, error_id=None)


@bp.route("/phat-hanh/<int:issued_id>", methods=["POST"])
@requires(Role.CLERK)
def seal(issued_id: int) -> Any:
    try:
        result = with_password(f"seal:{actor_id()}", lambda password: issuance.seal_document(
            get_db(), port=get_signing_port(), actor_id=actor_id(), issued_id=issued_id, password=password),
            what=f"sealing {issued_id}", locked=SEAL_LOCKED + "Văn bản chưa được đóng dấu.")
    except (PasswordLocked, SigningFailed) as exc:
        rows = issuance.awaiting_seal(get_db(), actor_id=actor_id())
        return render_template("signing/seal_list.html", rows=rows, error=exc.message, error_id=issued_id), 422
    flash(f"Đã đóng dấu, phát hành văn bản {result.number_text}.", "success")
    return redirect(url_for("signing.issued", issued_id=issued_id))


# -- the văn thư: documents signed by hand ----------------------------------------------------------

def _paper_page(*, error: str | None = None, error_id: int | None = None, status: int = 200) -> Any:
    rows = issuance.paper_to_enter(get_db(), actor_id=actor_id())
    return render_template("signing/paper.html", rows=rows, error=error, error_id=error_id,
                           today=today_vn()), status


@bp.route("/vao-so")
@requires(Role.CLERK, Role.LEADER)
def paper() -> Any:
    """Drafts a leader signed by hand and the biên bản its parties signed: the văn thư gives each
    the register's number (a leader whose body has no văn thư enters his own)."""
    return _paper_page()


@bp.route("/vao-so/<int:document_id>", methods=["POST"])
@requires(Role.CLERK, Role.LEADER)
def enter_paper(document_id: int) -> Any:
    try:
        signer_id = int(request.form.get("signer", ""))
        signed_on = parse_date(request.form.get("signed_on", ""))
    except ValueError:
        return _paper_page(error="Chọn người ký và nhập ngày ký (ngày/tháng/năm).", error_id=document_id, status=422)
    try:
        entry = issuance.register_paper_signature(get_db(), actor_id=actor_id(), document_id=document_id,
                                                  signer_id=signer_id, issued_on=signed_on)
    except Refused as exc:
        return _paper_page(error=exc.message, error_id=document_id, status=422)
    flash(f"Đã vào sổ văn bản số {entry.symbol}, ký ngày {signed_on:%d/%m/%Y}.", "success")
    return redirect(url_for("signing.paper"))


# -- issued documents ------------------------------------------------------------------------------

@bp.route("/van-ban-ban-hanh/<int:issued_id>")
@requires(*DOSSIER_READERS, scope="dossier")
def issued(issued_id: int) -> Any:
    db = get_db()
    summary = issuance.get_issued(db, actor_id=actor_id(), issued_id=issued_id)
    check = issuance.verify_issued(db, port=get_signing_port(), code=summary.verification_code)
    return _issued_page(issued_id, summary, check)


def _issued_page(issued_id: int, summary: Any, check: Any, *, annex_error: str | None = None,
                 annex_title: str = "") -> str:
    db, port = get_db(), get_signing_port()
    return render_template("signing/issued.html", doc=summary, check=check,
                           public_link=port.verification_url(summary.verification_code),
                           exchange=exchange_rows(db, actor_id=actor_id(), issued_id=issued_id),
                           annexes=annex_service.annex_panel(db, actor_id=actor_id(), issued_id=issued_id),
                           annex_error=annex_error, annex_title=annex_title)


@bp.route("/van-ban-ban-hanh/<int:issued_id>/phu-luc", methods=["POST"])
@requires(Role.CLERK)
def annex_issue(issued_id: int) -> Any:
    """The văn thư issues a separate-file annex: the agency signs it with the main document's number."""
    title = request.form.get("title", "")
    upload = request.files.get("file")
    try:
        result = with_password(f"seal:{actor_id()}", lambda password: annex_service.issue_annex(
            get_db(), port=get_signing_port(), actor_id=actor_id(), issued_id=issued_id, title=title,
            pdf=upload.read() if upload is not None else b"", password=password),
            what=f"annex of {issued_id}", locked=SEAL_LOCKED + annex_service.NOT_ISSUED)
    except (PasswordLocked, SigningFailed, Refused) as exc:
        db = get_db()
        summary = issuance.get_issued(db, actor_id=actor_id(), issued_id=issued_id)
        check = issuance.verify_issued(db, port=get_signing_port(), code=summary.verification_code)
        return _issued_page(issued_id, summary, check, annex_error=exc.message, annex_title=title), 422
    flash(f"Đã ký số, ban hành phụ lục “{result.title}” kèm theo văn bản "
          f"{result.number_text.removeprefix('Số: ')}.", "success")
    return redirect(url_for("signing.issued", issued_id=issued_id))


@bp.route("/van-ban-ban-hanh/<int:issued_id>/phu-luc/<int:annex_id>.pdf")
@requires(*DOSSIER_READERS, scope="dossier")
def annex_download(issued_id: int, annex_id: int) -> Any:
    name, data = annex_service.annex_pdf(get_db(), actor_id=actor_id(), issued_id=issued_id, annex_id=annex_id)
    return file_response(data, name, "application/pdf")


@bp.route("/van-ban-ban-hanh/<int:issued_id>/pdf")
@requires(*DOSSIER_READERS, scope="dossier")
def issued_download(issued_id: int) -> Any:
    name, data = issuance.issued_pdf(get_db(), actor_id=actor_id(), issued_id=issued_id)
    return file_response(data, name, "application/pdf")


@bp.route("/ho-so/<int:dossier_id>/van-ban-ban-hanh")
@requires(*DOSSIER_READERS, scope="dossier")
def dossier_issued(dossier_id: int) -> Any:
    rows = issuance.issued_for_dossier(get_db(), actor_id=actor_id(), dossier_id=dossier_id)
    return render_template("signing/dossier_issued.html", rows=rows, dossier_id=dossier_id)


# -- the register ----------------------------------------------------------------------------------

REGISTER_ROLES = (Role.LEADER, Role.CLERK, Role.ADMIN, Role.OFFICER)


def _register_rows() -> tuple[list, int | None]:
    raw_year = request.args.get("nam", "").strip()
    year = int(raw_year) if raw_year.isdigit() else None
    db = get_db()
    with db.read() as session:
        user = load_actor(session)
        orgs = None if Role.ADMIN in user.roles else visible_org_ids(session, user)
    return register_service.list_register(db, organisation_ids=orgs, year=year), year


@bp.route("/so-van-ban-di")
@requires(*REGISTER_ROLES)
def register_view() -> Any:
    rows, year = _register_rows()
    return render_template("signing/register.html", rows=rows, year=year, this_year=today_vn().year,
                           can_cancel=bool(current_user.roles & {Role.CLERK, Role.ADMIN}))


@bp.route("/so-van-ban-di/xuat.<fmt>")
@requires(*REGISTER_ROLES)
def register_export(fmt: str) -> Any:
    rows, year = _register_rows()
    stem = f"so-van-ban-di-{year}" if year else "so-van-ban-di"
    if fmt == "csv":
        return file_response(register_service.export_csv(rows), f"{stem}.csv", "text/csv")  # Werkzeug adds the charset
    if fmt == "xlsx":
        return file_response(register_service.export_xlsx(rows), f"{stem}.xlsx", XLSX)
    return error_page(404, "Không tìm thấy", "Chỉ xuất được tệp .xlsx hoặc .csv.")


@bp.route("/so-van-ban-di/<int:entry_id>/huy", methods=["POST"])
@requires(Role.CLERK, Role.ADMIN)
def register_cancel(entry_id: int) -> Any:
    try:
        register_service.cancel_number(get_db(), actor_id=actor_id(), entry_id=entry_id,
                                       reason=request.form.get("reason", ""))
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash("Đã hủy số văn bản; số này vẫn ghi trong sổ kèm lý do và không cấp lại.", "success")
    return redirect(url_for("signing.register_view", nam=request.form.get("nam", "")))


# -- public verification ---------------------------------------------------------------------------



@bp.route("/xac-thuc", methods=["GET", "POST"])
@public
def verify_form() -> Any:
    if request.method == "GET":
        return render_template("signing/verify_form.html", error=None)
    if (refused := _lookups_refused(UNKNOWN_CODES)) is not None:
        return refused
    upload = request.files.get("file")
    code = request.form.get("code", "").strip()
    try:
        if upload is not None and upload.filename:
            data = upload.read()
            if not data.startswith(b"%PDF"):
                return render_template("signing/verify_form.html",
                                       error="Tệp tải lên không phải tệp PDF."), 422
            check = issuance.verify_issued(get_db(), port=get_signing_port(), pdf=data)
            return render_template("signing/verify_result.html", check=check, code=None,
                                   filename=upload.filename)
        if code:
            return redirect(url_for("signing.verify_code", code=issuance.code_as_addressed(code)))
    except SigningFailed as exc:
        return render_template("signing/verify_form.html", error=exc.message), 422
    return render_template("signing/verify_form.html",
                           error="Nhập mã xác thực in trên văn bản hoặc chọn tệp PDF cần kiểm tra."), 422


@bp.route("/xac-thuc/<code>")
@public
@_throttled_lookup(UNKNOWN_CODES)
def verify_code(code: str) -> Any:
    try:
        check = issuance.verify_issued(get_db(), port=get_signing_port(), code=code)
    except DomainError:
        _lookup_failed()
        return render_template("signing/verify_form.html",
                               error="Không có văn bản nào mang mã xác thực này. Kiểm tra lại mã "
                                     "(10 ký tự, không phân biệt chữ hoa, chữ thường)."), 404
    return render_template("signing/verify_result.html", check=check, code=code, filename=None)


@bp.route("/xac-thuc/<code>/van-ban.pdf")
@public
@_throttled_lookup(UNKNOWN_CODES)
def verify_download(code: str) -> Any:
    """The issued PDF for whoever holds its code (printed on the document itself)."""
    try:
        name, data = issuance.issued_pdf(get_db(), code=code)
    except DomainError:
        _lookup_failed()
        return error_page(404, "Không tìm thấy", "Không có văn bản nào mang mã xác thực này.")
    return file_response(data, name, "application/pdf")
