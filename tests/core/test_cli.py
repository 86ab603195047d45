"""The `dossier` command as an officer uses it, on a real SQLite file in a temporary instance."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.vn.vntime import today_vn


@pytest.fixture(scope="module")
def demo_instance(demo_build) -> tuple:
    """The session's `dossier demo` run (tests/conftest.py): its database and what it printed."""
    return demo_build


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.setenv("DOSSIER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return CliRunner()


@pytest.fixture
def demo_runner(runner: CliRunner, demo_instance, tmp_path) -> CliRunner:
    shutil.copy(demo_instance[0], tmp_path / "dossier.sqlite3")
    return runner


def test_demo_then_read_advance_and_verify(demo_runner: CliRunner, demo_instance, tmp_path) -> None:
    from tests.conftest import require_program

    require_program("soffice")  # signing converts the documents to PDF/A
    runner = demo_runner
    secret = tmp_path / "password.txt"
    secret.write_text("KhuyenCong@2026\n", encoding="utf-8")
    assert "KhuyenCong@2026" in demo_instance[1] and "giamdoc" in demo_instance[1]

    listing = runner.invoke(main, ["list"]).output
    for state in ("archived", "in_progress", "accepted", "approved", "submitted_for_approval",
                  "under_appraisal", "submitted", "draft", "revision_requested", "stopped"):
        assert state in listing

    shown = runner.invoke(main, ["show", "KC-2026-004"]).output
    assert "submitted_for_approval" in shown and "approve" in shown

    refused = runner.invoke(main, ["advance", "KC-2026-004", "approve", "--as", "chuyenvien", "--password-file",
                                   str(secret)])
    assert refused.exit_code == 1 and "Vai trò" in refused.output
    tomorrow = (today_vn() + timedelta(days=1)).isoformat()  # a step is dated the day it happened, never later
    future = runner.invoke(main, ["advance", "KC-2026-004", "return_to_officer", "--as", "phochutich", "--on",
                                  tomorrow, "--input", "reason=Bổ sung báo giá"])
    assert future.exit_code == 1 and "sau ngày hôm nay" in future.output
    # issue 10: the Sở's director signs the Tờ trình, the UBND tỉnh's leader approves by signing
    waits = runner.invoke(main, ["advance", "KC-2026-004", "approve", "--as", "phochutich", "--password-file",
                                 str(secret)])
    assert waits.exit_code == 1 and "Tờ trình đề nghị phê duyệt đề án khuyến công chưa được ban hành" in waits.output
    submission = next(line.split()[0] for line in runner.invoke(main, ["documents", "KC-2026-004"]).output.splitlines()
                      if "to_trinh_phe_duyet" in line)
    signed = runner.invoke(main, ["sign", submission, "--as", "giamdoc", "--password-file", str(secret)])
    assert signed.exit_code == 0, signed.output
    not_his = runner.invoke(main, ["advance", "KC-2026-004", "approve", "--as", "giamdoc", "--password-file",
                                   str(secret)])
    assert not_his.exit_code == 1 and "Ủy ban nhân dân tỉnh Khánh Hòa quyết định" in not_his.output
    ok = runner.invoke(main, ["advance", "KC-2026-004", "approve", "--as", "phochutich", "--password-file",
                              str(secret)])
    assert ok.exit_code == 0 and "submitted_for_approval → approved" in ok.output, ok.output

    bad = runner.invoke(main, ["advance", "KC-2026-004", "sign_contract", "--as", "chuyenvien",
                               "--input", "contract_date=10/04/2026"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output

    history = runner.invoke(main, ["history", "KC-2026-004"]).output
    assert "Phê duyệt đề án" in history and "phochutich" in history
    assert f"{today_vn():%Y-%m-%d} (recorded " in history  # the step's date beside the time it was recorded
    documents = runner.invoke(main, ["documents", "KC-2026-004"]).output
    assert "qd_phe_duyet_de_an" in documents

    verified = runner.invoke(main, ["audit", "verify"])
    assert verified.exit_code == 0 and "intact" in verified.output
    head = json.loads(runner.invoke(main, ["audit", "head"]).output)
    assert head["intact"] and len(head["head"]) == 64


def test_demo_refuses_a_database_that_already_holds_data(demo_runner: CliRunner) -> None:
    again = demo_runner.invoke(main, ["demo", "--quiet"])
    assert again.exit_code == 1 and "already holds" in again.output


def test_unknown_dossier_is_a_usage_error(runner: CliRunner) -> None:
    runner.invoke(main, ["init-db"])
    result = runner.invoke(main, ["show", "KC-1999-999"])
    assert result.exit_code == 2 and "no dossier" in result.output


def test_workflow_mermaid_is_printed(runner: CliRunner) -> None:
    out = runner.invoke(main, ["workflow", "--mermaid"]).output
    assert out.startswith("stateDiagram-v2") and "in_progress --> adjustment_pending" in out


def test_audit_verify_names_the_first_tampered_row(demo_runner: CliRunner, tmp_path) -> None:
    from sqlalchemy import text

    from dossier.db.append_only import drop_append_only_triggers
    from dossier.services.uow import Database

    runner = demo_runner
    db = Database(f"sqlite:///{tmp_path / 'dossier.sqlite3'}")
    with db.engine.begin() as conn:
        drop_append_only_triggers(conn, "audit_events")
        conn.execute(text("UPDATE audit_events SET actor_id = NULL WHERE seq = 7"))
    db.dispose()
    result = runner.invoke(main, ["audit", "verify"])
    assert result.exit_code == 1 and "seq 7" in result.output and "BROKEN" in result.output
