"""What the REST API returns: plain JSON-ready data, read with the same scope as the web.

Dates are ISO 8601 (``YYYY-MM-DD``), moments ISO 8601 in Vietnam time (``…+07:00``), money
integer đồng. Every function takes the acting user and shows only what that user may see (an
object of another organisation is "not found", as on the web).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from dossier.errors import NotFound
from dossier.model import Dossier, IssuedDocument, Plan
from dossier.services import ledger, listing, queries
from dossier.services.access import load_user, require_visible, visible_org_ids
from dossier.services.issuance.queries import summary_of
from dossier.services.reports import DIMENSIONS, money_report
from dossier.services.uow import Database
from dossier.vn.vntime import format_iso
from workflows.labels import status_label

MAX_LIMIT = 100
MAX_ID = 2**31 - 1  # ids are 32-bit in the schema; a larger one names nothing


def known_id(object_id: int, what: str) -> int:
    if not 0 < object_id <= MAX_ID:
        raise NotFound(f"Không tìm thấy {what}.")
    return object_id


def _moment(value: dt.datetime | None) -> str | None:
    return format_iso(value) if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _summary(row: listing.DossierRow) -> dict[str, Any]:
    return {"id": row.id, "code": row.code, "title": row.title, "status": row.status,
            "status_label": status_label(row.status), "beneficiary": row.beneficiary_name, "commune": row.commune,
            "requested_support": row.requested_support, "total_cost": row.total_cost,
            "updated_at": _moment(row.updated_at)}


def dossier_list(db: Database, *, actor_id: int, filters: listing.DossierFilters) -> dict[str, Any]:
    """One page of the dossiers the actor sees, with the web's filters and its key paging."""
    with db.read() as session:
        page = listing.list_dossiers(session, load_user(session, actor_id), filters)
        return {"items": [_summary(r) for r in page.rows], "total": page.total, "total_capped": page.total_capped,
                "next": page.next_key}


def _lines(d: Dossier) -> list[dict[str, Any]]:
    return [{"position": i.position, "name": i.name, "specification": i.specification, "origin": i.origin,
             "quantity": i.quantity, "unit": i.unit, "unit_price": i.unit_price,
             "amount": i.quantity * i.unit_price} for i in d.items]


def _history(session: Any, dossier_id: int) -> list[dict[str, Any]]:
    return [{"trigger": r.trigger, "from_status": r.from_status, "to_status": r.to_status, "by": r.actor.full_name,
             "at": _moment(r.at), "effective_on": _day(r.effective_on or r.at.date()),
             "inputs": json.loads(r.inputs_json or "{}")} for r in queries.history(session, dossier_id)]


def _documents(session: Any, dossier_id: int) -> list[dict[str, Any]]:
    issued = {i.generated_document_id: i for i in session.scalars(
        select(IssuedDocument).where(IssuedDocument.dossier_id == dossier_id))}
    out = []
    for doc in queries.documents(session, dossier_id):
        found = issued.get(doc.id)
        out.append({"id": doc.id, "template": doc.template_id, "title": doc.title, "sha256": doc.sha256,
                    "issued_document_id": found.id if found else None,
                    "number": found.register_entry.symbol if found else None,
                    "issued_on": _day(found.issued_on) if found else None})
    return out


def _money(session: Any, dossier_id: int) -> dict[str, Any]:
    p = ledger.position(session, dossier_id)
    return {"approved": p.approved, "contract": p.contract, "advanced": p.advanced, "payments": p.payments,
            "recovered": p.recovered, "paid": p.paid, "accepted_value": p.accepted_value,
            "accepted_support": p.accepted_support, "settled": p.settled}


def dossier_detail(db: Database, *, actor_id: int, dossier_id: int) -> dict[str, Any]:
    with db.read() as session:
        d = queries.get_dossier(session, load_user(session, actor_id), known_id(dossier_id, "hồ sơ"))
        b = d.beneficiary
        return {
            "id": d.id, "code": d.code, "title": d.title, "status": d.status, "status_label": status_label(d.status),
            "version": d.version, "owner": d.owner_org.name, "commune": d.commune, "location": d.location,
            "content_group": d.content_group.name if d.content_group else None,
            "plan_year": d.plan.year if d.plan else None, "start_date": _day(d.start_date),
            "end_date": _day(d.end_date), "requested_support": d.requested_support,
            "beneficiary": {"name": b.name, "kind": b.kind, "address": b.address} if b else None,
            "lines": _lines(d), "history": _history(session, d.id), "documents": _documents(session, d.id),
            "money": _money(session, d.id), "updated_at": _moment(d.updated_at),
        }


def issued_detail(db: Database, *, actor_id: int, issued_id: int) -> dict[str, Any]:
    """An issued document with what verifies it: number, dates, signers, the PDF's digest, code."""
    with db.read() as session:
        issued = session.get(IssuedDocument, known_id(issued_id, "văn bản đã ban hành"))
        if issued is None:
            raise NotFound("Không tìm thấy văn bản đã ban hành.")
        require_visible(session, load_user(session, actor_id), session.get(Dossier, issued.dossier_id))
        s = summary_of(session, issued)
        return {"id": s.id, "dossier_id": s.dossier_id, "title": s.title, "number": issued.register_entry.symbol,
                "issued_on": _day(s.issued_on), "organisation": s.organisation, "abstract": s.abstract,
                "status": s.status, "signer": s.signer_name, "signed_at": _moment(s.signed_at),
                "sealed_at": _moment(s.sealed_at), "verification_code": s.verification_code,
                "pdf_sha256": s.pdf_sha256, "cancelled_reason": s.cancelled_reason}


def _plan(plan: Plan) -> dict[str, Any]:
    return {"id": plan.id, "year": plan.year, "name": plan.name, "budget": plan.budget,
            "programme": plan.programme.code, "batches": [{"id": b.id, "number": b.number} for b in plan.batches]}


def plan_list(db: Database, *, actor_id: int) -> list[dict[str, Any]]:
    with db.read() as session:
        load_user(session, actor_id)
        return [_plan(p) for p in session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id))]


def plan_detail(db: Database, *, actor_id: int, plan_id: int) -> dict[str, Any]:
    with db.read() as session:
        user = load_user(session, actor_id)
        plan = session.get(Plan, known_id(plan_id, "kế hoạch"))
        if plan is None:
            raise NotFound("Không tìm thấy kế hoạch.")
        orgs = visible_org_ids(session, user)
        dossiers = session.scalars(select(Dossier).where(Dossier.plan_id == plan.id, Dossier.owner_org_id.in_(orgs))
                                   .order_by(Dossier.code)).all()
        return {**_plan(plan), "dossiers": [{"id": d.id, "code": d.code, "title": d.title, "status": d.status,
                                             "requested_support": d.requested_support} for d in dossiers]}


def money(db: Database, *, actor_id: int, year: int | None, dimension: str) -> dict[str, Any]:
    """The money report (planned, approved, contracted, disbursed, settled) by ``dimension``."""
    if dimension not in DIMENSIONS:
        raise NotFound(f"Không có cách tổng hợp “{dimension}”.")
    with db.read() as session:
        report = money_report(session, dimension=dimension, year=year, user=load_user(session, actor_id))

        def row(r: Any) -> dict[str, Any]:
            return {"key": r.key, "label": r.label, "envelope": r.envelope, "planned": r.planned,
                    "approved": r.approved, "contracted": r.contracted, "disbursed": r.disbursed,
                    "settled": r.settled, "dossiers": r.dossiers}

        return {"title": report.title, "programme": report.programme_code, "year": report.year,
                "dimension": report.dimension, "rows": [row(r) for r in report.rows], "total": row(report.total)}


