"""PDF previews for reading in the browser: a generated document, or a template version's sample.

Conversion goes through the signing port's preview PDF maker (LibreOffice), so the web never
talks to the converter itself. A preview is a view, never stored in the database; it is kept
under the port's cache folder by the DOCX's sha256 — the stored DOCX never changes for a given
sha256, so the cache never needs invalidating. The file is written to a temporary name and
renamed, so concurrent workers never read half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile

from dossier.errors import DomainError
from dossier.services import queries
from dossier.services import templates as template_versions
from dossier.services.access import load_user
from dossier.services.issuance.port import SigningPort
from dossier.services.uow import Database
from dossier.signing.errors import ConversionError

log = logging.getLogger(__name__)

NOT_INSTALLED = ("Máy chủ chưa cài LibreOffice nên chưa chuyển {what} sang PDF được. Bạn vẫn có thể tải "
                 "{word}. Quản trị hệ thống cần cài gói libreoffice-writer-nogui và fonts-liberation2.")
FAILED = "LibreOffice không chuyển được {what} sang PDF. Bạn vẫn có thể tải bản Word (DOCX)."


class PreviewUnavailable(DomainError):
    """No PDF preview now (converter missing or failed); the message says what to do instead."""

    title = "Chưa xem trước được bản PDF"


def cached_pdf(port: SigningPort, docx_sha256: str, docx: bytes) -> bytes:
    """PDF of a DOCX, converted once per sha256 when the port has a cache folder."""
    folder = port.preview_cache
    path = folder / f"{docx_sha256}.pdf" if folder is not None else None
    if path is not None and path.exists():
        return path.read_bytes()
    pdf = port.preview_pdf(docx)
    if path is not None:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, path)
    return pdf


def _convert(port: SigningPort, sha: str, docx: bytes, *, what: str, word: str, this: str) -> bytes:
    missing = port.preview_pdf.status()
    if missing:
        log.warning("PDF preview unavailable: %s", missing)
        raise PreviewUnavailable(NOT_INSTALLED.format(what=what, word=word))
    try:
        return cached_pdf(port, sha, docx)
    except ConversionError as exc:
        log.error("PDF conversion of %s failed: %s", sha, exc)
        raise PreviewUnavailable(FAILED.format(what=this)) from exc


def _pdf_name(docx_name: str) -> str:
    return docx_name.rsplit(".", 1)[0] + ".pdf"


def document_pdf(db: Database, *, port: SigningPort, actor_id: int, dossier_id: int,
                 document_id: int) -> tuple[str, bytes]:
    """(file name, PDF) of a generated document the user may read."""
    with db.read() as session:
        doc = queries.get_document(session, load_user(session, actor_id), dossier_id, document_id)
        data = queries.blob_bytes(session, doc.sha256)
        sha, filename = doc.sha256, doc.filename
    return _pdf_name(filename), _convert(port, sha, data, what="văn bản", word="bản Word (DOCX)",
                                        this="văn bản này")


def template_preview_pdf(db: Database, *, port: SigningPort, template_id: str, version: int) -> tuple[str, bytes]:
    """(file name, PDF) of a template version filled with its sample data; DocumentError on a bad one."""
    data, filename = template_versions.preview_docx(db, template_id, version)
    pdf = _convert(port, hashlib.sha256(data).hexdigest(), data, what="bản xem trước",
                   word="bản xem trước dạng Word (DOCX)", this="bản xem trước")
    return _pdf_name(filename), pdf
