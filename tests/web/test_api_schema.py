"""schemathesis against the running API: its command line, as CI would run it, generates
requests for every operation of the OpenAPI document and sends them over HTTP to a real server
on loopback; every check (no 500, status codes, content types, response schemas and headers)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from tests.web.conftest import make_app, web_db  # noqa: F401 - fixtures
from tests.web.test_api import _issue_one, _token


@pytest.fixture
def api_server(web_db: Any, tmp_path: Any) -> Iterator[tuple[str, str]]:  # noqa: F811
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    _issue_one(web_db)
    token = _token(web_db, "giamdoc")  # read-only: generated POSTs are refused (403), nothing moves
    app = make_app(web_db, tmp_path, PROPAGATE_UNEXPECTED=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", token
    finally:
        server.shutdown()


def _schemathesis() -> list[str]:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
    if found is None:
        pytest.fail("schemathesis is not installed (it is in the project's test extras)")
    return [found]


def test_schemathesis_finds_nothing(api_server: tuple[str, str], tmp_path: Path) -> None:
    base, token = api_server
    report = tmp_path / "junit.xml"
    run = subprocess.run(
        [*_schemathesis(), "run", f"{base}/api/v1/openapi.json", "--checks", "all",
         "--header", f"Authorization: Bearer {token}", "--max-examples", "30", "--seed", "20261202",
         "--report", "junit", "--report-junit-path", str(report)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "NO_COLOR": "1"})
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert 'failures="0"' in report.read_text() and 'errors="0"' in report.read_text()
