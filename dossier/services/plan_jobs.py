"""The plan's set of documents as one background job (issue 14): "Bộ văn bản của kế hoạch".

One job makes, for a plan (or one batch): the plan-level documents whose dossiers exist (the
Bảng tổng hợp and the Tờ trình over the appraised đề án, the Quyết định with its annex over the
approved ones), stored in plan_documents as when made one by one; and the archive file (hồ sơ
lưu trữ, services/bundle.py) of every registered dossier of the plan the user may see. Each is
one unit of the job, committed with its `job_items` row, so a worker killed mid-way resumes
without making a document twice. The download is one zip assembled from the units' stored
bytes (nothing is stored twice).

Which dossiers and which documents are fixed when the job is asked for, in the request's
transaction: a dossier appraised while the job runs belongs to the next one.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from hashlib import sha256
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import Refused
from dossier.model import Batch, Dossier, Plan, PlanDocument
from dossier.services.access import load_user, require_visible, scoped
from dossier.services.bundle import build_bundle
from dossier.services.documents import store_blob
from dossier.services.jobs import Handler, JobContext, JobQueue, ResultFile, enqueue, register
from dossier.services.plans import (
    PLAN_TEMPLATES,
    find_batch,
    plan_dossiers,
    staff_and_plan,
    store_plan_document,
)
from dossier.services.queries import blob_bytes
from dossier.services.uow import Database
from dossier.vn.vntime import today_vn
from workflows.states import Status

KIND = "plan_documents"
ZIP = "application/zip"


def _dot(batch_number: int | None) -> str:
    return f" đợt {batch_number}" if batch_number else ""


def _registered(session: Session, plan: Plan, batch: Batch | None, actor: Any) -> list[int]:
    query = select(Dossier).where(Dossier.plan_id == plan.id, Dossier.status != Status.DRAFT.value)
    if batch is not None:
        query = query.where(Dossier.batch_id == batch.id)
    return [d.id for d in sorted(session.scalars(scoped(session, actor, query)), key=lambda d: d.code)]


def _templates(session: Session, plan: Plan, batch: Batch | None, actor: Any) -> list[str]:
    appraised = bool(plan_dossiers(session, plan, batch, "appraised", actor))
    approved = bool(plan_dossiers(session, plan, batch, "approved", actor))
    return [t for t in PLAN_TEMPLATES if (approved if t == "qd_phe_duyet_ke_hoach" else appraised)]


def start_plan_documents(db: Database, actor_id: int, year: int, *, batch_number: int | None = None,
                         today: date | None = None, queue: JobQueue | None = None) -> int:
    """Ask for the plan's set of documents; returns the job's id (the job runs after the commit)."""
    on = today or today_vn()
    with db.write() as session:
        actor, plan = staff_and_plan(session, actor_id, year)
        batch = find_batch(plan, batch_number)
        dossiers = _registered(session, plan, batch, actor)
        if not dossiers:
            raise Refused([f"Kế hoạch năm {year}{_dot(batch_number)} chưa có hồ sơ nào đã nộp."])
        templates = _templates(session, plan, batch, actor)
        label = (f"Bộ văn bản kế hoạch năm {year}{_dot(batch_number)}: {len(templates)} văn bản của kế hoạch "
                 f"và hồ sơ lưu trữ của {len(dossiers)} đề án")
        params = {"plan_id": plan.id, "batch_id": batch.id if batch else None, "year": year, "batch": batch_number,
                  "on": on.isoformat(), "templates": templates, "dossiers": dossiers}
        return enqueue(session, KIND, label=label, params=params, actor_id=actor_id,
                       total=len(templates) + len(dossiers), queue=queue).id


def _units(ctx: JobContext) -> list[str]:
    return [f"doc:{t}" for t in ctx.params["templates"]] + [f"dossier:{i}" for i in ctx.params["dossiers"]]


def _unit(session: Session | None, ctx: JobContext, key: str) -> dict[str, Any]:
    assert session is not None
    actor = load_user(session, ctx.actor_id)
    kind, _, ref = key.partition(":")
    if kind == "doc":
        plan = session.get(Plan, ctx.params["plan_id"])
        batch = session.get(Batch, ctx.params["batch_id"]) if ctx.params["batch_id"] else None
        try:
            made = store_plan_document(session, actor, ref, plan, batch, date.fromisoformat(ctx.params["on"]))
        except Refused as exc:  # the dossiers of that stage went away since the job was asked for
            return {"skipped": exc.message}
        return {"document_id": made.id, "filename": made.filename, "sha256": made.sha256}
    dossier = require_visible(session, actor, session.get(Dossier, int(ref)))
    bundle = build_bundle(session, dossier)
    digest = sha256(bundle.data).hexdigest()
    store_blob(session, digest, bundle.data)
    return {"code": dossier.code, "filename": bundle.filename, "sha256": digest, "files": len(bundle.items)}


def _summary(ctx: JobContext, values: dict[str, Any]) -> str:
    docs = sum(1 for k, v in values.items() if k.startswith("doc:") and "document_id" in v)
    bundles = sum(1 for k in values if k.startswith("dossier:"))
    return f"Đã lập {docs} văn bản của kế hoạch và hồ sơ lưu trữ của {bundles} đề án."


def _result(session: Session, ctx: JobContext, values: dict[str, Any]) -> ResultFile:
    out = io.BytesIO()
    lines = [f"BỘ VĂN BẢN KẾ HOẠCH KHUYẾN CÔNG NĂM {ctx.params['year']}{_dot(ctx.params['batch']).upper()}", ""]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, value in values.items():
            if "sha256" not in value:
                lines.append(f"(không lập) {key.partition(':')[2]}: {value.get('skipped', '')}")
                continue
            folder = "van_ban_ke_hoach" if key.startswith("doc:") else "ho_so_luu_tru"
            path = f"{folder}/{value['filename']}"
            # the archives are zips already: stored, not compressed twice
            kind = zipfile.ZIP_DEFLATED if folder == "van_ban_ke_hoach" else zipfile.ZIP_STORED
            entry = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(entry, blob_bytes(session, value["sha256"]), compress_type=kind)
            lines.append(path)
        archive.writestr("DANH_SACH.txt", "\n".join(lines) + "\n")
    return ResultFile(f"Bộ văn bản kế hoạch năm {ctx.params['year']}{_dot(ctx.params['batch'])}.zip", ZIP,
                      out.getvalue(), tuple(result_dossiers(values)))


def result_dossiers(values: dict[str, Any]) -> list[int]:
    """The dossiers whose archives a result holds (the download is logged as a read of their data)."""
    return [int(k.partition(":")[2]) for k in values if k.startswith("dossier:")]


def plan_documents_of(session: Session, values: dict[str, Any]) -> list[PlanDocument]:
    ids = [v["document_id"] for k, v in values.items() if k.startswith("doc:") and "document_id" in v]
    return list(session.scalars(select(PlanDocument).where(PlanDocument.id.in_(ids))))


PLAN_DOCUMENTS = register(Handler(KIND, _units, _unit, _summary, _result))
