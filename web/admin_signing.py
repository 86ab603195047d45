"""Administration → Chữ ký số: how each leader signs and each organisation seals, and their images
(issue 11). Each view parses the form, makes one service call (dossier.services.signing_admin,
.signature_images) and renders or redirects; a refused upload re-shows the page with the reason."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from dossier.errors import ValidationFailed
from dossier.services import signature_images as images
from dossier.services import signing_admin as service
from web.access import requires
from web.db import actor_id, get_db
from web.documents import file_response
from workflows.states import Role

bp = Blueprint("admin_signing", __name__, url_prefix="/quan-tri/ky-so")


@bp.route("/")
@requires(Role.ADMIN)
def index() -> Any:
    leaders, orgs = service.signers(get_db())
    return render_template("admin/signing.html", leaders=leaders, orgs=orgs)


def _owner(user_id: int | None, org_id: int | None) -> dict[str, int | None]:
    return {"user_id": user_id, "organisation_id": org_id}


def _page(user_id: int | None, org_id: int | None, *, errors: dict[str, str] | None = None, status: int = 200) -> Any:
    page = service.owner_page(get_db(), **_owner(user_id, org_id))
    return render_template("admin/signing_owner.html", page=page, errors=errors or {},
                           sources=service.SOURCE_LABELS, setting_labels=service.SETTING_LABELS), status


def _width_mm() -> float | None:
    raw = request.form.get("width_mm", "").strip().replace(",", ".")
    try:
        return float(raw) if raw else None
    except ValueError:
        return -1.0  # refused by the service with the size rule


def _upload(user_id: int | None, org_id: int | None) -> Any:
    upload = request.files.get("file")
    kind = images.SIGNATURE if user_id is not None else images.SEAL
    try:
        row = images.upload_image(get_db(), actor_id=actor_id(), kind=kind, data=upload.read() if upload else b"",
                                  width_mm=_width_mm(), **_owner(user_id, org_id))
    except ValidationFailed as exc:
        return _page(user_id, org_id, errors=exc.errors, status=422)
    flash(f"Đã tải lên {images.KIND_LABELS[kind]} phiên bản {row.version} ({row.width_mm:g} × {row.height_mm:g} mm); "
          "văn bản ký từ nay dùng ảnh này, văn bản đã ký giữ ảnh cũ.", "success")
    return redirect(_back(user_id, org_id))


def _set_method(user_id: int | None, org_id: int | None) -> Any:
    cert = request.files.get("certificate")
    settings = {k: request.form.get(k, "") for k in service.SETTING_LABELS}
    try:
        row = service.set_method(get_db(), actor_id=actor_id(), source=request.form.get("source", ""),
                                 certificate=cert.read() if cert else b"", settings=settings, **_owner(user_id, org_id))
    except ValidationFailed as exc:
        return _page(user_id, org_id, errors=exc.errors, status=422)
    flash(f"Đã đặt cách ký: {row.label}.", "success")
    return redirect(_back(user_id, org_id))


def _back(user_id: int | None, org_id: int | None) -> str:
    if user_id is not None:
        return url_for("admin_signing.user_page", user_id=user_id)
    return url_for("admin_signing.org_page", org_id=org_id)


@bp.route("/anh/<int:image_id>.png")
@requires(Role.ADMIN)
def image(image_id: int) -> Any:
    """One uploaded version of a signature or seal image (every version stays)."""
    return file_response(images.image_png(get_db(), image_id), f"anh-{image_id}.png", "image/png",
                         disposition="inline")


# A leader's signature and an organisation's seal have the same three views; each answers at the
# two owners' addresses, with the endpoint names the pages link to (user_… and org_…).
@bp.route("/nguoi-dung/<int:user_id>", endpoint="user_page")
@bp.route("/don-vi/<int:org_id>", endpoint="org_page")
@requires(Role.ADMIN)
def owner_page(user_id: int | None = None, org_id: int | None = None) -> Any:
    return _page(user_id, org_id)


@bp.route("/nguoi-dung/<int:user_id>/anh", methods=["POST"], endpoint="user_image")
@bp.route("/don-vi/<int:org_id>/anh", methods=["POST"], endpoint="org_image")
@requires(Role.ADMIN)
def owner_image(user_id: int | None = None, org_id: int | None = None) -> Any:
    return _upload(user_id, org_id)


@bp.route("/nguoi-dung/<int:user_id>/cach-ky", methods=["POST"], endpoint="user_method")
@bp.route("/don-vi/<int:org_id>/cach-ky", methods=["POST"], endpoint="org_method")
@requires(Role.ADMIN)
def owner_method(user_id: int | None = None, org_id: int | None = None) -> Any:
    return _set_method(user_id, org_id)


__all__ = ["bp"]
