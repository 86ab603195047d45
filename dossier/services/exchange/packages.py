"""An issued document's edXML packages, one per recipient agency, queued with the issuance.

``queue_issued`` runs inside the văn thư's sealing transaction: the packages and the outbox rows
commit with the issuance or not at all. A body without a mã định danh in the directory, or a
document whose Nơi nhận names no agency in it, queues nothing (it goes on paper, as today).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import logging
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import DomainError, Forbidden, NotFound
from dossier.exchange import edxml
from dossier.exchange import message as m
from dossier.exchange.message import BusinessType, Message
from dossier.exchange.types import document_type
from dossier.model import Agency, Blob, IssuedDocument, OutboxMessage, Revocation, User
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.documents import store_blob
from dossier.services.exchange.agencies import agency_of, key, match_recipients
from dossier.services.uow import Database
from dossier.vn.vntime import now_vn, to_vn
from workflows.states import Role

log = logging.getLogger(__name__)
COMPETENCES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")


def organ(agency: Agency) -> m.Organ:
    """The agency as a package names it; one of our own bodies lends its address and telephone."""
    own = agency.organisation
    return m.Organ(organ_id=agency.organ_id, organ_name=agency.name,
                 organ_add=agency.address or (own.address if own else ""), email=agency.email,
                 telephone=agency.telephone or (own.phone if own else ""), website=agency.website)


def place_of(line: str) -> str:
    """A Nơi nhận line as a place: "- Sở Tài chính;" → "Sở Tài chính"."""
    return line.strip().lstrip("-–•").strip().rstrip(";.,").strip()


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 — a count is informative only; the PDF itself was verified at sealing
        return 0


def signer_of(issued: IssuedDocument) -> m.Signer:
    lines = [str(line) for line in json.loads(issued.context_json).get("ky", {}).get("dong", [])]
    competence = " ".join(line for line in lines if line.startswith(COMPETENCES))
    return m.Signer(competence=competence, position=issued.signer.job_title or (lines[-1] if lines else ""),
                  full_name=issued.register_entry.signer_name or issued.signer.full_name)


def message_for(session: Session, issued: IssuedDocument, sender: Agency, when: dt.datetime) -> Message:
    """The package's content without its recipient (``to`` is set per agency)."""
    entry = issued.register_entry
    number, _, notation = entry.symbol.partition("/")
    type_code, type_name = document_type(entry.doc_type)
    pdf = session.get(Blob, issued.final_pdf_sha256).data
    doc_id = m.document_id(sender.organ_id, issued.issued_on, number, notation)
    clerk = issued.sealer or issued.signer
    return Message(
        sender=organ(sender), to=(), code_number=number, code_notation=notation,
        place=issued.organisation.place_name, promulgation_date=issued.issued_on,
        type_code=type_code, type_name=type_name, subject=entry.abstract, signer=signer_of(issued),
        document_id=doc_id, traces=(m.Trace(sender.organ_id, to_vn(when).replace(tzinfo=None, microsecond=0)),),
        business=m.Business(BusinessType.NEW, document_id=doc_id,
                          staff=m.Staff(department=issued.organisation.name, staff=clerk.full_name, email=clerk.email)),
        attachments=(m.Attachment(uuid.uuid5(uuid.NAMESPACE_URL, issued.final_pdf_sha256).hex,
                                entry.symbol.replace("/", "_") + ".pdf", "application/pdf", pdf,
                                f"{type_name} số {entry.symbol} (bản điện tử có chữ ký số)"),),
        to_places=tuple(place_of(line) for line in entry.recipients.splitlines()
                        if place_of(line) and not place_of(line).startswith("Lưu")),
        page_amount=page_count(pdf),
    )


def _enqueue(session: Session, issued: IssuedDocument, agency: Agency, message: Message) -> OutboxMessage:
    data = edxml.build(dataclasses.replace(message, to=(organ(agency),)))
    sha = hashlib.sha256(data).hexdigest()
    store_blob(session, sha, data)
    session.flush()  # the blob row first: nothing tells the unit of work that the outbox row needs it
    row = OutboxMessage(message_id=str(uuid.uuid4()), issued_document_id=issued.id, agency_id=agency.id,
                        business_type=int(message.business.doc_type), document_id=message.document_id,
                        package_sha256=sha)
    session.add(row)
    return row


def recipient_lines(issued: IssuedDocument) -> list[str]:
    """The Nơi nhận lines, with the Kính gửi addressees when a line says "Như trên" (them)."""
    lines = [line for line in issued.register_entry.recipients.splitlines() if line.strip()]
    if any(key(line) == "như trên" for line in lines):
        lines += [str(name) for name in json.loads(issued.context_json).get("kinh_gui") or []]
    return lines


def queue_issued(session: Session, issued: IssuedDocument, when: dt.datetime) -> list[OutboxMessage]:
    """Queue a package for every agency the document's Nơi nhận names (in the caller's transaction)."""
    sender = agency_of(session, issued.organisation_id)
    if sender is None:
        log.info("%s has no mã định danh in the directory: nothing queued for exchange", issued.organisation.name)
        return []
    agencies, _ = match_recipients(session, recipient_lines(issued))
    message = message_for(session, issued, sender, when)
    rows = [_enqueue(session, issued, agency, message) for agency in agencies if agency.id != sender.id]
    session.flush()
    if rows:
        audit.append(session, actor_id=issued.sealer_id, action="exchange.queue", object_type="issued_document",
                     object_id=issued.id, payload={"document_id": message.document_id,
                                                   "to": [r.agency.organ_id for r in rows]})
    return rows


def _revocable(session: Session, user: User, issued_id: int) -> IssuedDocument:
    issued = session.scalars(select(IssuedDocument).where(IssuedDocument.id == issued_id).with_for_update()).first()
    if issued is None:
        raise NotFound("Không tìm thấy văn bản đã ban hành.")
    if Role.CLERK not in user.roles or user.organisation_id != issued.organisation_id:
        raise Forbidden(f"Chỉ văn thư của {issued.organisation.name} được thu hồi, thay thế văn bản này.")
    if issued.status != "issued":
        raise DomainError(f"Văn bản {issued.number_text} chưa phát hành: không có gì để thu hồi.")
    if session.scalars(select(Revocation).where(Revocation.issued_document_id == issued.id)).first():
        raise DomainError(f"Văn bản {issued.number_text} đã bị thu hồi hoặc thay thế trước đó.")
    return issued


def _sent_to(session: Session, issued: IssuedDocument) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(
        OutboxMessage.issued_document_id == issued.id, OutboxMessage.business_type == int(BusinessType.NEW))))


def revoke_issued(db: Database, *, actor_id: int, issued_id: int, reason: str,
                  replaced_by_id: int | None = None) -> int:
    """Freeze an issued document and tell every agency that received it: revoked, or replaced by
    ``replaced_by_id`` (whose packages then carry the replacement). Returns the packages queued."""
    if not reason.strip():
        raise DomainError("Cần ghi lý do thu hồi hoặc thay thế văn bản.")
    with db.write() as session:
        user = load_user(session, actor_id)
        issued = _revocable(session, user, issued_id)
        earlier = _sent_to(session, issued)
        sender = agency_of(session, issued.organisation_id)
        kind = "replace" if replaced_by_id else "revoke"
        session.add(Revocation(issued_document_id=issued.id, kind=kind, reason=reason.strip(),
                               replaced_by_id=replaced_by_id, by_id=user.id))
        rows = _queue_revocation(session, issued, earlier, sender, reason.strip(), replaced_by_id) if sender else []
        audit.append(session, actor_id=user.id, action=f"exchange.{kind}", object_type="issued_document",
                     object_id=issued.id, payload={"reason": reason.strip(), "replaced_by": replaced_by_id,
                                                   "packages": len(rows)})
        return len(rows)


def _queue_revocation(session: Session, issued: IssuedDocument, earlier: list[OutboxMessage], sender: Agency,
                      reason: str, replaced_by_id: int | None) -> list[OutboxMessage]:
    when = now_vn()
    old = message_for(session, issued, sender, when)
    organ_ids = tuple(row.agency.organ_id for row in earlier)
    if replaced_by_id is None:
        message = dataclasses.replace(old, attachments=(), business=dataclasses.replace(
            old.business, doc_type=BusinessType.REVOKE, reason=reason, receivers=organ_ids))
        target = issued
    else:
        target = session.get(IssuedDocument, replaced_by_id)
        if target is None or target.status != "issued" or target.organisation_id != issued.organisation_id:
            raise DomainError("Văn bản thay thế phải là văn bản đã phát hành của cùng cơ quan.")
        new = message_for(session, target, sender, when)
        message = dataclasses.replace(new, business=dataclasses.replace(
            new.business, doc_type=BusinessType.REPLACE, reason=reason, receivers=organ_ids,
            replacements=(m.Replacement(old.document_id, organ_ids),)))
    rows = [_enqueue(session, target, row.agency, message) for row in earlier]
    session.flush()
    return rows
