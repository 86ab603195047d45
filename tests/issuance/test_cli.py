"""`dossier register …`, `dossier sign`, `dossier seal`, and `dossier verify` with configured roots."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from dossier.cli import main
from dossier.demo.people import DEMO_PASSWORD
from dossier.model import Organisation
from dossier.services.register import take_number
from tests.conftest import require_program
from tests.issuance.conftest import make_drafts


def test_register_list_export_cancel(db, province, database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    with db.write() as session:
        org = session.scalars(select(Organisation).where(Organisation.code == "sct-kh")).one()
        for day in (1, 2):
            take_number(session, organisation=org, doc_type="QĐ", issued_on=date(2026, 9, day),
                        draft_number_line="Số:      /QĐ-SCT", abstract="Về việc thử sổ")
    runner = CliRunner()
    out = runner.invoke(main, ["register", "list", "--org", "sct-kh", "--year", "2026"])
    assert out.exit_code == 0, out.output
    assert "01/QĐ-SCT" in out.output and "02/QĐ-SCT" in out.output
    out = runner.invoke(main, ["register", "cancel", "02/QĐ-SCT", "--year", "2026", "--as", "vanthu",
                               "--reason", "Văn bản không phát hành"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(main, ["register", "cancel", "02/QĐ-SCT", "--year", "2026", "--as", "chuyenvien",
                               "--reason", "Thử"])
    assert out.exit_code != 0
    target = tmp_path / "so.xlsx"
    out = runner.invoke(main, ["register", "export", "-o", str(target), "--year", "2026"])
    assert out.exit_code == 0, out.output
    ws = load_workbook(target).active
    assert ws.cell(row=4, column=8).value == "Đã hủy: Văn bản không phát hành"


def test_register_enter_a_draft_signed_on_paper(db, province, database_url, monkeypatch):
    """`dossier register enter`: the văn thư numbers a draft its leader signed by hand, once."""
    from dossier.vn.vntime import today_vn

    monkeypatch.setenv("DATABASE_URL", database_url)
    [doc_id] = make_drafts(db, province)
    runner = CliRunner()
    today, tomorrow = today_vn(), date.fromordinal(today_vn().toordinal() + 1)
    out = runner.invoke(main, ["register", "enter", str(doc_id), "--signer", "giamdoc", "--on", f"{tomorrow}",
                               "--as", "vanthu"])
    assert out.exit_code != 0 and f"Ngày ban hành {tomorrow:%d/%m/%Y} chưa đến" in out.output
    out = runner.invoke(main, ["register", "enter", str(doc_id), "--signer", "giamdoc", "--on", f"{today}",
                               "--as", "chuyenvien"])  # an officer is not the body's văn thư
    assert out.exit_code != 0 and "Chỉ văn thư" in out.output
    out = runner.invoke(main, ["register", "enter", str(doc_id), "--signer", "giamdoc", "--on", f"{today}",
                               "--as", "vanthu"])
    assert out.exit_code == 0, out.output
    assert f"entered document {doc_id} as 01/QĐ-SCT, signed {today}" in out.output
    out = runner.invoke(main, ["register", "enter", str(doc_id), "--signer", "giamdoc", "--on", f"{today}",
                               "--as", "vanthu"])
    assert out.exit_code != 0 and "không ký lại" in out.output  # entered once


def test_sign_seal_verify_from_the_command_line(db, province, database_url, monkeypatch, tmp_path):
    require_program("soffice")
    monkeypatch.setenv("DATABASE_URL", database_url)
    [doc_id] = make_drafts(db, province)
    secret = tmp_path / "pw.txt"
    secret.write_text(DEMO_PASSWORD + "\n", encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(main, ["sign", str(doc_id), "--as", "giamdoc", "--password-file", str(secret)])
    assert out.exit_code == 0, out.output
    assert "Số: 01/QĐ-SCT" in out.output
    pdf = tmp_path / "issued.pdf"
    out = runner.invoke(main, ["seal", str(doc_id), "--as", "vanthu", "--password-file", str(secret),
                               "-o", str(pdf)])
    assert out.exit_code == 0, out.output
    out = runner.invoke(main, ["verify", str(pdf)])  # trusts the demo CA from the database
    assert out.exit_code == 0, out.output
    assert out.output.count("VALID") == 2 and "INVALID" not in out.output
    out = runner.invoke(main, ["verify", "--no-default-trust", str(pdf)])
    assert out.exit_code == 1
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("sai\n", encoding="utf-8")
    [other] = make_drafts(db, province)
    out = runner.invoke(main, ["sign", str(other), "--as", "giamdoc", "--password-file", str(wrong)])
    assert out.exit_code != 0 and "Mật khẩu" in out.output


def test_sign_refuses_a_back_dated_issue_in_english(db, province, database_url, monkeypatch, tmp_path):
    from datetime import timedelta

    from dossier.vn.vntime import today_vn

    monkeypatch.setenv("DATABASE_URL", database_url)
    [doc_id] = make_drafts(db, province)
    secret = tmp_path / "pw.txt"
    secret.write_text(DEMO_PASSWORD + "\n", encoding="utf-8")
    yesterday = today_vn() - timedelta(days=1)
    out = CliRunner().invoke(main, ["sign", str(doc_id), "--as", "giamdoc", "--password-file", str(secret),
                                    "--date", yesterday.isoformat()])
    assert out.exit_code != 0
    assert f"--date {yesterday.isoformat()} is before today" in out.output and "back-dating is refused" in out.output
    with db.read() as session:
        from dossier.model import IssuedDocument

        assert session.scalars(select(IssuedDocument)).first() is None  # nothing issued, no number taken
