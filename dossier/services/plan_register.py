"""A plan's Tờ trình and Quyết định in the register (issue 10, item 6 plan level): signed on paper
by the leader of the body that issues it, the văn thư enters it in the sổ văn bản đi as for a
dossier's document (issuance/paper.py), and the plan's Quyết định then cites its Tờ trình by that
number and date instead of a blank.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import Forbidden, Refused
from dossier.model import Batch, Plan, PlanDocument, RegisterCancellation, RegisterEntry
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.register import take_number
from dossier.services.snapshot import body_of_kind
from dossier.services.uow import Database, must_get
from dossier.vn.vntime import now_vn
from workflows.states import Role

# template → (issuing body's kind, document type in the register)
NUMBERED = {"to_trinh_ke_hoach": ("so_cong_thuong", "TTr"), "qd_phe_duyet_ke_hoach": ("ubnd_tinh", "QĐ")}


def entry_of(session: Session, document_id: int) -> RegisterEntry | None:
    """The plan document's register entry, unless its number was cancelled."""
    return session.scalars(
        select(RegisterEntry).outerjoin(RegisterCancellation, RegisterCancellation.entry_id == RegisterEntry.id)
        .where(RegisterEntry.plan_document_id == document_id, RegisterCancellation.id.is_(None))).first()


def issued_proposal(session: Session, plan: Plan, batch: Batch | None) -> RegisterEntry | None:
    """The register entry of the plan's (or đợt's) latest issued Tờ trình, if it has one."""
    return session.scalars(
        select(RegisterEntry).join(PlanDocument, PlanDocument.id == RegisterEntry.plan_document_id)
        .outerjoin(RegisterCancellation, RegisterCancellation.entry_id == RegisterEntry.id)
        .where(PlanDocument.plan_id == plan.id, PlanDocument.template_id == "to_trinh_ke_hoach",
               PlanDocument.batch_id == (batch.id if batch else None), RegisterCancellation.id.is_(None))
        .order_by(RegisterEntry.id.desc())).first()


def enter_plan_on_paper(db: Database, *, actor_id: int, document_id: int, signer_id: int,
                        issued_on: dt.date) -> RegisterEntry:
    """Number the plan's Tờ trình or Quyết định, signed by hand by `signer` on `issued_on`."""
    with db.write() as session:
        document = must_get(session, PlanDocument, document_id, "Không tìm thấy văn bản của kế hoạch.")
        if document.template_id not in NUMBERED:
            raise Refused([f"{document.title} không lấy số trong sổ văn bản đi."])
        if entry_of(session, document.id) is not None:
            raise Refused([f"{document.title} đã được vào sổ."])
        if issued_on > now_vn().date():
            raise Refused([f"Ngày ban hành {issued_on:%d/%m/%Y} chưa đến."])
        kind, doc_type = NUMBERED[document.template_id]
        plan = session.get(Plan, document.plan_id)
        body = body_of_kind(session, kind, plan.programme.province)
        actor, signer = load_user(session, actor_id), load_user(session, signer_id)
        if body is None or signer.organisation_id != body.id or Role.LEADER not in signer.roles:
            raise Forbidden(f"{document.title} do lãnh đạo {body.name if body else 'cơ quan ban hành'} ký.")
        if actor.id != signer.id and (Role.CLERK not in actor.roles or actor.organisation_id != body.id):
            raise Forbidden(f"Chỉ văn thư của {body.name} vào sổ văn bản ký trên giấy.")
        entry = take_number(session, organisation=body, doc_type=doc_type, issued_on=issued_on,
                            draft_number_line=None, abstract=document.title, signer=signer,
                            plan_document_id=document.id)
        audit.append(session, actor_id=actor.id, action="plan_document.register_paper", object_type="plan",
                     object_id=plan.id, payload={"document": document.id, "number": entry.symbol,
                                                 "issued_on": issued_on, "signer": signer.id,
                                                 "register_entry": entry.id})
        return entry
