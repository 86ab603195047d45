"""Every document of a dossier as PDF, in the background (issue 14): "Bản PDF các văn bản".

One unit per generated document: LibreOffice converts it (through the preview converter and its
cache, services/previews.py: a document converted once is not converted again, and the single
previews of the page then open at once), the PDF is stored by sha256 with the unit. The download
is one zip of those PDFs. The conversion runs in the worker, never in a web request.

The worker builds its signing port (the converters) from the settings on first use; tests give
their own with `use_port`.
"""

from __future__ import annotations

import io
import zipfile
from hashlib import sha256
from typing import Any

from sqlalchemy.orm import Session

from dossier.config import settings as process_settings
from dossier.errors import Refused
from dossier.model import Dossier, GeneratedDocument
from dossier.services import queries
from dossier.services.access import load_user, require_visible
from dossier.services.documents import store_blob
from dossier.services.issuance.port import SigningPort, signing_port_from
from dossier.services.jobs import Handler, JobContext, JobQueue, ResultFile, enqueue, register
from dossier.services.jobs.lazy import Lazy
from dossier.services.previews import NOT_INSTALLED, cached_pdf
from dossier.services.uow import Database

KIND = "dossier_pdfs"


def _port_from_settings() -> SigningPort:
    return signing_port_from(process_settings())


_port: Lazy[SigningPort] = Lazy(_port_from_settings)


def use_port(port: SigningPort | None) -> None:
    """The converters the worker uses (None: built from the settings on first use)."""
    _port.put(port)


def start_dossier_pdfs(db: Database, actor_id: int, dossier_id: int, *, queue: JobQueue | None = None) -> int:
    """Ask for the PDFs of every document of a dossier the user may see; returns the job's id."""
    with db.write() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, session.get(Dossier, dossier_id))
        documents = [d.id for d in reversed(queries.documents(session, dossier.id))]
        if not documents:
            raise Refused(["Hồ sơ chưa có văn bản nào để chuyển sang PDF."])
        label = f"Bản PDF {len(documents)} văn bản của hồ sơ {dossier.code}"
        return enqueue(session, KIND, label=label, params={"dossier_id": dossier.id, "code": dossier.code,
                                                           "documents": documents},
                       actor_id=actor_id, total=len(documents), queue=queue).id


def _units(ctx: JobContext) -> list[str]:
    return [f"doc:{i}" for i in ctx.params["documents"]]


def _unit(session: Session | None, ctx: JobContext, key: str) -> dict[str, Any]:
    assert session is not None
    actor = load_user(session, ctx.actor_id)
    doc = session.get(GeneratedDocument, int(key.partition(":")[2]))
    require_visible(session, actor, session.get(Dossier, doc.dossier_id))
    port = _port.get()
    missing = port.preview_pdf.status()
    if missing:  # the worker's machine has no LibreOffice: say so, do not retry
        raise Refused([NOT_INSTALLED.format(what="văn bản", word="bản Word (DOCX)")])
    pdf = cached_pdf(port, doc.sha256, queries.blob_bytes(session, doc.sha256))
    digest = sha256(pdf).hexdigest()
    store_blob(session, digest, pdf)
    return {"sha256": digest, "filename": f"{key.partition(':')[2]:>03} - {doc.filename.rsplit('.', 1)[0]}.pdf"}


def _summary(ctx: JobContext, values: dict[str, Any]) -> str:
    return f"Đã chuyển {len(values)} văn bản của hồ sơ {ctx.params['code']} sang PDF."


def _result(session: Session, ctx: JobContext, values: dict[str, Any]) -> ResultFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for value in values.values():
            entry = zipfile.ZipInfo(value["filename"], date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(entry, queries.blob_bytes(session, value["sha256"]))
    return ResultFile(f"Ban PDF van ban {ctx.params['code']}.zip", "application/zip", out.getvalue(),
                      (ctx.params["dossier_id"],))


DOSSIER_PDFS = register(Handler(KIND, _units, _unit, _summary, _result))
