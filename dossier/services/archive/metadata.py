"""An issued document's Phụ lục VI metadata: filled from the register and the issued row,
validated against ``dossier.records.metadata`` and stored when the văn thư seals it.

The values come from where the edXML package takes them (``services.exchange.packages``), so a
document's number, notation, type, signer and pages are the same in its package and its record.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier.canonical import canonical_json
from dossier.errors import Refused
from dossier.exchange.types import document_type
from dossier.model import Blob, Dossier, IssuedDocument, RecordMetadata
from dossier.records.metadata import OUTGOING, date_value, validate
from dossier.services.exchange.agencies import agency_of, match_recipients
from dossier.services.exchange.packages import page_count, place_of, recipient_lines, signer_of

LANGUAGE = "Tiếng Việt"
NORMAL_PRIORITY = 0  # neither urgent nor secret: the khuyến công documents are ordinary


def file_catalog(dossier: Dossier) -> int:
    """The year the hồ sơ belongs to: the one in its code ("KC-2026-007"), else its start."""
    found = re.search(r"(?:19|20)\d{2}", dossier.code)
    if found:
        return int(found.group())
    return (dossier.start_date or dossier.updated_at).year


def file_code(session: Session, dossier: Dossier) -> dict[str, Any]:
    agency = agency_of(session, dossier.owner_org_id)
    return {"OrganId": agency.organ_id if agency else "", "FileCatalog": file_catalog(dossier),
            "FileNotation": dossier.code}


def _to(session: Session, issued: IssuedDocument) -> list[dict[str, str]]:
    """Nơi nhận: the agencies of the directory with their mã định danh, the other lines by name."""
    lines = [line for line in recipient_lines(issued) if place_of(line)]
    agencies, unmatched = match_recipients(session, lines)
    named = [{"OrganId": a.organ_id, "OrganName": a.name} for a in agencies]
    others = [{"OrganId": "", "OrganName": place_of(line)} for line in unmatched
              if not place_of(line).startswith("Lưu") and place_of(line).casefold() != "như trên"]
    return named + others


def outgoing_fields(session: Session, issued: IssuedDocument, ordinal: int) -> dict[str, Any]:
    """Phụ lục VI's fields of ``issued``, the ``ordinal``-th document of its hồ sơ."""
    entry = issued.register_entry
    number, _, notation = entry.symbol.partition("/")
    signer = signer_of(issued)
    pdf = session.get(Blob, issued.final_pdf_sha256).data
    recipients = _to(session, issued)
    return {
        "FileCode": file_code(session, session.get(Dossier, issued.dossier_id)),
        "DocOrdinal": ordinal,
        "TypeName": document_type(entry.doc_type)[1],
        "CodeNumber": number,
        "CodeNotation": notation,
        "IssuedDate": date_value(issued.issued_on),
        "OrganName": issued.organisation.name,
        "Subject": entry.abstract,
        "Language": LANGUAGE,
        "PageAmount": page_count(pdf),
        "Description": "",
        "SignerInfo": {"Position": signer.position, "FullName": signer.full_name},
        "To": recipients,
        "Priority": NORMAL_PRIORITY,
        "IssuedAmount": len(recipients),
        "DueDate": "",
    }


def record_issued(session: Session, issued: IssuedDocument) -> RecordMetadata:
    """Store the sealed document's metadata (the caller's sealing transaction); Refused, in
    Vietnamese, when a field breaks Phụ lục VI's type or length, so nothing is issued."""
    ordinal = 1 + session.scalar(select(func.count()).select_from(RecordMetadata)
                                 .where(RecordMetadata.dossier_id == issued.dossier_id))
    fields = outgoing_fields(session, issued, ordinal)
    problems = validate(fields, OUTGOING)
    if problems:
        raise Refused([f"Dữ liệu đặc tả văn bản {issued.number_text} chưa đúng Phụ lục VI Nghị định "
                       f"30/2020/NĐ-CP: {p}" for p in problems])
    row = RecordMetadata(issued_document_id=issued.id, dossier_id=issued.dossier_id,
                         code_number=fields["CodeNumber"], code_notation=fields["CodeNotation"],
                         issued_on=issued.issued_on, fields_json=canonical_json(fields))
    session.add(row)
    session.flush()
    return row


def fields_of(session: Session, issued: IssuedDocument, ordinal: int) -> dict[str, Any]:
    """The stored metadata of a sealed document; a document only signed (its body has no văn thư)
    gets them built now. ``DocOrdinal`` is the document's place in the hồ sơ as exported."""
    row = session.get(RecordMetadata, issued.id)
    fields = json.loads(row.fields_json) if row else outgoing_fields(session, issued, ordinal)
    return {**fields, "DocOrdinal": ordinal}



