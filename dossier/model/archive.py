"""Electronic records (ND 30/2020 Phụ lục VI): the metadata an outgoing document was issued with."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dossier.model.base import Base, UTCDateTime, utcnow


class RecordMetadata(Base):
    """Phụ lục VI's fields of one issued document, fixed when the văn thư seals it. Append-only:
    a revoked document keeps the metadata it was issued with (Phụ lục VI §III.8).

    The number, notation and date are columns too, for the register's duplicate check; the
    whole set is ``fields_json`` (canonical JSON keyed by the Phụ lục VI tags).
    """

    __tablename__ = "record_metadata"
    __table_args__ = (Index("ix_record_metadata_code", "code_number", "code_notation", "issued_on"),)

    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    code_number: Mapped[str] = mapped_column(String(11))
    code_notation: Mapped[str] = mapped_column(String(30))
    issued_on: Mapped[date] = mapped_column(Date)
    fields_json: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IncomingDocument(Base):
    """One entry of the register of incoming documents (sổ đăng ký văn bản đến). Append-only.

    ``arrival_number`` runs from 1 each year per receiving body (Phụ lục VI: ArrivalNumber);
    ``duplicate_confirmed`` says the văn thư registered it although the register already held a
    document with the same number, notation and date (the warning and its confirmation are in
    the audit trail too).
    """

    __tablename__ = "incoming_documents"
    __table_args__ = (
        UniqueConstraint("organisation_id", "arrival_year", "arrival_number"),
        Index("ix_incoming_documents_code", "code_number", "code_notation", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    arrival_year: Mapped[int] = mapped_column(Integer)
    arrival_number: Mapped[int] = mapped_column(Integer)
    arrival_date: Mapped[date] = mapped_column(Date)
    code_number: Mapped[str] = mapped_column(String(11))
    code_notation: Mapped[str] = mapped_column(String(30))
    issued_on: Mapped[date] = mapped_column(Date)
    organ_name: Mapped[str] = mapped_column(String(200))  # the issuing agency
    type_name: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(String(500))
    pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    pdf_filename: Mapped[str] = mapped_column(String(255), default="")
    duplicate_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
