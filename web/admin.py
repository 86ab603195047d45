"""Administration pages (role admin only): users and roles, organisations, Word templates.

Each view parses the form, makes one service call (dossier.services.admin / .templates) and
renders or redirects. A generated password is shown in the response to the POST that made it and
nowhere else: not in a flash message, which would put it in the (signed, not encrypted) cookie.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from dossier.errors import DossierError, ValidationFailed
from dossier.model import GENDER_LABELS
from dossier.services import admin as service
from dossier.services import approval_authority, previews
from dossier.services import org_versions as versions
from dossier.services import templates as tpl
from dossier.vn.vntime import today_vn
from web.access import requires
from web.db import actor_id, get_db, get_signing_port
from web.documents import DOCX, file_response
from web.errors import error_page, status_of
from web.forms import parse_date
from workflows.labels import ROLE_LABELS
from workflows.states import Role

log = logging.getLogger(__name__)
bp = Blueprint("admin", __name__, url_prefix="/quan-tri")
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # the preflight's own cap; the request cap is 25 MB


@bp.route("/")
@requires(Role.ADMIN)
def index() -> Any:
    """The three administration areas."""
    db = get_db()
    return render_template("admin/index.html", users=service.list_users(db),
                           orgs=service.list_organisations(db), templates=tpl.list_templates(db))


# -- users ---------------------------------------------------------------------------------------

def _org_choices() -> list[tuple[int, str]]:
    return [(o.id, o.data.name) for o in service.list_organisations(get_db())]


def _user_form(form: MultiDict[str, str]) -> service.UserData:
    org = form.get("organisation_id", "")
    return service.UserData(username=form.get("username", ""), full_name=form.get("full_name", ""),
                            organisation_id=int(org) if org.isdigit() else None,
                            job_title=form.get("job_title", ""),
                            signing_capacity=form.get("signing_capacity", "direct"),
                            email=form.get("email", ""), roles=set(form.getlist("roles")),
                            gender=form.get("gender", ""))


def _render_user(data: service.UserData, *, user: service.UserRow | None = None,
                 errors: dict[str, str] | None = None, status: int = 200) -> Any:
    return render_template("admin/user_form.html", data=data, user=user, errors=errors or {},
                           orgs=_org_choices(), role_labels=ROLE_LABELS,
                           capacities=service.SIGNING_CAPACITY_LABELS, genders=GENDER_LABELS,
                           min_password=service.MIN_PASSWORD), status


def _chosen_password() -> str | None:
    """The password the admin typed ("" when asked to type one and left blank), or None: generate one."""
    return request.form.get("password", "") if request.form.get("password_mode") == "set" else None


@bp.route("/nguoi-dung")
@requires(Role.ADMIN)
def users() -> Any:
    """Every account, active first."""
    return render_template("admin/users.html", users=service.list_users(get_db()), role_labels=ROLE_LABELS,
                           capacities=service.SIGNING_CAPACITY_LABELS)


@bp.route("/nguoi-dung/moi", methods=["GET", "POST"])
@requires(Role.ADMIN)
def create_user() -> Any:
    """New account; the password is generated (shown once) unless the admin types one."""
    if request.method == "GET":
        return _render_user(service.UserData(roles={Role.OFFICER.value}))
    data = _user_form(request.form)
    chosen = _chosen_password()
    try:
        user_id, password = service.create_user(get_db(), actor_id(), data, chosen)
    except ValidationFailed as exc:
        return _render_user(data, errors=exc.errors, status=422)
    return render_template("admin/password.html", user=service.get_user(get_db(), user_id),
                           password=password if chosen is None else None, created=True)


@bp.route("/nguoi-dung/<int:user_id>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def edit_user(user_id: int) -> Any:
    """Roles, organisation, job title, signing capacity; a change of roles or body ends old sessions."""
    user = service.get_user(get_db(), user_id)
    if request.method == "GET":
        data = service.UserData(user.username, user.full_name, user.organisation_id, user.job_title,
                                user.signing_capacity, user.email, {r.value for r in user.roles}, user.gender)
        return _render_user(data, user=user)
    data = _user_form(request.form)
    data.username = user.username  # never from the form: the name others sign in with stays
    try:
        revoked = service.update_user(get_db(), actor_id(), user_id, data)
    except ValidationFailed as exc:
        return _render_user(data, user=user, errors=exc.errors, status=422)
    flash("Đã lưu thông tin người dùng." + (" Các phiên đăng nhập cũ của người này đã bị kết thúc." if revoked else ""),
          "success")
    return redirect(url_for("admin.users"))


@bp.route("/nguoi-dung/<int:user_id>/mat-khau", methods=["POST"])
@requires(Role.ADMIN)
def reset_password(user_id: int) -> Any:
    """A new password (generated, or typed by the admin); every session of the user ends."""
    user = service.get_user(get_db(), user_id)
    chosen = _chosen_password()
    try:
        password = service.reset_password(get_db(), actor_id(), user_id, chosen)
    except ValidationFailed as exc:
        data = service.UserData(user.username, user.full_name, user.organisation_id, user.job_title,
                                user.signing_capacity, user.email, {r.value for r in user.roles}, user.gender)
        return _render_user(data, user=user, errors=exc.errors, status=422)
    return render_template("admin/password.html", user=user, password=password if chosen is None else None,
                           created=False)


@bp.route("/nguoi-dung/<int:user_id>/trang-thai", methods=["POST"])
@requires(Role.ADMIN)
def set_active(user_id: int) -> Any:
    """Deactivate (or reactivate) an account; accounts are never deleted."""
    user = service.get_user(get_db(), user_id)
    active = request.form.get("active") == "1"
    try:
        service.set_active(get_db(), actor_id(), user_id, active)
    except ValidationFailed as exc:
        data = service.UserData(user.username, user.full_name, user.organisation_id, user.job_title,
                                user.signing_capacity, user.email, {r.value for r in user.roles}, user.gender)
        return _render_user(data, user=user, errors=exc.errors, status=422)
    flash(f"Đã {'mở khóa' if active else 'khóa'} tài khoản {user.username}.", "success")
    return redirect(url_for("admin.users"))


# -- organisations -------------------------------------------------------------------------------

@bp.route("/don-vi")
@requires(Role.ADMIN)
def organisations() -> Any:
    """The bodies whose names and places appear in generated documents."""
    return render_template("admin/organisations.html", orgs=service.list_organisations(get_db()))


def _render_org(org: service.OrgRow, data: service.OrgData, *, errors: dict[str, str] | None = None,
                status: int = 200, approval_from: str = "", act: tuple[str, str] = ("", "")) -> Any:
    parents = [(o.id, o.data.name) for o in service.list_organisations(get_db()) if o.id != org.id]
    return render_template("admin/organisation_form.html", org=org, data=data, errors=errors or {},
                           parents=parents, authorities=list(service.APPROVAL_AUTHORITY_LABELS.items()),
                           authority_labels=service.APPROVAL_AUTHORITY_LABELS,
                           approval_from=approval_from or f"{today_vn():%d/%m/%Y}", act=act,
                           authority_history=approval_authority.history(get_db(), org.id)), status


@bp.route("/don-vi/<int:org_id>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def edit_organisation(org_id: int) -> Any:
    """Names (header lines), abbreviation, place, head, collective name, parent."""
    org = service.get_organisation(get_db(), org_id)
    if request.method == "GET":
        return _render_org(org, org.data)
    form = request.form
    parent = form.get("parent_id", "")
    data = service.OrgData(**{name: form.get(name, "") for name in service.ORG_FIELDS
                              if name not in ("parent_id", "approval_authority")},
                           parent_id=int(parent) if parent.isdigit() else None,
                           approval_authority=form.get("approval_authority", org.data.approval_authority))
    raw = form.get("approval_from", "").strip()
    act = (" ".join(form.get("approval_act_number", "").split()), form.get("approval_act_date", "").strip())
    dates = {}
    for name, value in (("approval_from", raw), ("approval_act_date", act[1])):
        try:
            dates[name] = parse_date(value) if value else None
        except ValueError:
            return _render_org(org, data, errors={name: "Ngày không hợp lệ (ngày/tháng/năm)."}, status=422,
                               approval_from=raw, act=act)
    try:
        delegation = approval_authority.DelegationAct(act[0], dates["approval_act_date"])
        changed = service.update_organisation(get_db(), actor_id(), org_id, data, approval_from=dates["approval_from"],
                                              approval_act=delegation)
    except ValidationFailed as exc:
        return _render_org(org, data, errors=exc.errors, status=422, approval_from=raw, act=act)
    flash("Đã lưu thông tin đơn vị; văn bản tạo từ nay dùng thông tin mới, văn bản đã tạo giữ nguyên."
          if changed else "Không có thay đổi nào.", "success")
    return redirect(url_for("admin.organisations"))


@bp.route("/don-vi/<int:org_id>/phien-ban", methods=["GET", "POST"])
@requires(Role.ADMIN)
def organisation_versions(org_id: int) -> Any:
    """The body's versions by date, and the form to add one (a new director, a merger)."""
    db = get_db()
    org = service.get_organisation(db, org_id)
    if request.method == "GET":
        return _render_versions(org, versions.proposal(db, org_id))
    form = request.form
    data = versions.VersionData(**{name: form.get(name, "") for name in versions.TEXT_FIELDS})
    raw = form.get("valid_from", "").strip()
    bad_date = {}
    try:
        data.valid_from = parse_date(raw) if raw else None
    except ValueError:
        bad_date = {"valid_from": "Ngày không hợp lệ (ngày/tháng/năm)."}
    try:
        versions.add_version(db, actor_id(), org_id, data)  # refuses a missing date with the other faults
    except ValidationFailed as exc:
        return _render_versions(org, data, errors={**exc.errors, **bad_date}, status=422)
    flash(f"Đã thêm phiên bản từ ngày {data.valid_from:%d/%m/%Y}: văn bản mang ngày từ đó dùng thông tin này, "
          "văn bản đã tạo giữ nguyên.", "success")
    return redirect(url_for("admin.organisation_versions", org_id=org_id))


def _render_versions(org: service.OrgRow, data: versions.VersionData, *, errors: dict[str, str] | None = None,
                     status: int = 200) -> Any:
    return render_template("admin/organisation_versions.html", org=org, data=data, errors=errors or {},
                           versions=versions.list_versions(get_db(), org.id)), status


# -- templates -----------------------------------------------------------------------------------

@bp.route("/mau-van-ban")
@requires(Role.ADMIN)
def templates() -> Any:
    """Every template with the version in force."""
    return render_template("admin/templates.html", templates=tpl.list_templates(get_db()))


def _render_template_page(template_id: str, *, result: tpl.UploadResult | None = None, status: int = 200) -> Any:
    detail = tpl.template_detail(get_db(), template_id)
    return render_template("admin/template.html", detail=detail, result=result,
                           max_mb=MAX_TEMPLATE_BYTES // (1024 * 1024)), status


@bp.route("/mau-van-ban/<template_id>")
@requires(Role.ADMIN)
def template(template_id: str) -> Any:
    """One template: its versions and the upload form."""
    return _render_template_page(template_id)


def _file(name: str, limit: int) -> tuple[bytes | None, str]:
    file = request.files.get(name)
    if file is None or not file.filename:
        return None, ""
    return file.read(limit + 1), file.filename


@bp.route("/mau-van-ban/<template_id>/tai-len", methods=["POST"])
@requires(Role.ADMIN)
def upload(template_id: str) -> Any:
    """Check an uploaded version; refused with the report, or kept as a draft to preview."""
    docx, filename = _file("docx", MAX_TEMPLATE_BYTES)
    manifest, _ = _file("manifest", tpl.MAX_MANIFEST_BYTES)
    sample, _ = _file("sample", tpl.MAX_SAMPLE_BYTES)
    if docx is not None and len(docx) > MAX_TEMPLATE_BYTES:
        result = tpl.UploadResult(template_id, None, (tpl.Finding(
            "error", "template.docx", None, f"Tệp quá lớn (tối đa {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB)."),))
        return _render_template_page(template_id, result=result, status=422)
    result = tpl.upload_version(get_db(), actor_id(), template_id, docx or b"", filename=filename,
                                manifest=manifest, sample=sample, comment=request.form.get("comment", ""))
    if not result.accepted:
        return _render_template_page(template_id, result=result, status=422)
    flash(f"Đã kiểm tra và lưu phiên bản {result.version} (bản nháp). Hãy xem trước rồi kích hoạt.", "success")
    return redirect(url_for("admin.version", template_id=template_id, version=result.version))


@bp.route("/mau-van-ban/<template_id>/phien-ban/<int:version>")
@requires(Role.ADMIN)
def version(template_id: str, version: int) -> Any:
    """A version's report, its preview on the sample data, and the activate button."""
    row = tpl.get_version(get_db(), template_id, version)
    detail = tpl.template_detail(get_db(), template_id)
    return render_template("admin/version.html", v=row, summary=detail.summary)


@bp.route("/mau-van-ban/<template_id>/phien-ban/<int:version>/mau.docx")
@requires(Role.ADMIN)
def version_file(template_id: str, version: int) -> Any:
    """The template file itself, to edit in Word for the next version."""
    data, filename = tpl.version_docx(get_db(), template_id, version)
    return file_response(data, filename, DOCX)


@bp.route("/mau-van-ban/<template_id>/phien-ban/<int:version>/xem-truoc.docx")
@requires(Role.ADMIN)
def preview_docx(template_id: str, version: int) -> Any:
    """The version filled with its sample data (DOCX)."""
    try:
        data, filename = tpl.preview_docx(get_db(), template_id, version)
    except DossierError as exc:
        return _render_failed(exc)
    return file_response(data, filename, DOCX)


def _render_failed(exc: DossierError) -> Any:
    if status_of(exc) is not None:  # a user's error (not found, refused …) has its own page
        raise exc
    log.error("template preview failed: %s", exc)
    return error_page(422, "Không tạo được bản xem trước", exc.message)


@bp.route("/mau-van-ban/<template_id>/phien-ban/<int:version>/xem-truoc.pdf")
@requires(Role.ADMIN)
def preview_pdf(template_id: str, version: int) -> Any:
    """The same preview as PDF (LibreOffice); a clear page when it is not installed."""
    try:
        name, pdf = previews.template_preview_pdf(get_db(), port=get_signing_port(), template_id=template_id,
                                                  version=version)
    except previews.PreviewUnavailable as exc:
        return error_page(503, exc.title, exc.message)
    except DossierError as exc:
        return _render_failed(exc)
    return file_response(pdf, name, "application/pdf", disposition="inline")


@bp.route("/mau-van-ban/<template_id>/phien-ban/<int:version>/kich-hoat", methods=["POST"])
@requires(Role.ADMIN)
def activate(template_id: str, version: int) -> Any:
    """Put a checked version in force (the one before is retired, kept)."""
    tpl.activate_version(get_db(), actor_id(), template_id, version)
    flash(f"Đã kích hoạt phiên bản {version}: văn bản tạo từ nay dùng phiên bản này; văn bản đã tạo giữ "
          "phiên bản cũ.", "success")
    return redirect(url_for("admin.template", template_id=template_id))


# -- trust anchors (issue 11) ----------------------------------------------------------------------

@bp.route("/tin-cay", methods=["GET", "POST"])
@requires(Role.ADMIN)
def trust_anchors() -> Any:
    """The CAs whose certificates the system trusts: list, add (a PEM/DER file)."""
    from dossier.services import trust_anchors as anchors

    if request.method == "POST":
        upload = request.files.get("file")
        try:
            added = anchors.add_anchors(get_db(), actor_id=actor_id(), data=upload.read() if upload else b"",
                                        name=request.form.get("name", ""))
        except ValidationFailed as exc:
            return render_template("admin/trust.html", anchors=anchors.list_anchors(get_db()),
                                   errors=exc.errors), 422
        flash("Đã thêm vào danh sách tin cậy: " + ", ".join(a.name for a in added) + ".", "success")
        return redirect(url_for("admin.trust_anchors"))
    return render_template("admin/trust.html", anchors=anchors.list_anchors(get_db()), errors={})


@bp.route("/tin-cay/<int:anchor_id>/xoa", methods=["POST"])
@requires(Role.ADMIN)
def remove_trust_anchor(anchor_id: int) -> Any:
    from dossier.services import trust_anchors as anchors

    name = anchors.remove_anchor(get_db(), actor_id=actor_id(), anchor_id=anchor_id)
    flash(f"Đã bỏ «{name}» khỏi danh sách tin cậy; chữ ký do CA này chứng thực sẽ hiện là không được tin cậy.",
          "success")
    return redirect(url_for("admin.trust_anchors"))
