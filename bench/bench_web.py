"""The dossier list under load: 10,000 dossiers, gunicorn (2 sync workers), 8 clients with wrk.

Loads 10,000 realistic dossiers (beneficiary, 3 item lines, folded search text, statuses,
plans, batches, communes) into a SQLite file with bulk inserts, serves the app with gunicorn
on loopback, signs in as a leader of the Sở (who sees every dossier: the widest scope) and
drives `wrk -t2 -c8 --latency` against the list page (page 1), a filtered page and a
diacritics-free search. Prints req/s and p50/p90/p99 per page, then the in-process time per
request (Flask test client, no HTTP). Figures only, no assertions (baselines.md method: read
medians, wrk shares the cores with the server).

`python -m bench.bench_web [--dossiers N] [--seconds S] [--runs R]`
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

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


def build_database(path: Path, n: int, seed: int = 7) -> None:
    """Migrate, load the demo province (no dossiers), then bulk-insert `n` dossiers."""
    from sqlalchemy import insert, select

    from dossier.db.migrate import upgrade
    from dossier.demo.seed import seed_province
    from dossier.model import Beneficiary, ContentGroup, Dossier, DossierItem, Organisation, Plan, User
    from dossier.services.uow import Database
    from dossier.vn.text import fold

    rng = random.Random(seed)
    db = Database(f"sqlite:///{path}")
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
            "location": f"{commune}, tỉnh Khánh Hòa",
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
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.dispose()


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
    opener.open(f"{base}/dang-nhap", data=data).read()
    cookie = next(c for c in jar if c.name == "hskc_session")
    return f"{cookie.name}={cookie.value}"


def wait_until_up(base: str, timeout: float = 30) -> None:
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


def run_wrk(url: str, cookie: str, seconds: int) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}", url],
                         capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        result[f"p{pct}"] = _ms(re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = float(non2xx.group(1)) if non2xx else 0.0
    return result


def in_process(db_url: str, instance: Path, paths: dict[str, str], n: int = 200) -> dict[str, float]:
    from web import create_app

    app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    client.post("/dang-nhap", data={"username": USER, "password": PASSWORD})
    times = {}
    for name, path in paths.items():
        for _ in range(20):
            assert client.get(path).status_code == 200
        start = time.perf_counter()
        for _ in range(n):
            client.get(path)
        times[name] = (time.perf_counter() - start) / n * 1000
    app.extensions["dossier_db"].dispose()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv if argv is not None else [])
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): skipping the web benchmark")
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench_web_"))
    path = workdir / "bench.sqlite3"
    t0 = time.perf_counter()
    build_database(path, args.dossiers)
    print(f"loaded {args.dossiers} dossiers in {time.perf_counter() - t0:.1f} s ({path.stat().st_size >> 20} MB)")
    url = f"sqlite:///{path}"
    paths = {"list page 1": "/ho-so/",
             "filtered (status+commune)": "/ho-so/?status=in_progress&commune=x%C3%A3+Cam+An&page=2",
             "search 'may say tao'": "/ho-so/?q=may+say+tao"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "DOSSIER_INSTANCE_PATH": str(workdir / "instance"),
           "DOSSIER_SECRET_KEY": "bench-secret", "DOSSIER_COOKIE_SECURE": "0"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "web:create_app()"], env=env)
    try:
        wait_until_up(base)
        cookie = login_cookie(base)
        print(f"gunicorn, 2 sync workers; wrk -t2 -c8 -d{args.seconds}s --latency; {args.runs} runs per page")
        print(f"{'page':28s} {'req/s (runs)':>26s} {'median':>8s}  p50/p90/p99 ms (median run)")
        for name, p in paths.items():
            runs = [run_wrk(base + p, cookie, args.seconds) for _ in range(args.runs)]
            med = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
            errors = sum(r["errors"] for r in runs)
            rps = ", ".join(f"{r['rps']:.0f}" for r in runs)
            print(f"{name:28s} {rps:>26s} {statistics.median(r['rps'] for r in runs):8.0f}  "
                  f"{med['p50']:.1f} / {med['p90']:.1f} / {med['p99']:.1f}"
                  + (f"  NON-2xx: {errors:.0f}" if errors else ""))
    finally:
        server.terminate()
        server.wait(20)
    for name, ms in in_process(url, workdir / "instance", paths).items():
        print(f"in-process {name:28s} {ms:.2f} ms/request")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
