"""Two app servers, one database: what one node does, the other knows at once (issue 14 item 4).

Two `dossier serve` processes (gunicorn, 2 workers each) on two loopback ports share one
database (PostgreSQL, and a SQLite file for the one-machine install), one instance folder (the
shared storage setting: secret key, data key, trust anchors) and the secret key; each has its own
cache folder. Two `dossier worker` processes take the jobs from one Redis queue. One browser (one
cookie jar, as behind a load balancer with one host name) is sent to either node. Everything is
driven over HTTP, as a proxy would.
"""

from __future__ import annotations

import dataclasses
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from dossier.demo.people import DEMO_PASSWORD, demo_totp_code
from tests.servers import free_port, stop

ROOT = Path(__file__).resolve().parents[2]


class _Keep(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - answers are read as they come
        return None


class Node:
    def __init__(self, name: str, env: dict[str, str], cache: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **env, "DOSSIER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        command = [sys.executable, "-c", "from dossier.cli import main; main()", "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), "--workers", "2", "--insecure-cookies"]
        self.proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        self.name = name

    def wait_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"node {self.name} exited with {self.proc.returncode}"
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2).read()
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"node {self.name} did not answer")

    def stop(self) -> None:
        stop(self.proc)


class Browser:
    """One cookie jar for both nodes (cookies are per host, not per port); redirects not followed."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _Keep)

    def open(self, url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as r:
                return r.status, r.headers.get("Location", ""), r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read()

    def get(self, url: str) -> tuple[int, str, bytes]:
        return self.open(url)

    def post(self, url: str, fields: list[tuple[str, str]], form_page: str | None = None) -> tuple[int, str, bytes]:
        """POST a form with the CSRF token of `form_page` (default: the same URL)."""
        token = _csrf(self.get(form_page or url)[2])
        return self.open(url, urllib.parse.urlencode([*fields, ("csrf_token", token)]).encode())

    def upload(self, url: str, form_page: str, name: str, data: bytes, kind: str) -> tuple[int, str, bytes]:
        token = _csrf(self.get(form_page)[2])
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'.encode(),
                 f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'.encode(),
                 (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                  "Content-Type: application/pdf\r\n\r\n").encode() + data + b"\r\n",
                 f"--{boundary}--\r\n".encode()]
        return self.open(url, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def session_cookie(self) -> str:
        return next(c.value for c in self.jar if c.name == "hskc_session")

    def sign_in(self, node: Node, username: str) -> None:
        status, location, _ = self.post(f"{node.base}/dang-nhap", [("username", username), ("password", DEMO_PASSWORD)])
        assert status == 302, (username, status)
        if location.endswith("/dang-nhap/ma-xac-thuc"):
            status, location, _ = self.post(f"{node.base}/dang-nhap/ma-xac-thuc", [("code", demo_totp_code(username))])
        assert status == 302 and "/dang-nhap" not in location, (username, status, location)


def _csrf(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


def _with_cookie(url: str, cookie: str) -> int:
    """A request carrying a copied session cookie (another browser, or a thief)."""
    request = urllib.request.Request(url, headers={"Cookie": f"hskc_session={cookie}"})
    try:
        with urllib.request.build_opener(_Keep).open(request, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def nodes(db, users, database_url, tmp_path):
    from tests.jobs.helpers import start_worker, stop

    shared = tmp_path / "shared-instance"  # the shared storage: one folder every node mounts
    shared.mkdir()
    env = {"DATABASE_URL": database_url, "DOSSIER_INSTANCE_PATH": str(shared),
           "DOSSIER_SECRET_KEY": "two-nodes-shared-secret", "DOSSIER_QUEUE_URL": "redis://127.0.0.1:6379/0",
           "DOSSIER_QUEUE_NAME": f"hskc-two-nodes-{uuid.uuid4().hex[:8]}"}
    started = [Node(name, env, tmp_path / f"cache-{name}") for name in ("a", "b")]
    workers = [start_worker({**env, "DOSSIER_CACHE_DIR": str(tmp_path / f"cache-w{k}")}, tmp_path / f"worker{k}.log")
               for k in (1, 2)]
    try:
        for node in started:
            node.wait_up()
        yield started
    finally:
        for node in started:
            node.stop()
        for worker in workers:
            stop(worker)


def _new_dossier_in(db, users, commune: str) -> int:
    from dossier.services.dossiers import create_dossier
    from tests.core.helpers import dossier_data

    data = dossier_data(db)
    data = dataclasses.replace(data, beneficiary=dataclasses.replace(data.beneficiary, commune=commune))
    return create_dossier(db, users["chuyenvien"], data)


def test_two_app_servers_share_sessions_menus_files_and_health(db, users, nodes):
    a, b = nodes
    officer = Browser()
    officer.sign_in(a, "chuyenvien")
    assert officer.get(f"{b.base}/ho-so/")[0] == 200  # signed in on A, served by B

    # A new commune appears in B's filter menu as soon as a dossier of it exists (no stale cache).
    commune = "xã Thử Nghiệm Hai Máy"
    assert commune.encode() not in officer.get(f"{b.base}/ho-so/")[2]
    dossier_id = _new_dossier_in(db, users, commune)
    listing = officer.get(f"{b.base}/ho-so/")[2]
    assert f'<option value="{commune}">'.encode() in listing and f"/ho-so/{dossier_id}".encode() in listing

    # A file uploaded through A downloads, byte for byte, from B.
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n" + os.urandom(64)
    status, _, _ = officer.upload(f"{a.base}/ho-so/{dossier_id}/dinh-kem", f"{a.base}/ho-so/{dossier_id}",
                                  "bien-ban-khao-sat.pdf", pdf, "khac")
    assert status == 302
    page = officer.get(f"{b.base}/ho-so/{dossier_id}")[2]
    attachment = re.search(rb'/ho-so/%d/dinh-kem/(\d+)' % dossier_id, page).group(1).decode()
    status, _, body = officer.get(f"{b.base}/ho-so/{dossier_id}/dinh-kem/{attachment}")
    assert status == 200 and body == pdf

    _plan_documents_job(db, officer, a, b)

    # A logout on A ends the session on B too (a copy of the cookie is refused there).
    copied = officer.session_cookie()
    assert _with_cookie(f"{b.base}/ho-so/", copied) == 200
    status, _, _ = officer.post(f"{a.base}/dang-xuat", [], form_page=f"{a.base}/ho-so/")
    assert status == 302
    assert _with_cookie(f"{b.base}/ho-so/", copied) == 302  # to the sign-in page

    # A role change made by the administrator on A ends the officer's session open on B.
    officer.sign_in(b, "chuyenvien")
    assert officer.get(f"{b.base}/ho-so/")[0] == 200
    admin = Browser()
    admin.sign_in(a, "quantri")
    _change_roles(db, admin, a, users["chuyenvien"], ["officer", "clerk"])
    status, location, _ = officer.get(f"{b.base}/ho-so/")
    assert status == 302 and "/dang-nhap" in location

    for node in (a, b):
        status, _, body = Browser().get(f"{node.base}/health")
        assert status == 200 and b'"database"' in body and b'"ok": true' in body.replace(b'"ok":true', b'"ok": true')
        status, _, body = Browser().get(f"{node.base}/metrics")
        assert status == 200
        assert re.search(rb'hskc_http_requests_total\{endpoint="dossiers\.index",method="GET",status="200"\} [1-9]',
                         body), body[:2000]


def _change_roles(db, admin: Browser, node: Node, user_id: int, roles: list[str]) -> None:
    from dossier.services import admin as admin_service

    user = admin_service.get_user(db, user_id)
    fields = [("full_name", user.full_name), ("organisation_id", str(user.organisation_id)),
              ("job_title", user.job_title), ("signing_capacity", user.signing_capacity), ("email", user.email or ""),
              *(("roles", r) for r in roles)]
    url = f"{node.base}/quan-tri/nguoi-dung/{user_id}"
    status, _, body = admin.post(url, fields)
    assert status == 302, body[:500]


def _plan_documents_job(db, officer: Browser, a: Node, b: Node) -> None:
    """Asked on A, run by one of the two workers, followed and downloaded on B."""
    from tests.jobs.helpers import YEAR, plan_with_dossiers

    plan_with_dossiers(db, 3)
    status, location, _ = officer.post(f"{a.base}/bao-cao/ke-hoach/bo-van-ban", [("year", str(YEAR)), ("batch", "1")],
                                       form_page=f"{a.base}/bao-cao/ke-hoach")
    job_id = re.search(r"/(\d+)$", location).group(1)
    assert status == 302, location
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        status, _, body = officer.get(f"{b.base}{location}.json")
        assert status == 200
        if b'"status": "done"' in body.replace(b'"status":"done"', b'"status": "done"'):
            break
        assert b'"failed"' not in body, body
        time.sleep(1)
    else:
        raise AssertionError(f"job {job_id} not done: {body!r}")
    status, _, archive = officer.get(f"{b.base}{location}/ket-qua")
    assert status == 200 and archive.startswith(b"PK")
