"""Server-side sign-in state: sessions, the sign-in throttle, second factors, audit checkpoints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dossier.model.base import Base, UTCDateTime, utcnow


class UserSession(Base):
    """One signed-in browser. The cookie carries a random token; only its sha256 is kept, so a
    copy of the database does not sign anyone in. Logout sets revoked_at: a copied cookie dies."""

    __tablename__ = "user_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str] = mapped_column(String(64), default="")
    # the second factor was given in this session (or the account needs none)
    second_factor: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginCounter(Base):
    """Sign-in attempts of one key ("acct:<name>", "ip:<address>") in the database, so that every
    worker shares them and a check-and-count is one locked row (no race past the limit)."""

    __tablename__ = "login_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[float] = mapped_column(Float, default=0.0)  # unix time
    next_at: Mapped[float] = mapped_column(Float, default=0.0)  # no check before this unix time


class RecoveryCode(Base):
    """A single-use code for signing in without the authenticator app; only a hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditCheckpoint(Base):
    """The audit chain's head at a moment, signed with an organisation's key. Append-only; copied
    to a file outside the database and next to every backup, so a rewritten chain is found."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(20))  # issuance, daily, backup, manual
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    cert_pem: Mapped[str] = mapped_column(Text, default="")
    signature: Mapped[str] = mapped_column(Text, default="")  # base64 over statement()

    def statement(self) -> bytes:
        """The signed bytes: what the checkpoint asserts, in a fixed form."""
        return f"hskc-audit-checkpoint:v1:{self.seq}:{self.hash}:{self.at.isoformat()}:{self.reason}".encode()


class PersonalDataRead(Base):
    """Who read which beneficiary's personal data, when, and what (Luật 91/2025/QH15): one row per
    beneficiary per page, file or export. Append-only; kept apart from the audit chain so that
    reading stays a read (the chain records changes)."""

    __tablename__ = "personal_data_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    fields: Mapped[str] = mapped_column(String(255))  # "name,representative,address,phone,tax_code"
    via: Mapped[str] = mapped_column(String(120))  # "dossier page 12", "export so-theo-doi.xlsx"
