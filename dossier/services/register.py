"""The register of outgoing documents: take a number, cancel one, list and export.

``take_number`` runs inside the caller's write transaction (the issuing action): the counter
row stays locked until that transaction ends, so the number, the signed document and the
register entry commit together or not at all — a failed signature burns no number.

Lessons from Frappe/ERPNext (anchors.md §3 "Numbering registers"): the year of the *issue date*
picks the series (not the server clock, not a fiscal year), so 1 January starts at 01 by
construction and a back-dated issuance into an earlier year continues that year's series without
touching the current one; numbers are never given back (a cancelled number stays, with its
reason); a series belongs to one organisation (and, if it so chooses, one document type), never
shared across organisations.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Insert, bindparam, select
from sqlalchemy.orm import Session, selectinload

from dossier.errors import Forbidden, NotFound, ValidationFailed
from dossier.model import (
    IssuedDocument,
    Organisation,
    RegisterCancellation,
    RegisterCounter,
    RegisterEntry,
    RegisterSetting,
    User,
)
from dossier.model.register import ALL_TYPES
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.cells import csv_row, neutralise_sheet
from dossier.services.uow import Database, must_get
from dossier.vn.numbering import document_number
from workflows.states import Role

# "Số:      /QĐ-SCT" (draft: blank number) → group 1 = "QĐ-SCT" (or "2026/HĐ-TTKC").
_DRAFT_NUMBER = re.compile(r"^\s*Số:\s*/(?P<rest>\S.*)$")


def series_key(session: Session, organisation_id: int, doc_type: str) -> str:
    setting = session.get(RegisterSetting, organisation_id)
    return doc_type if setting is not None and setting.per_type else ALL_TYPES


def set_numbering(db: Database, *, actor_id: int, organisation_id: int, per_type: bool) -> None:
    """Choose one sequence for all types or one per type (decided by the head of the agency).

    Takes effect for numbers given from now on; existing series keep their numbers.
    """
    with db.write() as session:
        actor = load_user(session, actor_id)
        if Role.ADMIN not in actor.roles:
            raise Forbidden("Chỉ quản trị hệ thống được thay đổi cách đánh số của sổ văn bản.")
        setting = session.get(RegisterSetting, organisation_id) or RegisterSetting(
            organisation_id=organisation_id
        )
        setting.per_type = per_type
        session.add(setting)
        audit.append(
            session,
            actor_id=actor.id,
            action="register.settings",
            object_type="organisation",
            object_id=organisation_id,
            payload={"per_type": per_type},
        )


@lru_cache(maxsize=4)
def _next_number(dialect: str) -> Insert:
    """The series' next number in one statement, built once per dialect: INSERT … ON CONFLICT DO
    UPDATE SET last_number = last_number + 1 RETURNING last_number (a new series starts at 1).

    Race-free and gap-free: the first taker creates the row (a concurrent creator waits on the
    unique index, then updates it); on PostgreSQL the update locks the row until the transaction
    ends, so concurrent takers serialise and each reads the number the previous one committed
    (READ COMMITTED re-reads the row it waited for); on SQLite the writer already holds the
    database lock (BEGIN IMMEDIATE). A transaction that fails takes its increment back with it.
    It replaces creating the row, selecting it FOR UPDATE and flushing its new value (three
    statements and an object)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return (insert(RegisterCounter)
            .values(organisation_id=bindparam("organisation_id"), year=bindparam("year"),
                    series=bindparam("series"), last_number=1)
            .on_conflict_do_update(index_elements=["organisation_id", "year", "series"],
                                   set_={"last_number": RegisterCounter.last_number + 1})
            .returning(RegisterCounter.last_number))


def _take_next(session: Session, organisation_id: int, year: int, series: str) -> int:
    """The next number of the series, taken: the counter row stays locked until the transaction ends."""
    key = {"organisation_id": organisation_id, "year": year, "series": series}
    return session.execute(_next_number(session.get_bind().dialect.name), key).scalar_one()


def format_number(
    draft_number_line: str | None, number: int, *, doc_type: str, issuer_abbr: str, year: int
) -> str:
    """The issued "Số: 05/QĐ-SCT": the draft's own symbol with the blank filled in.

    Keeping the draft's symbol (rather than rebuilding it) keeps whatever the template decided
    (year in contracts "05/2026/HĐ-TTKC", công văn "SCT-QLCN"), so DOCX, PDF and register agree.
    """
    match = _DRAFT_NUMBER.match(draft_number_line or "")
    if match:
        return f"Số: {number:02d}/{match.group('rest').strip()}"
    type_abbr = None if doc_type == "CV" else doc_type
    return document_number(number, type_abbr, issuer_abbr, year=year if doc_type == "HĐ" else None)


def symbol_of(number_line: str) -> str:
    return number_line.split(":", 1)[1].strip() if ":" in number_line else number_line.strip()


def peek_number(
    session: Session, *, organisation: Organisation, doc_type: str, issued_on: date, draft_number_line: str | None
) -> str:
    """The number line ``take_number`` would give now, taking nothing (the browser agent signs a
    PDF that must already carry its number; the number is taken, and checked equal, on return)."""
    series = series_key(session, organisation.id, doc_type)
    last = session.scalar(select(RegisterCounter.last_number).where(
        RegisterCounter.organisation_id == organisation.id, RegisterCounter.year == issued_on.year,
        RegisterCounter.series == series)) or 0
    return format_number(draft_number_line, last + 1, doc_type=doc_type, issuer_abbr=organisation.abbreviation,
                         year=issued_on.year)


def take_number(
    session: Session,
    *,
    organisation: Organisation,
    doc_type: str,
    issued_on: date,
    draft_number_line: str | None,
    abstract: str = "",
    signer: User | None = None,
    recipients: list[str] | tuple[str, ...] = (),
    dossier_id: int | None = None,
    generated_document_id: int | None = None,
    plan_document_id: int | None = None,
) -> RegisterEntry:
    """Give the next number of the series and write its register entry (caller's transaction)."""
    series = series_key(session, organisation.id, doc_type)
    number = _take_next(session, organisation.id, issued_on.year, series)
    line = format_number(
        draft_number_line,
        number,
        doc_type=doc_type,
        issuer_abbr=organisation.abbreviation,
        year=issued_on.year,
    )
    entry = RegisterEntry(
        organisation_id=organisation.id,
        year=issued_on.year,
        series=series,
        number=number,
        doc_type=doc_type,
        symbol=symbol_of(line),
        issued_on=issued_on,
        abstract=abstract or "",
        signer_name=signer.full_name if signer else "",
        signer_id=signer.id if signer else None,
        recipients="\n".join(recipients),
        dossier_id=dossier_id,
        generated_document_id=generated_document_id,
        plan_document_id=plan_document_id,
    )
    session.add(entry)
    session.flush()  # the unique (organisation, year, series, number) index is the last guard
    return entry


def find_entry(
    session: Session, *, symbol: str, year: int, organisation_id: int | None = None
) -> RegisterEntry:
    symbol = symbol_of(symbol)
    query = select(RegisterEntry).where(RegisterEntry.symbol == symbol, RegisterEntry.year == year)
    if organisation_id is not None:
        query = query.where(RegisterEntry.organisation_id == organisation_id)
    rows = list(session.scalars(query))
    if not rows:
        raise NotFound(f"Không có số {symbol} năm {year} trong sổ văn bản đi.")
    if len(rows) > 1:
        raise ValidationFailed(
            {"organisation": f"Số {symbol} năm {year} có ở nhiều cơ quan; hãy chọn cơ quan."}
        )
    return rows[0]


def required_reason(reason: str | None, what: str) -> str:
    """A cancellation's reason, one line; ValidationFailed when it says nothing (under 5 characters)."""
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise ValidationFailed({"reason": f"Phải ghi rõ lý do {what} (ít nhất 5 ký tự)."})
    return reason


def cancel_number(db: Database, *, actor_id: int, entry_id: int, reason: str) -> RegisterCancellation:
    """Cancel a number: it stays in the register, marked cancelled with the reason; never reused."""
    reason = required_reason(reason, "hủy số")
    with db.write() as session:
        actor = load_user(session, actor_id)
        entry = must_get(session, RegisterEntry, entry_id, "Không tìm thấy số văn bản trong sổ.")
        if not (actor.roles & {Role.CLERK, Role.ADMIN}) or actor.organisation_id != entry.organisation_id:
            raise Forbidden("Chỉ văn thư (hoặc quản trị) của cơ quan ban hành được hủy số văn bản.")
        if entry.cancellation is not None:
            raise ValidationFailed({"reason": f"Số {entry.symbol} đã bị hủy trước đó."})
        row = RegisterCancellation(entry_id=entry.id, reason=reason, cancelled_by_id=actor.id)
        session.add(row)
        session.flush()
        audit.append(
            session,
            actor_id=actor.id,
            action="register.cancel",
            object_type="register_entry",
            object_id=entry.id,
            payload={"symbol": entry.symbol, "year": entry.year, "reason": reason},
        )
        return row


# -- view and export -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    entry_id: int
    organisation: str
    year: int
    series: str
    number: int
    symbol: str
    doc_type: str
    issued_on: date
    abstract: str
    signer_name: str
    recipients: str
    status: str  # Vietnamese, for people
    cancelled: bool
    cancel_reason: str
    verification_code: str
    issued_document_id: int | None


HEADERS = (
    "Số thứ tự",
    "Số, ký hiệu",
    "Ngày ban hành",
    "Loại",
    "Trích yếu",
    "Người ký",
    "Nơi nhận",
    "Tình trạng",
    "Mã xác thực",
    "Cơ quan",
    "Năm",
)


def list_register(
    db: Database,
    *,
    organisation_ids: set[int] | None = None,
    year: int | None = None,
    organisation_code: str | None = None,
) -> list[RegisterRow]:
    with db.read() as session:
        query = (
            select(RegisterEntry)
            .options(selectinload(RegisterEntry.organisation), selectinload(RegisterEntry.cancellation))
            .order_by(
                RegisterEntry.organisation_id, RegisterEntry.year, RegisterEntry.series, RegisterEntry.number
            )
        )
        if organisation_ids is not None:
            query = query.where(RegisterEntry.organisation_id.in_(organisation_ids))
        if organisation_code:
            org = session.scalars(select(Organisation).where(Organisation.code == organisation_code)).first()
            if org is None:
                raise NotFound(f"Không có cơ quan mã {organisation_code}.")
            query = query.where(RegisterEntry.organisation_id == org.id)
        if year is not None:
            query = query.where(RegisterEntry.year == year)
        entries = list(session.scalars(query))
        issued = {
            d.register_entry_id: d
            for d in session.scalars(
                select(IssuedDocument).where(IssuedDocument.register_entry_id.in_([e.id for e in entries]))
            )
        }
        rows = []
        for e in entries:
            doc = issued.get(e.id)
            status = _register_status(e, doc)
            rows.append(
                RegisterRow(
                    entry_id=e.id,
                    organisation=e.organisation.name,
                    year=e.year,
                    series=e.series,
                    number=e.number,
                    symbol=e.symbol,
                    doc_type=e.doc_type,
                    issued_on=e.issued_on,
                    abstract=e.abstract,
                    signer_name=e.signer_name,
                    recipients=e.recipients,
                    status=status,
                    cancelled=e.cancellation is not None,
                    cancel_reason=e.cancellation.reason if e.cancellation else "",
                    verification_code=doc.verification_code if doc else "",
                    issued_document_id=doc.id if doc else None,
                )
            )
        return rows


def _register_status(entry: RegisterEntry, doc: IssuedDocument | None) -> str:
    if entry.cancellation is not None:
        return f"Đã hủy: {entry.cancellation.reason}"
    if doc is not None and doc.status == "issued":
        return "Đã phát hành"
    if doc is not None:
        return "Đã ký, chờ đóng dấu phát hành"
    return "Đã cấp số"


def _cells(row: RegisterRow) -> list:
    return [
        row.number,
        row.symbol,
        row.issued_on.strftime("%d/%m/%Y"),
        row.doc_type,
        row.abstract,
        row.signer_name,
        row.recipients.replace("\n", "; "),
        row.status,
        row.verification_code,
        row.organisation,
        row.year,
    ]


def export_csv(rows: list[RegisterRow]) -> bytes:
    """UTF-8 with BOM so that Excel opens Vietnamese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(csv_row(_cells(row)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(rows: list[RegisterRow], *, title: str = "Sổ đăng ký văn bản đi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "So van ban di"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(_cells(row))
        if row.cancelled:
            for cell in ws[ws.max_row]:
                cell.font = Font(strike=True, color="888888")
    for col, width in zip("ABCDEFGHIJK", (10, 22, 14, 8, 60, 26, 40, 30, 14, 40, 8), strict=True):
        ws.column_dimensions[col].width = width
    for r in ws.iter_rows(min_row=3):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    neutralise_sheet(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = [
    "HEADERS",
    "RegisterRow",
    "cancel_number",
    "export_csv",
    "export_xlsx",
    "find_entry",
    "format_number",
    "list_register",
    "series_key",
    "set_numbering",
    "symbol_of",
    "take_number",
]
