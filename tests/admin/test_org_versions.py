"""Organisations as of a date (issue 10, item 7): the administrator adds a version from a day,
and each document prints its issuer as it stood on the document's own date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.core.helpers import new_dossier, walk_dossier
from tests.web.conftest import login, make_app
from workflows import Status
from workflows.walks import route


def _org(db: Any, code: str) -> Any:
    from dossier.model import Organisation

    with db.read() as session:
        return session.scalars(select(Organisation).where(Organisation.code == code)).one()


def _version_form(org: Any, **changes: str) -> dict[str, str]:
    from dossier.services.org_versions import TEXT_FIELDS

    form = {name: getattr(org, name, "") or "" for name in TEXT_FIELDS}
    form.update(changes)
    return form


def test_the_admin_adds_a_new_director_from_a_date(db: Any, users: dict[str, int], tmp_path: Path) -> None:
    from dossier.model import AuditEvent

    client = make_app(db, tmp_path).test_client()
    login(client, "quantri")
    sct = _org(db, "sct-kh")
    before = {v.valid_from for v in _versions(db, sct.id)}
    page = client.get(f"/quan-tri/don-vi/{sct.id}/phien-ban")
    assert page.status_code == 200 and "Thêm phiên bản" in page.get_data(as_text=True)

    response = client.post(f"/quan-tri/don-vi/{sct.id}/phien-ban", data=_version_form(
        sct, valid_from="2026-09-15", head_name="Lê Quang Vinh",
        note="Quyết định bổ nhiệm Giám đốc Sở (dữ liệu minh họa)"))
    assert response.status_code == 302
    listed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "từ 15/09/2026" in listed and "Lê Quang Vinh" in listed and "(hiện hành)" in listed

    versions = _versions(db, sct.id)
    assert {v.valid_from for v in versions} == before | {date(2026, 9, 15)} | ({None} if not before else set())
    assert _org(db, "sct-kh").head_name == "Lê Quang Vinh"  # in force today: the row shows it
    earlier = [v for v in versions if v.valid_from != date(2026, 9, 15)]
    assert earlier and all(v.head_name == sct.head_name for v in earlier[-1:])  # the old director stays before
    with db.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "admin.organisation_version")).one()
        assert json.loads(event.payload_json)["valid_from"] == "2026-09-15"

    again = client.post(f"/quan-tri/don-vi/{sct.id}/phien-ban", data=_version_form(sct, valid_from="2026-09-15"))
    assert again.status_code == 422 and "đã có phiên bản từ ngày 15/09/2026" in again.get_data(as_text=True)
    bad = client.post(f"/quan-tri/don-vi/{sct.id}/phien-ban", data=_version_form(
        sct, valid_from="31/02/2026", name="", abbreviation="S C T"))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    for field, text in (("valid_from", "Ngày không hợp lệ"), ("name", "Cần nhập tên đơn vị"),
                        ("abbreviation", "Chữ viết tắt")):
        assert f'id="e-{field}">{text}' in html, field
    assert len(_versions(db, sct.id)) == len(versions)  # refused: nothing written


def _versions(db: Any, org_id: int) -> list[Any]:
    from dossier.model import OrganisationVersion

    with db.read() as session:
        return list(session.scalars(select(OrganisationVersion).where(OrganisationVersion.organisation_id == org_id)
                                    .order_by(OrganisationVersion.valid_from.asc().nullsfirst())))


def test_documents_print_the_body_of_their_own_date(db: Any, users: dict[str, int]) -> None:
    """A version of the Sở and the UBND from mid-walk: the documents dated before it carry the
    old names, those dated from it the new ones — the same organisation rows throughout."""
    from dossier.model import GeneratedDocument, TransitionRecord
    from dossier.services.org_versions import VersionData, add_version

    dossier_id = new_dossier(db, users, year=2026)
    steps = route(Status.DRAFT, Status.IN_PROGRESS)
    dates = {step.trigger: date(2026, 2, 2) + timedelta(days=5 * i) for i, step in enumerate(steps)}
    change = sorted(dates.values())[len(dates) // 2]
    renamed = {}
    for code in ("sct-kh", "ubnd-kh"):
        org = _org(db, code)
        data = VersionData(valid_from=change, **{k: v for k, v in _version_form(org).items() if k != "valid_from"})
        data.name = f"{org.name} (tên mới thử nghiệm)"
        add_version(db, users["quantri"], org.id, data)
        renamed[org.id] = (org.name, data.name)
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS, dates=dates)

    seen = set()
    with db.read() as session:
        docs = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).all()
        for doc in docs:
            on = session.get(TransitionRecord, doc.transition_id).on
            printed = (json.loads(doc.context_json).get("co_quan") or {}).get("ten_day_du")
            for old, new in renamed.values():
                if printed in (old, new):
                    assert printed == (old if on < change else new), (doc.template_id, on, printed)
                    seen.add(on < change)
    assert seen == {True, False}
