"""Issuing bodies and their people."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, Timestamped, UTCDateTime
from dossier.vn.people import GENDERS
from workflows.states import Role

ORG_KINDS = ("ubnd_tinh", "so_cong_thuong", "trung_tam_khuyen_cong", "don_vi_khac")
SIGNING_CAPACITIES = ("direct", "TM", "KT", "TL", "TUQ")
# Who approves a province's đề án (domain.md §2.2 item 4): the UBND tỉnh (Chủ tịch or a Phó Chủ
# tịch signs, TM. ỦY BAN NHÂN DÂN), or the Giám đốc Sở Công Thương by delegation. A setting of the Sở.
APPROVAL_AUTHORITIES = ("ubnd_tinh", "so_cong_thuong")


class Organisation(Timestamped, Base):
    """An issuing body. Its names are data, not template text: they changed in 2025."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(f"kind IN {ORG_KINDS}", name="kind"),
                      CheckConstraint(f"approval_authority IN {APPROVAL_AUTHORITIES}", name="approval_authority"))

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(255))  # "Sở Công Thương tỉnh Khánh Hòa"
    header_parent: Mapped[str] = mapped_column(String(255), default="")  # "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    header_name: Mapped[str] = mapped_column(String(255))  # "SỞ CÔNG THƯƠNG"
    abbreviation: Mapped[str] = mapped_column(String(20))  # used in document numbers: SCT, UBND, TTKC
    place_name: Mapped[str] = mapped_column(String(100))  # date line: "Khánh Hòa, ngày …"
    province: Mapped[str] = mapped_column(String(100))
    # Title of the head, used in signature blocks: "GIÁM ĐỐC", "CHỦ TỊCH".
    head_title: Mapped[str] = mapped_column(String(100), default="GIÁM ĐỐC")
    head_name: Mapped[str] = mapped_column(String(255), default="")  # who represents the body in contracts
    # The collective for "TM." blocks (UBND): "ỦY BAN NHÂN DÂN"; empty for a single-head body.
    collective_name: Mapped[str] = mapped_column(String(100), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    bank_account: Mapped[str] = mapped_column(String(50), default="")
    bank_name: Mapped[str] = mapped_column(String(255), default="")

    # The value in force today; its history by date is in ApprovalAuthorityVersion.
    approval_authority: Mapped[str] = mapped_column(String(20), default="ubnd_tinh", server_default="ubnd_tinh")

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])
    authority_versions: Mapped[list[ApprovalAuthorityVersion]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan",
        order_by="ApprovalAuthorityVersion.valid_from.asc().nullsfirst()")
    # Its history (OrganisationVersion), oldest first; none: the row is its only version.
    versions: Mapped[list[OrganisationVersion]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan",
        order_by="OrganisationVersion.valid_from.asc().nullsfirst()")


# What a document prints of a body, and so what changes by date (a merger, a new director).
VERSIONED_FIELDS = ("name", "header_parent", "header_name", "abbreviation", "place_name", "province",
                    "head_title", "head_name", "collective_name", "address", "phone", "tax_code",
                    "bank_account", "bank_name")


class OrganisationVersion(Timestamped, Base):
    """A body's names, head, place and address as they stood from `valid_from` (None: since
    always) until its next version. The `organisations` row mirrors the version in force today,
    so lists and forms show the current name; documents ask for the version of their own date
    (services/snapshot), so a 2024 decision still reads "Ủy ban nhân dân tỉnh Ninh Thuận"."""

    __tablename__ = "organisation_versions"
    __table_args__ = (UniqueConstraint("organisation_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(255))
    header_parent: Mapped[str] = mapped_column(String(255), default="")
    header_name: Mapped[str] = mapped_column(String(255))
    abbreviation: Mapped[str] = mapped_column(String(20))
    place_name: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(100))
    head_title: Mapped[str] = mapped_column(String(100), default="GIÁM ĐỐC")
    head_name: Mapped[str] = mapped_column(String(255), default="")
    collective_name: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    bank_account: Mapped[str] = mapped_column(String(50), default="")
    bank_name: Mapped[str] = mapped_column(String(255), default="")
    # Why it changed, for the administrator's list: "Hợp nhất tỉnh (Nghị quyết số 202/2025/QH15)".
    note: Mapped[str] = mapped_column(String(500), default="")

    organisation: Mapped[Organisation] = relationship(back_populates="versions")

    @classmethod
    def of(cls, org: Organisation, valid_from: date | None, note: str = "") -> OrganisationVersion:
        """A version holding what `org`'s row holds now (not yet among its versions: append it)."""
        return cls(valid_from=valid_from, note=note, **{name: getattr(org, name) for name in VERSIONED_FIELDS})


class ApprovalAuthorityVersion(Timestamped, Base):
    """The Sở's `approval_authority` from `valid_from` (None: since always) until its next
    version. A decision the UBND tỉnh issued before the Sở was delegated keeps the UBND's
    authority line, Điều 3 and Căn cứ when its text is rebuilt later (a paper copy numbered, a
    draft issued): documents ask for the value of their own date (services/snapshot)."""

    __tablename__ = "approval_authority_versions"
    __table_args__ = (UniqueConstraint("organisation_id", "valid_from"),
                      CheckConstraint(f"authority IN {APPROVAL_AUTHORITIES}", name="authority"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    authority: Mapped[str] = mapped_column(String(20))
    # the UBND tỉnh's decision that delegates approval to the Giám đốc Sở ("15/2026/QĐ-UBND" of its
    # date): the Sở's decisions under it cite it in their Căn cứ
    act_number: Mapped[str | None] = mapped_column(String(40))
    act_date: Mapped[date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship(back_populates="authority_versions")


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"signing_capacity IN {SIGNING_CAPACITIES}", name="capacity"),
                      CheckConstraint(f"gender IN {GENDERS}", name="gender"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    job_title: Mapped[str] = mapped_column(String(100), default="")  # "Phó Giám đốc"
    # "male" / "female" / "" (not recorded): documents print "Ông"/"Bà" from it (dossier.vn.people).
    gender: Mapped[str] = mapped_column(String(8), default="", server_default="")
    # How this person signs: "KT" for a deputy signing for the head ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC").
    signing_capacity: Mapped[str] = mapped_column(String(8), default="direct")
    email: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout-everywhere, password or role change: old session cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Two-factor sign-in (TOTP, RFC 6238): the base32 secret once enrolled and confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by an administrator's reset: the next sign-in must choose a new password.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation: Mapped[Organisation] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.role_rows)

    def has_role(self, role: Role) -> bool:
        return role in self.roles


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (
        UniqueConstraint("user_id", "role"),
        CheckConstraint(f"role IN {tuple(r.value for r in Role)}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
