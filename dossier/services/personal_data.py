"""Beneficiaries' personal data: who read it (the log), one person's data on request, retention.

Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 and Nghị định 356/2025/NĐ-CP (in force 1/1/2026): the
inventory is docs/personal-data.md. Every page, file or export that shows a beneficiary's personal
fields records a row of `personal_data_reads` (who, when, which beneficiary, which fields, through
what), in its own short transaction: the log is written even though the page itself only reads.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.documents.context import personal_in
from dossier.errors import NotFound, Refused
from dossier.model import Beneficiary, Dossier, GeneratedDocument, PersonalDataRead, TransitionRecord, User
from dossier.services import audit
from dossier.services.access import visible_org_ids
from dossier.services.uow import Database
from dossier.vn.vntime import today_vn
from workflows.states import Role, Status

# The beneficiary's personal fields (docs/personal-data.md lists them with their purpose).
PERSONAL_FIELDS = ("name", "representative", "representative_title", "street", "hamlet", "commune", "province",
                   "phone", "tax_code", "registration_number", "registration_date", "registration_issuer")
SHOWN = "name,representative,address,phone,tax_code"
RETENTION_FILE = Path(__file__).resolve().parents[1] / "data" / "retention.toml"


def log_dossier_reads(db: Database, actor_id: int, dossier_ids: Iterable[int], via: str,
                      fields: str = SHOWN) -> int:
    """Record that `actor_id` saw the personal data of these dossiers' beneficiaries."""
    ids = list(dossier_ids)
    if not ids:
        return 0
    with db.write() as session:
        beneficiaries = sorted({b for b in session.scalars(select(Dossier.beneficiary_id).where(Dossier.id.in_(ids)))
                                if b is not None})
        for beneficiary_id in beneficiaries:
            session.add(PersonalDataRead(actor_id=actor_id, beneficiary_id=beneficiary_id, fields=fields[:255],
                                         via=via[:120]))
        return len(beneficiaries)


def reads_of(db: Database, beneficiary_id: int) -> list[dict[str, Any]]:
    with db.read() as session:
        rows = session.execute(select(PersonalDataRead, User.username, User.full_name)
                               .join(User, User.id == PersonalDataRead.actor_id)
                               .where(PersonalDataRead.beneficiary_id == beneficiary_id)
                               .order_by(PersonalDataRead.id)).all()
        return [{"at": r.at.isoformat(), "user": username, "full_name": name, "fields": r.fields.split(","),
                 "via": r.via} for r, username, name in rows]


def _visible_beneficiary(session: Session, actor_id: int, beneficiary_id: int) -> tuple[User, Beneficiary]:
    """The actor and the beneficiary, when the actor's bodies see it (else it 'does not exist')."""
    actor = session.get(User, actor_id)
    beneficiary = session.get(Beneficiary, beneficiary_id)
    if actor is None or beneficiary is None or beneficiary.organisation_id not in visible_org_ids(session, actor):
        raise NotFound(f"Không tìm thấy cơ sở thụ hưởng số {beneficiary_id}.")
    return actor, beneficiary


def subject_export(db: Database, actor_id: int, beneficiary_id: int) -> dict[str, Any]:
    """One beneficiary's data, as the data subject may ask for it: the record, the dossiers that
    name it (code, title, state) and who read it. The request itself is logged as a read."""
    with db.read() as session:
        actor, beneficiary = _visible_beneficiary(session, actor_id, beneficiary_id)
        record = {f: _plain(getattr(beneficiary, f)) for f in PERSONAL_FIELDS}
        dossiers = [{"code": d.code, "title": d.title, "status": d.status}
                    for d in session.scalars(select(Dossier).where(Dossier.beneficiary_id == beneficiary_id)
                                             .order_by(Dossier.id))]
        documents = _documents_carrying(session, beneficiary_id)
    with db.write() as session:
        session.add(PersonalDataRead(actor_id=actor_id, beneficiary_id=beneficiary_id,
                                     fields=",".join(PERSONAL_FIELDS)[:255], via="subject access export"))
    return {"beneficiary_id": beneficiary_id, "personal_data": record, "dossiers": dossiers,
            "documents_with_identifiers": documents, "reads": reads_of(db, beneficiary_id),
            "retention": [r.__dict__ for r in retention_rules()]}


def _documents_carrying(session: Session, beneficiary_id: int) -> list[dict[str, Any]]:
    """The documents that print the beneficiary's ID or account number (the contract and its
    liquidation): archival records, kept as issued after the record itself is erased. Which
    fields each carries, never their values."""
    rows = session.execute(select(Dossier.code, GeneratedDocument.id, GeneratedDocument.title,
                                  GeneratedDocument.context_json)
                           .join(GeneratedDocument, GeneratedDocument.dossier_id == Dossier.id)
                           .where(Dossier.beneficiary_id == beneficiary_id).order_by(GeneratedDocument.id))
    found = ((code, doc_id, title, personal_in(json.loads(context))) for code, doc_id, title, context in rows)
    return [{"dossier": code, "document_id": doc_id, "title": title, "fields": fields}
            for code, doc_id, title, fields in found if fields]


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclass(frozen=True)
class RetentionRule:
    record: str
    label: str
    years: int
    basis: str
    erasable: bool


def retention_rules(path: Path = RETENTION_FILE) -> list[RetentionRule]:
    """The retention periods, as data (dossier/data/retention.toml)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [RetentionRule(r["record"], r["label"], int(r["years"]), r["basis"], bool(r["erasable"]))
            for r in data["rule"]]


# What erasure clears: contact and identity details of the person behind the establishment. The
# name, commune and tax code stay: they identify a public grant in the archived documents.
ERASABLE_FIELDS = ("representative", "representative_title", "street", "hamlet", "phone",
                   "representative_id_number", "bank_account", "bank_name")


def erase_contact(db: Database, actor_id: int, beneficiary_id: int, *, today: date | None = None) -> list[str]:
    """Erase a beneficiary's contact details on request, once every dossier naming it is archived and
    the `beneficiary_contact` retention period has run from the end of the year it was archived.
    Issued documents, signed PDFs and the audit trail are archival records and are not touched."""
    today = today or today_vn()
    years = next(r.years for r in retention_rules() if r.record == "beneficiary_contact")
    with db.write() as session:
        actor, beneficiary = _visible_beneficiary(session, actor_id, beneficiary_id)
        if not actor.roles & {Role.OFFICER, Role.LEADER}:
            raise Refused(["Chỉ chuyên viên hoặc lãnh đạo của cơ quan quản lý hồ sơ được xóa dữ liệu cá nhân."])
        reasons = []
        for d in session.scalars(select(Dossier).where(Dossier.beneficiary_id == beneficiary_id)):
            archived = session.scalars(select(TransitionRecord.at).where(
                TransitionRecord.dossier_id == d.id, TransitionRecord.to_status == Status.ARCHIVED.value)).first()
            if d.status != Status.ARCHIVED.value or archived is None:
                reasons.append(f"Đề án {d.code} chưa đưa vào lưu trữ.")
            elif today < date(archived.year + years + 1, 1, 1):
                reasons.append(f"Đề án {d.code} còn trong thời hạn lưu trữ {years} năm "
                               f"(đến hết năm {archived.year + years}).")
        if reasons:
            raise Refused(reasons)
        erased = [f for f in ERASABLE_FIELDS if getattr(beneficiary, f)]
        for field in ERASABLE_FIELDS:
            setattr(beneficiary, field, "")
        audit.append(session, actor_id=actor.id, action="personal_data.erase", object_type="beneficiary",
                     object_id=beneficiary.id, payload={"fields": erased})  # which fields, never their values
        return erased


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
