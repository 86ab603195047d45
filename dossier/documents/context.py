"""Build the plain context of one document from a dossier's snapshot: the ONE place that maps the
domain (English attributes) to the template keys (Vietnamese, see templates_docx/FIELDS.md).

A pure function of a `DossierSnapshot` (dossier/documents/snapshot.py) and the template: no
session, no clock. Only str, int, bool, None, lists and dicts come out, so a template cannot
reach the database and the context can be stored as canonical JSON and rendered again years
later with the same result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from dossier.documents.catalog import TemplateSpec
from dossier.documents.frame import BLANK, document_frame, header, is_draft, signer
from dossier.documents.profiles import EQUIPMENT_USE_YEARS, KHO_BAC, SETTLE_WITHIN_WORKING_DAYS, TRUNG_TAM, Profile
from dossier.documents.snapshot import (
    IMPLEMENTING,
    OWNER,
    SCT,
    TTKC,
    UBND,
    DossierSnapshot,
    Member,
    OrgVersion,
    StepRecord,
)
from dossier.model import BENEFICIARY_KIND_LABELS, COUNCIL_ROLE_LABELS, FUNDING_SOURCE_LABELS
from dossier.vn.dates import format_date
from dossier.vn.legal_bases import bases_for
from dossier.vn.numbers import format_money, format_percent, share_pair
from dossier.vn.people import honorific
from dossier.vn.recipients import recipient_lines
from dossier.vn.text import in_sentence, vn_upper
from workflows.facts import council_proposal, submitted_support
from workflows.inputs import ItemFinding, item_findings
from workflows.states import Status, Trigger

__all__ = ["BLANK", "DEFAULT_CRITERIA", "PERSONAL_PATHS", "build_context", "can_cu_on", "dated_on", "personal_in"]

ISSUERS = (SCT, UBND, TTKC)  # the bodies whose header a template's manifest may name
HAND_FILLED_TIME = "…… giờ …… phút"  # a time officers fill in by hand on the printed page
Bodies = dict[str, OrgVersion | None]  # the dossier's bodies as of the document's date
# The personal identifiers a context may carry (docs/personal-data.md), by the beneficiary field
# they come from: kept in a document's stored context only when its template prints them, so the
# JSON beside a minute or a report never holds an ID or an account number it does not show.
PERSONAL_PATHS = {"hop_dong.ben_b.cccd": "representative_id_number", "hop_dong.ben_b.tai_khoan": "bank_account"}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _cited(s: DossierSnapshot, template_id: str, blank: str) -> tuple[str, str | None]:
    """(number, ISO date) of an earlier document as issued; before it is issued, the blank
    number ("…/QĐ-UBND") and no date — which the content check refuses to let reach a signature."""
    ref = s.issued_ref(template_id)
    return (ref.symbol, ref.issued_on.isoformat()) if ref else (blank, None)


# ---- the dossier's own data ----------------------------------------------------------------

def _necessity(s: DossierSnapshot, items: str, beneficiary: str) -> str:
    workers = s.beneficiary.workers if s.beneficiary and s.beneficiary.workers else None
    who = f"{beneficiary} ({workers} lao động)" if workers else beneficiary
    what = f"đầu tư {items}" if items else "đổi mới máy móc thiết bị"
    return (f"{who} cần được hỗ trợ {what} để thay thế công đoạn thủ công, nâng cao năng suất, chất lượng sản "
            f"phẩm và mở rộng sản xuất; nội dung phù hợp với nhóm «{s.dossier.content_group}» của chương trình "
            "khuyến công được hỗ trợ.")


def _decision_issuer(s: DossierSnapshot, bodies: Bodies) -> str:
    """Who issued the approval decision, named as on the decision's own date: an adjustment of
    August 2025 cites a decision of March 2025 as the Ninh Thuận UBND's, not the merged province's."""
    decision = s.issued_ref("qd_phe_duyet_de_an")
    issuer = s.org(UBND, decision.issued_on) if decision else None
    return (issuer or bodies[UBND]).name


def _de_an(s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    d = s.dossier
    decision_number, decision_date = _cited(s, "qd_phe_duyet_de_an", f"…/QĐ-{bodies[UBND].abbreviation}")
    items = ", ".join(in_sentence(i.name) for i in s.items)
    beneficiary = s.beneficiary.name if s.beneficiary else ""
    runner = bodies[IMPLEMENTING] or bodies[OWNER]
    return {
        "ma": d.code, "ten": d.title,
        "nhom_noi_dung": d.content_group,
        "noi_dung": f"Hỗ trợ {beneficiary} đầu tư {items}." if items else d.title,
        # never the objectives again under another heading: the officer's own text, else why the
        # support is asked for, from the dossier's facts
        "su_can_thiet": d.necessity or _necessity(s, items, beneficiary),
        "muc_tieu": d.objectives, "ket_qua_du_kien": d.expected_results,
        "hieu_qua": d.impact or d.expected_results,
        "to_chuc_thuc_hien": d.implementation_plan or (
            f"{runner.name} chủ trì, phối hợp với "
            f"{beneficiary} tổ chức thực hiện đề án; {beneficiary} bố trí vốn đối ứng, mặt bằng và nhân lực."),
        "don_vi_phoi_hop": d.partners,
        "dia_diem": d.location,
        "ngay_bat_dau": _iso(d.start_date), "ngay_ket_thuc": _iso(d.end_date),
        "nguon_kinh_phi": f"Kinh phí {FUNDING_SOURCE_LABELS.get(d.funding_source, '').lower()}"
                          + (f" năm {d.plan_year}" if d.plan_year is not None else ""),
        "nam": d.plan_year if d.plan_year is not None else (d.start_date or s.step.on).year,
        "dot": d.batch_number,
        "so_qd_phe_duyet": decision_number, "ngay_qd_phe_duyet": decision_date,
        "co_quan_qd_phe_duyet": _decision_issuer(s, bodies),
    }


def _co_so(s: DossierSnapshot) -> dict[str, Any]:
    b = s.beneficiary
    if b is None:
        return {k: "" for k in ("ten", "loai_hinh", "ma_so_thue", "so_dkkd", "dai_dien", "chuc_vu_dai_dien",
                                "dia_chi", "nganh_nghe", "san_pham", "nang_luc")} | {
            "ngay_dkkd": None, "noi_cap_dkkd": BLANK, "dien_thoai": "", "so_lao_dong": 0}
    return {
        "ten": b.name, "loai_hinh": BENEFICIARY_KIND_LABELS.get(b.kind, b.kind), "ma_so_thue": b.tax_code or BLANK,
        # what the applicant did not give is left as a hand-fill blank, never an empty gap ("do  cấp")
        "so_dkkd": b.registration_number or b.tax_code or BLANK, "ngay_dkkd": _iso(b.registration_date),
        "noi_cap_dkkd": b.registration_issuer or BLANK, "dai_dien": b.representative or BLANK,
        "chuc_vu_dai_dien": b.representative_title or BLANK, "dia_chi": b.address, "dien_thoai": b.phone or BLANK,
        "nganh_nghe": b.sector or BLANK, "san_pham": b.products or BLANK, "so_lao_dong": b.workers,
        # the template prints the workers and the products on their own lines: a capacity the
        # applicant did not state is a hand-fill blank, not those again ("sản phẩm chính: .")
        "nang_luc": (b.capacity or BLANK).rstrip("."),
    }


def _org_party(org: OrgVersion) -> dict[str, Any]:
    return {"ten": org.name, "dia_chi": org.address or BLANK, "dien_thoai": org.phone,
            "ma_so_thue": org.tax_code, "tai_khoan": org.bank_account, "noi_mo_tai_khoan": org.bank_name,
            "dai_dien": org.head_name or BLANK, "chuc_vu": org.head_title.capitalize()}


def _hang_muc(s: DossierSnapshot) -> list[dict[str, Any]]:
    return [{"stt": i.position, "ten": i.name, "thong_so": i.specification, "xuat_xu": i.origin,
             "so_luong": i.quantity, "don_vi_tinh": i.unit, "don_gia": i.unit_price, "thanh_tien": i.amount}
            for i in s.items]


def _support(s: DossierSnapshot) -> int:
    """The support a document states, as the dossier stands at its step: the approved amount
    (the ledger), else the amount the Tờ trình proposes (its step's inputs), else the request."""
    if s.ledger.approved is not None:
        return s.ledger.approved
    return submitted_support(s.inputs(Trigger.SUBMIT_FOR_APPROVAL), s.dossier.requested_support)


def _kinh_phi(s: DossierSnapshot) -> dict[str, Any]:
    d = s.dossier
    support = _support(s)
    counterpart = d.total_cost - support
    share, rest = share_pair(support, d.total_cost)
    return {"tong": d.total_cost, "ho_tro": support, "doi_ung": counterpart,
            "ty_le_ho_tro": share, "ty_le_doi_ung": rest,
            # what was asked and what the council proposed stay visible beside what is proposed
            "de_nghi": d.requested_support,
            "hoi_dong_de_xuat": _council_proposal(s) if s.latest(Trigger.RECORD_APPRAISAL) else None,
            "chi_tiet": [{"stt": 1,
                          "noi_dung": "Mua sắm, lắp đặt, chạy thử máy móc thiết bị (chi tiết tại danh mục kèm theo)",
                          "tong": d.total_cost, "ho_tro": support, "doi_ung": counterpart}]}


def _member_review(s: DossierSnapshot, member_id: int) -> dict[str, Any]:
    review = next((r for r in s.reviews if r.member_id == member_id), None)
    criteria = list(review.criteria) if review else []
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


def _hoi_dong(s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    council = s.council
    number, day = _cited(s, "qd_thanh_lap_hoi_dong", f"…/QĐ-{bodies[SCT].abbreviation}")
    if council is None:
        return {"ten": "", "so_qd": number, "ngay_qd": day, "hinh_thuc": "dat_khong_dat", "thanh_vien": []}
    return {
        "ten": council.name, "so_qd": number, "ngay_qd": day,
        "hinh_thuc": "cham_diem" if council.scoring_mode == "score" else "dat_khong_dat",
        # "Ông"/"Bà" from the member's recorded gender; nothing (the name alone) when not recorded
        "thanh_vien": [{"stt": i, "danh_xung": honorific(m.gender), "ho_ten": m.full_name, "chuc_vu": m.title,
                        "don_vi": m.unit, "vai_tro": COUNCIL_ROLE_LABELS.get(m.role, m.role),
                        "bieu_quyet": m.voting, "danh_gia": _member_review(s, m.id)}
                       for i, m in enumerate(council.members, start=1)],
    }


def _person(member: Member | None) -> dict[str, str]:
    if member is None:
        return {"ho_ten": BLANK, "chuc_vu": BLANK}
    return {"ho_ten": member.full_name, "chuc_vu": f"{member.title}, {COUNCIL_ROLE_LABELS.get(member.role, '')}"}


def _runner_name(bodies: Bodies) -> str:
    """The implementing unit as the minutes name it."""
    return bodies[IMPLEMENTING].name if bodies[IMPLEMENTING] else "đơn vị thực hiện"


def _hop(s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    meeting = s.inputs(Trigger.START_APPRAISAL)
    members = s.council.members if s.council else ()
    chair = next((m for m in members if m.role == "chair"), None)
    secretary = next((m for m in members if m.role == "secretary"), None)
    beneficiary = s.beneficiary.name if s.beneficiary else ""
    return {
        # The end of the meeting is not known when the minutes are drafted: the secretary writes it.
        "gio_bat_dau": meeting.get("meeting_time") or BLANK, "gio_ket_thuc": HAND_FILLED_TIME,
        "ngay": meeting.get("meeting_date"), "dia_diem": meeting.get("meeting_place") or BLANK,
        "chu_toa": _person(chair), "thu_ky": _person(secretary),
        "thanh_phan": [f"Các thành viên {s.council.name if s.council else 'Hội đồng thẩm định'}",
                       f"Đại diện {_runner_name(bodies)}",
                       f"Đại diện {beneficiary}"],
        "noi_dung": [f"Thẩm định đề án: {s.dossier.title}", "Thành viên Hội đồng nhận xét, đánh giá đề án",
                     "Hội đồng thảo luận, kết luận"],
        "tai_lieu": "Hồ sơ đề án gửi kèm Giấy mời.",
    }


def _named(member: Member) -> str:
    """"Bà Nguyễn Thị Hồng Nhung (Chủ tịch Hội đồng)": the honorific only when it is recorded."""
    title = honorific(member.gender)
    return f"{title + ' ' if title else ''}{member.full_name} ({COUNCIL_ROLE_LABELS.get(member.role, member.role)})"


def _counted(review: Any, scoring: bool) -> bool:
    return (review.score is not None) if scoring else (review.passed is not None)


def _criteria_counts(counted: list[Any]) -> list[dict[str, Any]]:
    """Each criterion's Đạt / Không đạt counted from the members' own sheets (their criteria)."""
    sheets = [list(r.criteria) for r in counted]
    names = next((c for c in sheets if c), None) or [{"ten": n, "diem_toi_da": t} for n, t in DEFAULT_CRITERIA]
    rows = []
    for i, criterion in enumerate(names):
        marks = [sheet[i].get("dat") for sheet in sheets if len(sheet) > i]
        rows.append({"stt": i + 1, "ten": criterion.get("ten", ""), "diem_toi_da": int(criterion.get("diem_toi_da", 0)),
                     "diem": None, "so_phieu_dat": sum(1 for m in marks if m is True),
                     "so_phieu_khong_dat": sum(1 for m in marks if m is False)})
    return rows


def _counted_reviews(s: DossierSnapshot) -> list[Any]:
    """The sheets the minutes count: voting members' with a conclusion, in the council's order."""
    members = s.council.members if s.council else ()
    scoring = bool(s.council) and s.council.scoring_mode == "score"
    reviews = {r.member_id: r for r in s.reviews}
    return [reviews[m.id] for m in members if m.voting and m.id in reviews and _counted(reviews[m.id], scoring)]


def _council_proposal(s: DossierSnapshot) -> int:
    """What the council proposes (workflows.facts.council_proposal, the rule the Tờ trình's default follows)."""
    minutes = s.inputs(Trigger.RECORD_APPRAISAL).get("recommended_support")
    return council_proposal(minutes, (r.recommended_support for r in _counted_reviews(s)),
                            s.dossier.requested_support)


def _tham_dinh(s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    record = s.inputs(Trigger.RECORD_APPRAISAL)
    members = s.council.members if s.council else ()
    scoring = bool(s.council) and s.council.scoring_mode == "score"
    by_id = {m.id: m for m in members}
    voting = [m for m in members if m.voting]
    reviews = {r.member_id: r for r in s.reviews if r.member_id in by_id}
    present = [m for m in members if m.id in reviews or not m.voting]
    absent = [m for m in voting if m.id not in reviews]
    # The secretary does not vote; a voting member's sheet without a conclusion is not counted.
    counted = [reviews[m.id] for m in voting if m.id in reviews and _counted(reviews[m.id], scoring)]
    why = {False: "không biểu quyết, không được tính", True: "chưa có kết luận, không được tính"}
    not_counted = [f"Phiếu của {_named(by_id[i])}: {why[by_id[i].voting]}"
                   for i, r in reviews.items() if not by_id[i].voting or not _counted(r, scoring)]
    scored = [r.score for r in counted if r.score is not None]
    passed_votes = sum(1 for r in counted if r.passed)
    failed_votes = sum(1 for r in counted if r.passed is False)
    needed = s.council.quorum_needed if s.council else 0
    beneficiary = s.beneficiary.name if s.beneficiary else ""
    return {
        "so_bien_ban": None, "ngay": record.get("meeting_date"),
        "nguoi_trinh_bay": f"Đại diện {_runner_name(bodies)}",
        "tong_so_thanh_vien": len(members), "so_co_mat": len(present),
        "so_bieu_quyet_co_mat": sum(1 for m in present if m.voting),  # the secretary does not vote
        "du_so_luong": sum(1 for m in present if m.voting) >= needed,
        "co_mat": [{"ho_ten": m.full_name, "chuc_vu": f"{m.title}, {m.unit}",
                    "vai_tro": COUNCIL_ROLE_LABELS.get(m.role, m.role)} for m in present],
        # why a member was absent is not recorded: the secretary writes it in, nothing is made up
        "vang_mat": [{"ho_ten": m.full_name, "chuc_vu": f"{m.title}, {m.unit}", "ly_do": BLANK}
                     for m in absent],
        # who the Giấy mời invited besides the council: the presenter and the beneficiary
        "khach_moi": [f"Đại diện {_runner_name(bodies)} (trình bày đề án)"]
                     + ([f"Đại diện {beneficiary}"] if beneficiary else []),
        "tieu_chi": _criteria_counts(counted),
        "tong_diem": format_percent(Fraction(sum(scored), len(scored))) if scored else None,
        "so_phieu_dat": passed_votes, "so_phieu_khong_dat": failed_votes, "khong_tinh": not_counted,
        # one line per member's own comment, naming the member
        "y_kien": [f"{_named(by_id[m.id])}: {reviews[m.id].comment}" for m in members
                   if m.id in reviews and reviews[m.id].comment],
        "ket_luan": record.get("conclusion", ""), "dat": s.dossier.status != Status.APPRAISAL_FAILED,
        "yeu_cau_chinh_sua": record.get("corrections", []),
        "kinh_phi_de_nghi": _council_proposal(s),
    }


def _bo_sung(s: DossierSnapshot) -> dict[str, Any]:
    request = s.inputs(Trigger.REQUEST_REVISION)
    submitted = s.latest(Trigger.SUBMIT)
    return {"ngay_nop_ho_so": _iso(submitted.on) if submitted else None,
            "danh_sach": request.get("missing_items", []), "han": request.get("deadline")}


def _hop_dong(s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    contract = s.inputs(Trigger.SIGN_CONTRACT)
    b = s.beneficiary
    # Blank dots rather than empty strings: the officer fills in by hand what the system lacks.
    ben_b = {"ten": b.name if b else BLANK, "dia_chi": b.address if b else BLANK,
             "dien_thoai": (b.phone if b else "") or BLANK, "ma_so_thue": (b.tax_code if b else "") or BLANK,
             "so_dkkd": (b.registration_number or b.tax_code if b else "") or BLANK,
             "ngay_dkkd": _iso(b.registration_date) if b else None,
             "noi_cap_dkkd": (b.registration_issuer if b else "") or BLANK,
             # Điều 4 pays by transfer into this account (the contract step refuses without it)
             "tai_khoan": (b.bank_account if b else "") or BLANK,
             "noi_mo_tai_khoan": (b.bank_name if b else "") or BLANK,
             "dai_dien": (b.representative if b else "") or BLANK,
             "chuc_vu": (b.representative_title if b else "") or BLANK,
             # the contract names its signatory by his ID (the contract step refuses without it)
             "cccd": (b.representative_id_number if b else "") or BLANK}
    # Bên A as it was on the contract's own day: a later minute cites the contract of April 2025
    # as signed by the Ninh Thuận centre, though it is dated after the merger
    signed = s.latest(Trigger.SIGN_CONTRACT)
    ben_a = (s.org(TTKC, signed.on) if signed else None) or bodies[TTKC]
    return {
        "so": contract.get("contract_number"), "ngay": contract.get("contract_date"),
        # what the contract is worth (its step's input), within the approved support
        "gia_tri": contract.get("contract_value", _support(s)),
        "dia_diem": ben_a.name, "ben_a": _org_party(ben_a), "ben_b": ben_b,
        # the same ratio and ceiling the ledger enforces (dossier/data/advance_ratios.toml)
        "ty_le_tam_ung": s.ledger.advance_percent, "tam_ung": s.ledger.advance_ceiling,
        "so_nam_su_dung": EQUIPMENT_USE_YEARS, "so_ban": "04 (bốn)", "so_ban_moi_ben": "02 (hai)",
    }


def _kiem_tra(s: DossierSnapshot) -> dict[str, Any]:
    record = s.latest(Trigger.RECORD_INSPECTION)
    values = record.inputs if record else {}
    inspector = record.actor if record else None
    when = values.get("inspection_date")
    on = date.fromisoformat(when) if when else (record.on if record else None)
    return {
        "ngay": values.get("inspection_date"), "gio_bat_dau": HAND_FILLED_TIME, "gio_ket_thuc": HAND_FILLED_TIME,
        "dia_diem": s.dossier.location or BLANK,
        "doan": [{"ho_ten": inspector.full_name if inspector else BLANK,
                  "chuc_vu": inspector.job_title if inspector else BLANK,
                  "don_vi": s.unit_of(inspector, on) if inspector else BLANK, "vai_tro": "Trưởng đoàn"}],
        "truong_doan": {"ho_ten": inspector.full_name if inspector else BLANK},
        "noi_dung": ["Tiến độ mua sắm, lắp đặt máy móc thiết bị theo đề án được duyệt",
                     "Hồ sơ, chứng từ mua sắm", "Việc bố trí vốn đối ứng của cơ sở"],
        "ket_qua": [values["findings"]] if values.get("findings") else [],
        "kien_nghi": values.get("requests", []), "han": None,
    }


def _dieu_chinh(s: DossierSnapshot) -> dict[str, Any]:
    request = s.latest(Trigger.REQUEST_ADJUSTMENT)
    values = request.inputs if request else {}
    changes = []
    for i, line in enumerate(values.get("changes", []), start=1):
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (3 - len(parts))
        changes.append({"stt": i, "noi_dung": parts[0], "cu": parts[1], "moi": parts[2]})
    beneficiary = s.beneficiary.name if s.beneficiary else ""
    when = request.on.strftime("%d/%m/%Y") if request else BLANK
    return {"van_ban_de_nghi": f"Văn bản đề nghị của {beneficiary} ngày {when}",
            "ly_do": values.get("reason", ""), "thay_doi": changes,
            # the end date the approval sets (effects.extend_end_date): the decision must say so
            "ngay_ket_thuc_moi": values.get("new_end_date")}


def _ngung(s: DossierSnapshot) -> dict[str, Any]:
    """The stop as the leader decided it: his reason and what it rests on, as entered at the step
    (never the Đơn đề nghị hỗ trợ, which asked for the support, not for the stop)."""
    record = s.latest(Trigger.STOP)
    values = record.inputs if record else {}
    # "Lý do: … (Đơn xin dừng …)." — the officer's full stop would end the sentence before its basis
    return {"van_ban_de_nghi": (values.get("basis") or "").strip().rstrip("."),
            "ly_do": values.get("reason", "").strip().rstrip("."),
            "ngay_ngung": _iso(record.on) if record else None,
            # paid before the stop (the stop's own recovery is printed separately)
            "kinh_phi_da_tam_ung": s.ledger.advanced + s.ledger.payments,
            "kinh_phi_thu_hoi": values.get("recovered_amount", 0), "han_thu_hoi": None}


# Where a body's name breaks in a signature title: before its place ("ỦY BAN NHÂN DÂN" / "XÃ
# PHƯỚC THUẬN"), never inside the place name as the column's width would break it.
_PLACE_WORDS = (" XÃ ", " PHƯỜNG ", " ĐẶC KHU ", " THỊ TRẤN ", " TỈNH ", " THÀNH PHỐ ")


def _title_lines(name: str) -> list[str]:
    upper = vn_upper(name)
    cut = min((i for i in (upper.find(w) for w in _PLACE_WORDS) if i > 0), default=-1)
    return [upper[:cut], upper[cut + 1:]] if cut > 0 else [upper]


def _acceptance_parties(s: DossierSnapshot, bodies: Bodies) -> dict[str, dict[str, Any]]:
    """Who takes part in the acceptance, each as the participants' list names him and as he signs:
    the implementing unit's head, the Sở's officer who records it (when he is of the Sở), the
    commune's representative, the beneficiary's; a name the system lacks is a hand-fill blank."""
    b, ttkc, sct = s.beneficiary, bodies[TTKC], bodies[SCT]
    commune = f"Ủy ban nhân dân {b.commune if b else ''}".strip()
    officer = s.actor if s.actor and s.actor.organisation_id == sct.id else None
    return {
        "dai_dien_don_vi": {"ho_ten": ttkc.head_name or BLANK, "chuc_vu": ttkc.head_title.capitalize(),
                            "don_vi": ttkc.name},
        "dai_dien_sct": {"ho_ten": officer.full_name if officer else BLANK,
                         "chuc_vu": (officer.job_title if officer else "") or "Chuyên viên Phòng Quản lý công nghiệp",
                         "don_vi": sct.name, "dong": _title_lines(sct.name)},
        "dai_dien_xa": {"ho_ten": BLANK, "chuc_vu": "Đại diện", "don_vi": commune, "dong": _title_lines(commune)},
        "dai_dien_co_so": {"ho_ten": (b.representative if b else "") or BLANK,
                           "chuc_vu": (b.representative_title if b else "") or BLANK, "don_vi": b.name if b else ""},
    }


def _issued_adjustments(s: DossierSnapshot) -> list[Any]:
    """The QĐ điều chỉnh issued for the dossier and not cancelled, in the order issued."""
    return [ref for ref in s.issued if ref.template_id == "qd_dieu_chinh" and not ref.cancelled]


def _adjustments(s: DossierSnapshot) -> list[dict[str, Any]]:
    """The QĐ điều chỉnh issued for the dossier, each by its number, date and issuer of that date."""
    return [{"so": ref.symbol, "ngay": ref.issued_on.isoformat(), "co_quan": s.org(UBND, ref.issued_on).name}
            for ref in _issued_adjustments(s)]


def _acceptance_money(s: DossierSnapshot, accepted: int) -> dict[str, int]:
    """What was paid before the acceptance (advances, payments, less recoveries) and what that
    leaves: still to pay on the accepted support, or to pay back."""
    paid = s.ledger.paid
    return {"da_tam_ung": paid, "con_duoc_thanh_toan": max(accepted - paid, 0),
            "phai_nop_tra": max(paid - accepted, 0)}


_VERDICTS = frozenset({"đạt", "đạt yêu cầu", "không đạt", "không đạt yêu cầu"})
# "…, đề án đạt yêu cầu" closing the officer's conclusion: the verdict the minutes print before it
_TRAILING_VERDICT = re.compile(r"\s*[,;]\s*(?:đề án\s+)?(?:không\s+)?đạt(?:\s+yêu cầu)?$", re.IGNORECASE)


def _items_found(s: DossierSnapshot, values: Mapping[str, Any], passed: bool) -> list[dict[str, Any]]:
    """The table of the minutes: each approved item as the team found it. An item the step's
    `shortfalls` do not name was found as approved (a failed acceptance says only what it found
    short, never every row "Không"); its value is accepted only when the đề án is, and a short
    item's for what is installed and running."""
    found = item_findings(values.get("shortfalls") or [])
    rows = []
    for i in s.items:
        seen = found.get(i.position, ItemFinding(i.position, i.quantity, True, True))
        working = seen.installed and seen.running
        value = (i.amount if seen.quantity >= i.quantity else seen.quantity * i.unit_price) if working else 0
        rows.append({"stt": i.position, "ten": i.name, "xuat_xu": i.origin, "so_luong_duyet": i.quantity,
                     "so_luong_thuc_te": seen.quantity, "gia_tri_duyet": i.amount,
                     "gia_tri_nghiem_thu": value if passed else 0, "lap_dat": seen.installed,
                     "van_hanh": seen.running})
    return rows


def _nghiem_thu(s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    values = s.inputs(Trigger.ACCEPT)
    passed = bool(values.get("passed"))
    parties = _acceptance_parties(s, bodies)
    conclusion = _TRAILING_VERDICT.sub("", values.get("conclusion", "").strip().rstrip("."))
    if conclusion.lower() in _VERDICTS:  # the verdict is printed already: "Kết luận: Đạt yêu cầu."
        conclusion = ""
    return {
        "so_bien_ban": None, "ngay": values.get("acceptance_date"), "gio_bat_dau": HAND_FILLED_TIME,
        "gio_ket_thuc": HAND_FILLED_TIME, "dia_diem": s.dossier.location or BLANK,
        "dieu_chinh": _adjustments(s),
        # the signatories are the participants: one list, the same people sign
        "thanh_phan": [parties[k] for k in ("dai_dien_don_vi", "dai_dien_sct", "dai_dien_xa", "dai_dien_co_so")],
        **parties,
        "hang_muc": _items_found(s, values, passed),
        "ho_so_kiem_tra": ["Hợp đồng mua bán máy móc thiết bị", "Hóa đơn giá trị gia tăng",
                           "Biên bản bàn giao, lắp đặt, chạy thử", "Chứng nhận xuất xứ, chất lượng (CO, CQ)"],
        "ket_qua": s.dossier.expected_results or BLANK, "ket_luan": f"{conclusion}." if conclusion else "",
        "dat": passed,
        "gia_tri_nghiem_thu": values.get("accepted_value", 0), "kinh_phi_ho_tro": values.get("accepted_support", 0),
        **_acceptance_money(s, values.get("accepted_support", 0)),
        # not accepted: nothing is paid on it; what the beneficiary must do before it is accepted again
        "kien_nghi": [] if passed else [
            f"{s.beneficiary.name if s.beneficiary else 'Cơ sở'} hoàn thành việc mua sắm, lắp đặt, vận hành máy móc "
            "thiết bị theo đề án được duyệt và có văn bản đề nghị nghiệm thu lại."],
    }


def _thanh_ly(s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    """Figures from the dossier's ledger, which the liquidation step has already written: what
    was advanced before, and the remaining payment or the recovery."""
    values = s.inputs(Trigger.LIQUIDATE)
    money = s.ledger.liquidation
    # Bên A signs the liquidation as it is named that day; the contract may bear its former name
    ben_a, signed = bodies[TTKC], s.latest(Trigger.SIGN_CONTRACT)
    then = s.org(TTKC, signed.on) if signed else None
    return {"ngay": values.get("liquidation_date"), "dia_diem": ben_a.name, "ben_a": _org_party(ben_a),
            "ben_a_khi_ky": then.name if then and then.name != ben_a.name else "",
            "khoi_luong": "Cơ sở đã mua sắm, lắp đặt và đưa vào vận hành máy móc thiết bị theo đề án được duyệt.",
            "gia_tri_hop_dong": money["contract"], "gia_tri_nghiem_thu": money["accepted_support"],
            "da_tam_ung": money["paid_before"], "con_phai_thanh_toan": money["to_pay"],
            "phai_thu_hoi": money["to_recover"], "so_ngay": SETTLE_WITHIN_WORKING_DAYS}


def _quyet_toan(s: DossierSnapshot) -> dict[str, Any]:
    """Figures from the ledger: approved support, advances, and the settlement the step recorded."""
    money = s.ledger
    approved = _support(s)  # the ledger's approved figure, once there is one
    claimed = money.settled or 0
    # what was granted: advances and payments, less what was recovered (as the Sở's decision states it)
    row = {"stt": 1, "noi_dung": "Hỗ trợ mua sắm máy móc thiết bị", "du_toan": approved,
           "da_cap": money.paid, "de_nghi": claimed, "chenh_lech": approved - claimed}
    return {"chi_tiet": [row], "tong_du_toan": row["du_toan"], "tong_da_cap": money.paid,
            "da_tam_ung": money.advanced, "da_thanh_toan": money.payments, "da_thu_hoi": money.recovered,
            "dieu_chinh": _adjustments_cited(s),
            "tong_de_nghi": claimed, "tong_chenh_lech": row["chenh_lech"],
            "thuyet_minh": _settled_work(s),
            "chung_tu": ["Hợp đồng thực hiện đề án", "Biên bản nghiệm thu", "Biên bản thanh lý hợp đồng",
                         "Hóa đơn, chứng từ thanh toán"]}


def _settled_work(s: DossierSnapshot) -> str:
    """What the report settles, in the facts the steps recorded: the acceptance (its date and the
    value accepted) and the liquidation, then the use of the funds."""
    accepted = s.inputs(Trigger.ACCEPT)
    done = [f"Đề án được nghiệm thu {format_date(accepted['acceptance_date'])}, đạt yêu cầu; giá trị máy móc "
            f"thiết bị được nghiệm thu {format_money(accepted.get('accepted_value', 0))} đồng"
            ] if accepted.get("passed") else []
    liquidated = s.inputs(Trigger.LIQUIDATE).get("liquidation_date")
    done += [f"hợp đồng được thanh lý {format_date(liquidated)}"] if liquidated else []
    facts = "; ".join(done) + ". " if done else ""
    return facts + "Kinh phí được sử dụng đúng mục đích, đúng nội dung đề án được phê duyệt."


def _cite_on(s: DossierSnapshot, key: str, number: str, on: date) -> str:
    """"Quyết định số 02/QĐ-UBND ngày 12 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh Khánh Hòa": its
    issuer as named on its own date."""
    issuer = s.org(key, on)
    return f"Quyết định số {number} {format_date(on)}" + (f" của {issuer.name}" if issuer else "")


def _adjustments_cited(s: DossierSnapshot) -> list[str]:
    return [_cite_on(s, UBND, r.symbol, r.issued_on) for r in _issued_adjustments(s)]


def _contract_cited(s: DossierSnapshot) -> str:
    """"Hợp đồng số 05/2025/HĐ-KC ngày 10 tháng 4 năm 2025": its number and date are the step's inputs."""
    contract = s.inputs(Trigger.SIGN_CONTRACT)
    return f"Hợp đồng số {contract.get('contract_number') or BLANK} {format_date(contract.get('contract_date'))}"


def _minutes_cited(s: DossierSnapshot, template_id: str, trigger: Trigger, date_key: str, what: str) -> str:
    """"Biên bản nghiệm thu số 03/BB-TTKC ngày …": the number once the văn thư entered it, the
    date of the event it records."""
    entered = s.issued_ref(template_id)
    number = f" số {entered.symbol}" if entered else ""
    return f"Biên bản {what}{number} {format_date(s.inputs(trigger).get(date_key))}"


def _duyet_quyet_toan(s: DossierSnapshot) -> dict[str, Any]:
    """The Sở's approval of the settlement: the ledger's figures after the settlement step, the
    contract, its liquidation and the adjustments by number and date."""
    money = s.ledger
    settled = money.settled if money.settled is not None else s.inputs(Trigger.SETTLE).get("settled_amount", 0)
    granted = money.paid
    return {
        "hop_dong": _contract_cited(s),
        "thanh_ly": _minutes_cited(s, "bien_ban_thanh_ly", Trigger.LIQUIDATE, "liquidation_date", "thanh lý hợp đồng"),
        "dieu_chinh": _adjustments_cited(s),
        "du_toan": _support(s),
        "da_tam_ung": money.advanced, "da_thanh_toan": money.payments, "da_thu_hoi": money.recovered,
        "da_cap": granted, "quyet_toan": settled,
        "con_phai_cap": max(settled - granted, 0), "phai_thu_hoi": max(granted - settled, 0),
    }


# ---- the document's own frame --------------------------------------------------------------

def _issuer(spec: TemplateSpec, s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    if spec.issuer in ISSUERS:
        return header(bodies[spec.issuer])
    if spec.issuer == "hoi_dong":
        sct = bodies[SCT]
        council = s.council.name if s.council else "Hội đồng thẩm định"
        # the Sở as a parent line, as its own units print it ("SỞ CÔNG THƯƠNG NINH THUẬN"): its full
        # name "SỞ CÔNG THƯƠNG TỈNH NINH THUẬN" wrapped its last word onto a line of its own
        parent = f"{vn_upper(sct.header_name)} {vn_upper(sct.province)}"
        return {"ten_chu_quan": parent, "ten": vn_upper(council), "ten_day_du": council,
                "viet_tat": "HĐTĐ", "dia_danh": sct.place_name}
    b = s.beneficiary
    return {"ten_chu_quan": "", "ten": vn_upper(b.name) if b else BLANK, "ten_day_du": b.name if b else BLANK,
            "viet_tat": "", "dia_danh": (b.commune.removeprefix("xã ").removeprefix("phường ") if b else "") or BLANK}


_EVENT_DATES = ("meeting_date", "contract_date", "inspection_date", "acceptance_date", "liquidation_date",
                "settlement_date")


def _document_date(spec: TemplateSpec, step: StepRecord) -> date:
    """The date a document prints or is judged by: a draft's is its step's (the văn thư dates
    it when issued), any other's is the event's own date from the step's inputs."""
    return step.on if is_draft(spec.doc_type) else event_date(step.inputs, step.on)


def event_date(inputs: Mapping[str, Any], step_on: date) -> date:
    """The day of the event a step's non-draft documents record (a meeting, an acceptance, a
    liquidation …), from its inputs; the step's own day when it records none."""
    for key in _EVENT_DATES:
        if inputs.get(key):
            return date.fromisoformat(inputs[key])
    return step_on


def _signer(spec: TemplateSpec, s: DossierSnapshot, bodies: Bodies) -> dict[str, Any]:
    if spec.issuer in ISSUERS:
        return signer(bodies[spec.issuer], s.actor)
    b = s.beneficiary
    return {"dong": [vn_upper(b.representative_title or "Đại diện cơ sở")] if b else [],
            "ho_ten": (b.representative if b else "") or BLANK}


def _approving_authority(bodies: Bodies) -> str:
    """The authority line of a decision of the approving body: the UBND tỉnh, or the Giám đốc Sở
    when the province delegates approval to the Sở (issue 10)."""
    body = bodies[UBND]
    if body.kind == "so_cong_thuong":
        return f"GIÁM ĐỐC {vn_upper(body.header_name)}"
    return vn_upper(body.name)


def _delegated(bodies: Bodies) -> bool:
    """Whether the Sở approves by delegation: the approving body is the Sở itself."""
    return bodies[UBND].id == bodies[SCT].id


def _appraised_and_proposed(s: DossierSnapshot) -> list[str]:
    """What the Giám đốc Sở approves on by delegation: the council's appraisal, by its minutes, and
    his Phòng Quản lý công nghiệp's proposal (the officer's submission on the step). No Tờ trình
    of the Sở's to itself exists on that path (`addressed_to_its_issuer`), nor a proposal of the
    Giám đốc's own: "Theo đề nghị của Giám đốc Sở Công Thương" would have him act on it."""
    minutes = _minutes_cited(s, "bien_ban_hop_hoi_dong", Trigger.RECORD_APPRAISAL, "meeting_date",
                             "họp Hội đồng thẩm định")
    return [f"Căn cứ kết quả thẩm định tại {minutes}", "Theo đề nghị của Trưởng phòng Quản lý công nghiệp"]


def _proposal(s: DossierSnapshot, proposal: str, bodies: Bodies) -> list[str]:
    """The last Căn cứ line: the earlier document this one rests on, by its issued number."""
    if proposal == "to_trinh" and _delegated(bodies):
        return _appraised_and_proposed(s)
    if proposal == "to_trinh":
        submission = s.issued_ref("to_trinh_phe_duyet")
        cited = (f"{submission.symbol} {format_date(submission.issued_on)}" if submission
                 else f"…/TTr-{bodies[SCT].abbreviation} ngày …")
        return [f"Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số {cited}"]
    if proposal == "approval":
        decision = s.issued_ref("qd_phe_duyet_de_an")
        cited = (f"{decision.symbol} {format_date(decision.issued_on)}" if decision
                 else f"…/QĐ-{bodies[UBND].abbreviation} ngày …")
        # the decision's issuer as it was named on the decision's own date (before a merger, say)
        issuer = s.org(UBND, decision.issued_on) if decision else bodies[UBND]
        return [f"Căn cứ Quyết định số {cited} của {issuer.name} phê duyệt đề án khuyến công "
                f"“{s.dossier.title}”"]
    if proposal == "liquidation":
        return [f"Căn cứ {_contract_cited(s)} thực hiện đề án khuyến công “{s.dossier.title}”",
                f"Căn cứ {_minutes_cited(s, 'bien_ban_nghiem_thu', Trigger.ACCEPT, 'acceptance_date', 'nghiệm thu')}"]
    if proposal == "adjustment":
        return _adjustment_proposed(s, bodies)
    if proposal == "settlement":
        report = s.issued_ref("bao_cao_quyet_toan")
        cited = f" số {report.symbol} {format_date(report.issued_on)}" if report else ""
        return _proposal(s, "approval", bodies) + [
            f"Xét Báo cáo quyết toán{cited} của {bodies[TTKC].name} và đề nghị của Trưởng phòng Quản lý công nghiệp"]
    return [proposal] if proposal else []


def _adjustment_proposed(s: DossierSnapshot, bodies: Bodies) -> list[str]:
    """The QĐ điều chỉnh's last line: what the table has it rest on, the beneficiary's request
    that the Sở's officer submitted to the approving leader on the request step's day. No Tờ
    trình is issued on that path, so none is cited (never "Tờ trình số …"); a Sở approving by
    delegation has it from its own Phòng Quản lý công nghiệp."""
    request = s.latest(Trigger.REQUEST_ADJUSTMENT)
    if request is None:
        return []
    by = "Phòng Quản lý công nghiệp" if _delegated(bodies) else bodies[SCT].name
    whose = f" của {s.beneficiary.name}" if s.beneficiary else ""
    return [f"Xét đề nghị điều chỉnh đề án{whose} do {by} trình {format_date(request.on)}"]


def _unit_of_the_so(body: OrgVersion, sct: OrgVersion) -> bool:
    """Whether `body` was one of the Sở's own units on the date: its header's parent line names
    the Sở (the Trung tâm Khuyến công of Khánh Hòa under "SỞ CÔNG THƯƠNG KHÁNH HÒA"), not the UBND
    tỉnh (Ninh Thuận's Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch of 2024–2025)."""
    return body.id != sct.id and vn_upper(sct.header_name) in body.header_parent


def _thi_hanh(executes: str, s: DossierSnapshot, bodies: Bodies) -> str:
    """Điều 3's list of those who carry the decision out: only bodies its issuer directs."""
    # the Sở's decisions: its own offices, and the Trung tâm when it is a unit of its own; a
    # decision of the approving body, when that is the Sở by delegation, is one of them (and names
    # the beneficiary): the Giám đốc Sở charges neither the UBND's office, nor another Sở, nor a
    # commune, nor himself
    co_so = s.beneficiary.name if s.beneficiary else ""
    if executes != "ubnd" or _delegated(bodies):
        ttkc = bodies[TTKC]
        charged = ["Chánh Văn phòng Sở", "Trưởng phòng Quản lý công nghiệp"]
        charged += [f"Giám đốc {ttkc.name}"] if _unit_of_the_so(ttkc, bodies[SCT]) else []
        charged += [co_so] if executes == "ubnd" and co_so else []
        rest = "các thành viên có tên tại Điều 1" if executes == "sct" else "các tổ chức, cá nhân có liên quan"
        return f"{', '.join(charged)} và {rest}"
    commune = s.beneficiary.commune if s.beneficiary and s.beneficiary.commune else "xã nơi thực hiện đề án"
    return (f"Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương, Giám đốc Sở Tài chính, "
            f"Giám đốc {bodies[TTKC].name}, Chủ tịch Ủy ban nhân dân {commune}"
            + (f" và {co_so}" if co_so else ""))


def treasury_of(*bodies: OrgVersion | None) -> str:
    """The Kho bạc that pays the first of `bodies` banking with one, named as on their date."""
    for body in bodies:
        if body and body.bank_name.startswith("Kho bạc"):
            return body.bank_name
    return "Kho bạc Nhà nước"


def _treasury(bodies: Bodies) -> str:
    """The Kho bạc that pays the implementing unit, named as on the document's date."""
    return treasury_of(bodies[TTKC], bodies[SCT])


# The UBND tỉnh's leaders receive its decisions; a decision the Sở takes by delegation reports to
# the UBND tỉnh instead, and is kept by the Sở's office that proposed it, not by the UBND's Phòng
# Kinh tế ("Lưu: VT, KT").
UBND_LEADERS = "Chủ tịch, các Phó Chủ tịch UBND tỉnh"
REPORTED_TO_UBND = "UBND tỉnh (để báo cáo)"


def _recipients(recipients: tuple[str, ...], bodies: Bodies) -> list[str]:
    named = {KHO_BAC: _treasury(bodies), TRUNG_TAM: bodies[TTKC].name}
    if _delegated(bodies):
        named[UBND_LEADERS] = REPORTED_TO_UBND
    return [named.get(r, r) for r in recipients]


def _archive(profile: Profile, bodies: Bodies) -> tuple[str, ...]:
    if profile.tham_quyen == "ubnd" and _delegated(bodies):
        return tuple(dict.fromkeys("QLCN" if unit == "KT" else unit for unit in profile.archive))
    return profile.archive


def _bodies(s: DossierSnapshot, on: date) -> Bodies:
    return {key: s.org(key, on) for key in (OWNER, IMPLEMENTING, SCT, UBND, TTKC)}


def _profile(spec: TemplateSpec) -> Profile:
    """The template's wording beyond the dossier: the [profile] of its manifest."""
    if spec.profile is None:
        raise KeyError(f"template {spec.id!r} has no [profile] in its manifest: give its @template entry "
                       "a profile=Profile(…) in templates_docx/build_templates.py and rebuild")
    return spec.profile


def _delegation(s: DossierSnapshot, profile: Profile, on: date, bodies: Bodies) -> list[str]:
    """A decision of the approving body that the Giám đốc Sở takes by delegation cites the UBND
    tỉnh's act that delegates it, first among the dossier's own lines."""
    act = s.delegation_on(on) if profile.tham_quyen == "ubnd" and _delegated(bodies) else None
    if act is None:
        return []
    return [f"Căn cứ Quyết định số {act.act_number} {format_date(act.act_date)} của {act.act_issuer} về việc ủy "
            "quyền cho Giám đốc Sở Công Thương phê duyệt đề án khuyến công địa phương"]


def _can_cu(s: DossierSnapshot, spec: TemplateSpec, on: date, bodies: Bodies) -> list[str]:
    profile = _profile(spec)
    if not profile.legal_kind:
        return []
    return bases_for(profile.legal_kind, on, province=bodies[OWNER].province,
                     extra=_delegation(s, profile, on, bodies) + _proposal(s, profile.proposal, bodies))


def can_cu_on(snapshot: DossierSnapshot, spec: TemplateSpec, on: date) -> list[str]:
    """The Căn cứ block of `spec` for a document dated `on`: the library's texts in force that day
    (with their amendments as they then stood, the province's resolution then in force) and the
    earlier documents it rests on by their issued numbers. Issuance asks it for the issue date."""
    return _can_cu(snapshot, spec, on, _bodies(snapshot, on))


# What an applicant sends with the Đơn when nothing was uploaded yet (TT 36/2013 Art. 8: the
# beneficiary's papers); the Tờ trình sends the dossier the Sở appraised.
_APPLICANT_PAPERS = ("Bản sao Giấy chứng nhận đăng ký kinh doanh", "Báo giá máy móc thiết bị")
_SUBMITTED_PAPERS = ("Đề án khuyến công", "Biên bản họp Hội đồng thẩm định", "Bản sao giấy chứng nhận đăng ký kinh "
                     "doanh", "Báo giá máy móc thiết bị")


def _attached(spec: TemplateSpec, s: DossierSnapshot) -> list[str]:
    """Hồ sơ gửi kèm: the Đơn lists the applicant's own papers (what was uploaded with the dossier)."""
    if spec.id == "don_de_nghi_ho_tro":
        return list(s.attachments or _APPLICANT_PAPERS)
    return list(_SUBMITTED_PAPERS)


def _dated(s: DossierSnapshot, spec: TemplateSpec, on: date, bodies: Bodies) -> dict[str, Any]:
    """What names the bodies as they were on the document's date: addressees, Nơi nhận, the
    authority line, Căn cứ and Điều 3 (rebuilt for the issue date when the draft is issued)."""
    profile = _profile(spec)
    names = {"ttkc": bodies[TTKC].name, "sct": bodies[SCT].name, "ubnd": bodies[UBND].name,
             "co_so": s.beneficiary.name if s.beneficiary else BLANK}
    recipients = _recipients(profile.recipients, bodies)
    return {
        "kinh_gui": [names.get(k, k) for k in profile.kinh_gui],
        "noi_nhan": recipient_lines(recipients, _archive(profile, bodies)) if recipients else [],
        "tham_quyen": {"sct": f"GIÁM ĐỐC {vn_upper(bodies[SCT].header_name)}",
                       "ubnd": _approving_authority(bodies)}.get(profile.tham_quyen, ""),
        "can_cu": _can_cu(s, spec, on, bodies),
        "thi_hanh": _thi_hanh(profile.executes, s, bodies),
        # a Giám đốc Sở approving by delegation directs his own offices and asks the others
        "uy_quyen": _delegated(bodies),
    }


def dated_on(snapshot: DossierSnapshot, spec: TemplateSpec, on: date) -> dict[str, Any]:
    """The parts of `spec`'s context that depend on the document's date (see `_dated`), for a
    document dated `on`: issuance asks for them for the issue date."""
    return _dated(snapshot, spec, on, _bodies(snapshot, on))


def addressed_to_its_issuer(snapshot: DossierSnapshot, spec: TemplateSpec) -> bool:
    """Whether `spec` would be sent to the body that issues it: the Sở's Tờ trình to the approving
    body when the Sở approves by delegation ("Sở Công Thương kính trình Sở Công Thương …"). Such a
    document is not made: the officer's submission to his Giám đốc is the step itself."""
    profile = spec.profile
    if profile is None or spec.issuer not in ISSUERS:
        return False
    bodies = _bodies(snapshot, _document_date(spec, snapshot.step))
    issuer = bodies[spec.issuer].id
    return any(bodies[k].id == issuer for k in profile.kinh_gui if k in ISSUERS)


def build_context(snapshot: DossierSnapshot, spec: TemplateSpec) -> dict[str, Any]:
    """The full, plain context of template `spec` for the dossier and step of `snapshot`."""
    s = snapshot
    profile = _profile(spec)
    on = _document_date(spec, s.step)
    bodies = _bodies(s, on)
    de_an = _de_an(s, bodies)
    issuer = _issuer(spec, s, bodies)
    contract_number = s.inputs(Trigger.SIGN_CONTRACT).get("contract_number") if spec.doc_type == "HĐ" else None
    co_so = s.beneficiary.name if s.beneficiary else ""
    context = document_frame(
        issuer=issuer, doc_type=spec.doc_type, on=on, number=contract_number, ky=_signer(spec, s, bodies),
        trich_yeu=profile.trich_yeu.format(de_an=s.dossier.title, co_so=co_so, nam=de_an["nam"]))
    context.update(_dated(s, spec, on, bodies))
    context.update({
        "lien_he": f"{s.actor.full_name}, {s.actor.job_title}" if s.actor else BLANK,
        "ho_so_kem_theo": _attached(spec, s),
        "de_an": de_an,
    })
    declared = spec.declared_paths()
    used = {path.split(".")[0].split("[")[0] for path in declared}
    # A template gets only the sections its manifest declares (and only those are computed).
    for key, section in _SECTIONS.items():
        if not used or key in used:
            context[key] = section(s, bodies)
    if not used:
        return context
    for path in PERSONAL_PATHS.keys() - declared:
        _drop(context, path)
    return {key: value for key, value in context.items() if key in used}


def _drop(context: dict[str, Any], path: str) -> None:
    *parents, leaf = path.split(".")
    for key in parents:
        context = context.get(key)
        if not isinstance(context, dict):
            return
    context.pop(leaf, None)


def personal_in(context: dict[str, Any]) -> list[str]:
    """The beneficiary's personal identifiers a stored context carries (their field names)."""
    found = []
    for path, field in PERSONAL_PATHS.items():
        value: Any = context
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if value and value != BLANK:
            found.append(field)
    return found


_SECTIONS: dict[str, Callable[[DossierSnapshot, Bodies], Any]] = {
    "co_so": lambda s, b: _co_so(s),
    "don_vi_thuc_hien": lambda s, b: _org_party(b[TTKC]),
    "hang_muc": lambda s, b: _hang_muc(s),
    "kinh_phi": lambda s, b: _kinh_phi(s),
    "hoi_dong": _hoi_dong,
    "hop": _hop,
    "tham_dinh": _tham_dinh,
    "bo_sung": lambda s, b: _bo_sung(s),
    "hop_dong": _hop_dong,
    "kiem_tra": lambda s, b: _kiem_tra(s),
    "dieu_chinh": lambda s, b: _dieu_chinh(s),
    "ngung": lambda s, b: _ngung(s),
    "nghiem_thu": _nghiem_thu,
    "thanh_ly": _thanh_ly,
    "quyet_toan": lambda s, b: _quyet_toan(s),
    "duyet_quyet_toan": lambda s, b: _duyet_quyet_toan(s),
}
