"""The register of outgoing documents (sổ đăng ký văn bản đi), issued documents, certificates.

Numbers (domain.md §5.4): given by the register only when a document is issued, from 01 on
1 January of the issue date's year, unique and without gaps within a series. A series is
(organisation, year) or, where the organisation decides so, (organisation, year, document type).

* ``RegisterSetting``: per organisation, whether each document type has its own sequence.
* ``RegisterCounter``: the last number of one series. The row is locked (FOR UPDATE on
  PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers) from the moment a number is
  taken until the issuing transaction commits, so a failed issuance rolls the counter back and
  no gap appears (the price: issuances of one series are serialised; a few per minute at most).
* ``RegisterEntry``: one row per number ever given. Append-only (database triggers): an entry
  is never changed or deleted, which is what makes the register trustworthy.
* ``RegisterCancellation``: cancelling a number adds a row with the reason; the number stays
  taken and the entry stays in the register (Frappe #57657: numbers "given back" get reused).
* ``IssuedDocument``: the frozen, numbered version of a generated draft with its signed PDFs.
  The draft row (GeneratedDocument) is never edited; a correction is a new issued document
  whose ``corrects_id`` names the one it corrects.
* ``UserCertificate``: password-protected PKCS#12 per user (signature) or per organisation
  (seal); the demo CA key is kept here too (kind "ca") so demo certificates can be re-issued.
* ``TrustRoot``: root certificates that verification trusts (the demo CA, a licensed CA).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, Timestamped, UTCDateTime, utcnow
from dossier.model.organisation import Organisation, User

ALL_TYPES = ""  # the series key when one sequence covers every document type
CERT_KINDS = ("personal", "seal", "ca")


class RegisterSetting(Base):
    """How an organisation numbers its documents (set by the head of the agency)."""

    __tablename__ = "register_settings"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    per_type: Mapped[bool] = mapped_column(Boolean, default=False)


class RegisterCounter(Base):
    __tablename__ = "register_counters"
    __table_args__ = (UniqueConstraint("organisation_id", "year", "series"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(Integer)
    series: Mapped[str] = mapped_column(String(10), default=ALL_TYPES)  # "" or a type ("QĐ")
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class RegisterEntry(Base):
    """One number given by the register. Append-only."""

    __tablename__ = "register_entries"
    __table_args__ = (UniqueConstraint("organisation_id", "year", "series", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    series: Mapped[str] = mapped_column(String(10))
    number: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(10))  # "QĐ", "TTr", "CV" …
    symbol: Mapped[str] = mapped_column(String(80))  # "05/QĐ-SCT"
    issued_on: Mapped[date] = mapped_column(Date)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    abstract: Mapped[str] = mapped_column(Text, default="")  # trích yếu
    signer_name: Mapped[str] = mapped_column(String(255), default="")
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recipients: Mapped[str] = mapped_column(Text, default="")  # nơi nhận, one per line
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    generated_document_id: Mapped[int | None] = mapped_column(ForeignKey("generated_documents.id"))
    # a plan's Tờ trình or Quyết định (plan_documents), numbered like a dossier's documents
    plan_document_id: Mapped[int | None] = mapped_column(ForeignKey("plan_documents.id"), unique=True, index=True)

    organisation: Mapped[Organisation] = relationship()
    cancellation: Mapped[RegisterCancellation | None] = relationship(back_populates="entry", uselist=False)


class RegisterCancellation(Base):
    """A cancelled number: kept with its reason, never reused. Append-only."""

    __tablename__ = "register_cancellations"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("register_entries.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    cancelled_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[RegisterEntry] = relationship(back_populates="cancellation")
    cancelled_by: Mapped[User] = relationship()


class IssuedDocument(Timestamped, Base):
    """The frozen, numbered, signed version of a generated draft."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        CheckConstraint("status IN ('signed', 'issued')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    generated_document_id: Mapped[int] = mapped_column(ForeignKey("generated_documents.id"), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    register_entry_id: Mapped[int] = mapped_column(ForeignKey("register_entries.id"), unique=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))
    # signed: the leader signed (number given); issued: the văn thư sealed it.
    status: Mapped[str] = mapped_column(String(10), default="signed")
    number_text: Mapped[str] = mapped_column(String(100))  # "Số: 05/QĐ-SCT"
    issued_on: Mapped[date] = mapped_column(Date)
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    template_id: Mapped[str] = mapped_column(String(80))
    template_version: Mapped[int] = mapped_column(Integer)
    context_json: Mapped[str] = mapped_column(Text)  # the issued context (number, date, signer)
    docx_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    text_sha256: Mapped[str] = mapped_column(String(64))
    signed_pdf_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # PDF/A-2b + leader
    sealed_pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))  # + seal: final
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sealer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    register_entry: Mapped[RegisterEntry] = relationship()
    signer: Mapped[User] = relationship(foreign_keys=[signer_id])
    sealer: Mapped[User | None] = relationship(foreign_keys=[sealer_id])

    @property
    def final_pdf_sha256(self) -> str:
        return self.sealed_pdf_sha256 or self.signed_pdf_sha256


class UserCertificate(Timestamped, Base):
    """A PKCS#12 (password-protected; the server never stores the password)."""

    __tablename__ = "user_certificates"
    __table_args__ = (CheckConstraint(f"kind IN {CERT_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    serial: Mapped[str] = mapped_column(String(64))
    fingerprint_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    not_after: Mapped[datetime] = mapped_column(UTCDateTime)
    cert_pem: Mapped[str] = mapped_column(Text)
    p12: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TrustRoot(Timestamped, Base):
    __tablename__ = "trust_roots"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    fingerprint_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    cert_pem: Mapped[str] = mapped_column(Text)
