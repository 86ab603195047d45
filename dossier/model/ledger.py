"""Money: the ledger of each dossier, the programme envelope by source, plan-level documents.

The ledger is append-only (database triggers, as for the audit trail): a mistaken entry is
corrected by a new one (a recovery, or a new level for approved/contract/accepted values), so the
book keeps what was believed when, and who wrote it. Amounts are whole đồng (BigInteger), never
floats.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, Timestamped, UTCDateTime, utcnow
from dossier.model.organisation import User

if TYPE_CHECKING:
    from dossier.model.records import TransitionRecord

# Levels: the latest entry of the kind is the value (an approved support may be re-stated after an
# adjustment). Flows: the entries add up (each advance, payment, recovery is money that moved).
APPROVED = "approved_support"
CONTRACT = "contract_value"
ADVANCE = "advance"
PAYMENT = "payment"
RECOVERY = "recovery"
ACCEPTED_VALUE = "accepted_value"
ACCEPTED_SUPPORT = "accepted_support"
SETTLEMENT = "settlement"
LEDGER_KINDS = (APPROVED, CONTRACT, ADVANCE, PAYMENT, RECOVERY, ACCEPTED_VALUE, ACCEPTED_SUPPORT, SETTLEMENT)
LEVEL_KINDS = frozenset({APPROVED, CONTRACT, ACCEPTED_VALUE, ACCEPTED_SUPPORT, SETTLEMENT})
FLOW_KINDS = frozenset({ADVANCE, PAYMENT, RECOVERY})
LEDGER_KIND_LABELS = {
    APPROVED: "Kinh phí khuyến công được phê duyệt",
    CONTRACT: "Giá trị hợp đồng",
    ADVANCE: "Tạm ứng",
    PAYMENT: "Thanh toán",
    RECOVERY: "Thu hồi",
    ACCEPTED_VALUE: "Giá trị thực hiện được nghiệm thu",
    ACCEPTED_SUPPORT: "Kinh phí hỗ trợ được nghiệm thu",
    SETTLEMENT: "Quyết toán",
}

# Funding sources of a programme's envelope (domain.md §2.1: local funds, national funds, and the
# beneficiaries' counterpart).
ENVELOPE_SOURCES = ("trung_uong", "dia_phuong", "doi_ung")
ENVELOPE_SOURCE_LABELS = {
    "trung_uong": "Kinh phí khuyến công quốc gia (ngân sách trung ương)",
    "dia_phuong": "Kinh phí khuyến công địa phương (ngân sách tỉnh)",
    "doi_ung": "Vốn đối ứng của cơ sở",
}


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint(f"kind IN {LEDGER_KINDS}", name="kind"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No ON DELETE CASCADE: the book outlives nothing it refers to, and the rows are append-only.
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    amount: Mapped[int] = mapped_column(BigInteger)  # đồng
    entry_date: Mapped[date] = mapped_column(Date)  # the business date (contract date, payment date …)
    # the workflow step that booked it (a workflows.Trigger value), or "manual", "import"
    source: Mapped[str] = mapped_column(String(40))
    transition_id: Mapped[int | None] = mapped_column(ForeignKey("transition_history.id"))
    reference: Mapped[str] = mapped_column(String(255), default="")  # số chứng từ, số hợp đồng …
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # when it was written

    actor: Mapped[User] = relationship()
    # The step's entry is written with its history row in one flush (the unit of work fills transition_id).
    transition: Mapped[TransitionRecord | None] = relationship()


class ProgrammeEnvelope(Base):
    """The programme's envelope of one content group from one funding source (đồng)."""

    __tablename__ = "programme_envelopes"
    __table_args__ = (
        UniqueConstraint("programme_id", "content_group_id", "source"),
        CheckConstraint(f"source IN {ENVELOPE_SOURCES}", name="source"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    content_group_id: Mapped[int] = mapped_column(ForeignKey("content_groups.id"))
    source: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)


class PlanDocument(Timestamped, Base):
    """A document built from many dossiers of a plan (list, Tờ trình, Quyết định, report).

    A table of its own rather than GeneratedDocument with a NULL dossier: generated documents
    belong to one dossier and one workflow step (NOT NULL dossier_id, unique per transition), and
    the register and signing code rely on that; plan documents have neither.
    """

    __tablename__ = "plan_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))
    template_id: Mapped[str] = mapped_column(String(80))
    template_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    text_sha256: Mapped[str] = mapped_column(String(64))
    context_sha256: Mapped[str] = mapped_column(String(64))
    context_json: Mapped[str] = mapped_column(Text)
    engine_version: Mapped[str] = mapped_column(String(100), default="")
    # the dossiers listed, as canonical JSON [[id, code], …]: what the document was built from
    dossiers_json: Mapped[str] = mapped_column(Text, default="[]")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
