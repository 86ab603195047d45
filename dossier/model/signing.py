"""How each official signs, and the browser agent's one-time signing sessions (issue 11).

* ``SigningMethod``: per user (personal signature) or per organisation (the seal), which signer
  source signs — the server keystore (PKCS#12), a PKCS#11 token or HSM, a remote signing service
  (CSC, SmartCA) or the official's own browser agent — with its non-secret settings (module and
  token label, service URL and credential, SmartCA user id) and the certificate registered for
  the owner: whatever signs must be by that certificate. Secrets (PIN, OTP) are never stored.
* ``AgentSigningSession``: one prepared PDF handed to a user's browser agent, with the hash of
  the one-time token (never the token), its expiry and when it was used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dossier.model.base import Base, Timestamped, UTCDateTime

SIGNER_SOURCES = ("keystore", "pkcs11", "csc", "smartca", "agent")


class SigningMethod(Timestamped, Base):
    __tablename__ = "signing_methods"
    __table_args__ = (
        CheckConstraint(f"source IN {SIGNER_SOURCES}", name="source"),
        CheckConstraint("(user_id IS NULL) <> (organisation_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    source: Mapped[str] = mapped_column(String(10))
    settings_json: Mapped[str] = mapped_column(Text, default="{}")
    cert_pem: Mapped[str] = mapped_column(Text)
    fingerprint_sha256: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AgentSigningSession(Timestamped, Base):
    __tablename__ = "agent_signing_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(80))  # e.g. "generated_document:42"
    pdf_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    field_name: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))


IMAGE_KINDS = ("signature", "seal")


class SignatureImage(Timestamped, Base):
    """A leader's signature image or an organisation's seal image (ND 30/2020 Phụ lục I), one row
    per upload: a new upload is a new version, and a signed PDF keeps the image it was drawn
    with (the bytes are in the PDF; ``png_sha256`` and ``version`` are in its audit event)."""

    __tablename__ = "signature_images"
    __table_args__ = (
        CheckConstraint(f"kind IN {IMAGE_KINDS}", name="kind"),
        CheckConstraint("(user_id IS NULL) <> (organisation_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column()
    png_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    width_px: Mapped[int] = mapped_column()
    height_px: Mapped[int] = mapped_column()
    width_mm: Mapped[float] = mapped_column(Float)  # drawn at this physical width (a seal: its actual size)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class IssuedAnnex(Timestamped, Base):
    """A separate-file annex of an issued document, signed by the agency at the top right of its
    first page with the main document's number (ND 30/2020 Phụ lục I; domain §9.3)."""

    __tablename__ = "issued_annexes"

    id: Mapped[int] = mapped_column(primary_key=True)
    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    original_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    signed_pdf_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    sealer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ArchiveTimestamp(Base):
    """A document timestamp added to an issued document's archival copy (PAdES B-LTA): the
    revocation data refreshed, then an RFC 3161 timestamp over the whole file, as one more
    incremental update. The issued PDF itself stays what was issued; each row's PDF is the
    previous copy (or the issued PDF) plus that update, so the latest row is the copy to keep."""

    __tablename__ = "archive_timestamps"

    id: Mapped[int] = mapped_column(primary_key=True)
    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), index=True)
    previous_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    pdf_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    tsa_url: Mapped[str] = mapped_column(String(500))
    stamped_at: Mapped[datetime] = mapped_column(UTCDateTime)
