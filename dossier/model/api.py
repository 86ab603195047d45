"""Tokens of the province's integrations (dashboards, the ministry's reporting, the e-office).

A token acts as one user of the system (an integration account an administrator creates), so
it sees exactly what that user sees and fires steps by that user's roles. Only its sha256 is
stored; the token itself is shown once, when it is made.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dossier.model.base import Base, UTCDateTime, utcnow
from dossier.model.organisation import User


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # "Dashboard of the Sở", "Cục ĐMST reporting"
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # the token's first characters, to tell tokens apart
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    can_fire: Mapped[bool] = mapped_column(Boolean, default=False)  # may fire workflow steps
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
