"""The API's dossier list (/api/v1/dossiers) beside the web list page and the trivial page, in one run.

Loads 100,000 dossiers (bench_web's data builder: beneficiaries, item lines, folded search text,
statuses, plans, communes) into SQLite or PostgreSQL, serves the app and bench_web's trivial
Flask + SQLAlchemy page (the floor) with gunicorn (2 sync workers each), makes an API token for
the Sở's leader (the widest scope, as bench_web signs in as) and drives `wrk -t2 -c8 --latency`
against each URL in turn, runs interleaved so that a busy machine slows all alike. Each URL is
checked to answer 200 first. Prints req/s, the ratio to the trivial page and p50/p90/p99.
Figures only, no assertions.

`python -m bench.bench_api [--dossiers 100000] [--seconds S] [--runs R] [--database-url URL]`
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.bench_web import (
    USER,
    Store,
    _check_ok,
    build_database,
    interleaved_runs,
    login_cookie,
    report,
    running_servers,
    wrk_arguments,
    wrk_banner,
    wrk_missing,
)

API_PAGES = {"API list, first 25": "/api/v1/dossiers?limit=25",
             "API filtered (status+commune)": "/api/v1/dossiers?status=in_progress&commune=x%C3%A3+Cam+An&limit=25",
             "API search 'may say tao'": "/api/v1/dossiers?q=may+say+tao&limit=25"}
WEB_PAGES = {"web list page 1": "/ho-so/"}


def api_token(url: str) -> str:
    """A read-only token for the Sở's leader, made by the demo's administrator."""
    from sqlalchemy import select

    from dossier.model import User
    from dossier.services.api_tokens import create_token
    from dossier.services.uow import Database

    db = Database(url)
    try:
        with db.read() as session:
            ids = {name: id_ for name, id_ in session.execute(
                select(User.username, User.id).where(User.username.in_(("quantri", USER))))}
        return create_token(db, actor_id=ids["quantri"], user_id=ids[USER], name="bench")
    finally:
        db.dispose()


def _check_api(url: str, token: str) -> None:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        if response.status != 200 or not response.headers.get("Content-Type", "").startswith("application/json"):
            raise RuntimeError(f"{url} answered {response.status} {response.headers.get('Content-Type')}")


def measure(url: str, workdir: Path, seconds: int, runs: int) -> dict[str, dict[str, float]]:
    token = api_token(url)
    with running_servers(url, workdir) as (trivial_base, base):
        cookie = f"Cookie: {login_cookie(base)}"
        targets = {"trivial page": (trivial_base + "/", cookie),
                   **{name: (base + path, cookie) for name, path in WEB_PAGES.items()},
                   **{name: (base + path, f"Authorization: Bearer {token}") for name, path in API_PAGES.items()}}
        for name, (u, header) in targets.items():
            if name.startswith("API"):
                _check_api(u, token)
            else:
                _check_ok(u, header.removeprefix("Cookie: "))
        return interleaved_runs(targets, seconds, runs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=100_000)
    args = wrk_arguments(parser, argv)
    if wrk_missing("API"):
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench_api_"))
    store = Store(args.database_url, workdir)
    print(wrk_banner(args, "URL"))
    try:
        url = store.new(args.dossiers)
        t0 = time.perf_counter()
        build_database(url, args.dossiers)
        print(f"loaded {args.dossiers:,} dossiers in {time.perf_counter() - t0:.1f} s")
        report(args.dossiers, measure(url, workdir, args.seconds, args.runs))
    finally:
        store.drop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
