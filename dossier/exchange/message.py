"""What an edXML package says (QCVN 102:2016/BTTTT, amended by Sửa đổi 1:2022), as plain data.

The package is built and read by :mod:`dossier.exchange.edxml`; this module only names its parts.
The field names follow the standard's element names, so that one reading of the XML and one of
ND 30/2020 Phụ lục VI (which uses the same tags: OrganId, CodeNumber, CodeNotation …) agree.

What is confirmed and what is not is in docs/EXCHANGE.md: the envelope's structure, the
``Bussiness`` spelling, the business types and the status codes are seen in several public
clients; the numeric DocumentType code list is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum


class BusinessType(IntEnum):
    """``Bussiness/BussinessDocType``: what the package does to the document."""

    NEW = 0  # gửi mới
    REVOKE = 1  # thu hồi
    UPDATE = 2  # cập nhật
    REPLACE = 3  # thay thế


class StatusCode(IntEnum):
    """The status a receiving system reports back (the second message type)."""

    ARRIVED = 1  # đã đến hệ thống nhận
    REFUSED = 2  # từ chối tiếp nhận (hoặc từ chối lệnh thu hồi)
    REGISTERED = 3  # đã vào sổ văn bản đến (hoặc chấp nhận thu hồi)
    ASSIGNED = 4  # lãnh đạo đã phân công
    IN_PROGRESS = 5  # đang xử lý
    DONE = 6  # đã hoàn thành
    TAKE_BACK_REQUESTED = 13  # đề nghị lấy lại
    TAKE_BACK_ACCEPTED = 15  # đồng ý lấy lại / cập nhật
    TAKE_BACK_REFUSED = 16  # từ chối lấy lại / cập nhật


STATUS_LABELS: dict[StatusCode, str] = {
    StatusCode.ARRIVED: "Đã đến",
    StatusCode.REFUSED: "Từ chối",
    StatusCode.REGISTERED: "Đã vào sổ",
    StatusCode.ASSIGNED: "Đã phân công",
    StatusCode.IN_PROGRESS: "Đang xử lý",
    StatusCode.DONE: "Hoàn thành",
    StatusCode.TAKE_BACK_REQUESTED: "Đề nghị lấy lại",
    StatusCode.TAKE_BACK_ACCEPTED: "Đồng ý lấy lại",
    StatusCode.TAKE_BACK_REFUSED: "Từ chối lấy lại",
}


@dataclass(frozen=True)
class Organ:
    """An agency on either end (``From``, ``To``); ``organ_id`` is its mã định danh."""

    organ_id: str
    organ_name: str
    organization_in_charge: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class Signer:
    competence: str  # thẩm quyền ký: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"
    position: str  # "Phó Chủ tịch"
    full_name: str


@dataclass(frozen=True)
class Staff:
    """Who handles the exchange at the sender (``StaffInfo``)."""

    department: str = ""
    staff: str = ""
    mobile: str = ""
    email: str = ""


@dataclass(frozen=True)
class Replacement:
    """A document this one replaces, and the agencies that had it."""

    document_id: str
    organ_ids: tuple[str, ...]


@dataclass(frozen=True)
class Business:
    doc_type: BusinessType = BusinessType.NEW
    reason: str = ""
    document_id: str = ""
    staff: Staff = field(default_factory=Staff)
    paper: int = 0  # 1 when a paper copy is also sent
    receivers: tuple[str, ...] = ()  # for an update: the agencies that receive it
    replacements: tuple[Replacement, ...] = ()


@dataclass(frozen=True)
class Trace:
    organ_id: str
    timestamp: dt.datetime  # naive, in Vietnam time (the standard's yyyy/MM/dd HH:mm:ss)


@dataclass(frozen=True)
class Attachment:
    """A file carried outside the envelope (``AttachmentEncoded``), named in the manifest."""

    content_id: str
    name: str
    content_type: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class Message:
    """One package: the issued document's header for one recipient, and its files."""

    sender: Organ
    to: tuple[Organ, ...]
    code_number: str  # "05"
    code_notation: str  # "QĐ-UBND"
    place: str  # "Khánh Hòa"
    promulgation_date: dt.date
    type_code: int
    type_name: str  # "Quyết định"
    subject: str  # trích yếu
    signer: Signer
    document_id: str
    traces: tuple[Trace, ...]
    business: Business
    attachments: tuple[Attachment, ...] = ()
    content: str = ""
    type_detail: str = ""
    due_date: dt.date | None = None
    to_places: tuple[str, ...] = ()  # the Nơi nhận lines as printed
    priority: int = 0  # 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ
    sphere_of_promulgation: str = ""
    typer_notation: str = ""  # ký hiệu người đánh máy (the drafter's initials)
    promulgation_amount: int = 1  # số bản phát hành
    page_amount: int = 0
    appendixes: tuple[str, ...] = ()
    steering_type: int = 0


def document_id(sender_organ_id: str, issued_on: dt.date, number: str, notation: str) -> str:
    """The exchange's identifier of a document: ``{OrganId},{YYYY/MM/DD},{number}/{notation}``."""
    return f"{sender_organ_id},{issued_on:%Y/%m/%d},{number}/{notation}"


@dataclass(frozen=True)
class Status:
    """A status message about a document this agency sent (``ResponseFor`` names it)."""

    sender: Organ  # the agency reporting
    document_id: str
    code: str  # the document's "05/QĐ-UBND"
    promulgation_date: dt.date
    status: StatusCode
    timestamp: dt.datetime
    description: str = ""
    staff: Staff = field(default_factory=Staff)
