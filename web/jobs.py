"""Background jobs in the browser (issue 14): the list, a job's progress page, its JSON, cancel, result.

scope="job": a job is its creator's (services/jobs/actions.py); anyone else gets 404.

The progress page works without JavaScript (it shows the state when loaded and a link to load it
again); web/static/jobs.js polls the JSON endpoint and moves the <progress> bar without
reloading the page (CSP script-src 'self': no inline script, no inline style).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for

from dossier.errors import Refused
from dossier.services.jobs import cancel_job, job_status, latest_of_kind, my_jobs, result_file
from dossier.services.personal_data import log_dossier_reads
from web.access import ALL_ROLES, public, requires
from web.db import actor_id, get_db, get_job_queue
from web.documents import file_response

bp = Blueprint("jobs", __name__, url_prefix="/cong-viec")
DEMO_KIND = "demo"


@bp.route("/")
@requires(*ALL_ROLES)
def index() -> Any:
    return render_template("jobs/index.html", jobs=my_jobs(get_db(), actor_id()))


@bp.route("/<int:job_id>")
@requires(*ALL_ROLES, scope="job")
def show(job_id: int) -> Any:
    return render_template("jobs/show.html", job=job_status(get_db(), actor_id(), job_id))


@bp.route("/<int:job_id>.json")
@requires(*ALL_ROLES, scope="job")
def status(job_id: int) -> Any:
    response = jsonify(job_status(get_db(), actor_id(), job_id).as_json())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/huy", methods=["POST"])
@requires(*ALL_ROLES, scope="job")
def cancel(job_id: int) -> Any:
    try:
        cancel_job(get_db(), actor_id(), job_id, get_job_queue())
        flash("Đã yêu cầu hủy công việc.", "success")
    except Refused as exc:
        flash(exc.message, "error")
    return redirect(url_for("jobs.show", job_id=job_id))


@bp.route("/<int:job_id>/ket-qua")
@requires(*ALL_ROLES, scope="job")
def result(job_id: int) -> Any:
    found = result_file(get_db(), actor_id(), job_id)
    if found.dossier_ids:
        log_dossier_reads(get_db(), actor_id(), found.dossier_ids, f"kết quả công việc {job_id}")
    return file_response(found.data, found.filename, found.mimetype)


@bp.route("/du-lieu-mau.json")
@public
def demo_status() -> Any:
    """How far the demo's construction is (the sign-in page shows it; counts only, nothing personal)."""
    view = latest_of_kind(get_db(), DEMO_KIND)
    data = {"building": False} if view is None else {
        "building": not view.finished, "status": view.status, "status_label": view.status_label,
        "done": view.done, "total": view.total, "percent": view.percent, "error": view.error}
    response = jsonify(data)
    response.headers["Cache-Control"] = "no-store"
    return response
