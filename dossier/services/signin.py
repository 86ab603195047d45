"""The sign-in throttle: slow a guesser down without locking the owner out (issue 13 item 5).

Two counters per attempt, kept in the database (`login_counters`) so that every worker shares
them:

- per account: the first `account_free` failures in a window cost nothing; after that each
  further check must wait, doubling from `delay_base` up to `delay_max` seconds. The right
  password is never refused for good: it is asked again after the wait. A browser that signed in
  to this account before carries a device cookie (web.auth) and counts on a key of its own, so
  a stranger's wrong passwords do not slow the owner's usual browser at all (OWASP "device
  cookies").
- per client address (the real one behind a trusted proxy, see web.auth): at most `ip_limit`
  attempts a window; this stops one machine spraying many accounts.

A check is reserved before the password is compared, under a row lock in the same transaction
(SELECT … FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), so parallel guesses cannot all
pass a check that each saw below the limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from dossier.model import LoginCounter
from dossier.services.uow import Database


@dataclass(frozen=True)
class Limits:
    account_free: int = 5
    delay_base: float = 2.0
    delay_max: float = 300.0
    ip_limit: int = 30
    window: int = 15 * 60


@dataclass(frozen=True)
class Gate:
    allowed: bool
    wait: float = 0.0  # seconds before the next try, when refused
    by: str = ""  # "account" or "address"


def account_key(username: str, device: str | None = None) -> str:
    name = username.strip().lower()[:64]
    return f"acct:{name}:{device}" if device else f"acct:{name}"


def address_key(address: str) -> str:
    return f"ip:{address[:64]}"


def _locked(session: Session, key: str) -> LoginCounter:
    row = session.scalars(select(LoginCounter).where(LoginCounter.key == key).with_for_update()).one_or_none()
    if row is None:
        dialect = session.get_bind().dialect.name
        stmt = insert(LoginCounter).values(key=key, failures=0, window_start=0.0, next_at=0.0)
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            stmt = pg_insert(LoginCounter).values(key=key, failures=0, window_start=0.0,
                                                  next_at=0.0).on_conflict_do_nothing()
        session.execute(stmt)
        row = session.scalars(select(LoginCounter).where(LoginCounter.key == key).with_for_update()).one()
    return row


def _fresh(row: LoginCounter, now: float, window: int) -> None:
    if row.window_start < now - window:
        row.failures, row.window_start, row.next_at = 0, now, 0.0


def reserve(db: Database, account: str, address: str, limits: Limits, *, now: float | None = None) -> Gate:
    """Take one check for (account key, address key), or say how long to wait."""
    now = time.time() if now is None else now
    with db.write() as session:
        rows = {key: _locked(session, key) for key in sorted({account, address})}
        acct, addr = rows[account], rows[address]
        for row in rows.values():
            _fresh(row, now, limits.window)
        if addr.failures >= limits.ip_limit:
            return Gate(False, max(addr.window_start + limits.window - now, 1.0), "address")
        if now < acct.next_at:
            return Gate(False, acct.next_at - now, "account")
        addr.failures += 1
        acct.failures += 1
        over = acct.failures - limits.account_free
        if over >= 0:
            acct.next_at = now + min(limits.delay_base * (2 ** over), limits.delay_max)
        return Gate(True)


def succeeded(db: Database, account: str, address: str) -> None:
    """The reserved check was the right password: the account's key starts again and the address
    gets its attempt back (only failures should count against a shared office address)."""
    with db.write() as session:
        acct = _locked(session, account)
        acct.failures, acct.next_at = 0, 0.0
        addr = _locked(session, address)
        addr.failures = max(addr.failures - 1, 0)
