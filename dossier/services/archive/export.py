"""A dossier's hồ sơ điện tử, ready for the archive (ND 30/2020 Phụ lục VI §III: export a whole
hồ sơ to .pdf and .xml in chronological order).

What is exported: the dossier's issued documents (signed, and sealed where its body has a văn
thư), in the order they were issued (date, then register number). Files:

  <CODE>.pdf   one PDF: the documents' final PDFs one after another, with a bookmark for each
               (a reading copy: joining PDFs breaks their signatures, so the originals follow)
  <CODE>.xml   the file's Phụ lục VI fields and each document's, in the same order
  van_ban/NN_<số>.pdf  each signed PDF as issued (its signatures verifiable)

Read-only: one read transaction; the metadata of a document is the one stored when it was sealed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DomainError, NotFound, Refused
from dossier.model import Blob, Dossier, IssuedDocument, RegisterEntry, User
from dossier.records import xml
from dossier.records.metadata import FILE, OUTGOING, validate
from dossier.services.access import load_user, require_visible
from dossier.services.archive.metadata import LANGUAGE, fields_of, file_code
from dossier.services.uow import Database

RIGHTS = "Hạn chế sử dụng"  # the file holds a beneficiary's personal data (Luật 91/2025/QH15)


@dataclass(frozen=True)
class Exported:
    code: str
    files: dict[str, bytes]  # relative path → content, in the order written

    def zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.files.items():
                archive.writestr(f"{self.code}/{name}", data)
        return buffer.getvalue()


def issued_in_order(session: Session, dossier_id: int) -> list[IssuedDocument]:
    return list(session.scalars(
        select(IssuedDocument).join(RegisterEntry, IssuedDocument.register_entry_id == RegisterEntry.id)
        .where(IssuedDocument.dossier_id == dossier_id)
        .order_by(IssuedDocument.issued_on, RegisterEntry.number, IssuedDocument.id)))


def maintenance() -> str:
    """Thời hạn bảo quản: the dossier's retention period (dossier/data/retention.toml)."""
    from dossier.services.personal_data import retention_rules

    years = next(r.years for r in retention_rules() if r.record == "dossier")
    return f"{years} năm"


def file_fields(session: Session, dossier: Dossier, documents: list[dict[str, Any]]) -> dict[str, Any]:
    creator = session.get(User, dossier.created_by_id) if dossier.created_by_id else None
    return {
        "FileCode": file_code(session, dossier), "Title": dossier.title, "Maintenance": maintenance(),
        "Rights": RIGHTS, "Creator": creator.full_name if creator else "", "Language": LANGUAGE,
        "StartDate": documents[0]["IssuedDate"], "EndDate": documents[-1]["IssuedDate"],
        "DocTotal": len(documents), "PageTotal": sum(int(d.get("PageAmount") or 0) for d in documents),
        "Description": f"Hồ sơ đề án khuyến công {dossier.code}",
    }


def build_export(session: Session, dossier: Dossier) -> Exported:
    issued = issued_in_order(session, dossier.id)
    if not issued:
        raise DomainError(f"Hồ sơ {dossier.code} chưa có văn bản nào được ban hành: chưa có hồ sơ điện tử để xuất.")
    documents = [fields_of(session, doc, ordinal) for ordinal, doc in enumerate(issued, 1)]
    meta = file_fields(session, dossier, documents)
    problems = validate(meta, FILE) + [p for d in documents for p in validate(d, OUTGOING)]
    if problems:
        raise Refused([f"Hồ sơ {dossier.code} chưa đúng Phụ lục VI Nghị định 30/2020/NĐ-CP: {p}" for p in problems])
    pdfs = [session.get(Blob, doc.final_pdf_sha256).data for doc in issued]
    names = [f"van_ban/{n:02d}_{doc.register_entry.symbol.replace('/', '_')}.pdf" for n, doc in enumerate(issued, 1)]
    titles = [f"{d['DocOrdinal']}. {d['TypeName']} số {d['CodeNumber']}/{d['CodeNotation']} ngày "
              f"{d['IssuedDate']}" for d in documents]
    files = {f"{dossier.code}.pdf": _joined(pdfs, titles), f"{dossier.code}.xml": xml.build(meta, documents),
             **dict(zip(names, pdfs, strict=True))}
    return Exported(dossier.code, files)


def _joined(pdfs: list[bytes], titles: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter()
    for pdf, title in zip(pdfs, titles, strict=True):
        start = len(writer.pages)
        try:
            writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
        except (PyPdfError, ValueError) as exc:  # a stored PDF is verified at issuance: this is damage
            raise DomainError(f"Không đọc được tệp PDF của văn bản {title}: hồ sơ điện tử chưa xuất được.",
                              detail=str(exc)) from exc
        writer.add_outline_item(title=title, page_number=start)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def export_records(db: Database, actor_id: int, dossier_id: int) -> Exported:
    """The hồ sơ điện tử of a dossier the user may see (others' dossiers: NotFound)."""
    with db.read() as session:
        actor = load_user(session, actor_id)
        return build_export(session, require_visible(session, actor, session.get(Dossier, dossier_id)))


def export_by_code(db: Database, code: str) -> Exported:
    """For the command line (an operator of the instance): the dossier named by its code."""
    with db.read() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).first()
        if dossier is None:
            raise NotFound(f"Không có hồ sơ mã {code}.")
        return build_export(session, dossier)
