"""Archive timestamps (PAdES B-LTA, issue 11 item 3) on issued documents kept for the archive.

A B-LT signature stays verifiable while the timestamp's own certificate is valid. A document
kept for decades gets, before then and again every few years, a document timestamp: the
revocation data of every signature refreshed, then an RFC 3161 timestamp over the whole file, one
more incremental update that changes nothing before it (`dossier.signing.ltv`).

The issued PDF stays what was issued (its hash is what the register, the verification code and
the exchange packages name); each stamp is kept as a new archival copy with the copy it was made
from, and the latest is the one to hand to the archive. Which documents: the sealed ones of
archived dossiers, or those asked for by id. The timestamp authority is asked with no
transaction open; the copy is recorded in one transaction per document, and only if nobody
stamped the same copy meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import NotFound, Refused
from dossier.model import ArchiveTimestamp, Blob, Dossier, IssuedDocument
from dossier.services import audit
from dossier.services.documents import store_blob
from dossier.services.issuance.port import SigningPort, long_term_options
from dossier.services.uow import Database
from dossier.signing.errors import SigningError
from dossier.signing.ltv import add_archive_timestamp
from dossier.vn.vntime import now_vn
from workflows.states import Status

log = logging.getLogger(__name__)

NO_TSA = ("Chưa cấu hình máy chủ cấp dấu thời gian (DOSSIER_TSA_URL): không thêm được dấu thời gian lưu trữ.")


@dataclass(frozen=True)
class Stamped:
    issued_id: int
    number_text: str
    stamps: int  # how many archive timestamps the document now carries
    pdf_sha256: str


def archival_copy(session: Session, issued: IssuedDocument) -> tuple[str, bytes]:
    """The copy to keep: the latest archive-timestamped one, else the issued PDF (sha256, bytes)."""
    latest = session.scalars(select(ArchiveTimestamp).where(ArchiveTimestamp.issued_document_id == issued.id)
                             .order_by(ArchiveTimestamp.id.desc()).limit(1)).first()
    sha = latest.pdf_sha256 if latest else issued.final_pdf_sha256
    return sha, session.get(Blob, sha).data


def due_for_archive_stamp(db: Database) -> list[int]:
    """The sealed documents of archived dossiers, oldest first."""
    with db.read() as session:
        return list(session.scalars(
            select(IssuedDocument.id).join(Dossier, Dossier.id == IssuedDocument.dossier_id)
            .where(Dossier.status == Status.ARCHIVED.value, IssuedDocument.sealed_pdf_sha256.is_not(None))
            .order_by(IssuedDocument.id)))


def stamp_for_archive(db: Database, port: SigningPort, issued_ids: Iterable[int]) -> list[Stamped]:
    """Add one archive timestamp to each document of `issued_ids` (see the module's docstring)."""
    if not port.tsa_url:
        refusal = Refused([NO_TSA])
        refusal.detail = "no timestamp authority is configured (DOSSIER_TSA_URL)"
        raise refusal
    return [_stamp_one(db, port, issued_id) for issued_id in issued_ids]


def _stamp_one(db: Database, port: SigningPort, issued_id: int) -> Stamped:
    with db.read() as session:
        issued = session.get(IssuedDocument, issued_id)
        if issued is None or issued.sealed_pdf_sha256 is None:
            raise NotFound(f"Không có văn bản đã phát hành số hiệu nội bộ {issued_id}.")
        previous_sha, previous = archival_copy(session, issued)
        options = long_term_options(port, session)
    try:
        stamped = add_archive_timestamp(previous, options)
    except SigningError as exc:
        refusal = Refused([f"Không thêm được dấu thời gian lưu trữ cho văn bản {issued_id}: {exc.message}"])
        refusal.detail = f"archive timestamp of issued document {issued_id} failed: {exc}"
        raise refusal from exc
    sha = hashlib.sha256(stamped).hexdigest()
    with db.write() as session:
        issued = session.get(IssuedDocument, issued_id)
        if archival_copy(session, issued)[0] != previous_sha:
            raise Refused([f"Văn bản {issued.number_text} vừa được thêm dấu thời gian lưu trữ ở nơi khác; "
                           "chạy lại để thêm trên bản mới nhất."])
        store_blob(session, sha, stamped)
        session.add(ArchiveTimestamp(issued_document_id=issued_id, previous_sha256=previous_sha, pdf_sha256=sha,
                                     tsa_url=port.tsa_url or "", stamped_at=now_vn().astimezone(dt.UTC)))
        session.flush()
        count = len(session.scalars(select(ArchiveTimestamp.id)
                                    .where(ArchiveTimestamp.issued_document_id == issued_id)).all())
        audit.append(session, actor_id=None, action="document.archive_timestamp", object_type="issued_document",
                     object_id=issued_id, payload={"pdf_sha256": sha, "previous_sha256": previous_sha,
                                                   "stamps": count, "tsa_url": port.tsa_url})
        log.info("archive timestamp %d on issued document %s (%s)", count, issued_id, sha[:12])
        return Stamped(issued_id, issued.number_text, count, sha)
