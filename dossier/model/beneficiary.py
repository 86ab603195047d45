"""Cơ sở công nghiệp nông thôn: the establishment a đề án supports."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dossier.model.base import Base, Timestamped
from dossier.model.crypto import EncryptedText
from dossier.vn.people import GENDERS

BENEFICIARY_KINDS = ("dnnvv", "htx", "to_hop_tac", "ho_kinh_doanh")
BENEFICIARY_KIND_LABELS = {
    "dnnvv": "Doanh nghiệp nhỏ và vừa",
    "htx": "Hợp tác xã",
    "to_hop_tac": "Tổ hợp tác",
    "ho_kinh_doanh": "Hộ kinh doanh",
}


class Beneficiary(Timestamped, Base):
    __tablename__ = "beneficiaries"
    __table_args__ = (
        CheckConstraint(f"kind IN {BENEFICIARY_KINDS}", name="kind"),
        CheckConstraint(f"representative_gender IN {GENDERS}", name="representative_gender"),
        # the list page's commune menu: DISTINCT commune of one body's beneficiaries, from the index
        Index("ix_beneficiaries_org_commune", "organisation_id", "commune"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation whose officers manage this record (access scope).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(255))
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    registration_number: Mapped[str] = mapped_column(String(50), default="")
    registration_date: Mapped[date | None] = mapped_column(Date)
    registration_issuer: Mapped[str] = mapped_column(String(255), default="")
    representative: Mapped[str] = mapped_column(String(255), default="")
    representative_title: Mapped[str] = mapped_column(String(100), default="")
    representative_gender: Mapped[str] = mapped_column(String(8), default="", server_default="")  # vn.people
    street: Mapped[str] = mapped_column(String(255), default="")  # số nhà, đường
    hamlet: Mapped[str] = mapped_column(String(255), default="")  # thôn, ấp, khu phố
    commune: Mapped[str] = mapped_column(String(255), default="", index=True)  # xã / phường / đặc khu
    province: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    # Encrypted at rest and masked on screens to those who do not need them (dossier.model.crypto).
    representative_id_number: Mapped[str] = mapped_column(EncryptedText, default="")  # số CCCD
    bank_account: Mapped[str] = mapped_column(EncryptedText, default="")
    bank_name: Mapped[str] = mapped_column(String(255), default="")
    sector: Mapped[str] = mapped_column(String(255), default="")
    products: Mapped[str] = mapped_column(Text, default="")
    workers: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[str] = mapped_column(Text, default="")  # năng lực sản xuất hiện tại
    women_owned: Mapped[bool] = mapped_column(Boolean, default=False)
    ethnic_minority_owned: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def address(self) -> str:
        parts = [self.street, self.hamlet, self.commune, f"tỉnh {self.province}" if self.province else ""]
        return ", ".join(p for p in parts if p)

    @property
    def kind_label(self) -> str:
        return BENEFICIARY_KIND_LABELS.get(self.kind, self.kind)
