"""Uploaded versions of the Word templates (issue 4, administration).

A version is never edited or overwritten: an administrator uploads a new one, it is validated
and previewed as a draft, and activating it retires the one in force. Documents record the
version number they were made with, so an old document can always be regenerated from its own
version. The shipped catalogue (templates_docx/) stays the fallback when no version is active.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, UTCDateTime, utcnow
from dossier.model.organisation import User

TEMPLATE_STATUSES = ("draft", "active", "retired")


class TemplateVersion(Base):
    __tablename__ = "template_versions"
    __table_args__ = (
        UniqueConstraint("template_id", "version"),
        CheckConstraint(f"status IN {TEMPLATE_STATUSES}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[str] = mapped_column(String(80), index=True)
    # Assigned by the store (above every earlier version, shipped or uploaded); the number in the
    # uploaded manifest is ignored so that two uploads can never claim the same number.
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # the .docx, in the blob table
    filename: Mapped[str] = mapped_column(String(255), default="")  # as uploaded, for the admin's memory
    manifest_toml: Mapped[str] = mapped_column(Text)
    sample_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    # Only a version whose checks found no error may be activated; the report keeps every finding.
    valid: Mapped[bool] = mapped_column(Boolean, default=False)
    report_json: Mapped[str] = mapped_column(Text, default="[]")
    preview_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))  # sample rendered at upload
    comment: Mapped[str] = mapped_column(String(500), default="")
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])
    activated_by: Mapped[User | None] = relationship(foreign_keys=[activated_by_id])
