"""Chương trình khuyến công (five-year programme), its content groups, annual plans and batches."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, Timestamped


class Programme(Timestamped, Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    province: Mapped[str] = mapped_column(String(100))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    budget_envelope: Mapped[int] = mapped_column(BigInteger)  # đồng
    decision_ref: Mapped[str] = mapped_column(String(255), default="")  # "Quyết định số … ngày …"

    content_groups: Mapped[list[ContentGroup]] = relationship(
        back_populates="programme", order_by="ContentGroup.position"
    )
    plans: Mapped[list[Plan]] = relationship(back_populates="programme", order_by="Plan.year")


class ContentGroup(Base):
    """One of the programme's content groups (nhóm nội dung), mapped to a cap content type."""

    __tablename__ = "content_groups"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500))
    # The MOIT "six main contents" reporting group (domain.md §4.1, §9.2).
    reporting_group: Mapped[int] = mapped_column(Integer, default=1)
    # Default support type for dossiers of this group (key of support_cap_rules.content_type).
    default_support_type: Mapped[str] = mapped_column(String(60), default="")
    budget_envelope: Mapped[int] = mapped_column(BigInteger, default=0)

    programme: Mapped[Programme] = relationship(back_populates="content_groups")


class Plan(Timestamped, Base):
    """Kế hoạch khuyến công năm N."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("programme_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    budget: Mapped[int] = mapped_column(BigInteger, default=0)

    programme: Mapped[Programme] = relationship(back_populates="plans")
    batches: Mapped[list[Batch]] = relationship(back_populates="plan", order_by="Batch.number")


class Batch(Base):
    """Đợt: provinces approve a year's dossiers in several batches."""

    __tablename__ = "batches"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    registration_deadline: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="batches")
