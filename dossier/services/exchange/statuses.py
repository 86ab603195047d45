"""Recipients' status messages, and what an issued document's page shows of its exchange."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DomainError, NotFound
from dossier.exchange import edxml
from dossier.exchange.message import STATUS_LABELS, BusinessType, StatusCode
from dossier.model import Agency, Dossier, ExchangeStatus, IssuedDocument, OutboxMessage, Revocation
from dossier.services import audit
from dossier.services.access import load_user, require_visible
from dossier.services.uow import Database
from dossier.vn.vntime import VN_TZ

STATE_LABELS = {"pending": "Chờ gửi", "sent": "Đã gửi", "refused": "Bị từ chối"}
BUSINESS_LABELS = {BusinessType.NEW: "Gửi mới", BusinessType.REVOKE: "Thu hồi", BusinessType.UPDATE: "Cập nhật",
                   BusinessType.REPLACE: "Thay thế"}


def record_status(db: Database, data: bytes) -> ExchangeStatus:
    """Store a recipient's status message about a package we sent (the same message twice: once)."""
    try:
        status = edxml.parse_status(data)
    except edxml.PackageError as exc:
        raise DomainError(f"Thông báo trạng thái không đọc được: {exc.detail or exc}") from exc
    with db.write() as session:
        row = session.scalars(
            select(OutboxMessage).join(Agency)
            .where(OutboxMessage.document_id == status.document_id, Agency.organ_id == status.sender.organ_id)
            .order_by(OutboxMessage.id.desc())).first()
        if row is None:
            raise NotFound(f"Không có văn bản đã gửi {status.code} cho cơ quan {status.sender.organ_id}.")
        reported = status.timestamp.replace(tzinfo=VN_TZ).astimezone(dt.UTC)
        existing = session.scalars(select(ExchangeStatus).where(
            ExchangeStatus.outbox_id == row.id, ExchangeStatus.status_code == int(status.status),
            ExchangeStatus.reported_at == reported)).first()
        if existing is not None:
            return existing
        kept = ExchangeStatus(outbox_id=row.id, status_code=int(status.status), description=status.description,
                              staff=status.staff.staff, reported_at=reported)
        session.add(kept)
        session.flush()
        audit.append(session, actor_id=None, action="exchange.status", object_type="issued_document",
                     object_id=row.issued_document_id,
                     payload={"from": status.sender.organ_id, "status": int(status.status),
                              "description": status.description})
        return kept


@dataclass(frozen=True)
class StatusLine:
    label: str
    at: dt.datetime
    description: str


@dataclass(frozen=True)
class RecipientRow:
    agency: str
    organ_id: str
    business: str  # Gửi mới, Thu hồi, Thay thế
    state: str  # Chờ gửi, Đã gửi, Bị từ chối
    attempts: int
    error: str
    latest: str  # the last status the recipient reported, or ""
    history: tuple[StatusLine, ...]


@dataclass(frozen=True)
class ExchangeView:
    rows: tuple[RecipientRow, ...]
    revoked: str  # "" or why the document was revoked / replaced


def _row(message: OutboxMessage) -> RecipientRow:
    history = tuple(StatusLine(STATUS_LABELS[StatusCode(s.status_code)], s.reported_at, s.description)
                    for s in message.statuses)
    return RecipientRow(agency=message.agency.name, organ_id=message.agency.organ_id,
                        business=BUSINESS_LABELS[BusinessType(message.business_type)],
                        state=STATE_LABELS[message.state], attempts=message.attempts,
                        error=message.last_error if message.state != "sent" else "",
                        latest=history[-1].label if history else "", history=history)


def _revocation_text(session: Session, issued: IssuedDocument) -> str:
    revocation = session.scalars(select(Revocation).where(Revocation.issued_document_id == issued.id)).first()
    if revocation is None:
        return ""
    if revocation.replaced_by_id:
        by = session.get(IssuedDocument, revocation.replaced_by_id)
        return f"Đã được thay thế bởi văn bản {by.number_text}: {revocation.reason}"
    return f"Đã thu hồi: {revocation.reason}"


def exchange_rows(db: Database, *, actor_id: int, issued_id: int) -> ExchangeView:
    """Each recipient agency of an issued document, its package's state and reported status."""
    with db.read() as session:
        issued = session.get(IssuedDocument, issued_id)
        if issued is None:
            raise NotFound("Không tìm thấy văn bản đã ban hành.")
        require_visible(session, load_user(session, actor_id), session.get(Dossier, issued.dossier_id))
        messages = session.scalars(select(OutboxMessage).where(OutboxMessage.issued_document_id == issued.id)
                                   .order_by(OutboxMessage.id)).all()
        return ExchangeView(tuple(_row(m) for m in messages), _revocation_text(session, issued))
