"""Uploaded evidence (quotations, licences, photos): checked by content, stored by hash.

The type is decided from the bytes (magic numbers, and for Office files the zip's main part),
not from the name or the browser's Content-Type, and the name's extension must agree. The bytes
go to the content-addressed blob table; the user's file name is kept only as a label and for
the download's Content-Disposition, never used as a path.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from dossier.errors import Forbidden, ValidationFailed
from dossier.model import Attachment, Blob
from dossier.services import audit
from dossier.services.access import load_user, require_visible
from dossier.services.uow import Database, lock_dossier
from workflows.states import Role

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000

ATTACHMENT_KINDS = {
    "don_de_nghi": "Đơn đề nghị hỗ trợ",
    "dang_ky_kinh_doanh": "Giấy chứng nhận đăng ký kinh doanh",
    "bao_gia": "Báo giá, hồ sơ thiết bị",
    "hinh_anh": "Hình ảnh hiện trạng",
    "bien_ban": "Biên bản, văn bản liên quan",
    "khac": "Tài liệu khác",
}


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    content_type: str
    label: str


TYPES = {
    "pdf": FileType((".pdf",), "application/pdf", "PDF"),
    "docx": FileType((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "xlsx": FileType((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "jpg": FileType((".jpg", ".jpeg"), "image/jpeg", "ảnh JPEG"),
    "png": FileType((".png",), "image/png", "ảnh PNG"),
}
ALLOWED_EXTENSIONS = tuple(ext for t in TYPES.values() for ext in t.extensions)


def sniff(data: bytes) -> str | None:
    """The type key of `data` judged by its content, or None when it is none we accept."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            # Only the central directory is read: nothing is decompressed, so a zip bomb costs nothing.
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if len(names) > MAX_ZIP_MEMBERS or "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names and not any(n.lower().endswith("vbaproject.bin") for n in names):
            return "docx"
        if "xl/workbook.xml" in names and not any(n.lower().endswith("vbaproject.bin") for n in names):
            return "xlsx"
    return None


def clean_filename(name: str) -> str:
    """The last path component, NFC, without control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name or "tep-dinh-kem"


def check_upload(filename: str, data: bytes) -> tuple[str, FileType]:
    """(clean name, type) of an acceptable upload, or ValidationFailed with a Vietnamese reason."""
    name = clean_filename(filename)
    if not data:
        raise ValidationFailed({"file": "Tệp rỗng hoặc chưa chọn tệp."})
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed({"file": f"Tệp lớn hơn {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB."})
    kind = sniff(data)
    if kind is None:
        raise ValidationFailed({"file": "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG; "
                                        "nội dung tệp không đúng các loại này."})
    filetype = TYPES[kind]
    if not name.lower().endswith(filetype.extensions):
        raise ValidationFailed({"file": f"Nội dung tệp là {filetype.label} nhưng tên tệp có phần mở rộng khác "
                                        f"({', '.join(filetype.extensions)})."})
    return name, filetype


def add_attachment(db: Database, actor_id: int, dossier_id: int, *, filename: str, data: bytes,
                   kind: str = "khac") -> int:
    """Store an uploaded file for a dossier the officer handles; returns the attachment id."""
    name, filetype = check_upload(filename, data)
    if kind not in ATTACHMENT_KINDS:
        raise ValidationFailed({"kind": "Loại tài liệu không hợp lệ."})
    digest = hashlib.sha256(data).hexdigest()
    with db.write() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, lock_dossier(session, dossier_id))
        if Role.OFFICER not in actor.roles:
            raise Forbidden("Chỉ chuyên viên được đính kèm tài liệu vào hồ sơ.")
        if session.get(Blob, digest) is None:
            session.add(Blob(sha256=digest, size=len(data), data=data))
            session.flush()  # the blob row first: no ORM relationship orders the two inserts
        attachment = Attachment(dossier_id=dossier.id, kind=kind, filename=name,
                                content_type=filetype.content_type, size=len(data), sha256=digest,
                                uploaded_by_id=actor.id)
        session.add(attachment)
        session.flush()
        audit.append(session, actor_id=actor.id, action="attachment.add", object_type="dossier",
                     object_id=dossier.id, payload={"attachment": attachment.id, "filename": name,
                                                    "sha256": digest, "size": len(data)})
        return attachment.id
