"""The REST API (issue 12 item 2) over the demo province: tokens, scope, firing a step, errors.

The access matrix takes every route of the API from ``app.url_map`` (a new endpoint is covered
the day it is added) and calls it without a token, with a revoked one, with a read-only one and
as two users of different bodies, comparing what comes back with what the web's scope allows.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import select

from dossier.model import Dossier, IssuedDocument, Plan, User
from dossier.services import api_tokens
from dossier.services.access import visible_org_ids
from tests.web.conftest import login, make_app, web_db  # noqa: F401 - fixtures

ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


def _id(db: Any, username: str) -> int:
    with db.read() as session:
        return session.scalars(select(User.id).where(User.username == username)).one()


def _token(db: Any, username: str, *, can_fire: bool = False) -> str:
    return api_tokens.create_token(db, actor_id=_id(db, "quantri"), user_id=_id(db, username),
                                   name=f"test {username}", can_fire=can_fire)


def _issue_one(db: Any) -> None:
    """A dossier of today walked to its appraisal, its council decision signed and sealed (the
    demo's own dossiers are dated in the past, and a decision is never signed back-dated)."""
    from pathlib import Path

    from dossier.demo.people import DEMO_PASSWORD
    from dossier.services.issuance import SigningPort, seal_document, sign_document
    from dossier.services.issuance.port import PdfFunction
    from tests.issuance.conftest import make_drafts

    with db.read() as session:
        users = {u.username: u.id for u in session.scalars(select(User))}
    [draft] = make_drafts(db, users)  # drafted today: the meeting it announces is still to come
    with db.read() as session:
        if session.scalars(select(IssuedDocument).where(IssuedDocument.generated_document_id == draft)).first():
            return  # the walk issued it already
    pdf = (Path(__file__).resolve().parents[1] / "signing" / "data" / "sample.pdf").read_bytes()
    signed = sign_document(db, port=SigningPort(archive_pdf=PdfFunction(lambda _docx: pdf)),
                           actor_id=users["phogiamdoc"], document_id=draft, password=DEMO_PASSWORD)
    seal_document(db, port=SigningPort(), actor_id=users["vanthu"], issued_id=signed.issued_id,
                  password=DEMO_PASSWORD)


@pytest.fixture
def app(web_db: Any, tmp_path) -> Any:  # noqa: F811
    _issue_one(web_db)
    return make_app(web_db, tmp_path)


def _get(client: Any, url: str, token: str | None) -> Any:
    return client.get(url, headers={"Authorization": f"Bearer {token}"} if token else {})


def _objects(db: Any) -> dict[str, list[tuple[int, int]]]:
    """(id, owning organisation) of every object an API route can name."""
    with db.read() as session:
        dossiers = [(d.id, d.owner_org_id) for d in session.scalars(select(Dossier))]
        issued = [(i.id, session.get(Dossier, i.dossier_id).owner_org_id)
                  for i in session.scalars(select(IssuedDocument))]
        plans = [(p.id, 0) for p in session.scalars(select(Plan))]
    return {"dossier_id": dossiers, "issued_id": issued, "plan_id": plans}


def _visible(db: Any, username: str) -> set[int]:
    with db.read() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return visible_org_ids(session, user)


def test_every_api_route_answers_each_caller_as_the_web_would(app: Any, web_db: Any) -> None:  # noqa: F811
    client = app.test_client()
    tokens = {name: _token(web_db, name) for name in ("chuyenvien", "ttkc", "giamdoc")}
    revoked = _token(web_db, "chuyenvien")
    with web_db.read() as session:
        revoked_id = max(session.scalars(select(api_tokens.ApiToken.id)))
    api_tokens.revoke_token(web_db, actor_id=_id(web_db, "quantri"), token_id=revoked_id)
    objects = _objects(web_db)
    assert objects["dossier_id"] and objects["issued_id"] and objects["plan_id"]
    routes = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/") and "openapi" not in r.rule]
    assert len(routes) >= 7
    checked = 0
    for rule in routes:
        arg = next(iter(rule.arguments), None)
        for obj_id, owner in objects[arg] if arg else [(None, None)]:
            url = rule.rule.replace(f"<int:{arg}>", str(obj_id)) if arg else rule.rule
            if "POST" in rule.methods:
                for token in (None, revoked, tokens["chuyenvien"]):
                    response = client.post(url, json={"trigger": "submit", "expected_version": 1},
                                           headers={"Authorization": f"Bearer {token}"} if token else {})
                    assert response.status_code == (403 if token == tokens["chuyenvien"] else 401), url
                    checked += 1
                continue
            assert _get(client, url, None).status_code == 401, url
            assert _get(client, url, revoked).status_code == 401, url
            assert _get(client, url, "hskc_not-a-token").status_code == 401, url
            for name, token in tokens.items():
                response = _get(client, url, token)
                may_see = owner in (None, 0) or owner in _visible(web_db, name)
                assert response.status_code == (200 if may_see else 404), (name, url, response.get_json())
                assert response.is_json
                checked += 1
    assert checked > 50


def test_lists_show_only_what_the_user_sees_and_page_by_key(app: Any, web_db: Any) -> None:  # noqa: F811
    client = app.test_client()
    for name in ("chuyenvien", "ttkc"):
        token = _token(web_db, name)
        seen, after = [], None
        while True:
            page = _get(client, f"/api/v1/dossiers?limit=7{'&after=' + after if after else ''}", token).get_json()
            seen += [item["id"] for item in page["items"]]
            after = page["next"]
            if not after:
                break
        with web_db.read() as session:
            expected = set(session.scalars(select(Dossier.id).where(Dossier.owner_org_id.in_(_visible(web_db, name)))))
        assert len(seen) == len(set(seen)) and set(seen) == expected, name
        assert page["total"] == len(expected)


def test_a_dossier_reads_with_iso_dates_and_integer_dong(app: Any, web_db: Any) -> None:  # noqa: F811
    client = app.test_client()
    token = _token(web_db, "giamdoc")
    with web_db.read() as session:
        issued = session.scalars(select(IssuedDocument)).first()
        dossier_id, symbol, code = issued.dossier_id, issued.register_entry.symbol, issued.verification_code
    body = _get(client, f"/api/v1/dossiers/{dossier_id}", token).get_json()
    assert ISO_MOMENT.match(body["updated_at"]) and all(ISO_MOMENT.match(h["at"]) for h in body["history"])
    assert all(re.match(r"^\d{4}-\d\d-\d\d$", h["effective_on"]) for h in body["history"])
    assert isinstance(body["requested_support"], int) and all(isinstance(line["amount"], int) for line in body["lines"])
    assert body["money"]["approved"] is None or isinstance(body["money"]["approved"], int)
    assert any(d["issued_document_id"] == issued.id for d in body["documents"])
    doc = _get(client, f"/api/v1/issued-documents/{issued.id}", token).get_json()
    assert doc["number"] == symbol and doc["verification_code"] == code
    assert ISO_MOMENT.match(doc["signed_at"])
    money = _get(client, "/api/v1/money?dimension=content_group", token).get_json()
    assert money["total"]["planned"] == sum(r["planned"] for r in money["rows"])


def test_bad_queries_are_refused_with_reasons_in_json(app: Any, web_db: Any) -> None:  # noqa: F811
    client = app.test_client()
    token = _token(web_db, "chuyenvien")
    for url in ("/api/v1/dossiers?limit=0", "/api/v1/dossiers?status=nope", "/api/v1/money?dimension=x",
                "/api/v1/money?year=abc"):
        response = _get(client, url, token)
        assert response.status_code == 422 and response.get_json()["errors"], url
    assert _get(client, "/api/v1/dossiers/999999", token).status_code == 404


def test_firing_a_step_follows_the_web_rules(app: Any, web_db: Any) -> None:  # noqa: F811
    client = app.test_client()
    token = _token(web_db, "chuyenvien", can_fire=True)
    with web_db.read() as session:
        draft = session.scalars(select(Dossier).where(Dossier.status == "draft",
                                                      Dossier.owner_org_id.in_(_visible(web_db, "chuyenvien")))).first()
        dossier_id, version = draft.id, draft.version
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/dossiers/{dossier_id}/steps"
    stale = client.post(url, json={"trigger": "submit", "expected_version": version + 5}, headers=auth)
    assert stale.status_code == 409
    wrong = client.post(url, json={"trigger": "approve", "expected_version": version}, headers=auth)
    assert wrong.status_code == 422 and wrong.get_json()["message"]
    done = client.post(f"/api/v1/dossiers/{dossier_id}/steps", json={"trigger": "submit", "expected_version": version,
                                                                      "inputs": {"comment": "Qua API"}}, headers=auth)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["to_status"] == "submitted" and done.get_json()["document_ids"]
    history = _get(client, f"/api/v1/dossiers/{dossier_id}", token).get_json()["history"]
    assert history[-1]["trigger"] == "submit" and history[-1]["by"]


def test_tokens_are_made_shown_once_and_revoked_by_an_administrator(app: Any, web_db: Any) -> None:  # noqa: F811
    admin = app.test_client()
    login(admin, "quantri")
    page = admin.post("/quan-tri/api/", data={"name": "Bảng điều khiển của Sở", "user_id": _id(web_db, "giamdoc")})
    token = re.search(r'<code class="token">(hskc_[^<]+)</code>', page.get_data(as_text=True)).group(1)
    api = app.test_client()
    assert _get(api, "/api/v1/plans", token).status_code == 200
    listing = admin.get("/quan-tri/api/").get_data(as_text=True)
    assert "Bảng điều khiển của Sở" in listing and token not in listing and token[:12] in listing
    with web_db.read() as session:
        token_id = session.scalars(select(api_tokens.ApiToken.id).where(
            api_tokens.ApiToken.name == "Bảng điều khiển của Sở")).one()
    officer = app.test_client()
    login(officer, "chuyenvien")
    assert officer.post(f"/quan-tri/api/{token_id}/thu-hoi").status_code == 403
    assert admin.post(f"/quan-tri/api/{token_id}/thu-hoi").status_code == 302
    assert _get(api, "/api/v1/plans", token).status_code == 401
    with web_db.read() as session:
        row = session.get(api_tokens.ApiToken, token_id)
        assert row.token_sha256 != token and token not in row.prefix + row.name
        assert row.last_used_at is not None and row.revoked_at > row.last_used_at - dt.timedelta(seconds=1)
