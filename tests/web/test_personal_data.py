"""Every read of a beneficiary's personal data is logged with who, when and what; one person's data
is exported on request; retention periods are data (issue 13, Luật 91/2025/QH15)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select


def _reads(db: Any) -> list[Any]:
    from dossier.model import PersonalDataRead

    with db.read() as session:
        return list(session.scalars(select(PersonalDataRead).order_by(PersonalDataRead.id)))


def _beneficiary_of(db: Any, dossier_id: int) -> int:
    from dossier.model import Dossier

    with db.read() as session:
        return session.get(Dossier, dossier_id).beneficiary_id


def test_reads_are_logged_with_who_when_and_what(as_user: Any, web_db: Any, ids: dict) -> None:
    dossier_id = ids["status"]["approved"]
    beneficiary = _beneficiary_of(web_db, dossier_id)
    leader = as_user("giamdoc")
    before = datetime.now(UTC) - timedelta(seconds=5)
    assert leader.get(f"/ho-so/{dossier_id}").status_code == 200
    assert leader.get(f"/bao-cao/ho-so/{dossier_id}/luu-tru.zip").status_code == 200
    assert leader.get("/bao-cao/so-theo-doi.xlsx").status_code == 200
    rows = [r for r in _reads(web_db) if r.beneficiary_id == beneficiary]
    assert rows[0].via == f"trang hồ sơ {dossier_id}" and rows[1].via.startswith("hồ sơ lưu trữ ")
    assert {r.actor_id for r in rows} == {ids["users"]["giamdoc"]}
    assert all(r.at >= before for r in rows) and "phone" in rows[0].fields
    assert any(r.via == "sổ theo dõi đề án (.xlsx)" and r.fields == "name,commune" and r.actor_id == rows[0].actor_id
               for r in _reads(web_db))
    # another body's officer sees nothing, so nothing is logged for him
    assert as_user("ttkc").get(f"/ho-so/{dossier_id}").status_code == 404
    assert not [r for r in _reads(web_db) if r.actor_id == ids["users"]["ttkc"]]


def test_the_log_is_append_only(web_db: Any, as_user: Any, ids: dict) -> None:
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    as_user("chuyenvien").get(f"/ho-so/{ids['status']['draft']}")
    with pytest.raises(DBAPIError, match="append-only"), web_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM personal_data_reads"))


def test_one_persons_data_on_request(as_user: Any, web_db: Any, ids: dict, tmp_path: Any, monkeypatch: Any) -> None:
    from dossier.cli import main

    dossier_id = ids["status"]["approved"]
    beneficiary = _beneficiary_of(web_db, dossier_id)
    as_user("chuyenvien").get(f"/ho-so/{dossier_id}")
    monkeypatch.setenv("DATABASE_URL", str(web_db.engine.url))
    monkeypatch.setenv("DOSSIER_INSTANCE_PATH", str(tmp_path))
    out = tmp_path / "subject.json"
    result = CliRunner().invoke(main, ["personal-data", "export", str(beneficiary), "--as", "chuyenvien",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["personal_data"]["name"] and "phone" in data["personal_data"]
    assert any(d["status"] == "approved" for d in data["dossiers"])
    assert any(r["user"] == "chuyenvien" and r["via"] == f"trang hồ sơ {dossier_id}" for r in data["reads"])
    assert {r["record"] for r in data["retention"]} >= {"dossier", "beneficiary_contact", "personal_data_reads"}
    assert _reads(web_db)[-1].via == "subject access export"  # answering the request is a read too
    refused = CliRunner().invoke(main, ["personal-data", "export", str(beneficiary), "--as", "ttkc", "-o",
                                        str(tmp_path / "x.json")])
    assert refused.exit_code != 0 and not (tmp_path / "x.json").exists()


def test_id_and_bank_numbers_are_encrypted_at_rest_and_masked(as_user: Any, web_db: Any, ids: dict) -> None:
    import sqlite3

    from tests.web.conftest import valid_form

    officer = as_user("chuyenvien")
    response = officer.post("/ho-so/moi", data=valid_form(**{
        "beneficiary-representative_id_number": "056186001234", "beneficiary-bank_account": "0123 4567 8901",
        "beneficiary-bank_name": "Ngân hàng Nông nghiệp chi nhánh Khánh Hòa"}))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    url = response.headers["Location"]
    with sqlite3.connect(web_db.engine.url.database) as raw:
        stored = raw.execute("SELECT representative_id_number, bank_account FROM beneficiaries "
                             "ORDER BY id DESC LIMIT 1").fetchone()
    assert all(v.startswith("enc1:") for v in stored)
    assert "056186001234" not in " ".join(stored) and "4567" not in " ".join(stored)
    page = officer.get(url).get_data(as_text=True)
    assert "056186001234" in page and "0123 4567 8901" in page  # the officer prepares contract and payment
    leader = as_user("giamdoc").get(url).get_data(as_text=True)
    assert "056186001234" not in leader and "••••" in leader and "1234" in leader  # last digits only
    bad = officer.post("/ho-so/moi", data=valid_form(**{"beneficiary-representative_id_number": "12ab"}))
    assert "Số CCCD gồm 12 chữ số" in bad.get_data(as_text=True)


def test_erasure_waits_for_the_archive_and_its_retention(web_db: Any, ids: dict) -> None:
    import pytest

    from dossier.errors import Refused
    from dossier.model import AuditEvent, Beneficiary, Dossier
    from dossier.services.personal_data import erase_contact

    officer = ids["users"]["chuyenvien"]
    live = _beneficiary_of(web_db, ids["status"]["approved"])
    with pytest.raises(Refused, match="chưa đưa vào lưu trữ"):
        erase_contact(web_db, officer, live)
    archived = ids["status"].get("archived")
    assert archived, "the demo archives a dossier"
    beneficiary = _beneficiary_of(web_db, archived)
    with web_db.read() as session:
        others = [d.status for d in session.scalars(select(Dossier).where(Dossier.beneficiary_id == beneficiary))]
    assert set(others) == {"archived"}
    with pytest.raises(Refused, match="còn trong thời hạn lưu trữ 10 năm"):
        erase_contact(web_db, officer, beneficiary)
    erased = erase_contact(web_db, officer, beneficiary, today=datetime(2100, 1, 1).date())
    with web_db.read() as session:
        b = session.get(Beneficiary, beneficiary)
        assert b.phone == "" and b.representative == "" and b.name  # the grant's record keeps the name
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event.action == "personal_data.erase" and json.loads(event.payload_json)["fields"] == erased
