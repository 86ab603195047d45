"""Issuance in a real browser through the official's own signing agent (issue 11): the Sở's Phó
Giám đốc is registered for the browser agent; the "Ký số" page prepares the numbered PDF, the page
script hands it to the local agent (a real HTTP server on loopback playing the Ban Cơ yếu plugin,
signing with a real key and the test TSA), the agent posts the signed PDF back with the one-time
token, and the browser lands on the issued document, valid. The page's CSP stays 'self' for
scripts (no inline script); only connect-src names the agent's loopback address."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import require_program
from tests.e2e.conftest import shot
from tests.e2e.test_officer_to_leader import sign_in, sign_out
from tests.pki.agent_server import LocalAgent

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEADER = "phogiamdoc"
SLOW = 180_000


@pytest.fixture
def agent_server(e2e_demo: Path, tmp_path: Path, test_pki) -> Any:
    """The app on loopback with its SIGNING_AGENT_URL pointing at a local agent, and that agent."""
    from werkzeug.serving import make_server

    from dossier.model import User
    from dossier.services.pki import add_trust_root
    from dossier.services.signing_methods import register_method
    from dossier.services.uow import Database
    from web import create_app

    path = tmp_path / "live.sqlite3"
    shutil.copy(e2e_demo, path)
    db = Database(f"sqlite:///{path}")
    with db.write() as session:
        add_trust_root(session, test_pki.root)
        user = session.scalars(select(User).where(User.username == LEADER)).one()
        register_method(session, user=user, source="agent", certificate=test_pki.cert("leader"))
    local = LocalAgent(test_pki.signer("leader"), origin="", tsa_url=test_pki.tsa_url, trust_root=test_pki.root)
    app = create_app({"DATABASE": db, "SECRET_KEY": "e2e", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SESSION_COOKIE_SECURE": False, "SIGNING_AGENT_URL": local.url})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    local.origin = f"http://127.0.0.1:{server.server_port}"
    try:
        yield local.origin, local, db
    finally:
        server.shutdown()
        thread.join(10)
        local.stop()
        db.dispose()


def signable_today(db: Any, username: str) -> int:
    """The first draft on the leader's "Ký số" list whose date today fits its dossier's chronology
    (a Tờ trình of a dossier already approved cannot be issued after the decision)."""
    from dossier.model import User
    from dossier.services.issuance import drafts_to_sign
    from dossier.services.issuance.dates import check_in_order
    from dossier.services.issuance.drafts import signable
    from dossier.vn.vntime import now_vn

    with db.read() as session:
        user_id = session.scalars(select(User.id).where(User.username == username)).one()
    for row in drafts_to_sign(db, actor_id=user_id):
        with db.read() as session:
            try:
                check_in_order(session, signable(session, session.get(User, user_id), row.document_id),
                               now_vn().date())
            except Exception:  # noqa: BLE001 - out of order today: try the next draft
                continue
            return row.document_id
    raise AssertionError(f"no draft {username} can sign today")


def _numbers(db: Any) -> int:
    from dossier.model import RegisterEntry

    with db.read() as session:
        return session.scalar(select(func.count()).select_from(RegisterEntry))


def test_leader_signs_with_his_browser_agent(page: Any, agent_server: Any, tmp_path: Path) -> None:
    from dossier.model import Blob, IssuedDocument

    base, local, db = agent_server
    before = _numbers(db)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, base, LEADER)
    page.get_by_role("link", name="Ký số", exact=True).click()
    page.wait_for_url(re.compile(r"/ky-so$"))
    page.locator(f'a[href$="/ky-so/{signable_today(db, LEADER)}"]').click()
    page.wait_for_url(re.compile(r"/ky-so/\d+$"))
    assert page.get_by_label("Mật khẩu chứng thư số").count() == 0  # nothing to type on the server
    page.get_by_role("button", name="Ký bằng công cụ ký số trên máy tính").click()
    page.wait_for_url(re.compile(r"/ky-so/\d+/cong-cu-ky$"), timeout=SLOW)
    response_csp = page.evaluate("() => document.querySelector('#agent-panel').dataset.agentUrl")
    assert response_csp == local.url
    assert _numbers(db) == before  # the number is looked at, not taken, while the agent signs
    shot(page, "42-cong-cu-ky-so")

    page.locator("#agent-sign").click()
    try:
        page.wait_for_url(re.compile(r"/van-ban-ban-hanh/\d+$"), timeout=SLOW)
    except Exception:
        raise AssertionError((page.url, page.locator("#agent-status").inner_text(), errors, local.calls)) from None
    shown = page.locator("main").inner_text()
    assert re.search(r"Số: \d+/[A-Za-zĐ]+-SCT", shown) and "Đã ký, chờ văn thư đóng dấu" in shown, shown
    assert page.get_by_text("HỢP LỆ", exact=True).count() == 1
    shot(page, "43-cong-cu-ky-so-da-ky")
    assert _numbers(db) == before + 1
    assert len(local.calls) == 1 and local.calls[0]["FileUploadHandler"].startswith(base)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    with db.read() as session:
        issued = session.scalars(select(IssuedDocument).order_by(IssuedDocument.id.desc())).first()
        pdf = session.get(Blob, issued.signed_pdf_sha256).data
    sign_out(page)
    path = tmp_path / "agent.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([require_program("pdfsig"), str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature is Valid") == 1 and "Nguyễn Thị Hồng Nhung" in out, out
