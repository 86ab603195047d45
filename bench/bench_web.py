"""The dossier list under load, beside a trivial page of the same rows, at two sizes.

For each size (default 10,000 and 100,000) loads realistic dossiers (beneficiary, 3 item lines,
folded search text, statuses, plans, batches, communes) with bulk inserts into SQLite or
PostgreSQL, serves the app with gunicorn (2 sync workers) on loopback beside a trivial indexed
Flask + SQLAlchemy page listing the same rows (no login, no filters: the floor), signs in as a
leader of the Sở (who sees every dossier: the widest scope) and drives `wrk -t2 -c8 --latency`
against each page in turn, runs interleaved so that a busy machine slows all pages alike.
The trivial page's template is compiled once (as ours are); the same page compiling its
template on every request — the floor this bench used before, three times slower — is shown
beside it, and so is the page the project's baselines measured (baselines.md §7: an indexed
status filter, 50 rows at OFFSET 100 and a count of that status), whose cost grows with the rows
it counts as the issue's trivial page did. The sign-in completes the leader's second factor, and
every page is checked to answer 200 itself (wrk counts a redirect as a success). Prints req/s,
its ratio to the trivial page and to the §7 page, p50/p90/p99, the ratio between the sizes, and
with --profile a pyinstrument profile of one request of each page (Flask test client, no HTTP).
Figures only, no assertions (baselines.md method: medians, wrk shares the cores).

`python -m bench.bench_web [--dossiers 10000,100000] [--seconds S] [--runs R] [--database-url URL] [--profile]`
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import medians_by_rps

if TYPE_CHECKING:
    from dossier.services.uow import Database

PASSWORD = "KhuyenCong@2026"
USER = "giamdoc"  # sees the Sở's and the Trung tâm's dossiers

PRODUCTS = ["táo sấy", "nước mắm", "hải sản khô", "đồ gỗ mỹ nghệ", "mây tre đan", "chiếu cói", "cơ khí nông cụ",
            "bánh tráng", "gốm Bàu Trúc", "thổ cẩm", "yến sào", "muối sạch", "cà phê bột", "rượu nho", "tinh bột sắn"]
MACHINES = ["Máy sấy", "Lò sấy nhiệt đối lưu", "Máy đóng gói hút chân không", "Máy nghiền", "Máy ép",
            "Dây chuyền chiết rót", "Máy cưa CNC", "Máy dệt", "Nồi hơi", "Máy rửa băng chuyền"]
COMMUNES = ["xã Phước Thuận", "xã Cam An", "xã Ninh Hải", "xã Diên Khánh", "xã Cà Ná", "xã Ninh Phước",
            "phường Nha Trang", "phường Phan Rang", "xã Cam Lâm", "xã Diên Lâm", "xã Phước Hậu", "xã Vạn Ninh"]
KINDS = ["ho_kinh_doanh", "htx", "dnnvv", "to_hop_tac"]
KIND_NAMES = {"ho_kinh_doanh": "Hộ kinh doanh", "htx": "Hợp tác xã", "dnnvv": "Công ty TNHH",
              "to_hop_tac": "Tổ hợp tác"}
STATUSES = (["draft"] * 15 + ["submitted"] * 10 + ["under_appraisal"] * 8 + ["appraised"] * 5
            + ["submitted_for_approval"] * 5 + ["approved"] * 10 + ["contracted"] * 8 + ["in_progress"] * 15
            + ["accepted"] * 8 + ["liquidated"] * 6 + ["settled"] * 5 + ["archived"] * 5)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn An", "Thị Bình", "Quốc Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Văn Lợi", "Thị Mai", "Hữu Phước"]


def build_database(url: str, n: int, seed: int = 7) -> None:
    """Migrate, load the demo province (no dossiers), then bulk-insert `n` dossiers."""
    from sqlalchemy import insert, select

    from dossier.db.migrate import upgrade
    from dossier.demo.seed import seed_province
    from dossier.model import Beneficiary, ContentGroup, Dossier, DossierItem, Organisation, Plan, User
    from dossier.services.uow import Database
    from dossier.vn.text import fold

    rng = random.Random(seed)
    db = Database(url)
    upgrade(db.engine)
    seed_province(db)
    with db.read() as session:
        orgs = [o.id for o in session.scalars(select(Organisation).where(Organisation.code.in_(["sct-kh", "ttkc-kh"])))]
        officer = session.scalar(select(User.id).where(User.username == "chuyenvien"))
        groups = list(session.scalars(select(ContentGroup.id)))
        plans = {p.id: [b.id for b in p.batches] for p in session.scalars(select(Plan))}
    now = datetime.now(UTC)
    beneficiaries, dossiers, items = [], [], []
    for i in range(1, n + 1):
        kind = rng.choice(KINDS)
        product = rng.choice(PRODUCTS)
        commune = rng.choice(COMMUNES)
        owner = rng.choice(orgs)
        name = f"{KIND_NAMES[kind]} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        beneficiaries.append({"id": i, "organisation_id": owner, "kind": kind, "name": name, "commune": commune,
                              "province": "Khánh Hòa", "tax_code": f"45{rng.randrange(10**8):08d}",
                              "representative": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                              "workers": rng.randrange(3, 80), "created_at": now})
        lines = [(rng.choice(MACHINES) + f" {product}", rng.randrange(1, 4), rng.randrange(20, 300) * 1_000_000)
                 for _ in range(3)]
        total = sum(q * p for _, q, p in lines)
        title = f"Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất {product} tại {name}"
        plan = rng.choice(list(plans))
        year = 2024 + i % 3
        code = f"KC-{year}-{i:05d}"
        dossiers.append({
            "id": i, "code": code, "title": title, "owner_org_id": owner, "beneficiary_id": i,
            "content_group_id": rng.choice(groups), "plan_id": plan, "batch_id": rng.choice(plans[plan]),
            "support_type": "may_moc_thiet_bi", "funding_source": "dia_phuong",
            "location": f"{commune}, tỉnh Khánh Hòa", "commune": commune,
            "start_date": date(year, 3, 1), "end_date": date(year, 11, 30), "requested_support": total // 2,
            "status": rng.choice(STATUSES), "version": rng.randrange(1, 12), "created_by_id": officer,
            "created_at": now, "updated_at": now - timedelta(minutes=rng.randrange(0, 60 * 24 * 700)),
            "search_text": fold(" ".join([code, title, name, commune] + [m for m, _, _ in lines])),
            "is_technology_line": False,
        })
        items.extend({"dossier_id": i, "position": k, "name": m, "quantity": q, "unit": "máy", "unit_price": p,
                      "specification": "", "origin": "Việt Nam"} for k, (m, q, p) in enumerate(lines, start=1))
    with db.write() as session:
        for table, rows in ((Beneficiary, beneficiaries), (Dossier, dossiers), (DossierItem, items)):
            for start in range(0, len(rows), 2000):
                session.execute(insert(table), rows[start:start + 2000])
    _after_bulk_load(db, url)
    db.dispose()


def _after_bulk_load(db: Database, url: str) -> None:
    # Statistics, and on PostgreSQL what autovacuum would do in a day: the bulk load left 100,000
    # dead versions of the few counter rows its triggers updated, and the GIN index's pending list.
    statements = ["ANALYZE"] if url.startswith("sqlite") else [
        *(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"  # ids given above
          for t in ("beneficiaries", "dossiers", "dossier_items")),
        "VACUUM FULL dossier_counts", "VACUUM ANALYZE"]
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


TRIVIAL_PAGE = """<!doctype html><title>Hồ sơ</title><table>{% for r in rows %}<tr><td>{{ r.code }}</td>
<td>{{ r.title }}</td><td>{{ r.status }}</td><td>{{ r.updated_at }}</td></tr>{% endfor %}</table>"""
BASELINE_PAGE = """<!doctype html><title>Hồ sơ</title><p>{{ total }} hồ sơ, trang {{ page }}</p><table>
{% for r in rows %}<tr><td>{{ r.code }}</td><td>{{ r.title }}</td><td>{{ r.status }}</td><td>{{ r.updated_at }}</td>
</tr>{% endfor %}</table>"""


def trivial_app():  # noqa: ANN201 - gunicorn's factory
    """The floor: Flask + SQLAlchemy, the newest 25 dossiers from the updated_at index, no login."""
    from flask import Flask, render_template
    from jinja2 import DictLoader
    from sqlalchemy import create_engine, text

    from dossier.config import normalise_url

    engine = create_engine(normalise_url(os.environ["DATABASE_URL"]))
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"trivial.html": TRIVIAL_PAGE, "baseline.html": BASELINE_PAGE})  # compiled once
    query = text("SELECT id, code, title, status, updated_at FROM dossiers ORDER BY updated_at DESC LIMIT 25")
    by_status = text("SELECT id, code, title, status, updated_at FROM dossiers WHERE status = :status"
                     " ORDER BY updated_at DESC, id DESC LIMIT 50 OFFSET 100")
    count_status = text("SELECT count(*) FROM dossiers WHERE status = :status")

    @app.get("/")
    def index() -> str:
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        return render_template("trivial.html", rows=rows)

    @app.get("/van-ban")
    def baseline() -> str:  # baselines.md §7, the page the project's baselines were measured on
        with engine.connect() as conn:
            total = conn.execute(count_status, {"status": "in_progress"}).scalar_one()
            rows = conn.execute(by_status, {"status": "in_progress"}).all()
        return render_template("baseline.html", rows=rows, total=total, page=3)

    @app.get("/as-before")
    def as_before() -> str:  # the floor this bench had until issue 14: the template compiled per request
        from flask import render_template_string

        with engine.connect() as conn:
            rows = conn.execute(query).all()
        return render_template_string(TRIVIAL_PAGE, rows=rows)

    @app.get("/healthz")
    def health() -> str:
        return "ok"

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login_cookie(base: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/dang-nhap").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "csrf_token": token}).encode()
    page = opener.open(f"{base}/dang-nhap", data=data)
    if page.url.endswith("/dang-nhap/ma-xac-thuc"):  # a leader gives the second factor (demo secret)
        from dossier.demo.people import demo_totp_code

        html = page.read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({"code": demo_totp_code(USER), "csrf_token": token}).encode()
        page = opener.open(f"{base}/dang-nhap/ma-xac-thuc", data=data)
    page.read()
    if "/dang-nhap" in page.url:
        raise RuntimeError(f"sign-in as {USER} did not complete: ended on {page.url}")
    cookie = next(c for c in jar if c.name == "hskc_session")
    return f"{cookie.name}={cookie.value}"


def wait_until_up(base: str, timeout: float = 240) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def _check_ok(url: str, cookie: str) -> None:
    opener = urllib.request.build_opener(_NoRedirect)
    status = opener.open(urllib.request.Request(url, headers={"Cookie": cookie})).status
    if status != 200:
        raise RuntimeError(f"{url} answered {status}, not 200")


def run_wrk(url: str, header: str, seconds: int) -> dict[str, float]:
    """`wrk -t2 -c8 --latency` for `seconds` with one request header (the session cookie, a token)."""
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", header, url],
                         capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        result[f"p{pct}"] = _ms(re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = float(non2xx.group(1)) if non2xx else 0.0
    return result


PAGES = {"list page 1": "/ho-so/",
         "filtered (status+commune)": "/ho-so/?status=in_progress&commune=x%C3%A3+Cam+An&page=2",
         "search 'may say tao'": "/ho-so/?q=may+say+tao"}


def _app_config(url: str, instance: Path) -> dict:
    return {"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False}


def profile_requests(url: str, instance: Path) -> None:
    """A pyinstrument profile of one request per page (in process, warm), top of the tree."""
    from pyinstrument import Profiler

    from web import create_app

    app = create_app(_app_config(url, instance))
    client = app.test_client()
    from dossier.demo.people import demo_totp_code

    client.post("/dang-nhap", data={"username": USER, "password": PASSWORD})
    client.post("/dang-nhap/ma-xac-thuc", data={"code": demo_totp_code(USER)})
    for name, path in PAGES.items():
        for _ in range(20):
            assert client.get(path).status_code == 200
        profiler = Profiler(interval=0.0001)
        with profiler:
            for _ in range(50):
                client.get(path)
        print(f"--- pyinstrument, 50 requests of {name} ---")
        print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=True))
    app.extensions["dossier_db"].dispose()


def serve(app_spec: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", app_spec], env=env)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base)
    return server, base


@contextmanager
def running_servers(url: str, workdir: Path) -> Iterator[tuple[str, str]]:
    """The trivial page's server and the app's (gunicorn, 2 sync workers each) over the database at
    `url`: their base URLs, the servers stopped on leaving."""
    env = {**os.environ, "DATABASE_URL": url, "DOSSIER_INSTANCE_PATH": str(workdir / "instance"),
           "DOSSIER_SECRET_KEY": "bench-secret", "DOSSIER_COOKIE_SECURE": "0"}
    servers = []
    try:
        trivial, trivial_base = serve("bench.bench_web:trivial_app()", env)
        servers.append(trivial)
        app, base = serve("web:create_app()", env)
        servers.append(app)
        yield trivial_base, base
    finally:
        for server in servers:
            server.terminate()
            server.wait(20)


def interleaved_runs(targets: dict[str, tuple[str, str]], seconds: int, runs: int) -> dict[str, dict[str, float]]:
    """Median run per target (name → URL and request header), the targets' runs interleaved so that
    a busy machine slows all alike."""
    for u, header in targets.values():  # warm both workers of each server
        run_wrk(u, header, 1)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, (u, header) in targets.items():
            results[name].append(run_wrk(u, header, seconds))
    return medians_by_rps(results)


def measure(url: str, workdir: Path, seconds: int, runs: int) -> dict[str, dict[str, float]]:
    """Median run per page (req/s, p50/p90/p99), trivial page and the app's pages interleaved."""
    with running_servers(url, workdir) as (trivial_base, base):
        cookie = login_cookie(base)
        urls = {"trivial page": trivial_base + "/", "baselines.md §7 page": trivial_base + "/van-ban",
                "trivial, compiled per request": trivial_base + "/as-before",
                **{name: base + p for name, p in PAGES.items()}}
        for u in urls.values():  # each page answers 200 itself (wrk counts a redirect as a success)
            _check_ok(u, cookie)
        return interleaved_runs({name: (u, f"Cookie: {cookie}") for name, u in urls.items()}, seconds, runs)


def report(n: int, medians: dict[str, dict[str, float]]) -> None:
    floor, baseline = medians["trivial page"]["rps"], medians["baselines.md §7 page"]["rps"]
    print(f"{n:,} dossiers")
    print(f"  {'page':29s} {'req/s (runs)':>22s} {'median':>7s} {'× trivial':>9s} {'× §7':>6s}  p50 / p90 / p99 ms")
    for name, m in medians.items():
        runs = ", ".join(f"{r:.0f}" for r in m["runs"])
        print(f"  {name:29s} {runs:>22s} {m['rps']:7.0f} {m['rps'] / floor:9.2f} {m['rps'] / baseline:6.2f}  "
              f"{m['p50']:.1f} / {m['p90']:.1f} / {m['p99']:.1f}"
              + (f"  NON-2xx: {m['errors']:.0f}" if m["errors"] else ""))


class Store:
    """A fresh database per size: a SQLite file, or a new PostgreSQL database dropped at the end."""

    def __init__(self, admin_url: str | None, workdir: Path) -> None:
        self.admin_url, self.workdir, self.created = admin_url, workdir, []

    def new(self, n: int) -> str:
        if not self.admin_url:
            return f"sqlite:///{self.workdir / f'bench_{n}.sqlite3'}"
        from sqlalchemy import create_engine

        from dossier.config import normalise_url

        name = f"bench_web_{n}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(normalise_url(self.admin_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        self.created.append(name)
        return self.admin_url.rpartition("/")[0] + "/" + name

    def drop(self) -> None:
        if self.created:
            from sqlalchemy import create_engine

            from dossier.config import normalise_url

            admin = create_engine(normalise_url(self.admin_url), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                for name in self.created:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def wrk_arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The command line of a wrk bench: its own arguments, and the wrk runs' and the database's."""
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server's URL (default: SQLite)")
    return parser.parse_args(argv if argv is not None else [])


def wrk_missing(bench: str) -> bool:
    """True, after saying so, when wrk is not installed."""
    if shutil.which("wrk"):
        return False
    print(f"wrk is not installed (apt-get install wrk): skipping the {bench} benchmark")
    return True


def wrk_banner(args: argparse.Namespace, per: str) -> str:
    return (f"{'PostgreSQL' if args.database_url else 'SQLite'}; gunicorn, 2 sync workers per server; "
            f"wrk -t2 -c8 -d{args.seconds}s --latency; {args.runs} interleaved runs per {per}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", default="10000,100000", help="sizes, comma-separated")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of one request per page")
    args = wrk_arguments(parser, argv)
    if wrk_missing("web"):
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench_web_"))
    store = Store(args.database_url, workdir)
    sizes = [int(s) for s in args.dossiers.split(",")]
    print(wrk_banner(args, "page"))
    results = {}
    try:
        for n in sizes:
            url = store.new(n)
            t0 = time.perf_counter()
            build_database(url, n)
            print(f"loaded {n:,} dossiers in {time.perf_counter() - t0:.1f} s")
            results[n] = measure(url, workdir, args.seconds, args.runs)
            report(n, results[n])
            if args.profile and n == sizes[-1]:
                profile_requests(url, workdir / "instance")
    finally:
        store.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"req/s at {small:,} ÷ req/s at {large:,} (target ≤ 1.3):")
        for name in results[small]:
            print(f"  {name:29s} {results[small][name]['rps'] / results[large][name]['rps']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
