"""Builders shared by the core tests: a realistic dossier and a one-line way to fire a step."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from dossier.model import ContentGroup, Council, Dossier, Plan
from dossier.services.dossiers import BeneficiaryData, DossierData, ItemData, create_dossier, record_review
from dossier.services.transitions import TransitionResult, fire
from dossier.services.uow import Database
from dossier.services.walk import Reviews, walk_to
from workflows import Role, Status, Trigger


def dossier_data(db: Database, *, support: int = 130_000_000, year: int = 2026) -> DossierData:
    with db.read() as session:
        group = session.scalars(select(ContentGroup).where(ContentGroup.code == "G1")
                                .order_by(ContentGroup.id.desc())).first()
        plan = session.scalars(select(Plan).where(Plan.year == year)).first()
        council = session.scalars(select(Council).where(Council.year == year)).first()
        ids = (group.id, plan.id if plan else None, plan.batches[0].id if plan else None,
               council.id if council else None)
    return DossierData(
        title="Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến táo sấy",
        content_group_id=ids[0], plan_id=ids[1], batch_id=ids[2], council_id=ids[3],
        location="thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
        start_date=date(year, 3, 1), end_date=date(year, 11, 30),
        objectives="Nâng cao năng suất táo sấy.", expected_results="Công suất 500 kg/mẻ.",
        requested_support=support,
        beneficiary=BeneficiaryData(kind="ho_kinh_doanh", name="Hộ kinh doanh Trung Tuấn",
                                    representative="Nguyễn Trung Tuấn", representative_title="Chủ hộ",
                                    hamlet="thôn Thuận Hòa", commune="xã Phước Thuận", province="Khánh Hòa",
                                    tax_code="4500345678", workers=12,
                                    registration_number="45H8012345", registration_date=date(2015, 4, 9),
                                    representative_id_number="045081002345", bank_account="4501205123456",
                                    bank_name="Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam"
                                              " - Chi nhánh Khánh Hòa"),
        items=[ItemData("Lò sấy táo bằng nhiệt đối lưu", 1, 210_000_000, "hệ thống", "500 kg/mẻ", "Việt Nam"),
               ItemData("Máy rửa táo băng chuyền", 1, 45_000_000, "máy", "1 tấn/giờ", "Việt Nam"),
               ItemData("Máy đóng gói hút chân không", 1, 35_000_000, "máy", "DZ-400", "Trung Quốc")],
    )


def new_dossier(db: Database, users: dict[str, int], **kwargs: Any) -> int:
    return create_dossier(db, users["chuyenvien"], dossier_data(db, **kwargs))


def version_of(db: Database, dossier_id: int) -> int:
    with db.read() as session:
        return session.get(Dossier, dossier_id).version


def advance(db: Database, users: dict[str, int], who: str, dossier_id: int, trigger: Trigger,
            **inputs: Any) -> TransitionResult:
    return fire(db, actor_id=users[who], dossier_id=dossier_id, trigger=trigger,
                expected_version=version_of(db, dossier_id), inputs=inputs)


def advance_signed(db: Database, users: dict[str, int], who: str, dossier_id: int, trigger: Trigger,
                   **inputs: Any) -> TransitionResult:
    """A step that signs (approve, adjust, stop): `who` signs its decision on paper, the number is
    entered in the register in the step's transaction (issuance.paper)."""
    from dossier.services.issuance.paper import paper_issuer
    from dossier.vn.vntime import now_vn

    return fire(db, actor_id=users[who], dossier_id=dossier_id, trigger=trigger,
                expected_version=version_of(db, dossier_id), inputs=inputs,
                issue=paper_issuer(users[who], now_vn().date()))


ACTORS = {Role.OFFICER: "chuyenvien", Role.LEADER: "giamdoc", Role.CLERK: "vanthu"}
REVIEWS = Reviews(comment="Nhận xét", recommended_support=130_000_000)


def walk_dossier(db: Database, users: dict[str, int], dossier_id: int, goal: Status,
                 **options: Any) -> list[TransitionResult]:
    """`walk_to` as the demo's officer, director and clerk, with the tests' council reviews."""
    options.setdefault("reviews", REVIEWS)
    return walk_to(db, dossier_id, goal, actors={role: users[name] for role, name in ACTORS.items()}, **options)


def review_all(db: Database, users: dict[str, int], dossier_id: int, passed: bool = True) -> None:
    with db.read() as session:
        members = [m.id for m in session.get(Dossier, dossier_id).council.members if m.voting]
    for member_id in members:
        record_review(db, users["chuyenvien"], dossier_id, member_id, passed=passed, score=85 if passed else 40,
                      comment=REVIEWS.comment, recommended_support=REVIEWS.recommended_support)
