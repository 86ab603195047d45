"""`dossier exchange`: the outbox delivered to the spool folder, status files read, packages checked."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from sqlalchemy import select

from dossier.cli import main
from dossier.exchange import edxml
from dossier.exchange.message import Organ, Status, StatusCode
from dossier.model import ExchangeStatus, OutboxMessage
from dossier.vn.vntime import today_vn
from tests.issuance.test_exchange import SO_TAI_CHINH, UBND, _issue_to_trinh, directory  # noqa: F401 (fixture)


def _run(database_url: str, tmp_path, *args: str):
    env = {"DATABASE_URL": database_url, "DOSSIER_INSTANCE_PATH": str(tmp_path / "instance"),
           "DOSSIER_EXCHANGE_SPOOL": str(tmp_path / "spool"), "DOSSIER_EXCHANGE_URL": None}
    return CliRunner().invoke(main, ["exchange", *args], env=env)


def test_send_drops_each_package_once_and_receive_reads_status_files(db, database_url, directory, pdf_maker,  # noqa: F811
                                                                     tmp_path):
    _issue_to_trinh(db, directory, pdf_maker)
    first = _run(database_url, tmp_path, "send")
    assert first.exit_code == 0, first.output
    assert "sent 3, deferred 0, refused 0" in first.output
    dropped = sorted(p.relative_to(tmp_path / "spool").parts[0] for p in (tmp_path / "spool").rglob("*.edxml"))
    assert len(dropped) == 3 and UBND in dropped and SO_TAI_CHINH in dropped
    assert all(edxml.check(p.read_bytes()) == [] for p in (tmp_path / "spool").rglob("*.edxml"))
    assert "sent 0" in _run(database_url, tmp_path, "send").output

    with db.read() as session:
        row = session.scalars(select(OutboxMessage)).first()
        document_id, organ_id = row.document_id, row.agency.organ_id
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.edxml").write_bytes(edxml.build_status(Status(
        Organ(organ_id, "bên nhận"), document_id, "01/TTr-SCT", today_vn(), StatusCode.DONE,
        dt.datetime(2026, 12, 3, 10, 0), "Đã xử lý xong")))
    (inbox / "b.edxml").write_bytes(b"<edXML/>")
    received = _run(database_url, tmp_path, "receive", str(inbox))
    assert received.exit_code == 1 and "1 of 2 status messages were not recorded" in received.output
    assert (inbox / "a.edxml.done").exists() and (inbox / "b.edxml").exists()
    with db.read() as session:
        assert [s.status_code for s in session.scalars(select(ExchangeStatus))] == [6]


def test_check_says_what_the_gateway_would_refuse(tmp_path):
    from tests.unit.exchange.test_edxml import decision

    good, bad = tmp_path / "good.edxml", tmp_path / "bad.edxml"
    good.write_bytes(edxml.build(decision()))
    bad.write_text(good.read_text().replace("<edXML:", "<").replace("</edXML:", "</"))
    assert CliRunner().invoke(main, ["exchange", "check", str(good)]).exit_code == 0
    refused = CliRunner().invoke(main, ["exchange", "check", str(bad)])
    assert refused.exit_code == 1 and "lacks the edXML: prefix" in refused.output
