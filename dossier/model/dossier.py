"""Đề án khuyến công: the aggregate every workflow step works on."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, Timestamped, UTCDateTime, utcnow
from dossier.model.beneficiary import Beneficiary
from dossier.model.organisation import Organisation
from dossier.model.programme import Batch, ContentGroup, Plan
from dossier.vn.numbers import percent
from dossier.vn.people import GENDERS
from workflows.states import Status

FUNDING_SOURCES = ("dia_phuong", "quoc_gia")
FUNDING_SOURCE_LABELS = {"dia_phuong": "Khuyến công địa phương", "quoc_gia": "Khuyến công quốc gia"}


# The list's filters with an index each (name, leading columns); see Dossier.__table_args__.
LIST_INDEXES = (("status", ("status",)), ("commune", ("commune",)), ("status_commune", ("status", "commune")),
                ("plan", ("plan_id",)), ("batch", ("batch_id",)), ("group", ("content_group_id",)))


class Dossier(Timestamped, Base):
    __tablename__ = "dossiers"
    __table_args__ = (
        CheckConstraint(f"status IN {tuple(s.value for s in Status)}", name="status"),
        CheckConstraint(f"funding_source IN {FUNDING_SOURCES}", name="funding_source"),
        CheckConstraint("requested_support >= 0", name="support_not_negative"),
        # The web list: one body's dossiers, newest change first, read from the index alone.
        Index("ix_dossiers_owner_updated", "owner_org_id", "updated_at"),
        # Each filter of the list walks its own index in list order (newest change first), so a
        # page costs the same at 10,000 and 100,000 dossiers (bench/bench_web.py); the owner at
        # the end lets the access scope and capped counts be checked from the index alone.
        *(Index(f"ix_dossiers_{name}_updated", *columns, "updated_at", "id", "owner_org_id")
          for name, columns in LIST_INDEXES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # "KC-2026-007"
    title: Mapped[str] = mapped_column(String(500))
    # Organisation whose officers handle the dossier: the access scope.
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    implementing_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    content_group_id: Mapped[int | None] = mapped_column(ForeignKey("content_groups.id"))
    support_type: Mapped[str] = mapped_column(String(60), default="")  # key of the cap rules
    is_technology_line: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"))
    funding_source: Mapped[str] = mapped_column(String(20), default="dia_phuong")
    location: Mapped[str] = mapped_column(String(500), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    necessity: Mapped[str] = mapped_column(Text, default="")  # sự cần thiết
    objectives: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")  # hiệu quả kinh tế - xã hội, môi trường
    implementation_plan: Mapped[str] = mapped_column(Text, default="")  # tổ chức thực hiện
    partners: Mapped[str] = mapped_column(String(500), default="")  # đơn vị phối hợp
    requested_support: Mapped[int] = mapped_column(BigInteger, default=0)  # kinh phí khuyến công, đồng
    status: Mapped[str] = mapped_column(String(30), default=Status.DRAFT.value)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Diacritics-free copy of the searchable text ("may say tao" finds "máy sấy táo").
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The beneficiary's commune, copied here so the list's commune filter has an ordered index.
    commune: Mapped[str] = mapped_column(String(255), default="")

    # SQLAlchemy adds "AND version = :old" to every UPDATE: a lost update becomes StaleDataError.
    __mapper_args__ = {"version_id_col": version}

    owner_org: Mapped[Organisation] = relationship(foreign_keys=[owner_org_id])
    implementing_org: Mapped[Organisation | None] = relationship(foreign_keys=[implementing_org_id])
    beneficiary: Mapped[Beneficiary | None] = relationship()
    content_group: Mapped[ContentGroup | None] = relationship()
    plan: Mapped[Plan | None] = relationship()
    batch: Mapped[Batch | None] = relationship()
    council: Mapped[Council | None] = relationship()
    items: Mapped[list[DossierItem]] = relationship(
        back_populates="dossier", order_by="DossierItem.position", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[Review]] = relationship(back_populates="dossier", cascade="all, delete-orphan")

    @property
    def total_cost(self) -> int:
        """Tổng kinh phí: the sum of the item lines, in đồng."""
        return sum(item.amount for item in self.items)

    @property
    def support(self) -> int:
        """Kinh phí khuyến công hỗ trợ."""
        return self.requested_support

    @property
    def counterpart(self) -> int:
        """Vốn đối ứng of the beneficiary."""
        return self.total_cost - self.requested_support

    @property
    def support_percent(self) -> Decimal:
        if self.total_cost == 0:
            return Decimal(0)
        return percent(self.requested_support, self.total_cost)


class DossierCount(Base):
    """How many dossiers each body has per state and commune, kept by database triggers.

    The list's totals and its commune menu read this small table instead of counting the
    dossiers (the baseline migration creates the triggers, so every insert, step or edit updates it in
    its own transaction, whichever code path wrote the dossier).
    """

    __tablename__ = "dossier_counts"

    owner_org_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    commune: Mapped[str] = mapped_column(String(255), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class CacheVersion(Base):
    """A number bumped by database triggers whenever what a process cache holds changes.

    "reference": plans, batches, programmes, content groups, organisations (the filter menus and
    the organisation tree); "communes": a (body, state, commune) counter appears or reaches or
    leaves zero (the commune menu, the bodies that hold dossiers). A process keeps such values
    with the version it read them at and reads the versions once per page: every node sees a
    change at its next page, whichever code or node wrote it (the baseline migration's triggers).
    """

    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class DossierItem(Base):
    """A line of the estimate: a machine or an activity, with its specification and price."""

    __tablename__ = "dossier_items"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500))
    specification: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(255), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str] = mapped_column(String(50), default="cái")
    unit_price: Mapped[int] = mapped_column(BigInteger, default=0)

    dossier: Mapped[Dossier] = relationship(back_populates="items")

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


COUNCIL_ROLES = ("chair", "vice_chair", "member", "secretary")
COUNCIL_ROLE_LABELS = {
    "chair": "Chủ tịch Hội đồng",
    "vice_chair": "Phó Chủ tịch Hội đồng",
    "member": "Ủy viên",
    "secretary": "Thư ký",
}


class Council(Timestamped, Base):
    """Hội đồng thẩm định: quorum and pass rule are data, as provinces differ (domain.md §2.3)."""

    __tablename__ = "councils"
    __table_args__ = (
        CheckConstraint("scoring_mode IN ('pass_fail', 'score')", name="scoring_mode"),
        CheckConstraint("quorum_numerator > 0 AND quorum_denominator >= quorum_numerator", name="quorum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer)
    scoring_mode: Mapped[str] = mapped_column(String(20), default="pass_fail")
    # Share of voting members whose reviews are needed (2/3 by default, [R] domain.md §2.3).
    quorum_numerator: Mapped[int] = mapped_column(Integer, default=2)
    quorum_denominator: Mapped[int] = mapped_column(Integer, default=3)
    # pass_fail: more than half of the reviews say "đạt"; score: average ≥ pass_score.
    pass_score: Mapped[int] = mapped_column(Integer, default=80)

    organisation: Mapped[Organisation] = relationship()
    members: Mapped[list[CouncilMember]] = relationship(
        back_populates="council", order_by="CouncilMember.position", cascade="all, delete-orphan"
    )


class CouncilMember(Base):
    __tablename__ = "council_members"
    __table_args__ = (CheckConstraint(f"role IN {COUNCIL_ROLES}", name="role"),
                      CheckConstraint(f"gender IN {GENDERS}", name="gender"))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    unit: Mapped[str] = mapped_column(String(255), default="")
    gender: Mapped[str] = mapped_column(String(8), default="", server_default="")  # dossier.vn.people
    role: Mapped[str] = mapped_column(String(20), default="member")
    # The secretary from the Trung tâm often presents and does not vote.
    voting: Mapped[bool] = mapped_column(Boolean, default=True)

    council: Mapped[Council] = relationship(back_populates="members")


class Review(Timestamped, Base):
    """Phiếu nhận xét, đánh giá: one per council member per dossier."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        CheckConstraint("recommended_support IS NULL OR recommended_support >= 0", name="support"),
        # one per member per dossier
        UniqueConstraint("dossier_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    score: Mapped[int | None] = mapped_column(Integer)
    criteria_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"tieu_chi", "diem_toi_da", "diem"}]
    comment: Mapped[str] = mapped_column(Text, default="")
    recommended_support: Mapped[int | None] = mapped_column(BigInteger)

    dossier: Mapped[Dossier] = relationship(back_populates="reviews")
    member: Mapped[CouncilMember] = relationship()

    @property
    def criteria(self) -> list[dict]:
        """The member's marks per criterion: [{"ten", "diem_toi_da", "dat"}] (empty when none)."""
        return json.loads(self.criteria_json or "[]")
