"""Plan-level documents built from many dossiers: the Bảng tổng hợp danh mục đề án, the Tờ trình of
the Sở Công Thương to the UBND tỉnh, the Quyết định phê duyệt danh mục with its annex (one row per
đề án, subtotals by content group, amounts in words), and the six-month / annual report.

Like documents.py for one dossier, this is the one place that maps a plan to the template keys of
these templates (templates_docx/FIELDS.md: ke_hoach, danh_muc, phu_luc, bao_cao). The documents
are stored in plan_documents (see dossier/model/ledger.py for why not generated_documents), with
their context, so they can be rendered again with the same result.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.canonical import canonical_json
from dossier.documents.bounded import render_documents
from dossier.documents.context import treasury_of
from dossier.documents.frame import document_frame, header, signer
from dossier.errors import NotFound, Refused
from dossier.model import (
    Batch,
    Dossier,
    Organisation,
    Plan,
    PlanDocument,
    Programme,
    TransitionRecord,
    User,
)
from dossier.services import audit
from dossier.services.access import can_see, load_user, scoped, visible_org_ids
from dossier.services.documents import ENGINE_VERSION, store_blob
from dossier.services.ledger import position
from dossier.services.plan_register import issued_proposal
from dossier.services.records import latest_inputs
from dossier.services.reports import money_report, rate
from dossier.services.snapshot import body_of_kind, org_version, person
from dossier.services.template_store import resolve_spec
from dossier.services.uow import Database
from dossier.vn.dates import format_date
from dossier.vn.legal_bases import bases_for
from dossier.vn.numbers import format_money, format_percent
from dossier.vn.recipients import recipient_lines
from dossier.vn.text import nfc, vn_upper
from dossier.vn.vntime import today_vn
from workflows.labels import STATUS_LABELS
from workflows.states import Role, Status, Trigger

PLAN_TEMPLATES = ("bang_tong_hop_de_an", "to_trinh_ke_hoach", "qd_phe_duyet_ke_hoach")
REPORT_TEMPLATE = "bao_cao_tinh_hinh_khuyen_cong"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _percent(value: Any) -> str:
    return "" if value is None else format_percent(value)


# ---- which dossiers ------------------------------------------------------------------------

def find_plan(session: Session, year: int, programme_code: str | None = None) -> Plan:
    query = select(Plan).where(Plan.year == year)
    if programme_code:
        query = query.join(Programme).where(Programme.code == programme_code)
    plan = session.scalars(query).first()
    if plan is None:
        raise NotFound(f"Không có kế hoạch khuyến công năm {year}.")
    return plan


def find_batch(plan: Plan, number: int | None) -> Batch | None:
    if number is None:
        return None
    batch = next((b for b in plan.batches if b.number == number), None)
    if batch is None:
        raise NotFound(f"Kế hoạch năm {plan.year} không có đợt {number}.")
    return batch


def _passed(session: Session, dossier_ids: list[int], trigger: str, to_status: str | None = None) -> set[int]:
    query = select(TransitionRecord.dossier_id).where(TransitionRecord.dossier_id.in_(dossier_ids),
                                                      TransitionRecord.trigger == trigger)
    if to_status:
        query = query.where(TransitionRecord.to_status == to_status)
    return set(session.scalars(query))


def plan_dossiers(session: Session, plan: Plan, batch: Batch | None, stage: str,
                  user: User | None = None) -> list[Dossier]:
    """The dossiers of a plan (or batch) at `stage`: "appraised" (passed the appraisal, for the list
    and the Tờ trình) or "approved" (approved, for the Quyết định), ordered by group then code."""
    query = select(Dossier).where(Dossier.plan_id == plan.id)
    if batch is not None:
        query = query.where(Dossier.batch_id == batch.id)
    if user is not None:
        query = scoped(session, user, query)
    dossiers = list(session.scalars(query))
    ids = [d.id for d in dossiers]
    if stage == "approved":
        keep = _passed(session, ids, Trigger.APPROVE)
    else:
        keep = _passed(session, ids, Trigger.RECORD_APPRAISAL, Status.APPRAISED.value)
    chosen = [d for d in dossiers if d.id in keep]
    return sorted(chosen, key=lambda d: (d.content_group.position if d.content_group else 999, d.code))


def registered_count(session: Session, plan: Plan, batch: Batch | None) -> int:
    query = select(Dossier).where(Dossier.plan_id == plan.id, Dossier.status != Status.DRAFT.value)
    if batch is not None:
        query = query.where(Dossier.batch_id == batch.id)
    return len(list(session.scalars(query)))


# ---- context -------------------------------------------------------------------------------

def _period(d: Dossier) -> str:
    if d.start_date and d.end_date:
        return f"{d.start_date:%m/%Y} - {d.end_date:%m/%Y}"
    return ""


def list_context(session: Session, dossiers: list[Dossier], *, approved: bool) -> dict[str, Any]:
    """danh_muc (groups with their rows) and the totals of ke_hoach, in đồng.

    `approved`: print the support the ledger recorded at approval (falls back to the requested one).
    """
    groups: OrderedDict[int | None, dict[str, Any]] = OrderedDict()
    for stt, d in enumerate(dossiers, start=1):
        support = d.requested_support
        if approved:
            pos = position(session, d.id)
            support = pos.approved if pos.approved is not None else support
        total = d.total_cost
        key = d.content_group_id
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"so_la_ma": _ROMAN[len(groups) % len(_ROMAN)],
                                   "ten": d.content_group.name if d.content_group else "Nội dung khác",
                                   "so_de_an": 0, "tong": 0, "ho_tro": 0, "doi_ung": 0, "de_an": []}
        group["de_an"].append({
            "stt": stt, "ma": d.code, "ten": d.title, "co_so": d.beneficiary.name if d.beneficiary else "",
            "dia_diem": d.location, "thoi_gian": _period(d), "tong": total, "ho_tro": support,
            "doi_ung": total - support,
        })
        group["so_de_an"] += 1
        group["tong"] += total
        group["ho_tro"] += support
        group["doi_ung"] += total - support
    danh_muc = list(groups.values())
    return {
        "danh_muc": danh_muc,
        "totals": {"so_de_an": len(dossiers), "tong": sum(g["tong"] for g in danh_muc),
                   "ho_tro": sum(g["ho_tro"] for g in danh_muc), "doi_ung": sum(g["doi_ung"] for g in danh_muc)},
    }


def _org(session: Session, kind: str, province: str) -> Organisation:
    org = body_of_kind(session, kind, province)
    if org is None:
        raise NotFound(f"Chưa khai báo cơ quan ({kind}) của tỉnh {province}.")
    return org


def _frame(session: Session, doc_type: str, issuer: Organisation, actor: User | None, on: date,
           trich_yeu: str) -> dict[str, Any]:
    """The shared document frame (documents/frame.py) with the issuer as it stood on `on`."""
    version = org_version(session, issuer, on)
    return document_frame(issuer=header(version), doc_type=doc_type, on=on, trich_yeu=trich_yeu,
                          ky=signer(version, person(actor) if actor else None))


def _not_approved(session: Session, plan: Plan, batch: Batch | None, approved: list[Dossier],
                  actor: User | None) -> list[str]:
    """The đề án the plan's Tờ trình proposed that the Quyết định does not approve, each with why
    (issue 10: the decision covers what was proposed or says what it leaves out); only those the
    author may see, as the list itself."""
    entry = issued_proposal(session, plan, batch)
    proposal = session.get(PlanDocument, entry.plan_document_id) if entry else session.scalars(
        select(PlanDocument).where(PlanDocument.plan_id == plan.id, PlanDocument.template_id == "to_trinh_ke_hoach",
                                   PlanDocument.batch_id == (batch.id if batch else None))
        .order_by(PlanDocument.id.desc())).first()
    if proposal is None:
        return []
    kept = {d.id for d in approved}
    left = [session.get(Dossier, i) for i, _code in json.loads(proposal.dossiers_json) if i not in kept]
    return [f"Đề án “{d.title}” ({d.code}{f', {d.beneficiary.name}' if d.beneficiary else ''}): "
            f"{_why_not_approved(session, d)}." for d in left
            if d is not None and (actor is None or can_see(session, actor, d))]


def _why_not_approved(session: Session, d: Dossier) -> str:
    returned = latest_inputs(session, d.id, Trigger.RETURN_TO_OFFICER).get("reason")
    if d.status == Status.APPRAISED.value and returned:
        return f"trả lại Sở Công Thương để hoàn thiện ({returned.rstrip('.')})"
    return f"chưa được phê duyệt (hồ sơ ở bước “{STATUS_LABELS[Status(d.status)]}”)"


def _proposal(session: Session, plan: Plan, batch: Batch | None, abbreviation: str) -> str:
    """The plan's Tờ trình as its Quyết định cites it: by number and date once it is issued."""
    entry = issued_proposal(session, plan, batch)
    if entry is None:
        return f"Tờ trình số      /TTr-{abbreviation}"
    return f"Tờ trình số {entry.symbol} {format_date(entry.issued_on)}"


def build_plan_context(session: Session, template_id: str, plan: Plan, batch: Batch | None,
                       actor: User | None, on: date) -> tuple[dict[str, Any], list[Dossier]]:
    """The plain context of one plan-level template, and the dossiers it lists."""
    if template_id not in PLAN_TEMPLATES:
        raise NotFound(f"Không có mẫu văn bản kế hoạch {template_id}.")
    programme = plan.programme
    province = programme.province
    sct, ubnd = _org(session, "so_cong_thuong", province), _org(session, "ubnd_tinh", province)
    # names and province as they stood on the document's date (the bodies' versions)
    sct_v, ubnd_v = org_version(session, sct, on), org_version(session, ubnd, on)
    centre = body_of_kind(session, "trung_tam_khuyen_cong", province)
    centre_v = org_version(session, centre, on) if centre else None
    # the Trung tâm by its name of the day (a generic "Trung tâm Khuyến công" is no body's name)
    centre_name = centre_v.name if centre_v else "Trung tâm Khuyến công"
    province = ubnd_v.province
    approved = template_id == "qd_phe_duyet_ke_hoach"
    # Only what the author may see: an officer of another body cannot list the Sở's beneficiaries.
    dossiers = plan_dossiers(session, plan, batch, "approved" if approved else "appraised", actor)
    if not dossiers:
        stage = "được phê duyệt" if approved else "đã thẩm định đạt"
        raise Refused([f"Kế hoạch năm {plan.year}{f' đợt {batch.number}' if batch else ''} chưa có đề án {stage}."])
    listed = list_context(session, dossiers, approved=approved)
    dot = f" (đợt {batch.number})" if batch else ""
    ke_hoach = {"nam": plan.year, "ten": plan.name, "dot": dot, "chuong_trinh": programme.name,
                "du_toan": plan.budget, "so_ho_so": registered_count(session, plan, batch), **listed["totals"]}
    issuer = ubnd if approved else sct
    doc_type = {"bang_tong_hop_de_an": "", "to_trinh_ke_hoach": "TTr", "qd_phe_duyet_ke_hoach": "QĐ"}[template_id]
    trich_yeu = {
        "bang_tong_hop_de_an": f"Danh mục đề án khuyến công địa phương năm {plan.year}{dot} đã được thẩm định",
        "to_trinh_ke_hoach": f"Về việc đề nghị phê duyệt danh mục đề án khuyến công địa phương năm {plan.year}{dot}",
        "qd_phe_duyet_ke_hoach": f"Về việc phê duyệt danh mục đề án khuyến công địa phương năm {plan.year}{dot}",
    }[template_id]
    context = _frame(session, doc_type, issuer, actor, on, trich_yeu)
    context.update({"ke_hoach": ke_hoach, "danh_muc": listed["danh_muc"]})
    if template_id == "to_trinh_ke_hoach":
        context["kinh_gui"] = [ubnd_v.name]
        context["can_cu"] = bases_for("to_trinh", on, province=province)
        context["noi_nhan"] = recipient_lines(["Như trên", "Sở Tài chính", centre_name], ["QLCN"])
        context["phu_luc"] = {"kem_theo": f"Kèm theo Tờ trình số      /TTr-{sct_v.abbreviation} ngày      tháng     "
                                          f"năm {on.year} của {sct_v.name}"}
    elif template_id == "qd_phe_duyet_ke_hoach":
        context["tham_quyen"] = vn_upper(ubnd_v.name)
        context["can_cu"] = bases_for("qd_phe_duyet", on, province=province, extra=[
            f"Theo đề nghị của Giám đốc Sở Công Thương tại {_proposal(session, plan, batch, sct_v.abbreviation)}"])
        context["thi_hanh"] = ("Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Công Thương, Tài chính; "
                               f"Giám đốc {centre_name}; Chủ tịch Ủy ban nhân dân các xã có đề án và các "
                               "cơ sở thụ hưởng")
        context["noi_nhan"] = recipient_lines(
            ["Như Điều 3", "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
             "Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công)",
             treasury_of(centre_v, sct_v)], ["KT"])
        context["khong_phe_duyet"] = _not_approved(session, plan, batch, dossiers, actor)
        context["phu_luc"] = {"kem_theo": f"Kèm theo Quyết định số      /QĐ-{ubnd_v.abbreviation} ngày      tháng     "
                                          f"năm {on.year} của {ubnd_v.name}"}
    return context, dossiers


def build_report_context(session: Session, year: int, period: str, actor: User | None,
                         on: date) -> dict[str, Any]:
    """The six-month ("6m") or annual ("year") report on the plan of `year`, figures as of `on`."""
    plan = find_plan(session, year)
    programme = plan.programme
    sct, ubnd = _org(session, "so_cong_thuong", programme.province), _org(session, "ubnd_tinh", programme.province)
    ubnd_v = org_version(session, ubnd, on)
    ky = f"6 tháng đầu năm {year}" if period == "6m" else f"năm {year}"
    # figures of the dossiers the author may see, like the dashboard
    by_group = money_report(session, dimension="content_group", year=year, programme_id=programme.id, user=actor)
    whole = money_report(session, dimension="content_group", programme_id=programme.id, user=actor)
    nhom = [{"stt": i, "ten": r.label, "so_de_an": r.dossiers, "phe_duyet": r.approved, "hop_dong": r.contracted,
             "giai_ngan": r.disbursed, "quyet_toan": r.settled, "ty_le": _percent(r.disbursed_of_approved)}
            for i, r in enumerate((r for r in by_group.rows if r.dossiers), start=1)]
    t = by_group.total
    context = _frame(session, "BC", sct, actor, on,
                     f"Tình hình thực hiện kế hoạch khuyến công {ky}")
    disbursed_rate = rate(t.disbursed, plan.budget)
    context.update({
        "kinh_gui": [ubnd_v.name, "Bộ Công Thương"],
        "noi_nhan": recipient_lines(["Như trên", "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"], ["QLCN"]),
        "bao_cao": {
            "ky": ky, "nam": year, "den_ngay": on.isoformat(), "so_de_an": t.dossiers, "du_toan": plan.budget,
            "nhom": nhom,
            "tong": {"phe_duyet": t.approved, "hop_dong": t.contracted, "giai_ngan": t.disbursed,
                     "quyet_toan": t.settled, "ty_le": _percent(t.disbursed_of_approved)},
            "ty_le_giai_ngan": _percent(disbursed_rate),
            "chuong_trinh": {"ten": programme.name, "kinh_phi": programme.budget_envelope,
                             "phe_duyet": whole.total.approved, "giai_ngan": whole.total.disbursed,
                             "ty_le": _percent(rate(whole.total.disbursed, programme.budget_envelope))},
            # amounts with the money format, not a replace(",", ".") over the sentence, which
            # turned "đồng, ký hợp đồng" into "đồng. ký hợp đồng" and "3,04%" into "3.04%"
            "danh_gia": [
                f"Kế hoạch năm {year} có {t.dossiers} đề án; đã phê duyệt {format_money(t.approved)} đồng, "
                f"ký hợp đồng {format_money(t.contracted)} đồng.",
                f"Đã giải ngân {format_money(t.disbursed)} đồng, đạt {_percent(disbursed_rate) or '0'}% dự toán "
                f"năm; đã quyết toán {format_money(t.settled)} đồng.",
            ],
            "kien_nghi": ["Đề nghị Sở Tài chính cấp kinh phí kịp thời để tạm ứng, thanh toán cho các đề án đã ký "
                          "hợp đồng.",
                          "Đề nghị Ủy ban nhân dân các xã phối hợp kiểm tra, giám sát và nghiệm thu đúng tiến độ."],
        },
    })
    return context


# ---- generation ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanDocumentResult:
    id: int
    template_id: str
    filename: str
    sha256: str
    dossier_codes: tuple[str, ...]


def require_staff(actor: User) -> None:
    if not actor.roles & {Role.OFFICER, Role.LEADER}:
        raise Refused(["Chỉ chuyên viên hoặc lãnh đạo được lập văn bản của kế hoạch."])


def staff_and_plan(session: Session, actor_id: int, year: int) -> tuple[User, Plan]:
    """The officer or leader who asks for the plan's documents, and the year's plan."""
    actor = load_user(session, actor_id)
    require_staff(actor)
    return actor, find_plan(session, year)


def _store(session: Session, actor: User, template_id: str, context: dict[str, Any], *, plan: Plan,
           batch: Batch | None, dossiers: list[Dossier], filename: str) -> PlanDocumentResult:
    spec = resolve_spec(session, template_id)
    rendered = render_documents(spec, context)[0]
    store_blob(session, rendered.sha256, rendered.data)
    session.flush()  # the blob row first: no relationship tells the unit of work about the FK
    document = PlanDocument(
        plan_id=plan.id, programme_id=plan.programme_id, batch_id=batch.id if batch else None,
        template_id=spec.id, template_version=spec.version, title=spec.title,
        filename="".join(ch for ch in nfc(filename) if ch not in '/\\:*?"<>|'), sha256=rendered.sha256,
        text_sha256=rendered.text_sha256, context_sha256=rendered.context_sha256,
        context_json=canonical_json(context), engine_version=ENGINE_VERSION,
        dossiers_json=canonical_json([[d.id, d.code] for d in dossiers]), created_by_id=actor.id,
    )
    session.add(document)
    session.flush()
    audit.append(session, actor_id=actor.id, action="plan_document.generate", object_type="plan",
                 object_id=plan.id, payload={"document": document.id, "template": spec.id,
                                             "batch": batch.number if batch else None, "sha256": rendered.sha256,
                                             "dossiers": [d.code for d in dossiers]})
    return PlanDocumentResult(document.id, spec.id, document.filename, rendered.sha256,
                              tuple(d.code for d in dossiers))


def generate_plan_document(db: Database, actor_id: int, template_id: str, year: int, *,
                           batch_number: int | None = None, today: date | None = None) -> PlanDocumentResult:
    """Render one plan-level document (list, Tờ trình, Quyết định) and store it; one transaction."""
    on = today or today_vn()
    with db.write() as session:
        actor, plan = staff_and_plan(session, actor_id, year)
        return store_plan_document(session, actor, template_id, plan, find_batch(plan, batch_number), on)


def store_plan_document(session: Session, actor: User, template_id: str, plan: Plan, batch: Batch | None,
                        on: date) -> PlanDocumentResult:
    """Render one plan-level document in the caller's transaction (a request, or a job's unit)."""
    context, dossiers = build_plan_context(session, template_id, plan, batch, actor, on)
    spec_title = resolve_spec(session, template_id).title
    suffix = f" đợt {batch.number}" if batch else ""
    return _store(session, actor, template_id, context, plan=plan, batch=batch, dossiers=dossiers,
                  filename=f"{spec_title} năm {plan.year}{suffix}.docx")


def generate_report(db: Database, actor_id: int, year: int, period: str = "year", *,
                    today: date | None = None) -> PlanDocumentResult:
    """The six-month / annual report to the UBND tỉnh, as a Word document stored with the plan."""
    if period not in ("6m", "year"):
        raise ValueError("period is '6m' or 'year'")
    on = today or today_vn()
    with db.write() as session:
        actor, plan = staff_and_plan(session, actor_id, year)
        context = build_report_context(session, year, period, actor, on)
        name = "6 tháng đầu năm" if period == "6m" else "năm"
        return _store(session, actor, REPORT_TEMPLATE, context, plan=plan, batch=None, dossiers=[],
                      filename=f"Báo cáo tình hình thực hiện kế hoạch khuyến công {name} {year}.docx")


def plan_documents(session: Session, user: User, plan_id: int | None = None) -> list[PlanDocument]:
    """The plan documents `user` may read: those made in an organisation they see (a leader also
    those of the bodies under theirs), like dossiers; they list beneficiaries and amounts."""
    query = (select(PlanDocument).join(User, User.id == PlanDocument.created_by_id)
             .where(User.organisation_id.in_(visible_org_ids(session, user)))
             .order_by(PlanDocument.id.desc()))
    if plan_id is not None:
        query = query.where(PlanDocument.plan_id == plan_id)
    return list(session.scalars(query))
