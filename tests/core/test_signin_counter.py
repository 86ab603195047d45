"""The sign-in counter is one locked row: parallel reservations never pass the limit (SQLite and
PostgreSQL), and the delay grows without ever becoming a lock-out."""

from __future__ import annotations

import functools

from dossier.services import signin
from dossier.services.uow import Database
from tests.concurrency import at_once


def test_parallel_reservations_stop_at_the_limit(database_url: str) -> None:
    db = Database(database_url)
    try:
        limits = signin.Limits(account_free=5, delay_base=60, ip_limit=1000)
        key, ip = signin.account_key("giamdoc"), signin.address_key("10.0.0.1")
        gates, errors = at_once([functools.partial(signin.reserve, db, key, ip, limits) for _ in range(40)])
        assert not errors, errors
        assert sum(g.allowed for g in gates) == 5
        assert all(g.by == "account" and g.wait > 0 for g in gates if not g.allowed)
    finally:
        db.dispose()


def test_the_delay_doubles_and_ends(database_url: str) -> None:
    db = Database(database_url)
    try:
        limits = signin.Limits(account_free=2, delay_base=10, delay_max=40, ip_limit=1000)
        key, ip = signin.account_key("vanthu"), signin.address_key("10.0.0.2")
        now = 1_000_000.0
        assert signin.reserve(db, key, ip, limits, now=now).allowed
        assert signin.reserve(db, key, ip, limits, now=now).allowed  # the 2nd failure starts a 10 s wait
        refused = signin.reserve(db, key, ip, limits, now=now + 1)
        assert not refused.allowed and round(refused.wait) == 9
        assert signin.reserve(db, key, ip, limits, now=now + 11).allowed  # then 20 s
        assert not signin.reserve(db, key, ip, limits, now=now + 30).allowed
        assert signin.reserve(db, key, ip, limits, now=now + 32).allowed  # then 40 s, the cap
        signin.succeeded(db, key, ip)
        assert signin.reserve(db, key, ip, limits, now=now + 33).allowed
    finally:
        db.dispose()
