"""The register of incoming documents (sổ đăng ký văn bản đến) and the duplicate warning.

ND 30/2020 Phụ lục VI §III asks the system to warn the văn thư when a document is registered
with a number, notation and date the registers already hold: the same letter received twice,
or one of our own documents coming back. The warning is shown before anything is written; the
văn thư may confirm (a different letter that happens to share them), which the audit trail keeps
with the entries it duplicates. Numbers given by our own register of outgoing documents are
unique by construction, so the outgoing side is checked against here, not at numbering.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier.errors import DomainError, Forbidden, ValidationFailed
from dossier.model import IncomingDocument, RegisterEntry, User
from dossier.records.metadata import INCOMING, date_value, validate
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.documents import store_blob
from dossier.services.uow import Database
from dossier.vn.text import nfc
from workflows.states import Role

MAX_PDF = 20 * 1024 * 1024
FORM_FIELDS = {"TypeName": "type_name", "CodeNumber": "code_number", "CodeNotation": "code_notation",
               "IssuedDate": "issued_on", "OrganName": "organ_name", "Subject": "subject",
               "ArrivalDate": "arrival_date"}


@dataclass(frozen=True)
class IncomingInput:
    code_number: str
    code_notation: str
    issued_on: dt.date | None
    organ_name: str
    subject: str
    arrival_date: dt.date | None
    type_name: str = ""
    pdf: bytes = b""
    pdf_filename: str = ""


class DuplicateWarning(DomainError):
    """Registers already hold this number, notation and date: ``found`` says where, in Vietnamese."""

    code = "duplicate"

    def __init__(self, found: list[str]):
        super().__init__("Sổ đã có văn bản cùng số, ký hiệu và ngày: " + "; ".join(found) + ".")
        self.found = found


def duplicates(session: Session, number: str, notation: str, issued_on: dt.date) -> list[str]:
    """Where the registers already hold a document with this number, notation and date."""
    number, notation = number.strip(), notation.strip()
    found = [f"văn bản đến số đến {d.arrival_number} ngày {d.arrival_date:%d/%m/%Y} của {d.organ_name} "
             f"(“{d.subject[:80]}”)" for d in session.scalars(select(IncomingDocument).where(
                 IncomingDocument.code_number == number, IncomingDocument.code_notation == notation,
                 IncomingDocument.issued_on == issued_on).order_by(IncomingDocument.id))]
    found += [f"văn bản đi {e.symbol} ngày {e.issued_on:%d/%m/%Y} của {e.organisation.name} (“{e.abstract[:80]}”)"
              for e in session.scalars(select(RegisterEntry).where(
                  RegisterEntry.symbol.in_(_symbols(number, notation)), RegisterEntry.issued_on == issued_on)
                  .order_by(RegisterEntry.id))]
    return found


def _symbols(number: str, notation: str) -> list[str]:
    """The register writes "05/QĐ-SCT"; a letter may print the number as "5"."""
    numbers = {number, number.lstrip("0") or "0", number.zfill(2)}
    return [f"{n}/{notation}" for n in numbers]


def _fields(data: IncomingInput, arrival_number: int) -> dict[str, object]:
    return {"TypeName": nfc(data.type_name.strip()), "CodeNumber": data.code_number.strip(),
            "CodeNotation": nfc(data.code_notation.strip()), "IssuedDate": date_value(data.issued_on),
            "OrganName": nfc(data.organ_name.strip()), "Subject": nfc(data.subject.strip()),
            "ArrivalDate": date_value(data.arrival_date), "ArrivalNumber": arrival_number}


def _clerk(session: Session, actor_id: int) -> User:
    user = load_user(session, actor_id)
    if not user.roles & {Role.CLERK, Role.ADMIN}:
        raise Forbidden("Chỉ văn thư (hoặc quản trị) được vào sổ văn bản đến.")
    return user


def _check(data: IncomingInput) -> None:
    problems = {}
    for f in INCOMING:
        if f.tag == "ArrivalNumber":
            continue
        found = validate({f.tag: _fields(data, 1)[f.tag]}, (f,))
        if found:
            problems[FORM_FIELDS[f.tag]] = found[0]
    if data.arrival_date and data.issued_on and data.arrival_date < data.issued_on:
        problems["arrival_date"] = "Ngày đến không thể trước ngày của văn bản."
    if data.pdf and not data.pdf.startswith(b"%PDF-"):
        problems["pdf"] = "Tệp đính kèm phải là PDF."
    if len(data.pdf) > MAX_PDF:
        problems["pdf"] = "Tệp PDF lớn quá 20 MB."
    if problems:
        raise ValidationFailed(problems)


def register_incoming(db: Database, *, actor_id: int, data: IncomingInput, confirm_duplicate: bool = False) -> int:
    """Enter an incoming document in the register of the văn thư's body; its id.

    ValidationFailed for a field out of Phụ lục VI; DuplicateWarning, with nothing written, when
    the registers hold its number, notation and date and the văn thư has not confirmed."""
    _check(data)
    assert data.arrival_date is not None and data.issued_on is not None  # required: _check said so
    with db.write() as session:
        user = _clerk(session, actor_id)
        found = duplicates(session, data.code_number, data.code_notation, data.issued_on)
        if found and not confirm_duplicate:
            raise DuplicateWarning(found)
        year = data.arrival_date.year
        last = session.scalar(select(func.max(IncomingDocument.arrival_number)).where(
            IncomingDocument.organisation_id == user.organisation_id, IncomingDocument.arrival_year == year))
        fields = _fields(data, (last or 0) + 1)
        sha = None
        if data.pdf:
            sha = hashlib.sha256(data.pdf).hexdigest()
            store_blob(session, sha, data.pdf)
            session.flush()
        row = IncomingDocument(
            organisation_id=user.organisation_id, arrival_year=year, arrival_number=fields["ArrivalNumber"],
            arrival_date=data.arrival_date, code_number=fields["CodeNumber"], code_notation=fields["CodeNotation"],
            issued_on=data.issued_on, organ_name=fields["OrganName"], type_name=fields["TypeName"],
            subject=fields["Subject"], pdf_sha256=sha, pdf_filename=nfc(data.pdf_filename)[:255],
            duplicate_confirmed=bool(found), registered_by_id=user.id)
        session.add(row)
        session.flush()
        audit.append(session, actor_id=user.id, action="incoming.register", object_type="incoming_document",
                     object_id=row.id, payload={**fields, "pdf": sha, "duplicate_of": found,
                                                "duplicate_confirmed": bool(found)})
        return row.id


def list_incoming(db: Database, *, actor_id: int, year: int | None = None) -> list[IncomingDocument]:
    """The register of the user's body, newest first (an administrator sees every body's)."""
    with db.read() as session:
        user = _clerk(session, actor_id)
        query = select(IncomingDocument).order_by(IncomingDocument.arrival_year.desc(),
                                                  IncomingDocument.arrival_number.desc())
        if Role.ADMIN not in user.roles:
            query = query.where(IncomingDocument.organisation_id == user.organisation_id)
        if year:
            query = query.where(IncomingDocument.arrival_year == year)
        rows = list(session.scalars(query.limit(500)))
        session.expunge_all()
        return rows


def incoming_pdf(db: Database, *, actor_id: int, incoming_id: int) -> tuple[IncomingDocument, bytes]:
    from dossier.errors import NotFound
    from dossier.model import Blob

    with db.read() as session:
        user = _clerk(session, actor_id)
        row = session.get(IncomingDocument, incoming_id)
        if row is None or row.pdf_sha256 is None or (
                Role.ADMIN not in user.roles and row.organisation_id != user.organisation_id):
            raise NotFound("Không tìm thấy tệp của văn bản đến.")
        data = session.get(Blob, row.pdf_sha256).data
        session.expunge(row)
        return row, data
