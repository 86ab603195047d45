"""Downloads: generated documents (DOCX, PDF preview) and attachments.

Every download is an attachment with the Vietnamese file name kept through RFC 5987
`filename*`, and `nosniff`; a document is served only under its own dossier's URL.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app

from dossier.services import queries
from web.access import DOSSIER_READERS, requires
from web.db import get_db, load_actor
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


@bp.route("/<int:dossier_id>/van-ban/<int:document_id>")
@requires(*DOSSIER_READERS, scope="dossier")
def download(dossier_id: int, document_id: int) -> Any:
    """The generated DOCX as it was stored."""
    with get_db().read() as session:
        doc = queries.get_document(session, load_actor(session), dossier_id, document_id)
        data = queries.blob_bytes(session, doc.sha256)
        filename = doc.filename
    return file_response(data, filename, DOCX)


def cached_pdf(docx_sha256: str, docx: bytes) -> bytes:
    """PDF of a stored DOCX, converted once and kept under instance/cache/pdf/<sha256>.pdf.

    The stored DOCX never changes for a given sha256, so the cache never needs invalidating;
    the file is written to a temporary name and renamed, so concurrent workers never read half
    a file.
    """
    from dossier.signing.convert import to_pdf

    folder = Path(current_app.config["PDF_CACHE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{docx_sha256}.pdf"
    if path.exists():
        return path.read_bytes()
    pdf = to_pdf(docx)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(pdf)
    os.replace(tmp, path)
    return pdf


@bp.route("/<int:dossier_id>/van-ban/<int:document_id>/pdf")
@requires(*DOSSIER_READERS, scope="dossier")
def preview(dossier_id: int, document_id: int) -> Any:
    """A PDF rendering of the document for reading in the browser (LibreOffice, on demand)."""
    from dossier.signing.convert import converter_status
    from dossier.signing.errors import ConversionError

    with get_db().read() as session:
        doc = queries.get_document(session, load_actor(session), dossier_id, document_id)
        data = queries.blob_bytes(session, doc.sha256)
        sha, filename = doc.sha256, doc.filename
    missing = current_app.config.get("CONVERTER_STATUS", converter_status)()
    if missing:
        log.warning("PDF preview unavailable: %s", missing)
        return error_page(503, "Chưa xem trước được bản PDF",
                          "Máy chủ chưa cài LibreOffice nên chưa chuyển văn bản sang PDF được. Bạn vẫn có thể "
                          "tải bản Word (DOCX). Quản trị hệ thống cần cài gói libreoffice-writer-nogui và "
                          "fonts-liberation2.")
    try:
        pdf = cached_pdf(sha, data)
    except ConversionError as exc:
        log.error("PDF conversion failed for document %s: %s", document_id, exc)
        return error_page(503, "Chưa xem trước được bản PDF",
                          "LibreOffice không chuyển được văn bản này sang PDF. Bạn vẫn có thể tải bản Word (DOCX).")
    name = filename.rsplit(".", 1)[0] + ".pdf"
    return file_response(pdf, name, "application/pdf", disposition="inline")


@bp.route("/<int:dossier_id>/dinh-kem/<int:attachment_id>")
@requires(*DOSSIER_READERS, scope="dossier")
def attachment(dossier_id: int, attachment_id: int) -> Any:
    """An uploaded file, always as a download under its original name."""
    with get_db().read() as session:
        att = queries.get_attachment(session, load_actor(session), dossier_id, attachment_id)
        data = queries.blob_bytes(session, att.sha256)
        filename, mimetype = att.filename, att.content_type
    if hashlib.sha256(data).hexdigest() != att.sha256:  # pragma: no cover - storage corruption
        return error_page(500, "Tệp bị hỏng", "Nội dung tệp không khớp mã kiểm tra; hãy báo quản trị hệ thống.")
    return file_response(data, filename, mimetype)
