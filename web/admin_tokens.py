"""Administration of the API's integration tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from dossier.errors import DomainError
from dossier.services import admin as admin_service
from dossier.services import api_tokens
from web.access import requires
from web.db import actor_id, get_db
from workflows.states import Role

bp = Blueprint("admin_tokens", __name__, url_prefix="/quan-tri/api")


def _page(new_token: str | None = None, status: int = 200) -> Any:
    db = get_db()
    users = [u for u in admin_service.list_users(db) if u.active]
    return render_template("admin/api_tokens.html", tokens=api_tokens.list_tokens(db, actor_id=actor_id()),
                           users=users, new_token=new_token), status


@bp.route("/", methods=["GET", "POST"])
@requires(Role.ADMIN)
def tokens() -> Any:
    if request.method == "GET":
        return _page()
    try:
        token = api_tokens.create_token(get_db(), actor_id=actor_id(), user_id=int(request.form.get("user_id") or 0),
                                        name=request.form.get("name", ""), can_fire=bool(request.form.get("can_fire")))
    except DomainError as exc:
        flash(exc.message, "error")
        return _page(status=422)
    return _page(new_token=token)


@bp.route("/<int:token_id>/thu-hoi", methods=["POST"])
@requires(Role.ADMIN)
def revoke(token_id: int) -> Any:
    try:
        api_tokens.revoke_token(get_db(), actor_id=actor_id(), token_id=token_id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash("Đã thu hồi mã truy cập: hệ thống dùng nó sẽ bị từ chối từ yêu cầu tiếp theo.", "success")
    return redirect(url_for("admin_tokens.tokens"))
