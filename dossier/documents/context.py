"""Build the plain context of one document from a dossier: the ONE place that maps the domain
(English attributes) to the template keys (Vietnamese, see templates_docx/FIELDS.md).

Only str, int, bool, None, lists and dicts come out — never ORM objects — so a template cannot
reach the database and the context can be stored as canonical JSON and rendered again years
later with the same result.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.documents.catalog import TemplateSpec
from dossier.documents.profiles import EQUIPMENT_USE_YEARS, ISSUED_TYPES, profile_for
from dossier.model import (
    BENEFICIARY_KIND_LABELS,
    COUNCIL_ROLE_LABELS,
    FUNDING_SOURCE_LABELS,
    Dossier,
    Organisation,
    TransitionRecord,
    User,
)
from dossier.model.register import IssuedDocument
from dossier.services import ledger
from dossier.services.facts import quorum_needed
from dossier.services.records import latest_inputs, latest_record
from dossier.vn.dates import format_date, place_date_line
from dossier.vn.legal_bases import bases_for
from dossier.vn.numbering import document_number
from dossier.vn.numbers import format_percent
from dossier.vn.recipients import recipient_lines
from dossier.vn.signature import signature_block
from dossier.vn.text import vn_upper
from workflows.states import Role

BLANK = "……………………"  # left for a handwritten entry, as on printed forms


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def percent_pair(support: int, total: int) -> tuple[str, str]:
    """Support and counterpart shares as printed: the support share cut (not rounded) to two
    decimals and the counterpart its complement, so the two always add up to 100,00 — as in
    the real Ninh Thuận dossier (44,82 % / 55,18 %, domain.md §4.2)."""
    if total <= 0:
        return "0", "0"
    hundredths = (Fraction(support, total) * 10000).__floor__()
    rest = 10000 - hundredths
    return f"{hundredths // 100},{hundredths % 100:02d}", f"{rest // 100},{rest % 100:02d}"


# ---- organisations and signers -------------------------------------------------------------

def _org_of_kind(session: Session, start: Organisation, kind: str) -> Organisation | None:
    org: Organisation | None = start
    while org is not None:
        if org.kind == kind:
            return org
        org = org.parent
    return session.scalars(select(Organisation).where(Organisation.kind == kind,
                                                      Organisation.province == start.province)).first()


def issuing_bodies(session: Session, dossier: Dossier) -> dict[str, Organisation]:
    owner = dossier.owner_org
    bodies = {
        "sct": _org_of_kind(session, owner, "so_cong_thuong") or owner,
        "ubnd": _org_of_kind(session, owner, "ubnd_tinh") or owner,
    }
    bodies["ttkc"] = dossier.implementing_org or _org_of_kind(session, owner, "trung_tam_khuyen_cong") or owner
    return bodies


def _header(org: Organisation) -> dict[str, Any]:
    return {"ten_chu_quan": org.header_parent, "ten": org.header_name, "ten_day_du": org.name,
            "viet_tat": org.abbreviation, "dia_danh": org.place_name}


def signer_of(session: Session, org: Organisation, actor: User | None) -> dict[str, Any]:
    """The signature block of `org`: the acting leader if he belongs to it, else its head,
    else its first leader; a body without users is signed by its recorded head."""
    leaders = [u for u in session.scalars(select(User).where(User.organisation_id == org.id, User.active))
               if Role.LEADER in u.roles]
    user = actor if actor and actor.organisation_id == org.id and Role.LEADER in actor.roles else None
    head = next((u for u in leaders if u.signing_capacity == "direct"), None)
    user = user or head or (leaders[0] if leaders else None)
    if user is None:
        return {"dong": [vn_upper(org.head_title)], "ho_ten": org.head_name or BLANK}
    capacity = user.signing_capacity
    collective = org.collective_name or None
    if capacity == "direct" and collective:
        capacity = "TM"  # the head of a collective body signs on its behalf
    block = signature_block(capacity, collective=collective if capacity in ("TM", "KT") else None,
                            head_title=org.head_title, signer_title=user.job_title or org.head_title,
                            signer_name=user.full_name)
    return {"dong": list(block.lines), "ho_ten": block.name}


# ---- the dossier's own data ----------------------------------------------------------------

def issued_reference(session: Session, dossier_id: int, template_id: str) -> tuple[str, str] | None:
    """(symbol, ISO date) of the latest issued document of `template_id` for the dossier, e.g.
    ("125/QĐ-UBND", "2026-03-20"); None while it is still a draft. Later documents cite it."""
    issued = session.scalars(
        select(IssuedDocument).where(IssuedDocument.dossier_id == dossier_id,
                                     IssuedDocument.template_id == template_id)
        .order_by(IssuedDocument.id.desc()).limit(1)
    ).first()
    if issued is None or issued.register_entry.cancellation is not None:
        return None
    return issued.register_entry.symbol, issued.issued_on.isoformat()


def _de_an(session: Session, d: Dossier) -> dict[str, Any]:
    approval = latest_record(session, d.id, "approve")
    decision = issued_reference(session, d.id, "qd_phe_duyet_de_an")
    items = ", ".join(i.name.lower() for i in d.items)
    beneficiary = d.beneficiary.name if d.beneficiary else ""
    return {
        "ma": d.code, "ten": d.title,
        "nhom_noi_dung": d.content_group.name if d.content_group else "",
        "noi_dung": f"Hỗ trợ {beneficiary} đầu tư {items}." if items else d.title,
        "su_can_thiet": d.necessity or d.objectives,
        "muc_tieu": d.objectives, "ket_qua_du_kien": d.expected_results,
        "hieu_qua": d.impact or d.expected_results,
        "to_chuc_thuc_hien": d.implementation_plan or (
            f"{d.implementing_org.name if d.implementing_org else d.owner_org.name} chủ trì, phối hợp với "
            f"{beneficiary} tổ chức thực hiện đề án; {beneficiary} bố trí vốn đối ứng, mặt bằng và nhân lực."),
        "don_vi_phoi_hop": d.partners,
        "dia_diem": d.location,
        "ngay_bat_dau": _iso(d.start_date), "ngay_ket_thuc": _iso(d.end_date),
        "nguon_kinh_phi": f"Kinh phí {FUNDING_SOURCE_LABELS.get(d.funding_source, '').lower()}"
                          + (f" năm {d.plan.year}" if d.plan else ""),
        "nam": d.plan.year if d.plan else (d.start_date.year if d.start_date else date.today().year),
        "dot": d.batch.number if d.batch else None,
        "so_qd_phe_duyet": decision[0] if decision else None,
        "ngay_qd_phe_duyet": decision[1] if decision else (_iso(approval.at.date()) if approval else None),
    }


def _co_so(d: Dossier) -> dict[str, Any]:
    b = d.beneficiary
    if b is None:
        return {k: "" for k in ("ten", "loai_hinh", "ma_so_thue", "so_dkkd", "dai_dien", "chuc_vu_dai_dien",
                                "dia_chi", "nganh_nghe", "san_pham", "nang_luc")} | {
            "ngay_dkkd": None, "noi_cap_dkkd": "", "dien_thoai": "", "so_lao_dong": 0}
    return {
        "ten": b.name, "loai_hinh": BENEFICIARY_KIND_LABELS.get(b.kind, b.kind), "ma_so_thue": b.tax_code or BLANK,
        "so_dkkd": b.registration_number or b.tax_code or BLANK, "ngay_dkkd": _iso(b.registration_date),
        "noi_cap_dkkd": b.registration_issuer, "dai_dien": b.representative or BLANK,
        "chuc_vu_dai_dien": b.representative_title or BLANK, "dia_chi": b.address, "dien_thoai": b.phone,
        "nganh_nghe": b.sector or BLANK, "san_pham": b.products or BLANK, "so_lao_dong": b.workers,
        "nang_luc": b.capacity or f"{b.workers} lao động; sản phẩm chính: {b.products}.",
    }


def _org_party(org: Organisation) -> dict[str, Any]:
    return {"ten": org.name, "dia_chi": org.address or BLANK, "dien_thoai": org.phone,
            "ma_so_thue": org.tax_code, "tai_khoan": org.bank_account, "noi_mo_tai_khoan": org.bank_name,
            "dai_dien": org.head_name or BLANK, "chuc_vu": org.head_title.capitalize()}


def _hang_muc(d: Dossier) -> list[dict[str, Any]]:
    return [{"stt": i.position, "ten": i.name, "thong_so": i.specification, "xuat_xu": i.origin,
             "so_luong": i.quantity, "don_vi_tinh": i.unit, "don_gia": i.unit_price, "thanh_tien": i.amount}
            for i in d.items]


def _kinh_phi(d: Dossier) -> dict[str, Any]:
    share, rest = percent_pair(d.requested_support, d.total_cost)
    return {"tong": d.total_cost, "ho_tro": d.requested_support, "doi_ung": d.counterpart,
            "ty_le_ho_tro": share, "ty_le_doi_ung": rest,
            "chi_tiet": [{"stt": 1,
                          "noi_dung": "Mua sắm, lắp đặt, chạy thử máy móc thiết bị (chi tiết tại danh mục kèm theo)",
                          "tong": d.total_cost, "ho_tro": d.requested_support, "doi_ung": d.counterpart}]}


def _member_review(d: Dossier, member_id: int) -> dict[str, Any]:
    review = next((r for r in d.reviews if r.member_id == member_id), None)
    criteria = json.loads(review.criteria_json) if review else []
    if not criteria:
        criteria = [{"ten": name, "diem_toi_da": top} for name, top in DEFAULT_CRITERIA]
    rows = [{"stt": i, "ten": c.get("ten", ""), "diem_toi_da": int(c.get("diem_toi_da", 0)),
             "diem": c.get("diem"), "dat": c.get("dat"), "ghi_chu": c.get("ghi_chu", "")}
            for i, c in enumerate(criteria, start=1)]
    verdict = None if review is None or review.passed is None else ("Đạt" if review.passed else "Không đạt")
    return {"tieu_chi": rows, "tong_diem_toi_da": sum(r["diem_toi_da"] for r in rows) or 100,
            "tong_diem": review.score if review else None, "nhan_xet": review.comment if review else "",
            "kinh_phi_de_nghi": review.recommended_support if review else None, "ket_luan": verdict}


DEFAULT_CRITERIA = (
    ("Sự phù hợp của cơ sở thụ hưởng với đối tượng, ngành nghề, địa bàn được hỗ trợ", 20),
    ("Sự cần thiết, mục tiêu và nội dung của đề án", 20),
    ("Tính tiên tiến, phù hợp của máy móc thiết bị, công nghệ", 25),
    ("Tính khả thi, năng lực đối ứng của cơ sở", 15),
    ("Hiệu quả kinh tế - xã hội, môi trường", 20),
)


def _hoi_dong(session: Session, d: Dossier) -> dict[str, Any]:
    council = d.council
    if council is None:
        return {"ten": "", "so_qd": None, "ngay_qd": None, "hinh_thuc": "dat_khong_dat", "thanh_vien": []}
    decision = issued_reference(session, d.id, "qd_thanh_lap_hoi_dong")
    return {
        "ten": council.name, "so_qd": decision[0] if decision else None,
        "ngay_qd": decision[1] if decision else None,
        "hinh_thuc": "cham_diem" if council.scoring_mode == "score" else "dat_khong_dat",
        "thanh_vien": [{"stt": i, "danh_xung": "Ông/Bà", "ho_ten": m.full_name, "chuc_vu": m.title,
                        "don_vi": m.unit, "vai_tro": COUNCIL_ROLE_LABELS.get(m.role, m.role),
                        "bieu_quyet": m.voting, "danh_gia": _member_review(d, m.id)}
                       for i, m in enumerate(council.members, start=1)],
    }


def _person(member) -> dict[str, str]:
    if member is None:
        return {"ho_ten": BLANK, "chuc_vu": BLANK}
    return {"ho_ten": member.full_name, "chuc_vu": f"{member.title}, {COUNCIL_ROLE_LABELS.get(member.role, '')}"}


def _hop(session: Session, d: Dossier) -> dict[str, Any]:
    meeting = latest_inputs(session, d.id, "start_appraisal")
    members = d.council.members if d.council else []
    chair = next((m for m in members if m.role == "chair"), None)
    secretary = next((m for m in members if m.role == "secretary"), None)
    beneficiary = d.beneficiary.name if d.beneficiary else ""
    return {
        "gio_bat_dau": meeting.get("meeting_time") or BLANK, "gio_ket_thuc": None,
        "ngay": meeting.get("meeting_date"), "dia_diem": meeting.get("meeting_place") or BLANK,
        "chu_toa": _person(chair), "thu_ky": _person(secretary),
        "thanh_phan": [f"Các thành viên {d.council.name if d.council else 'Hội đồng thẩm định'}",
                       f"Đại diện {d.implementing_org.name if d.implementing_org else 'đơn vị thực hiện'}",
                       f"Đại diện {beneficiary}"],
        "noi_dung": [f"Thẩm định đề án: {d.title}", "Thành viên Hội đồng nhận xét, đánh giá đề án",
                     "Hội đồng thảo luận, kết luận"],
        "tai_lieu": "Hồ sơ đề án gửi kèm Giấy mời.",
    }


def _tham_dinh(session: Session, d: Dossier) -> dict[str, Any]:
    record = latest_inputs(session, d.id, "record_appraisal")
    members = d.council.members if d.council else []
    voting = [m for m in members if m.voting]
    reviews = {r.member_id: r for r in d.reviews}
    present = [m for m in members if m.id in reviews or not m.voting]
    absent = [m for m in voting if m.id not in reviews]
    scored = [r.score for r in reviews.values() if r.score is not None]
    passed_votes = sum(1 for r in reviews.values() if r.passed)
    failed_votes = sum(1 for r in reviews.values() if r.passed is False)
    criteria = [{"stt": i, "ten": name, "diem_toi_da": top, "diem": None,
                 "so_phieu_dat": passed_votes, "so_phieu_khong_dat": failed_votes}
                for i, (name, top) in enumerate(DEFAULT_CRITERIA, start=1)]
    needed = quorum_needed(d.council, len(voting))
    passed = d.status != "appraisal_failed"
    return {
        "so_bien_ban": None, "ngay": record.get("meeting_date"),
        "nguoi_trinh_bay": f"Đại diện {d.implementing_org.name if d.implementing_org else 'đơn vị thực hiện'}",
        "tong_so_thanh_vien": len(members), "so_co_mat": len(present),
        "du_so_luong": sum(1 for m in present if m.voting) >= needed,
        "co_mat": [{"ho_ten": m.full_name, "chuc_vu": f"{m.title}, {m.unit}",
                    "vai_tro": COUNCIL_ROLE_LABELS.get(m.role, m.role)} for m in present],
        "vang_mat": [{"ho_ten": m.full_name, "chuc_vu": f"{m.title}, {m.unit}", "ly_do": "Bận công tác"}
                     for m in absent],
        "tieu_chi": criteria,
        "tong_diem": format_percent(Fraction(sum(scored), len(scored))) if scored else None,
        "so_phieu_dat": passed_votes, "so_phieu_khong_dat": failed_votes,
        "y_kien": [r.comment for r in reviews.values() if r.comment],
        "ket_luan": record.get("conclusion", ""), "dat": passed,
        "yeu_cau_chinh_sua": record.get("corrections", []),
        "kinh_phi_de_nghi": record.get("recommended_support") or d.requested_support,
    }


def _bo_sung(session: Session, d: Dossier) -> dict[str, Any]:
    request = latest_inputs(session, d.id, "request_revision")
    submitted = latest_record(session, d.id, "submit")
    return {"ngay_nop_ho_so": _iso(submitted.at.date()) if submitted else None,
            "danh_sach": request.get("missing_items", []), "han": request.get("deadline")}


def _hop_dong(session: Session, d: Dossier, bodies: dict[str, Organisation]) -> dict[str, Any]:
    contract = latest_inputs(session, d.id, "sign_contract")
    value = contract.get("contract_value", d.requested_support)
    rule = ledger.advance_rule(d)
    b = d.beneficiary
    # Blank dots rather than empty strings: the officer fills in by hand what the system lacks.
    ben_b = {"ten": b.name if b else BLANK, "dia_chi": b.address if b else BLANK,
             "dien_thoai": (b.phone if b else "") or BLANK, "ma_so_thue": (b.tax_code if b else "") or BLANK,
             "tai_khoan": BLANK, "noi_mo_tai_khoan": BLANK,
             "dai_dien": (b.representative if b else "") or BLANK,
             "chuc_vu": (b.representative_title if b else "") or BLANK}
    return {
        "so": contract.get("contract_number"), "ngay": contract.get("contract_date"),
        "dia_diem": bodies["ttkc"].name, "ben_a": _org_party(bodies["ttkc"]), "ben_b": ben_b,
        # the same ratio the ledger enforces (dossier/data/advance_ratios.toml)
        "ty_le_tam_ung": ledger.percent_text(rule.percent), "tam_ung": ledger.advance_limit(
            ledger.Position(contract=value), rule),
        "so_nam_su_dung": EQUIPMENT_USE_YEARS, "so_ban": "04 (bốn)", "so_ban_moi_ben": "02 (hai)",
    }


def _kiem_tra(session: Session, d: Dossier) -> dict[str, Any]:
    record = latest_record(session, d.id, "record_inspection")
    values = json.loads(record.inputs_json) if record else {}
    inspector = record.actor if record else None
    return {
        "ngay": values.get("inspection_date"), "gio_bat_dau": "08 giờ 00", "gio_ket_thuc": None,
        "dia_diem": d.location or BLANK,
        "doan": [{"ho_ten": inspector.full_name if inspector else BLANK,
                  "chuc_vu": inspector.job_title if inspector else BLANK,
                  "don_vi": inspector.organisation.name if inspector else BLANK, "vai_tro": "Trưởng đoàn"}],
        "truong_doan": {"ho_ten": inspector.full_name if inspector else BLANK},
        "noi_dung": ["Tiến độ mua sắm, lắp đặt máy móc thiết bị theo đề án được duyệt",
                     "Hồ sơ, chứng từ mua sắm", "Việc bố trí vốn đối ứng của cơ sở"],
        "ket_qua": [values["findings"]] if values.get("findings") else [],
        "kien_nghi": values.get("requests", []), "han": None,
    }


def _dieu_chinh(session: Session, d: Dossier) -> dict[str, Any]:
    request = latest_record(session, d.id, "request_adjustment")
    values = json.loads(request.inputs_json) if request else {}
    changes = []
    for i, line in enumerate(values.get("changes", []), start=1):
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (3 - len(parts))
        changes.append({"stt": i, "noi_dung": parts[0], "cu": parts[1], "moi": parts[2]})
    beneficiary = d.beneficiary.name if d.beneficiary else ""
    when = request.at.date().strftime("%d/%m/%Y") if request else BLANK
    return {"van_ban_de_nghi": f"Văn bản đề nghị của {beneficiary} ngày {when}",
            "ly_do": values.get("reason", ""), "thay_doi": changes}


def _ngung(session: Session, d: Dossier) -> dict[str, Any]:
    record = latest_record(session, d.id, "stop")
    values = json.loads(record.inputs_json) if record else {}
    beneficiary = d.beneficiary.name if d.beneficiary else ""
    pos = ledger.position(session, d.id)
    return {"van_ban_de_nghi": f"Đơn đề nghị của {beneficiary}", "ly_do": values.get("reason", ""),
            "ngay_ngung": _iso(record.at.date()) if record else None,
            # paid before the stop (the stop's own recovery is printed separately)
            "kinh_phi_da_tam_ung": pos.advanced + pos.payments,
            "kinh_phi_thu_hoi": values.get("recovered_amount", 0), "han_thu_hoi": None}


def _nghiem_thu(session: Session, d: Dossier, bodies: dict[str, Organisation]) -> dict[str, Any]:
    values = latest_inputs(session, d.id, "accept")
    passed = bool(values.get("passed"))
    b = d.beneficiary
    commune = b.commune if b else ""
    return {
        "so_bien_ban": None, "ngay": values.get("acceptance_date"), "gio_bat_dau": "08 giờ 30",
        "gio_ket_thuc": None, "dia_diem": d.location or BLANK,
        "thanh_phan": [
            {"ho_ten": bodies["ttkc"].head_name or BLANK, "chuc_vu": bodies["ttkc"].head_title.capitalize(),
             "don_vi": bodies["ttkc"].name},
            {"ho_ten": BLANK, "chuc_vu": "Chuyên viên Phòng Quản lý công nghiệp", "don_vi": bodies["sct"].name},
            {"ho_ten": BLANK, "chuc_vu": "Đại diện", "don_vi": f"Ủy ban nhân dân {commune}".strip()},
            {"ho_ten": (b.representative if b else "") or BLANK, "chuc_vu": (b.representative_title if b else ""),
             "don_vi": b.name if b else ""},
        ],
        "hang_muc": [{"stt": i.position, "ten": i.name, "xuat_xu": i.origin, "so_luong_duyet": i.quantity,
                      "so_luong_thuc_te": i.quantity if passed else 0, "gia_tri_duyet": i.amount,
                      "gia_tri_nghiem_thu": i.amount if passed else 0, "lap_dat": passed, "van_hanh": passed}
                     for i in d.items],
        "ho_so_kiem_tra": ["Hợp đồng mua bán máy móc thiết bị", "Hóa đơn giá trị gia tăng",
                           "Biên bản bàn giao, lắp đặt, chạy thử", "Chứng nhận xuất xứ, chất lượng (CO, CQ)"],
        "ket_qua": d.expected_results or BLANK, "ket_luan": values.get("conclusion", ""), "dat": passed,
        "gia_tri_nghiem_thu": values.get("accepted_value", 0), "kinh_phi_ho_tro": values.get("accepted_support", 0),
        "kien_nghi": [],
        "dai_dien_xa": {"don_vi": f"Ủy ban nhân dân {commune}".strip(), "ho_ten": BLANK},
        "dai_dien_sct": {"don_vi": bodies["sct"].name, "ho_ten": BLANK},
    }


def _thanh_ly(session: Session, d: Dossier, bodies: dict[str, Organisation]) -> dict[str, Any]:
    """Figures from the dossier's ledger (dossier.services.ledger), which the liquidation step has
    already written: what was advanced before, and the remaining payment or the recovery."""
    values = latest_inputs(session, d.id, "liquidate")
    money = ledger.liquidation_figures(session, d)
    return {"ngay": values.get("liquidation_date"), "dia_diem": bodies["ttkc"].name,
            "khoi_luong": "Cơ sở đã mua sắm, lắp đặt và đưa vào vận hành máy móc thiết bị theo đề án được duyệt.",
            "gia_tri_hop_dong": money["contract"], "gia_tri_nghiem_thu": money["accepted_support"],
            "da_tam_ung": money["paid_before"], "con_phai_thanh_toan": money["to_pay"],
            "phai_thu_hoi": money["to_recover"]}


def _quyet_toan(session: Session, d: Dossier) -> dict[str, Any]:
    """Figures from the ledger: approved support, advances, and the settlement the step recorded."""
    pos = ledger.position(session, d.id)
    approved = pos.approved if pos.approved is not None else d.requested_support
    advanced = pos.advanced
    claimed = pos.settled or 0
    row = {"stt": 1, "noi_dung": "Hỗ trợ mua sắm máy móc thiết bị", "du_toan": approved,
           "da_tam_ung": advanced, "de_nghi": claimed, "chenh_lech": approved - claimed}
    return {"chi_tiet": [row], "tong_du_toan": row["du_toan"], "tong_da_tam_ung": advanced,
            "tong_de_nghi": claimed, "tong_chenh_lech": row["chenh_lech"],
            "thuyet_minh": "Kinh phí được sử dụng đúng mục đích, đúng nội dung đề án được phê duyệt.",
            "chung_tu": ["Hợp đồng thực hiện đề án", "Biên bản nghiệm thu", "Biên bản thanh lý hợp đồng",
                         "Hóa đơn, chứng từ thanh toán"]}


# ---- the document's own frame --------------------------------------------------------------

def _issuer(spec: TemplateSpec, d: Dossier, bodies: dict[str, Organisation]) -> dict[str, Any]:
    if spec.issuer in bodies:
        return _header(bodies[spec.issuer])
    if spec.issuer == "hoi_dong":
        sct = bodies["sct"]
        council = d.council.name if d.council else "Hội đồng thẩm định"
        return {"ten_chu_quan": vn_upper(sct.name), "ten": vn_upper(council),
                "ten_day_du": d.council.name if d.council else "Hội đồng thẩm định", "viet_tat": "HĐTĐ",
                "dia_danh": sct.place_name}
    b = d.beneficiary
    return {"ten_chu_quan": "", "ten": vn_upper(b.name) if b else BLANK, "ten_day_du": b.name if b else BLANK,
            "viet_tat": "", "dia_danh": (b.commune.removeprefix("xã ").removeprefix("phường ") if b else "") or BLANK}


def _event_date(spec: TemplateSpec, session: Session, d: Dossier, record: TransitionRecord) -> date | None:
    """The date printed on a document that is not numbered by the văn thư: the event's date."""
    values = json.loads(record.inputs_json)
    for key in ("meeting_date", "contract_date", "inspection_date", "acceptance_date", "liquidation_date",
                "settlement_date"):
        if values.get(key):
            return date.fromisoformat(values[key])
    return record.at.date()


def build_context(session: Session, dossier: Dossier, spec: TemplateSpec, record: TransitionRecord,
                  actor: User | None) -> dict[str, Any]:
    """The full, plain context of template `spec` for `dossier` at the step `record`."""
    profile = profile_for(spec.id)
    bodies = issuing_bodies(session, dossier)
    d = dossier
    de_an = _de_an(session, d)
    year = de_an["nam"]
    issuer = _issuer(spec, d, bodies)
    draft = spec.doc_type in ISSUED_TYPES
    when = None if draft else _event_date(spec, session, d, record)
    contract = latest_inputs(session, d.id, "sign_contract")
    if spec.doc_type == "HĐ" and contract.get("contract_number"):
        number_line = f"Số: {contract['contract_number']}"
    elif spec.doc_type:
        abbr = issuer["viet_tat"] or "KC"
        number_line = document_number(None, spec.doc_type, abbr)
    else:
        number_line = ""
    fmt = {"de_an": d.title, "co_so": d.beneficiary.name if d.beneficiary else "", "nam": year}
    ky = signer_of(session, bodies[spec.issuer], actor) if spec.issuer in bodies else {
        "dong": [vn_upper(d.beneficiary.representative_title or "Đại diện cơ sở")] if d.beneficiary else [],
        "ho_ten": (d.beneficiary.representative if d.beneficiary else "") or BLANK}
    kinh_gui = [{"ttkc": bodies["ttkc"].name, "sct": bodies["sct"].name, "ubnd": bodies["ubnd"].name,
                 "co_so": d.beneficiary.name if d.beneficiary else BLANK}.get(k, k) for k in profile.kinh_gui]
    extra = []
    if profile.proposal == "to_trinh":
        submission = issued_reference(session, d.id, "to_trinh_phe_duyet")
        cited = (f"{submission[0]} {format_date(submission[1])}" if submission
                 else f"…/TTr-{bodies['sct'].abbreviation} ngày …")
        extra.append(f"Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số {cited}")
    elif profile.proposal == "approval":
        decision = issued_reference(session, d.id, "qd_phe_duyet_de_an")
        cited = (f"{decision[0]} {format_date(decision[1])}" if decision
                 else f"…/QĐ-{bodies['ubnd'].abbreviation} ngày …")
        extra.append(f"Căn cứ Quyết định số {cited} của {bodies['ubnd'].name} phê duyệt đề án khuyến công "
                     f"“{d.title}”")
    elif profile.proposal:
        extra.append(profile.proposal)
    on = when or record.at.date()
    can_cu = bases_for(profile.legal_kind, on, province=d.owner_org.province, extra=extra) if profile.legal_kind else []
    recipients = recipient_lines(profile.recipients, profile.archive) if profile.recipients else []
    tham_quyen = {"sct": f"GIÁM ĐỐC {vn_upper(bodies['sct'].header_name)}",
                  "ubnd": vn_upper(bodies["ubnd"].name)}.get(profile.tham_quyen, "")
    context = {
        "co_quan": issuer,
        "so_ky_hieu": number_line,
        "dia_danh_ngay": place_date_line(issuer["dia_danh"], when, year=None if when else on.year),
        "ngay_ban_hanh": _iso(when) if not draft else None,
        "trich_yeu": profile.trich_yeu.format(**fmt),
        "tham_quyen": tham_quyen,
        "can_cu": can_cu,
        "kinh_gui": kinh_gui,
        "ky": ky,
        "noi_nhan": recipients,
        "thi_hanh": f"Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương, Giám đốc Sở Tài chính, "
                    f"Giám đốc {bodies['ttkc'].name}, Chủ tịch Ủy ban nhân dân "
                    f"{d.beneficiary.commune if d.beneficiary else 'xã'} và {fmt['co_so']}",
        "lien_he": f"{actor.full_name}, {actor.job_title}" if actor else BLANK,
        "ho_so_kem_theo": ["Đề án khuyến công", "Bản sao giấy chứng nhận đăng ký kinh doanh",
                           "Báo giá máy móc thiết bị"],
        "de_an": de_an,
    }
    used = {path.split(".")[0].split("[")[0] for path in spec.declared_paths()}
    # Each section costs queries; a template gets only the sections its manifest declares.
    for key, section in _SECTIONS.items():
        if not used or key in used:
            context[key] = section(session, d, bodies)
    return {key: value for key, value in context.items() if key in used} if used else context


_SECTIONS: dict[str, Callable[[Session, Dossier, dict[str, Organisation]], Any]] = {
    "co_so": lambda s, d, b: _co_so(d),
    "don_vi_thuc_hien": lambda s, d, b: _org_party(b["ttkc"]),
    "hang_muc": lambda s, d, b: _hang_muc(d),
    "kinh_phi": lambda s, d, b: _kinh_phi(d),
    "hoi_dong": lambda s, d, b: _hoi_dong(s, d),
    "hop": lambda s, d, b: _hop(s, d),
    "tham_dinh": lambda s, d, b: _tham_dinh(s, d),
    "bo_sung": lambda s, d, b: _bo_sung(s, d),
    "hop_dong": _hop_dong,
    "kiem_tra": lambda s, d, b: _kiem_tra(s, d),
    "dieu_chinh": lambda s, d, b: _dieu_chinh(s, d),
    "ngung": lambda s, d, b: _ngung(s, d),
    "nghiem_thu": _nghiem_thu,
    "thanh_ly": _thanh_ly,
    "quyet_toan": lambda s, d, b: _quyet_toan(s, d),
}
