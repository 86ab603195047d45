"""What happened to a dossier: transition history, audit chain, attachments, generated documents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, Timestamped, UTCDateTime, utcnow
from dossier.model.organisation import User


class TransitionRecord(Base):
    """One row per successful workflow step, with the inputs the user gave."""

    __tablename__ = "transition_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    trigger: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The step's own date (what its documents print and cite by); `at` is when it was recorded.
    effective_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    inputs_json: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    version_after: Mapped[int] = mapped_column(Integer)

    actor: Mapped[User] = relationship()

    @property
    def on(self) -> date:
        """The step's date; rows written before the column existed fall back to the recording day."""
        return self.effective_on or self.at.date()


class AuditEvent(Base):
    """Append-only, hash-chained: hash = sha256(prev_hash ‖ canonical JSON of the row's content).

    Database triggers refuse UPDATE and DELETE (see the migration); `dossier audit verify`
    recomputes the chain and compares its head with `audit_chain_head`, so an edited, deleted,
    reordered or inserted row is found.
    """

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(40))
    payload_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditChainHead(Base):
    """One row: the last seq and hash. Locked FOR UPDATE on PostgreSQL to serialise appends."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class Attachment(Timestamped, Base):
    """Uploaded evidence. Bytes live in the content-addressed blob table, never under the user's name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(60), default="khac")
    filename: Mapped[str] = mapped_column(String(255))  # original name, shown and used on download
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Blob(Base):
    """Content-addressed bytes (documents, attachments): written once, never overwritten.

    Kept in the database so that one commit covers the state change and its documents, and one
    backup holds both (architecture.md B5).
    """

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class GeneratedDocument(Timestamped, Base):
    """A document produced by a workflow step, with what is needed to regenerate and explain it."""

    __tablename__ = "generated_documents"
    __table_args__ = (UniqueConstraint("transition_id", "template_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    transition_id: Mapped[int | None] = mapped_column(ForeignKey("transition_history.id"))
    template_id: Mapped[str] = mapped_column(String(80))
    template_version: Mapped[int] = mapped_column(Integer)
    part: Mapped[int] = mapped_column(Integer, default=0)  # n-th document of a repeated template
    title: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    text_sha256: Mapped[str] = mapped_column(String(64))
    context_sha256: Mapped[str] = mapped_column(String(64))
    context_json: Mapped[str] = mapped_column(Text)  # canonical JSON: regenerate years later
    engine_version: Mapped[str] = mapped_column(String(100), default="")
    # The template file's own bytes: a shipped template edited without a new version number is
    # caught when an old document is regenerated, instead of silently giving other text.
    template_sha256: Mapped[str | None] = mapped_column(String(64))

    transition: Mapped[TransitionRecord | None] = relationship()


class DraftCancellation(Base):
    """A draft that will not be issued, with the reason (issue 10): the dossier may be archived
    with it. Append-only, like the register's cancellations; the draft itself is kept."""

    __tablename__ = "draft_cancellations"

    id: Mapped[int] = mapped_column(primary_key=True)
    generated_document_id: Mapped[int] = mapped_column(ForeignKey("generated_documents.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    cancelled_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
