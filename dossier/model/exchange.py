"""The exchange with other agencies' systems (edXML over the provincial platform): issue 12.

* ``Agency``: the directory of agencies this body sends to, by mã định danh (OrganId, 13
  characters, TT 10/2016/TT-BTTTT), with the Nơi nhận wordings that mean it ("Sở Tài chính",
  "Kho bạc Nhà nước khu vực XV"); our own organisations carry theirs through ``organisation_id``.
* ``OutboxMessage``: one package for one recipient, written in the same transaction as the
  issuance that asks for it (nothing is lost if the gateway is down, nothing sent for a
  rolled-back issuance); sent by ``services.exchange.send_pending`` with retries. ``message_id``
  is the idempotency key the gateway sees: a resend after a crash is recognised, not received twice.
* ``ExchangeStatus``: what the recipient's system reported back (arrived, registered, done …).
* ``Revocation``: an issued document revoked or replaced: frozen, and the matching packages sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, Timestamped, UTCDateTime, utcnow
from dossier.model.organisation import Organisation, User
from dossier.model.register import IssuedDocument

OUTBOX_STATES = ("pending", "sent", "refused")


class Agency(Timestamped, Base):
    __tablename__ = "exchange_agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    organ_id: Mapped[str] = mapped_column(String(13), unique=True)  # "000.00.15.H41"
    name: Mapped[str] = mapped_column(String(200))
    # Nơi nhận wordings that mean this agency, one per line (compared without case and punctuation).
    aliases: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    telephone: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    organisation: Mapped[Organisation | None] = relationship()


class OutboxMessage(Base):
    __tablename__ = "exchange_outbox"
    __table_args__ = (
        UniqueConstraint("issued_document_id", "agency_id", "business_type"),
        CheckConstraint(f"state IN {OUTBOX_STATES}", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(36), unique=True)  # uuid4: the gateway's idempotency key
    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("exchange_agencies.id"))
    business_type: Mapped[int] = mapped_column(Integer, default=0)  # edXML BussinessDocType
    document_id: Mapped[str] = mapped_column(String(120), index=True)  # the exchange's DocumentId
    package_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Set while one sender holds the message; another sender takes it over only after it lapses.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agency: Mapped[Agency] = relationship()
    issued_document: Mapped[IssuedDocument] = relationship()
    statuses: Mapped[list[ExchangeStatus]] = relationship(
        back_populates="message", order_by="ExchangeStatus.reported_at", lazy="selectin")


class ExchangeStatus(Base):
    __tablename__ = "exchange_statuses"
    __table_args__ = (UniqueConstraint("outbox_id", "status_code", "reported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("exchange_outbox.id"), index=True)
    status_code: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    staff: Mapped[str] = mapped_column(String(255), default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the recipient's Timestamp
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[OutboxMessage] = relationship(back_populates="statuses")


class Revocation(Base):
    __tablename__ = "exchange_revocations"
    __table_args__ = (CheckConstraint("kind IN ('revoke', 'replace')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by: Mapped[User] = relationship()
