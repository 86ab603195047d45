"""Sign-in and session revocation for the web: password check, audit, session_version.

Flask's session is a signed cookie the server cannot delete, so each user carries a
`session_version` that the session must match; bumping it (logout everywhere, password or role
change) makes every older cookie useless (architecture.md B3).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dossier.db.engine import SINGLE_READ
from dossier.model import Organisation, User, UserRole, UserSession
from dossier.model.base import utcnow
from dossier.services import audit
from dossier.services.uow import Database
from dossier.vn.text import nfc
from workflows.states import Role

# Checked when the user does not exist, so that unknown and known names take similar time.
_DUMMY_HASH = generate_password_hash("not-a-password-0000")


@dataclass(frozen=True)
class SessionUser:
    """What a request needs to know about the signed-in user: plain values, no ORM object."""

    id: int
    username: str
    full_name: str
    job_title: str
    organisation_id: int
    organisation_name: str
    roles: frozenset[Role]
    session_version: int
    second_factor_done: bool = True  # the second factor was given in this session, or none is needed
    second_factor_enrolled: bool = False
    must_change_password: bool = False

    @property
    def second_factor_due(self) -> str | None:
        """What this session still owes before any page: "code", "enrol" or None."""
        from dossier.services.two_factor import required

        if self.second_factor_done:
            return None
        if self.second_factor_enrolled:
            return "code"
        return "enrol" if required(self.roles) else None


def _as_session_user(user: User, second_factor_done: bool = True) -> SessionUser:
    return SessionUser(user.id, user.username, user.full_name, user.job_title, user.organisation_id,
                       user.organisation.name, user.roles, user.session_version, second_factor_done,
                       user.totp_confirmed_at is not None, bool(user.must_change_password))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: Database, user_id: int, *, ip: str = "", second_factor: bool = True) -> str:
    """Record a signed-in browser and return its token (the cookie keeps it; the table its hash)."""
    token = secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(UserSession(token_sha256=token_hash(token), user_id=user_id, ip=ip[:64],
                                second_factor=second_factor))
    return token


def close_session(db: Database, token: str | None) -> None:
    """Logout: this browser's session is revoked on the server, so a copied cookie stops working."""
    if not token:
        return
    with db.write() as session:
        row = session.get(UserSession, token_hash(token))
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()
            audit.append(session, actor_id=row.user_id, action="auth.logout", object_type="user",
                         object_id=str(row.user_id), payload={})


def authenticate(db: Database, username: str, password: str, *, ip: str = "") -> SessionUser | None:
    """The user when the name and password match an active account; every attempt is audited."""
    username = nfc(username or "").strip()[:64]
    with db.write() as session:
        user = session.scalars(select(User).where(User.username == username)).one_or_none()
        ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
        ok = ok and user is not None and user.active
        audit.append(session, actor_id=user.id if ok and user else None,
                     action="auth.login" if ok else "auth.login_failed", object_type="user",
                     object_id=username or "-", payload={"ip": ip})
        return _as_session_user(user) if ok and user else None


def session_user(db: Database, user_id: int, session_version: int, token: str | None, *,
                 conn: Connection | None = None) -> SessionUser | None:
    """The signed-in user for a request, or None when the account or the session is no longer valid
    (deactivated, logged out here or everywhere, password or role changed).

    One statement of plain columns (no ORM objects, no session): this runs on every request, and
    each statement through the ORM costs more than the database takes to answer it. Read on `conn`
    when given (a page that then reads in the same transaction: one pool check-out and one
    snapshot per request), else on a connection of its own, released at once.
    """
    if not token:
        return None
    params = {"user_id": user_id, "token": token_hash(token)}
    if conn is not None:
        row = conn.execute(_SESSION_USER, params).one_or_none()
    else:
        with db.engine.connect().execution_options(**SINGLE_READ) as own:
            row = own.execute(_SESSION_USER, params).one_or_none()
    if row is None or not row.active or row.session_version != session_version or row.revoked:
        return None
    roles = frozenset(Role(r) for r in (row.roles or "").split(",") if r)
    return SessionUser(user_id, row.username, row.full_name, row.job_title, row.organisation_id, row.name, roles,
                       row.session_version, row.second_factor, row.totp_confirmed,
                       bool(row.must_change_password))


_ROLES_TEXT = (select(func.aggregate_strings(UserRole.role, ",")).where(UserRole.user_id == User.id)
               .correlate(User).scalar_subquery())
# The user, the body's name, this browser's session row (by its token's hash) and the roles; of
# the two times only whether they are set (no date-time to parse on every request).
_SESSION_USER = (select(User.username, User.full_name, User.job_title, User.organisation_id, Organisation.name,
                        User.active, User.session_version, User.totp_confirmed_at.is_not(None).label("totp_confirmed"),
                        User.must_change_password, UserSession.revoked_at.is_not(None).label("revoked"),
                        UserSession.second_factor, _ROLES_TEXT.label("roles"))
                 .join(Organisation, Organisation.id == User.organisation_id)
                 .join(UserSession, (UserSession.user_id == User.id)
                       & (UserSession.token_sha256 == bindparam("token")))
                 .where(User.id == bindparam("user_id")))


def revoke_sessions(db: Database, user_id: int, *, actor_id: int | None = None, reason: str = "logout_all") -> int:
    """Bump the user's session_version: every session cookie issued before stops working."""
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            return 0
        user.session_version += 1
        _revoke_all(session, user.id)
        audit.append(session, actor_id=actor_id if actor_id is not None else user_id,
                     action="auth.revoke_sessions", object_type="user", object_id=user.username,
                     payload={"reason": reason, "session_version": user.session_version})
        return user.session_version


def change_password(db: Database, user_id: int, old_password: str, new_password: str) -> bool:
    """Set a new password if the old one is right; revokes every other session."""
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None or not check_password_hash(user.password_hash, old_password or ""):
            return False
        user.password_hash = generate_password_hash(new_password)
        user.session_version += 1
        user.must_change_password = False
        _revoke_all(session, user.id)
        audit.append(session, actor_id=user.id, action="auth.password_change", object_type="user",
                     object_id=user.username, payload={"session_version": user.session_version})
        return True


def record_throttled(db: Database, username: str, *, ip: str = "") -> None:
    """Audit a sign-in refused by the throttle (the password was not even checked)."""
    with db.write() as session:
        audit.append(session, actor_id=None, action="auth.login_throttled", object_type="user",
                     object_id=nfc(username or "").strip()[:64] or "-", payload={"ip": ip})


def _revoke_all(session: Session, user_id: int) -> None:
    session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))
