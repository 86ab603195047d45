"""Browser tests: Playwright driving Debian's Chromium against the app served from a thread.

Playwright cannot download its own browser here, so the system Chromium is launched through
`executable_path`. Without /usr/bin/chromium the tests are skipped, except in CI (CI=true),
where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Module scope: Playwright's sync API keeps an event loop running in this thread while it is
    # open, which must not leak into the tests that run after the browser tests.
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def e2e_demo(demo_sqlite: Path) -> Path:
    return demo_sqlite


@pytest.fixture
def live_server(e2e_demo: Path, tmp_path: Path) -> Iterator[str]:
    """The real app (CSRF on, as in production) on a free loopback port, in a thread."""
    from werkzeug.serving import make_server

    from dossier.services.uow import Database
    from web import create_app

    path = tmp_path / "live.sqlite3"
    shutil.copy(e2e_demo, path)
    db = Database(f"sqlite:///{path}")
    app = create_app({"DATABASE": db, "SECRET_KEY": "e2e", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SESSION_COOKIE_SECURE": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        db.dispose()


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
