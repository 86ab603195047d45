"""Electronic records (ND 30/2020 Phụ lục VI): the metadata an outgoing document was issued with."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
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
