"""Create and edit dossiers and their item lines; record council reviews.

Every edit carries the version the user saw: a stale one is refused, never silently merged.
Validation returns every problem at once, keyed by field, in Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dossier.documents.context import DEFAULT_CRITERIA
from dossier.errors import Forbidden, NotFound, Refused, StaleVersion, ValidationFailed
from dossier.model import (
    BENEFICIARY_KINDS,
    COUNCIL_ROLE_LABELS,
    FUNDING_SOURCE_LABELS,
    Beneficiary,
    ContentGroup,
    Dossier,
    DossierItem,
    Review,
    User,
)
from dossier.services import audit
from dossier.services.access import load_user, require_visible
from dossier.services.uow import Database, lock_dossier
from dossier.vn.people import GENDERS
from dossier.vn.text import fold, nfc
from dossier.vn.vntime import today_vn
from workflows.labels import status_label
from workflows.states import EDITABLE, Role, Status

MAX_ITEMS = 200
MAX_AMOUNT = 10**15  # a dossier over a million billion đồng is a typing error


@dataclass
class ItemData:
    name: str
    quantity: int
    unit_price: int
    unit: str = "cái"
    specification: str = ""
    origin: str = ""


@dataclass
class BeneficiaryData:
    kind: str
    name: str
    tax_code: str = ""
    registration_number: str = ""
    registration_date: date | None = None
    registration_issuer: str = ""
    representative: str = ""
    representative_title: str = ""
    representative_gender: str = ""  # "male" / "female" / "" (dossier.vn.people)
    street: str = ""
    hamlet: str = ""
    commune: str = ""
    province: str = ""
    phone: str = ""
    representative_id_number: str = ""
    bank_account: str = ""
    bank_name: str = ""
    sector: str = ""
    products: str = ""
    workers: int = 0
    capacity: str = ""
    women_owned: bool = False
    ethnic_minority_owned: bool = False


@dataclass
class DossierData:
    title: str
    content_group_id: int | None = None
    support_type: str = ""
    is_technology_line: bool = False
    beneficiary_id: int | None = None
    beneficiary: BeneficiaryData | None = None
    implementing_org_id: int | None = None
    plan_id: int | None = None
    batch_id: int | None = None
    council_id: int | None = None
    funding_source: str = "dia_phuong"
    location: str = ""
    start_date: date | None = None
    end_date: date | None = None
    necessity: str = ""
    objectives: str = ""
    expected_results: str = ""
    impact: str = ""
    implementation_plan: str = ""
    partners: str = ""
    requested_support: int = 0
    items: list[ItemData] = field(default_factory=list)


def validate(data: DossierData) -> dict[str, str]:
    """Field → Vietnamese message for everything wrong with `data` (empty when it is fine)."""
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Cần nhập tên đề án."
    elif len(data.title) > 500:
        errors["title"] = "Tên đề án dài quá 500 ký tự."
    if data.funding_source not in FUNDING_SOURCE_LABELS:
        errors["funding_source"] = "Nguồn kinh phí không hợp lệ."
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if not isinstance(data.requested_support, int) or isinstance(data.requested_support, bool):
        errors["requested_support"] = "Kinh phí hỗ trợ phải là số nguyên (đồng)."
    elif not 0 <= data.requested_support <= MAX_AMOUNT:
        errors["requested_support"] = "Kinh phí hỗ trợ không hợp lệ."
    if len(data.items) > MAX_ITEMS:
        errors["items"] = f"Tối đa {MAX_ITEMS} hạng mục."
    for i, item in enumerate(data.items, start=1):
        if not item.name.strip():
            errors[f"items-{i}-name"] = f"Hạng mục {i}: cần nhập tên."
        if not isinstance(item.quantity, int) or item.quantity <= 0:
            errors[f"items-{i}-quantity"] = f"Hạng mục {i}: số lượng phải là số nguyên dương."
        if not isinstance(item.unit_price, int) or not 0 <= item.unit_price <= MAX_AMOUNT:
            errors[f"items-{i}-unit_price"] = f"Hạng mục {i}: đơn giá phải là số tiền hợp lệ (đồng)."
    total = sum(i.quantity * i.unit_price for i in data.items
                if isinstance(i.quantity, int) and isinstance(i.unit_price, int))
    if "requested_support" not in errors and data.items and data.requested_support > total:
        errors["requested_support"] = "Kinh phí hỗ trợ không được lớn hơn tổng kinh phí của các hạng mục."
    if data.beneficiary is not None:
        b = data.beneficiary
        if b.kind not in BENEFICIARY_KINDS:
            errors["beneficiary-kind"] = "Loại hình cơ sở không hợp lệ."
        if not b.name.strip():
            errors["beneficiary-name"] = "Cần nhập tên cơ sở thụ hưởng."
        if b.tax_code and not (b.tax_code.replace("-", "").isdigit() and len(b.tax_code.replace("-", "")) in (10, 13)):
            errors["beneficiary-tax_code"] = "Mã số thuế gồm 10 hoặc 13 chữ số."
        id_digits = b.representative_id_number.replace(" ", "")
        if id_digits and not (id_digits.isdigit() and len(id_digits) in (9, 12)):
            errors["beneficiary-representative_id_number"] = "Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số)."
        account = b.bank_account.replace(" ", "").replace(".", "").replace("-", "")
        if account and not (account.isdigit() and 6 <= len(account) <= 20):
            errors["beneficiary-bank_account"] = "Số tài khoản ngân hàng gồm 6 đến 20 chữ số."
        if b.workers < 0:
            errors["beneficiary-workers"] = "Số lao động không hợp lệ."
        if b.representative_gender not in GENDERS:
            errors["beneficiary-representative_gender"] = "Giới tính người đại diện không hợp lệ."
    return errors


def _clean_text(data: Any) -> None:
    """NFC every string field in place: Word and the browser may send decomposed text."""
    for name, value in vars(data).items():
        if isinstance(value, str):
            setattr(data, name, nfc(value).strip())


def _apply(session: Session, dossier: Dossier, data: DossierData, actor: User) -> None:
    _clean_text(data)
    for item in data.items:
        _clean_text(item)
    if data.beneficiary is not None:
        _clean_text(data.beneficiary)
        beneficiary = session.get(Beneficiary, data.beneficiary_id) if data.beneficiary_id else None
        if beneficiary is None:
            beneficiary = Beneficiary(organisation_id=actor.organisation_id)
            session.add(beneficiary)
        moved = beneficiary.id is not None and beneficiary.commune != data.beneficiary.commune
        for name, value in vars(data.beneficiary).items():
            setattr(beneficiary, name, value)
        dossier.beneficiary = beneficiary
        if moved:  # the beneficiary's other dossiers carry its commune for the list's filter
            session.execute(update(Dossier).where(Dossier.beneficiary_id == beneficiary.id)
                            .values(commune=beneficiary.commune).execution_options(synchronize_session=False))
    elif data.beneficiary_id is not None:
        beneficiary = session.get(Beneficiary, data.beneficiary_id)
        if beneficiary is None or beneficiary.organisation_id != actor.organisation_id:
            raise ValidationFailed({"beneficiary_id": "Cơ sở thụ hưởng không tồn tại."})
        dossier.beneficiary = beneficiary
    group = session.get(ContentGroup, data.content_group_id) if data.content_group_id else None
    if data.content_group_id and group is None:
        raise ValidationFailed({"content_group_id": "Nhóm nội dung không tồn tại."})
    for name in ("title", "content_group_id", "is_technology_line", "implementing_org_id", "plan_id",
                 "batch_id", "council_id", "funding_source", "location", "start_date", "end_date", "necessity",
                 "objectives", "expected_results", "impact", "implementation_plan", "partners",
                 "requested_support"):
        setattr(dossier, name, getattr(data, name))
    dossier.support_type = data.support_type or (group.default_support_type if group else "")
    dossier.items = [
        DossierItem(position=i, name=it.name, specification=it.specification, origin=it.origin,
                    quantity=it.quantity, unit=it.unit or "cái", unit_price=it.unit_price)
        for i, it in enumerate(data.items, start=1)
    ]
    beneficiary_name = dossier.beneficiary.name if dossier.beneficiary else ""
    commune = dossier.beneficiary.commune if dossier.beneficiary else ""
    dossier.commune = commune
    dossier.search_text = fold(" ".join([dossier.code or "", dossier.title, beneficiary_name, commune,
                                         dossier.location, " ".join(i.name for i in dossier.items)]))


def _next_code(session: Session, year: int) -> str:
    prefix = f"KC-{year}-"
    count = session.scalar(select(func.count()).where(Dossier.code.like(prefix + "%"))) or 0
    return f"{prefix}{count + 1:03d}"


def _require_officer(user: User) -> None:
    if Role.OFFICER not in user.roles:
        raise Forbidden("Chỉ chuyên viên được lập và sửa hồ sơ đề án.")


def create_dossier(db: Database, actor_id: int, data: DossierData, *, today: date | None = None) -> int:
    errors = validate(data)
    if errors:
        raise ValidationFailed(errors)
    today = today or today_vn()
    with db.write() as session:
        actor = load_user(session, actor_id)
        _require_officer(actor)
        dossier = Dossier(code=_next_code(session, today.year), owner_org_id=actor.organisation_id,
                          created_by_id=actor.id, status=Status.DRAFT.value, title="")
        with session.no_autoflush:  # one INSERT, so the new dossier starts at version 1
            _apply(session, dossier, data, actor)
        session.add(dossier)
        session.flush()
        audit.append(session, actor_id=actor.id, action="dossier.create", object_type="dossier",
                     object_id=dossier.id, payload=snapshot(dossier))
        return dossier.id


def update_dossier(db: Database, actor_id: int, dossier_id: int, expected_version: int, data: DossierData) -> int:
    """Save an edit made on version `expected_version`; returns the new version."""
    errors = validate(data)
    if errors:
        raise ValidationFailed(errors)
    with db.write() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, lock_dossier(session, dossier_id))
        _require_officer(actor)
        if dossier.version != expected_version:
            raise StaleVersion(expected_version, dossier.version)
        if Status(dossier.status) not in EDITABLE:
            raise Refused([f"Hồ sơ đang ở trạng thái “{status_label(dossier.status)}”, không được sửa nội dung."])
        before = snapshot(dossier)
        with session.no_autoflush:  # one UPDATE: each save is exactly one new version
            _apply(session, dossier, data, actor)
        session.flush()
        audit.append(session, actor_id=actor.id, action="dossier.update", object_type="dossier",
                     object_id=dossier.id, payload={"before": before, "after": snapshot(dossier)})
        return dossier.version


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """The dossier's own data as plain values (audit payloads, conflict pages)."""
    return {
        "code": dossier.code, "title": dossier.title, "status": dossier.status,
        "beneficiary_id": dossier.beneficiary_id, "content_group_id": dossier.content_group_id,
        "support_type": dossier.support_type, "location": dossier.location,
        "start_date": dossier.start_date, "end_date": dossier.end_date,
        "requested_support": dossier.requested_support, "total_cost": dossier.total_cost,
        "items": [[i.name, i.quantity, i.unit, i.unit_price] for i in dossier.items],
    }


def _checked_criteria(criteria: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The member's per-criterion marks: each a name and Đạt (True) / Không đạt (False) / not marked."""
    checked = []
    for i, c in enumerate(criteria or [], start=1):
        if not str(c.get("ten", "")).strip() or c.get("dat") not in (True, False, None):
            raise ValidationFailed({"criteria": f"Tiêu chí {i}: cần tên và Đạt / Không đạt."})
        checked.append({**c, "ten": nfc(str(c["ten"]).strip())})
    return checked


# The Phiếu nhận xét's criteria (name, top score), for the form that enters a member's marks.
REVIEW_CRITERIA = DEFAULT_CRITERIA


def record_review(db: Database, actor_id: int, dossier_id: int, member_id: int, *, passed: bool | None,
                  score: int | None = None, comment: str = "", recommended_support: int | None = None,
                  criteria: list[dict[str, Any]] | None = None) -> None:
    """Enter (or correct) one council member's Phiếu nhận xét while the dossier is under appraisal."""
    import json

    with db.write() as session:
        actor = load_user(session, actor_id)
        dossier = require_visible(session, actor, lock_dossier(session, dossier_id))
        _require_officer(actor)
        if dossier.status != Status.UNDER_APPRAISAL.value:
            raise Refused(["Chỉ ghi phiếu nhận xét khi hồ sơ đang thẩm định."])
        member = next((m for m in dossier.council.members if m.id == member_id), None) if dossier.council else None
        if member is None:
            raise NotFound("Thành viên không thuộc Hội đồng thẩm định của đề án.")
        if not member.voting and (passed is not None or score is not None or criteria):
            raise Refused([f"{member.full_name} là {COUNCIL_ROLE_LABELS.get(member.role, member.role)}, không biểu "
                           "quyết: không ghi phiếu đánh giá."])
        if score is not None and not 0 <= score <= 100:
            raise ValidationFailed({"score": "Điểm phải từ 0 đến 100."})
        criteria = _checked_criteria(criteria)
        review = next((r for r in dossier.reviews if r.member_id == member_id), None)
        if review is None:
            review = Review(member_id=member_id)
            dossier.reviews.append(review)
        review.passed, review.score, review.comment = passed, score, nfc(comment)
        review.recommended_support = recommended_support
        review.criteria_json = json.dumps(criteria or [], ensure_ascii=False)
        session.flush()
        audit.append(session, actor_id=actor.id, action="review.record", object_type="dossier",
                     object_id=dossier.id, payload={"member": member.full_name, "passed": passed, "score": score,
                                                    "recommended_support": recommended_support})
