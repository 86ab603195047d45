"""The dossier's archive file (hồ sơ lưu trữ) as one zip.

Contents:
  MUC_LUC.xlsx            index (Mục lục hồ sơ): every file with its kind, date and sha256
  README.txt              the same in plain text, with the audit verification result
  van_ban/…docx           every generated document
  van_ban_da_ky/…pdf      the signed (and sealed) PDFs, when the issuance module made them
  van_ban_ky_giay/…docx   documents signed on paper and entered in the register: the draft with the
                          register's number, date and signer (the paper original is the document)
  dinh_kem/…              the attachments, under their original names
  lich_su.csv             the workflow history with each step's inputs
  so_kinh_phi.csv         the ledger (money chain)
  nhat_ky_kiem_toan.json  the dossier's audit events, each recomputed, and the chain verification
  sha256sums.txt          checksums of every other file, to check the copy later

Read-only: one read transaction, nothing written (exporting is not a change of the dossier).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256
from typing import Any, TypeVar

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.model import (
    LEDGER_KIND_LABELS,
    Attachment,
    AuditEvent,
    Blob,
    Dossier,
    GeneratedDocument,
    IssuedDocument,
    LedgerEntry,
    RegisterEntry,
    TransitionRecord,
)
from dossier.services import audit
from dossier.services.access import load_user, require_visible
from dossier.services.cells import csv_row, neutralise_sheet
from dossier.services.exports import write_table
from dossier.services.issuance.paper import numbered_copy
from dossier.services.uow import Database
from dossier.vn.text import nfc
from dossier.vn.vntime import now_vn, to_vn
from workflows.labels import status_label, trigger_label

_BAD = '/\\:*?"<>|\x00'


def _safe(name: str, limit: int = 150) -> str:
    """A file name that cannot climb out of its folder in the zip, at most `limit` characters;
    a long name is shortened before its extension, which stays (the file still opens)."""
    cleaned = "".join("_" if ch in _BAD or ord(ch) < 32 else ch for ch in nfc(name)).strip(" .")
    if len(cleaned) <= limit:
        return cleaned or "tep"
    stem, dot, ext = cleaned.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        return cleaned[:limit].rstrip(" .") or "tep"
    return stem[: limit - len(ext) - 1].rstrip(" .") + "." + ext


@dataclass(frozen=True)
class BundleItem:
    path: str
    kind: str  # Vietnamese: "Văn bản", "Văn bản đã ký số", "Tài liệu đính kèm", …
    title: str
    date: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Bundle:
    filename: str
    data: bytes
    items: tuple[BundleItem, ...]
    chain_ok: bool
    chain_text: str


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(csv_row(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese CSV correctly


_Row = TypeVar("_Row", GeneratedDocument, IssuedDocument, Attachment, TransitionRecord, LedgerEntry)


def _of_dossier(session: Session, model: type[_Row], dossier: Dossier) -> list[_Row]:
    """The dossier's rows of one kind, oldest first."""
    return list(session.scalars(select(model).where(model.dossier_id == dossier.id).order_by(model.id)))


def _blob(session: Session, sha: str | None) -> bytes | None:
    """Stored bytes by sha256 (None when there is no sha, or nothing stored under it)."""
    blob = session.get(Blob, sha) if sha else None
    return blob.data if blob is not None else None


def _paper_copies(session: Session, dossier: Dossier) -> list[tuple[RegisterEntry, Any]]:
    """The dossier's documents signed on paper (a register entry, not cancelled, no electronic
    issue), each with its numbered copy."""
    electronic = set(session.scalars(select(IssuedDocument.register_entry_id)
                                     .where(IssuedDocument.dossier_id == dossier.id)))
    entries = session.scalars(select(RegisterEntry).where(RegisterEntry.dossier_id == dossier.id,
                                                          RegisterEntry.generated_document_id.is_not(None))
                              .order_by(RegisterEntry.issued_on, RegisterEntry.id)).all()
    copies = [(e, numbered_copy(session, e)) for e in entries if e.cancellation is None and e.id not in electronic]
    return [(e, copy) for e, copy in copies if copy is not None]


def build_bundle(session: Session, dossier: Dossier, *, now: datetime | None = None) -> Bundle:
    now = to_vn(now) if now else now_vn()
    files: list[tuple[BundleItem, bytes]] = []

    def add(folder: str, name: str, kind: str, title: str, when: str, data: bytes | None) -> None:
        assert data is not None, f"{name}: its bytes are not stored"
        taken = {i.path for i, _ in files}
        path = f"{folder}/{_safe(name)}" if folder else _safe(name)
        stem, dot, ext = path.rpartition(".")
        n = 2
        while path in taken:
            path = f"{stem} ({n}).{ext}" if dot else f"{path} ({n})"
            n += 1
        files.append((BundleItem(path, kind, title, when, sha256(data).hexdigest(), len(data)), data))

    for i, doc in enumerate(_of_dossier(session, GeneratedDocument, dossier), start=1):
        add("van_ban", f"{i:02d} - {doc.filename}", "Văn bản (dự thảo do hệ thống tạo)", doc.title,
            f"{to_vn(doc.created_at):%d/%m/%Y}", _blob(session, doc.sha256))
    for i, issued in enumerate(_of_dossier(session, IssuedDocument, dossier), start=1):
        pdf = _blob(session, issued.sealed_pdf_sha256 or issued.signed_pdf_sha256)
        if pdf is None:
            continue
        number = issued.number_text.removeprefix("Số:").strip().replace("/", "-")
        add("van_ban_da_ky", f"{i:02d} - {issued.template_id} - {number}.pdf",
            "Văn bản đã ký số" + (", đóng dấu" if issued.sealed_pdf_sha256 else ""), issued.number_text,
            f"{issued.issued_on:%d/%m/%Y}", pdf)
    for i, (entry, copy) in enumerate(_paper_copies(session, dossier), start=1):
        add("van_ban_ky_giay", f"{i:02d} - {entry.symbol.replace('/', '-')} - {entry.abstract[:80]}.docx",
            f"Văn bản ký trên giấy, vào sổ văn bản đi (bản điện tử, người ký: {entry.signer_name})",
            f"Số {entry.symbol}: {entry.abstract}", f"{entry.issued_on:%d/%m/%Y}", copy.data)
    for i, att in enumerate(_of_dossier(session, Attachment, dossier), start=1):
        add("dinh_kem", f"{i:02d} - {att.filename}", "Tài liệu đính kèm", att.filename,
            f"{to_vn(att.created_at):%d/%m/%Y}", _blob(session, att.sha256))

    add("", "lich_su.csv", "Lịch sử xử lý hồ sơ", "Lịch sử các bước xử lý", f"{now:%d/%m/%Y}",
        _history_csv(_of_dossier(session, TransitionRecord, dossier)))
    add("", "so_kinh_phi.csv", "Sổ theo dõi kinh phí", "Các bút toán kinh phí của đề án", f"{now:%d/%m/%Y}",
        _ledger_csv(_of_dossier(session, LedgerEntry, dossier)))

    chain_ok, chain_text, audit_json = _audit_record(session, dossier, now)
    add("", "nhat_ky_kiem_toan.json", "Nhật ký kiểm toán", "Sự kiện kiểm toán của hồ sơ và kết quả kiểm tra chuỗi",
        f"{now:%d/%m/%Y}", audit_json)

    items = [item for item, _ in files]
    filename = _safe(f"Ho so luu tru {dossier.code}.zip")
    return Bundle(filename, _zip(dossier, files, chain_text, now), tuple(items), chain_ok, chain_text)


def _history_csv(history: list[TransitionRecord]) -> bytes:
    return _csv([["Thời điểm (giờ Việt Nam)", "Người thực hiện", "Bước", "Từ trạng thái", "Sang trạng thái",
                  "Phiên bản", "Thông tin nhập"]]
                + [[f"{to_vn(r.at):%Y-%m-%d %H:%M:%S}", r.actor.full_name, trigger_label(r.trigger),
                    status_label(r.from_status), status_label(r.to_status), r.version_after, r.inputs_json]
                   for r in history])


def _ledger_csv(entries: list[LedgerEntry]) -> bytes:
    return _csv([["Ngày", "Nội dung", "Số tiền (đồng)", "Nguồn ghi", "Chứng từ", "Ghi chú", "Người ghi",
                  "Thời điểm ghi (giờ Việt Nam)"]]
                + [[f"{e.entry_date:%d/%m/%Y}", LEDGER_KIND_LABELS[e.kind], e.amount, e.source, e.reference, e.note,
                    e.actor.full_name, f"{to_vn(e.at):%Y-%m-%d %H:%M:%S}"] for e in entries])


def _zip(dossier: Dossier, files: list[tuple[BundleItem, bytes]], chain_text: str, now: datetime) -> bytes:
    items = [item for item, _ in files]
    index = _index_xlsx(dossier, items, chain_text, now)
    readme = _readme(dossier, items, chain_text, now)
    sums = "".join(f"{item.sha256}  {item.path}\n" for item in items)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", readme.encode("utf-8"))
        z.writestr("MUC_LUC.xlsx", index)
        for item, data in files:
            z.writestr(item.path, data)
        z.writestr("sha256sums.txt", sums.encode("utf-8"))
    return out.getvalue()


def _audit_record(session: Session, dossier: Dossier, now: datetime) -> tuple[bool, str, bytes]:
    """(chain intact, the sentence saying so, the dossier's audit events as JSON with each hash rechecked)."""
    chain = audit.verify(session)
    events = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "dossier",
                                                      AuditEvent.object_id == str(dossier.id))
                             .order_by(AuditEvent.seq)).all()
    checked = []
    for e in events:
        # each event recomputed on its own: a copy of the bundle can be checked without the database
        recomputed = audit._digest(e.prev_hash, e.seq, e.at, e.actor_id, e.action, e.object_type, e.object_id,
                                   e.payload_json)
        checked.append({"seq": e.seq, "at": e.at.isoformat(), "actor_id": e.actor_id, "action": e.action,
                        "payload": json.loads(e.payload_json), "prev_hash": e.prev_hash, "hash": e.hash,
                        "hash_ok": recomputed == e.hash})
    events_ok = all(c["hash_ok"] for c in checked)
    chain_ok = chain.ok and events_ok
    chain_text = (f"Chuỗi nhật ký kiểm toán toàn hệ thống: {'nguyên vẹn' if chain.ok else 'BỊ THAY ĐỔI'} "
                  f"({chain.events} sự kiện, mã băm cuối {chain.head_hash}); {len(checked)} sự kiện của hồ sơ, "
                  f"{'tất cả khớp mã băm' if events_ok else 'CÓ SỰ KIỆN KHÔNG KHỚP MÃ BĂM'}."
                  + (f" Lỗi: {chain.problem}" if chain.problem else ""))
    return chain_ok, chain_text, json.dumps({
        "dossier": {"id": dossier.id, "code": dossier.code},
        "verification": {"chain_ok": chain.ok, "events_in_chain": chain.events, "head_hash": chain.head_hash,
                         "problem": chain.problem, "dossier_events_ok": events_ok, "checked_at": now.isoformat()},
        "events": checked,
    }, ensure_ascii=False, indent=2).encode("utf-8")


def _index_xlsx(dossier: Dossier, items: list[BundleItem], chain_text: str, now: datetime) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Muc luc"
    rows = [[i, item.title, item.kind, item.path, item.date, item.size, item.sha256]
            for i, item in enumerate(items, start=1)]
    write_table(ws, f"MỤC LỤC HỒ SƠ {dossier.code}: {dossier.title}",
                ["STT", "Tên tài liệu", "Loại", "Tệp trong hồ sơ", "Ngày", "Dung lượng (byte)", "SHA-256"],
                rows, [None, None, None, None, None, "#,##0", None])
    ws.append([])
    ws.append([f"Trạng thái hồ sơ: {status_label(dossier.status)}. Lập lúc {now:%d/%m/%Y %H:%M} (giờ Việt Nam)."])
    ws.append([chain_text])
    neutralise_sheet(ws)  # attachment names and titles are typed by users
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _readme(dossier: Dossier, items: list[BundleItem], chain_text: str, now: datetime) -> str:
    lines = [
        f"HỒ SƠ LƯU TRỮ ĐỀ ÁN KHUYẾN CÔNG {dossier.code}",
        dossier.title,
        f"Đơn vị thụ hưởng: {dossier.beneficiary.name if dossier.beneficiary else ''}",
        f"Trạng thái: {status_label(dossier.status)}",
        f"Lập lúc: {now:%d/%m/%Y %H:%M} (giờ Việt Nam)",
        "",
        "KIỂM TRA NHẬT KÝ KIỂM TOÁN",
        chain_text,
        "",
        "MỤC LỤC (chi tiết trong MUC_LUC.xlsx; mã SHA-256 của từng tệp trong sha256sums.txt)",
    ]
    lines += [f"{i:3d}. {item.path} — {item.kind}: {item.title} ({item.date})" for i, item in enumerate(items, 1)]
    return "\n".join(lines) + "\n"


def export_bundle(db: Database, actor_id: int, dossier_id: int) -> Bundle:
    """The archive zip of a dossier the user may see (others' dossiers: NotFound)."""
    with db.read() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, session.get(Dossier, dossier_id))
        return build_bundle(session, dossier)
