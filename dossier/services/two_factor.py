"""Two-factor sign-in: TOTP (RFC 6238) with single-use recovery codes (issue 13).

Required for leaders, clerks and administrators (they sign, seal and manage accounts), optional
for officers. pyotp does the RFC 6238 arithmetic (a small, maintained library used widely; no
network, no state of its own); segno draws the QR code the authenticator app scans.

Recovery codes are 10 random groups of 4+4 characters (about 50 bits each): kept as sha256
hashes, since a code that long cannot be guessed from its hash; each works once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import pyotp
from sqlalchemy import select

from dossier.errors import NotFound, ValidationFailed
from dossier.model import RecoveryCode, User, UserSession
from dossier.model.base import utcnow
from dossier.services import audit
from dossier.services.uow import Database
from workflows.states import Role

REQUIRED_FOR = frozenset({Role.LEADER, Role.CLERK, Role.ADMIN})
ISSUER = "Hồ sơ Khuyến công"
RECOVERY_CODES = 10
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i


def required(roles: frozenset[Role]) -> bool:
    return bool(roles & REQUIRED_FOR)


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str  # otpauth://… for the QR code


def provisioning_uri(secret: str, username: str) -> str:
    return _uri(secret, username)


def _uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace(" ", "").encode()).hexdigest()


def _user(session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound("Không tìm thấy người dùng.")
    return user


def new_secret(username: str) -> Enrolment:
    """A fresh secret to show as a QR code; nothing is stored until a code from it is confirmed
    (the page keeps it in the signed session meanwhile)."""
    secret = pyotp.random_base32()
    return Enrolment(secret, _uri(secret, username))


def is_enrolled(db: Database, user_id: int) -> bool:
    with db.read() as session:
        return _user(session, user_id).totp_confirmed_at is not None


def confirm_enrolment(db: Database, user_id: int, secret: str, code: str,
                      session_token: str | None = None) -> list[str]:
    """Turn two-factor sign-in on when `code` comes from `secret`; returns the recovery codes (shown once)."""
    with db.write() as session:
        user = _user(session, user_id)
        if user.totp_confirmed_at is not None:
            raise ValidationFailed({"code": "Tài khoản đã bật xác thực hai lớp."})
        if not secret or not pyotp.TOTP(secret).verify((code or "").strip(), valid_window=1):
            raise ValidationFailed({"code": "Mã xác thực không đúng. Kiểm tra giờ của điện thoại rồi nhập mã mới."})
        user.totp_secret, user.totp_confirmed_at = secret, utcnow()
        codes = _new_recovery_codes(session, user)
        _mark(session, session_token)
        audit.append(session, actor_id=user.id, action="auth.second_factor_enrolled", object_type="user",
                     object_id=user.username, payload={"recovery_codes": len(codes)})
        return codes


def _new_recovery_codes(session, user: User) -> list[str]:
    for old in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                           RecoveryCode.used_at.is_(None))):
        old.used_at = utcnow()  # a new set replaces the old one
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) + "-" +
             "".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(RECOVERY_CODES)]
    for code in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=_hash(code)))
    return codes


def _mark(session, token: str | None) -> None:
    from dossier.services.users import token_hash

    if token:
        row = session.get(UserSession, token_hash(token))
        if row is not None:
            row.second_factor = True


def check(db: Database, user_id: int, code: str, session_token: str | None) -> bool:
    """Accept a current TOTP code or an unused recovery code; mark the session; audit either way."""
    code = (code or "").strip()
    with db.write() as session:
        user = _user(session, user_id)
        how = None
        if user.totp_secret and user.totp_confirmed_at and code.isdigit() \
                and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1):
            how = "totp"
        elif code:
            row = session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                             RecoveryCode.code_hash == _hash(code),
                                                             RecoveryCode.used_at.is_(None))).first()
            if row is not None:
                row.used_at = utcnow()
                how = "recovery_code"
        if how:
            _mark(session, session_token)
        audit.append(session, actor_id=user.id if how else None,
                     action="auth.second_factor" if how else "auth.second_factor_failed", object_type="user",
                     object_id=user.username, payload={"method": how or "-"})
        return how is not None


def unused_recovery_codes(db: Database, user_id: int) -> int:
    with db.read() as session:
        return len(session.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user_id,
                                                                 RecoveryCode.used_at.is_(None))).all())


def reset(db: Database, actor_id: int, user_id: int) -> None:
    """An administrator turns a lost authenticator off: the user enrols again at the next sign-in."""
    with db.write() as session:
        user = _user(session, user_id)
        user.totp_secret, user.totp_confirmed_at = None, None
        for row in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                               RecoveryCode.used_at.is_(None))):
            row.used_at = utcnow()
        user.session_version += 1
        audit.append(session, actor_id=actor_id, action="admin.second_factor_reset", object_type="user",
                     object_id=user.username, payload={})
