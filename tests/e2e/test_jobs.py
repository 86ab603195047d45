"""The plan's set of documents for 100 dossiers as one background job, in Chromium (issue 14, "Done
when"): the officer asks for it, the progress bar moves without the page reloading (jobs.js polls
the JSON endpoint; CSP 'self'), the worker is killed with SIGKILL half-way and a second one resumes
the job, and the zip downloads with every dossier's archive once and the plan documents once.
Screenshots: test-artifacts/screenshots/jobs-*.png.
"""

from __future__ import annotations

import io
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_officer_to_leader import sign_in
from tests.jobs.conftest import queue_settings
from tests.jobs.helpers import YEAR, counts, kill_9, plan_with_dossiers, start_worker, stop

DOSSIERS = 100
UNITS = 3 + DOSSIERS


@pytest.fixture
def jobs_server(tmp_path: Path, _sqlite_template: Path) -> Iterator[dict[str, Any]]:
    """The real app (CSRF on) over a province with 100 approved dossiers in one plan, in a thread;
    its jobs go to a SQLite queue file that the test's workers read."""
    from werkzeug.serving import make_server

    from dossier.demo.seed import seed_province
    from dossier.services.jobs import JobQueue
    from dossier.services.uow import Database
    from web import create_app

    path = tmp_path / "jobs.sqlite3"
    shutil.copy(_sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    seed_province(db)
    plan_with_dossiers(db, DOSSIERS)
    settings = queue_settings(tmp_path, "sqlite")
    app = create_app({"DATABASE": db, "SECRET_KEY": "e2e", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SESSION_COOKIE_SECURE": False, "JOB_QUEUE": JobQueue.from_settings(settings)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {"DATABASE_URL": f"sqlite:///{path}", "DOSSIER_QUEUE_URL": settings.queue_url,
           "DOSSIER_QUEUE_NAME": settings.queue_name, "DOSSIER_JOB_STALE_SECONDS": "3",
           "DOSSIER_INSTANCE_PATH": str(tmp_path / "instance")}
    try:
        yield {"base": f"http://127.0.0.1:{server.server_port}", "db": db, "env": env, "log": tmp_path / "w.log"}
    finally:
        server.shutdown()
        thread.join(10)
        db.dispose()


def bar(page: Any) -> tuple[int, int]:
    """(value, max) of the progress bar as the page shows it now."""
    return tuple(page.eval_on_selector("progress.job-bar", "el => [el.value, el.max]"))


def test_plan_documents_for_100_dossiers_as_one_job(page: Any, jobs_server: dict[str, Any], tmp_path: Path) -> None:
    base, db, env, log = jobs_server["base"], jobs_server["db"], jobs_server["env"], jobs_server["log"]
    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/bao-cao/ke-hoach")
    page.locator("#set-year").select_option(str(YEAR))
    page.get_by_role("button", name="Lập bộ văn bản (chạy nền)").click()
    page.wait_for_url(re.compile(r"/cong-viec/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Bộ văn bản kế hoạch năm {YEAR}")
    assert bar(page) == (0, UNITS)
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    shot(page, "jobs-1-queued")

    first = start_worker(env, log)
    seen = set()
    try:
        page.wait_for_function("() => document.querySelector('progress.job-bar').value >= 20", timeout=240_000)
        seen.add(bar(page)[0])
        kill_9(first)
    finally:
        stop(first)
    cut = counts(db, job_id)["done"]
    assert 20 <= cut < UNITS, cut
    page.wait_for_function(f"() => document.querySelector('progress.job-bar').value >= {cut}")
    shot(page, "jobs-2-worker-killed")
    assert page.locator('[data-job-field="status_label"]').inner_text() == "Đang chạy"

    second = start_worker(env, log)
    try:
        page.wait_for_function(
            "() => document.querySelector('[data-job-field=\"status_label\"]').textContent === 'Đã xong'",
            timeout=240_000)
    finally:
        stop(second)
    seen.add(bar(page)[0])
    assert bar(page) == (UNITS, UNITS) and len(seen) == 2
    assert page.evaluate("window.__sameDocument === true")  # the bar moved without a reload
    assert page.locator(".job-cancel").is_hidden()
    assert "hồ sơ lưu trữ của 100 đề án" in page.locator('[data-job-field="note"]').inner_text()
    shot(page, "jobs-3-done")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải kết quả").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"Bộ văn bản kế hoạch năm {YEAR}.zip"
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as archive:
        names = archive.namelist()
    archives = [n for n in names if n.startswith("ho_so_luu_tru/")]
    assert len(archives) == len(set(archives)) == DOSSIERS
    assert len([n for n in names if n.startswith("van_ban_ke_hoach/")]) == 3
    assert counts(db, job_id) == {"items": UNITS, "plan_documents": 3, "done": UNITS, "total": UNITS, "attempts": 2}
