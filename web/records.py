"""Electronic records (issue 12 item 3): a dossier's hồ sơ điện tử for the archive, and the register
of incoming documents with its duplicate warning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from dossier.errors import DomainError, NotFound, Refused, ValidationFailed
from dossier.services.archive.export import export_records
from dossier.services.archive.incoming import (
    DuplicateWarning,
    IncomingInput,
    incoming_pdf,
    list_incoming,
    register_incoming,
)
from dossier.services.personal_data import log_dossier_reads
from dossier.vn.vntime import today_vn
from web.access import DOSSIER_READERS, requires
from web.db import actor_id, get_db
from web.documents import file_response
from workflows.states import Role

bp = Blueprint("records", __name__)


@bp.route("/ho-so/<int:dossier_id>/ho-so-dien-tu.zip")
@requires(*DOSSIER_READERS, scope="dossier")
def export(dossier_id: int) -> Any:
    """One PDF and one XML (Phụ lục VI) of the dossier's issued documents, with the signed originals."""
    try:
        exported = export_records(get_db(), actor_id(), dossier_id)
    except NotFound:
        raise
    except Refused as exc:  # a field out of Phụ lục VI: each said
        for reason in exc.reasons:
            flash(reason, "error")
        return redirect(url_for("dossiers.show", dossier_id=dossier_id))
    except DomainError as exc:  # nothing issued yet
        flash(exc.message, "error")
        return redirect(url_for("dossiers.show", dossier_id=dossier_id))
    log_dossier_reads(get_db(), actor_id(), [dossier_id], f"hồ sơ điện tử {exported.code}")
    return file_response(exported.zip(), f"{exported.code}_ho_so_dien_tu.zip", "application/zip")


# -- the register of incoming documents (sổ đăng ký văn bản đến) ------------------------------------

CLERKS = (Role.CLERK, Role.ADMIN)


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()) if raw.strip() else None
    except ValueError:
        return None


def _input() -> IncomingInput:
    upload = request.files.get("pdf")
    return IncomingInput(
        code_number=request.form.get("code_number", ""), code_notation=request.form.get("code_notation", ""),
        issued_on=_date(request.form.get("issued_on", "")), organ_name=request.form.get("organ_name", ""),
        subject=request.form.get("subject", ""), arrival_date=_date(request.form.get("arrival_date", "")),
        type_name=request.form.get("type_name", ""), pdf=upload.read() if upload else b"",
        pdf_filename=(upload.filename or "") if upload else "")


def _form(values: dict[str, str], *, errors: dict[str, str] | None = None, duplicates: list[str] | None = None,
          status: int = 200) -> Any:
    return render_template("records/incoming_form.html", values=values, errors=errors or {},
                           duplicates=duplicates or [], today=today_vn().isoformat()), status


@bp.route("/van-ban-den/")
@requires(*CLERKS)
def incoming() -> Any:
    year = request.args.get("nam", type=int)
    return render_template("records/incoming.html", rows=list_incoming(get_db(), actor_id=actor_id(), year=year),
                           year=year)


@bp.route("/van-ban-den/moi", methods=["GET", "POST"])
@requires(*CLERKS)
def incoming_new() -> Any:
    if request.method == "GET":
        return _form({"arrival_date": today_vn().isoformat()})
    values = {k: v for k, v in request.form.items() if k != "csrf_token"}
    try:
        register_incoming(get_db(), actor_id=actor_id(), data=_input(),
                          confirm_duplicate=request.form.get("confirm_duplicate") == "1")
    except ValidationFailed as exc:
        return _form(values, errors=exc.errors, status=422)
    except DuplicateWarning as exc:  # shown before anything is written; the văn thư decides
        return _form(values, duplicates=exc.found, status=409)
    flash("Đã vào sổ văn bản đến.", "success")
    return redirect(url_for("records.incoming"))


@bp.route("/van-ban-den/<int:incoming_id>/tep")
@requires(*CLERKS)
def incoming_file(incoming_id: int) -> Any:
    row, data = incoming_pdf(get_db(), actor_id=actor_id(), incoming_id=incoming_id)
    return file_response(data, row.pdf_filename or f"van-ban-den-{row.arrival_number}.pdf", "application/pdf")
