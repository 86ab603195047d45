"""Integration tokens for the REST API: made and revoked by administrators, checked per request.

A token acts as one user (an integration account): it sees what that user sees and, if allowed
to fire steps, fires them by that user's roles through the same service as the web. The token
is 32 random bytes shown once; only its sha256 is kept. ``last_used_at`` is written at most once
a minute per token so that reading the API does not turn every request into a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from dossier.errors import DomainError, Forbidden, NotFound
from dossier.model import ApiToken, User
from dossier.model.base import utcnow
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.uow import Database
from workflows.states import Role

PREFIX = "hskc_"
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Principal:
    """Who an API request acts as."""

    token_id: int
    user_id: int
    can_fire: bool


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    prefix: str
    username: str
    organisation: str
    can_fire: bool
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_admin(user: User) -> None:
    if Role.ADMIN not in user.roles:
        raise Forbidden("Chỉ quản trị hệ thống được cấp và thu hồi mã truy cập API.")


def create_token(db: Database, *, actor_id: int, user_id: int, name: str, can_fire: bool = False) -> str:
    """A new token acting as ``user_id``; returned once, never stored in clear."""
    if not name.strip():
        raise DomainError("Cần đặt tên cho mã truy cập (hệ thống nào dùng nó).")
    token = PREFIX + secrets.token_urlsafe(32)
    with db.write() as session:
        actor = load_user(session, actor_id)
        _require_admin(actor)
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise NotFound("Không tìm thấy tài khoản mà mã truy cập sẽ đại diện.")
        row = ApiToken(name=name.strip(), token_sha256=_digest(token), prefix=token[:12], user_id=user.id,
                       can_fire=can_fire, created_by_id=actor.id)
        session.add(row)
        session.flush()
        audit.append(session, actor_id=actor.id, action="api_token.create", object_type="api_token",
                     object_id=row.id, payload={"name": row.name, "user": user.username, "can_fire": can_fire})
    return token


def revoke_token(db: Database, *, actor_id: int, token_id: int) -> None:
    with db.write() as session:
        actor = load_user(session, actor_id)
        _require_admin(actor)
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound("Không tìm thấy mã truy cập.")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            audit.append(session, actor_id=actor.id, action="api_token.revoke", object_type="api_token",
                         object_id=row.id, payload={"name": row.name})


def list_tokens(db: Database, *, actor_id: int) -> list[TokenRow]:
    with db.read() as session:
        _require_admin(load_user(session, actor_id))
        rows = session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).all()
        return [TokenRow(r.id, r.name, r.prefix, r.user.username, r.user.organisation.name, r.can_fire,
                         r.created_at, r.last_used_at, r.revoked_at) for r in rows]


def authenticate(db: Database, token: str) -> Principal | None:
    """The principal of a live token of an active user, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    digest = _digest(token)
    with db.read() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_sha256 == digest)).first()
        if row is None or row.revoked_at is not None or not row.user.active:
            return None
        principal = Principal(row.id, row.user_id, row.can_fire)
        stale = row.last_used_at is None or utcnow() - row.last_used_at > TOUCH_EVERY
    if stale:
        with db.write() as session:
            session.get(ApiToken, principal.token_id).last_used_at = utcnow()
    return principal
