"""Downloads: generated documents (DOCX, PDF preview through dossier.services.previews) and attachments.

Every download is an attachment with the Vietnamese file name kept through RFC 5987
`filename*`, and `nosniff`; a document is served only under its own dossier's URL.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, flash, redirect, url_for

from dossier.errors import Refused
from dossier.services import previews, queries
from dossier.services.pdf_jobs import start_dossier_pdfs
from dossier.services.personal_data import log_dossier_reads
from web.access import DOSSIER_READERS, requires
from web.db import actor_id, get_db, get_job_queue, get_signing_port, load_actor
from web.errors import error_page

log = logging.getLogger(__name__)
bp = Blueprint("documents", __name__, url_prefix="/ho-so")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''…`: old clients get an ASCII fallback."""
    name = unicodedata.normalize("NFC", filename).replace("\r", "").replace("\n", "")
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(c for c in ascii_name if ord(c) < 128 and c not in '"\\;') or "tai-lieu"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(data: bytes, filename: str, mimetype: str, disposition: str = "attachment") -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename, disposition)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    # A downloaded file must never run as a page of this site.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _stored(get: Callable[..., Any], dossier_id: int, file_id: int) -> tuple[Any, bytes]:
    """A dossier's file row (as `get` finds it for the signed-in user) and its stored bytes."""
    with get_db().read() as session:
        found = get(session, load_actor(session), dossier_id, file_id)
        return found, queries.blob_bytes(session, found.sha256)


@bp.route("/<int:dossier_id>/van-ban/<int:document_id>")
@requires(*DOSSIER_READERS, scope="dossier")
def download(dossier_id: int, document_id: int) -> Any:
    """The generated DOCX as it was stored."""
    doc, data = _stored(queries.get_document, dossier_id, document_id)
    log_dossier_reads(get_db(), actor_id(), [dossier_id], f"văn bản {document_id} (.docx)")
    return file_response(data, doc.filename, DOCX)


@bp.route("/<int:dossier_id>/van-ban/<int:document_id>/pdf")
@requires(*DOSSIER_READERS, scope="dossier")
def preview(dossier_id: int, document_id: int) -> Any:
    """A PDF rendering of the document for reading in the browser (LibreOffice, on demand)."""
    try:
        name, pdf = previews.document_pdf(get_db(), port=get_signing_port(), actor_id=actor_id(),
                                          dossier_id=dossier_id, document_id=document_id)
    except previews.PreviewUnavailable as exc:
        return error_page(503, exc.title, exc.message)
    log_dossier_reads(get_db(), actor_id(), [dossier_id], f"văn bản {document_id} (xem PDF)")
    return file_response(pdf, name, "application/pdf", disposition="inline")


@bp.route("/<int:dossier_id>/ban-pdf", methods=["POST"])
@requires(*DOSSIER_READERS, scope="dossier")
def all_pdfs(dossier_id: int) -> Any:
    """Every document of the dossier as PDF, converted by a background job (issue 14)."""
    try:
        job_id = start_dossier_pdfs(get_db(), actor_id(), dossier_id, queue=get_job_queue())
    except Refused as exc:
        flash(exc.message, "error")
        return redirect(url_for("dossiers.show", dossier_id=dossier_id))
    return redirect(url_for("jobs.show", job_id=job_id))


@bp.route("/<int:dossier_id>/dinh-kem/<int:attachment_id>")
@requires(*DOSSIER_READERS, scope="dossier")
def attachment(dossier_id: int, attachment_id: int) -> Any:
    """An uploaded file, always as a download under its original name."""
    att, data = _stored(queries.get_attachment, dossier_id, attachment_id)
    if hashlib.sha256(data).hexdigest() != att.sha256:  # pragma: no cover - storage corruption
        return error_page(500, "Tệp bị hỏng", "Nội dung tệp không khớp mã kiểm tra; hãy báo quản trị hệ thống.")
    return file_response(data, att.filename, att.content_type)
