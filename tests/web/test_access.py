"""Every endpoint declares who may use it; every other role is refused; other bodies' dossiers
do not exist for an officer (architecture.md B8 tests 21 and 22)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.web.conftest import ROLE_USERS, login, valid_form
from web.access import DOSSIER_READERS, Rule, rule_for
from workflows.states import Role
from workflows.table import steps_for

ALL = frozenset(Role)
OFFICER = frozenset({Role.OFFICER})
LEADER = frozenset({Role.LEADER})
ADMIN = frozenset({Role.ADMIN})
# The design, pinned: a change of who may do what must change this table too.
EXPECTED: dict[str, frozenset[Role] | str] = {
    "static": "public",
    "auth.login": "public",
    "main.healthz": "public",
    "main.home": ALL,
    "auth.logout": ALL,
    "auth.logout_everywhere": ALL,
    "dossiers.index": DOSSIER_READERS,
    "dossiers.create": OFFICER,
    "dossiers.edit": OFFICER,
    "dossiers.show": DOSSIER_READERS,
    "dossiers.step": DOSSIER_READERS,
    "dossiers.reviews": OFFICER,
    "dossiers.save_review": OFFICER,
    "dossiers.upload": OFFICER,
    "documents.download": DOSSIER_READERS,
    "documents.preview": DOSSIER_READERS,
    "documents.attachment": DOSSIER_READERS,
    "documents.all_pdfs": DOSSIER_READERS,
    "records.export": DOSSIER_READERS,  # issue 12 item 3: the hồ sơ điện tử (PDF + Phụ lục VI XML)
    "records.incoming": frozenset({Role.CLERK, Role.ADMIN}),  # and the register of incoming documents
    "records.incoming_new": frozenset({Role.CLERK, Role.ADMIN}),
    "records.incoming_file": frozenset({Role.CLERK, Role.ADMIN}),  # issue 14: every document as PDF, a background job
    "inbox.index": LEADER,
    # issue 5: signing, issuance, register, public verification
    "signing.drafts": LEADER,
    "signing.sign": LEADER,
    "signing.agent_prepare": LEADER,
    "signing.agent_pdf": "public",
    "signing.agent_upload": "public",
    "signing.to_seal": frozenset({Role.CLERK}),
    "signing.seal": frozenset({Role.CLERK}),
    "signing.issued": DOSSIER_READERS,
    "signing.issued_download": DOSSIER_READERS,
    "signing.dossier_issued": DOSSIER_READERS,
    "signing.register_view": ALL,
    "signing.register_export": ALL,
    "signing.register_cancel": frozenset({Role.CLERK, Role.ADMIN}),
    "signing.verify_form": "public",
    "signing.verify_code": "public",
    "signing.verify_download": "public",
    # issue 4 items 5, 6: administration (admin only) and the workflow diagram (everyone)
    "admin.index": ADMIN,
    "admin.users": ADMIN,
    "admin.create_user": ADMIN,
    "admin.edit_user": ADMIN,
    "admin.reset_password": ADMIN,
    "admin.set_active": ADMIN,
    "admin.organisations": ADMIN,
    "admin.edit_organisation": ADMIN,
    "admin.templates": ADMIN,
    "admin.template": ADMIN,
    "admin.upload": ADMIN,
    "admin.version": ADMIN,
    "admin.version_file": ADMIN,
    "admin.preview_docx": ADMIN,
    "admin.preview_pdf": ADMIN,
    "admin.activate": ADMIN,
    "workflow.index": ALL,
    # issue 12: the exchange's status endpoint (a bearer token of the connector), revocation by the
    # văn thư, the integration tokens' administration, and the REST API (tokens: tests/web/test_api.py)
    "exchange.status_message": "public",
    "exchange.revoke": frozenset({Role.CLERK}),
    "admin_tokens.tokens": ADMIN,
    "admin_tokens.revoke": ADMIN,
    "api.openapi": "public",
    **{f"api.{name}": "token" for name in ("Dossiers", "DossierOne", "DossierSteps", "IssuedOne", "Plans", "PlanOne",
                                           "Money")},
}


def test_every_endpoint_is_public_or_declared(app: Any) -> None:
    undeclared = [r.endpoint for r in app.url_map.iter_rules() if rule_for(app, r.endpoint) is None]
    assert undeclared == []
    for rule in app.url_map.iter_rules():
        declared = rule_for(app, rule.endpoint)
        if rule.endpoint in EXPECTED:
            expected = EXPECTED[rule.endpoint]
            assert (declared if declared in ("public", "token") else declared.roles) == expected, rule.endpoint


def test_an_undeclared_endpoint_is_refused(app: Any, as_user: Any) -> None:
    app.add_url_rule("/khong-khai-bao", "undeclared", lambda: "secret")
    response = as_user("quantri").get("/khong-khai-bao")
    assert response.status_code == 403
    assert "Không có quyền" in response.get_data(as_text=True)


def _sample_urls(app: Any, db: Any, ids: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every non-public rule, with ids of real objects of sct-kh."""
    from dossier.model import Attachment, Blob, Dossier, GeneratedDocument

    under_appraisal = ids["status"]["under_appraisal"]
    with db.write() as session:
        doc = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == under_appraisal)).first()
        member = session.get(Dossier, under_appraisal).council.members[0].id
        session.merge(Blob(sha256="0" * 64, size=5, data=b"%PDF-"))
        session.flush()  # no relationship orders the two inserts for us
        att = Attachment(dossier_id=under_appraisal, filename="a.pdf", content_type="application/pdf", size=5,
                         sha256="0" * 64, uploaded_by_id=ids["users"]["chuyenvien"])
        session.add(att)
        session.flush()
        att_id = att.id
    values = {"dossier_id": under_appraisal, "document_id": doc.id, "attachment_id": att_id,
              "member_id": member, "trigger": "request_revision",
              "issued_id": 1, "entry_id": 1, "fmt": "xlsx",  # signing blueprint (issue 5)
              # admin (issue 4): another user than the admin walking (resetting their own password
              # would end the walk's session), a real template and its shipped version
              "user_id": ids["users"]["vanthu"], "org_id": 1, "template_id": "qd_phe_duyet_de_an", "version": 1}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule_for(app, rule.endpoint) in ("public", "token"):  # token: tests/web/test_api.py
                continue
            method = "GET" if "GET" in rule.methods else "POST"
            # Other areas' endpoints (signing, admin…) get id 1: their own tests cover their matrix.
            args = {a: values.get(a, 1) for a in rule.arguments}
            urls.append((rule.endpoint, method, url_for(rule.endpoint, **args)))
    return urls


def test_anonymous_is_sent_to_login_everywhere(app: Any, web_db: Any, ids: dict[str, Any]) -> None:
    client = app.test_client()
    for endpoint, method, url in _sample_urls(app, web_db, ids):
        response = client.open(url, method=method)
        assert response.status_code == 302, endpoint
        assert response.headers["Location"].startswith("/dang-nhap"), endpoint


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_access_matrix(role: str, app: Any, web_db: Any, ids: dict[str, Any]) -> None:
    client = app.test_client()
    login(client, ROLE_USERS[role])
    for endpoint, method, url in _sample_urls(app, web_db, ids):
        if endpoint in ("auth.logout", "auth.logout_everywhere") or endpoint not in EXPECTED:
            continue  # logout would end the walk's session (see test_session); others: their tests
        rule = rule_for(app, endpoint)
        assert isinstance(rule, Rule)
        allowed = rule.roles
        if endpoint == "dossiers.step":  # the workflow table narrows it per step
            allowed = allowed & frozenset(r for s in steps_for("request_revision") for r in s.roles)
        response = client.open(url, method=method, data={})
        if Role(role) in allowed:
            assert response.status_code != 403, (role, endpoint, response.status_code)
            assert not response.headers.get("Location", "").startswith("/dang-nhap"), (role, endpoint)
        else:
            assert response.status_code == 403, (role, endpoint, response.status_code)
            assert "Không có quyền" in response.get_data(as_text=True)


def test_an_officer_of_another_body_finds_nothing(app: Any, web_db: Any, ids: dict[str, Any]) -> None:
    """ttkc is an officer of the Trung tâm: the Sở's dossiers and their files are 404 for every verb."""
    client = app.test_client()
    login(client, "ttkc")
    urls = _sample_urls(app, web_db, ids)
    before = _snapshot(web_db)
    scoped = [(e, m, u) for e, m, u in urls if e in EXPECTED and getattr(rule_for(app, e), "scope", None)]
    assert len(scoped) >= 10
    for endpoint, method, url in scoped:
        response = client.open(url, method=method, data={"version": "1", "missing_items": "x", "passed": "1"})
        assert response.status_code == 404, (endpoint, response.status_code)
    assert _snapshot(web_db) == before
    listing = client.get("/ho-so/").get_data(as_text=True)
    assert "Không có hồ sơ nào" in listing


def _snapshot(db: Any) -> list[tuple[int, str, int]]:
    from dossier.model import Dossier

    with db.read() as session:
        return [(d.id, d.status, d.version) for d in session.scalars(select(Dossier).order_by(Dossier.id))]


def test_a_document_under_another_dossiers_url_is_not_found(app: Any, as_user: Any, web_db: Any,
                                                             ids: dict[str, Any]) -> None:
    from dossier.model import GeneratedDocument

    with web_db.read() as session:
        doc = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == ids["status"]["approved"])).first()
    client = as_user("chuyenvien")
    assert client.get(f"/ho-so/{doc.dossier_id}/van-ban/{doc.id}").status_code == 200
    assert client.get(f"/ho-so/{ids['status']['draft']}/van-ban/{doc.id}").status_code == 404


def test_leaders_see_the_bodies_under_theirs(app: Any, web_db: Any, tmp_path: Any) -> None:
    """A dossier of the Trung tâm: its officer and the Sở's leader see it, the Sở's officer does not."""
    ttkc = app.test_client()
    login(ttkc, "ttkc")
    response = ttkc.post("/ho-so/moi", data=valid_form(title="Đề án của Trung tâm Khuyến công"))
    assert response.status_code == 302
    url = response.headers["Location"]
    assert ttkc.get(url).status_code == 200
    for username, status in (("giamdoc", 200), ("phochutich", 200), ("vanthu", 200), ("chuyenvien", 404)):
        client = app.test_client()
        login(client, username)
        assert client.get(url).status_code == status, username
    leader = app.test_client()
    login(leader, "giamdoc")
    assert "Đề án của Trung tâm Khuyến công" in leader.get("/ho-so/?q=trung+tam").get_data(as_text=True)
