"""Home page (sends each role where its work is) and the health check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from web.access import ALL_ROLES, public, requires
from workflows.states import Role

bp = Blueprint("main", __name__)


@bp.route("/")
@requires(*ALL_ROLES)
def home() -> Any:
    """Leaders start at their inbox, officers and clerks at the dossier list, administrators at
    the administration pages."""
    if Role.LEADER in current_user.roles:
        return redirect(url_for("inbox.index"))
    if current_user.roles & {Role.OFFICER, Role.CLERK}:
        return redirect(url_for("dossiers.index"))
    if Role.ADMIN in current_user.roles:
        return redirect(url_for("admin.index"))
    return render_template("home.html")


@bp.route("/healthz")
@public
def healthz() -> Any:
    """Liveness for monitoring: no database access, no session."""
    return {"status": "ok"}
