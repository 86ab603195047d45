"""Issuance refuses a draft the content check faults (issue 10, item 5), naming both documents in
Vietnamese, with nothing burnt; `dossier check-document --dossier` reports the same findings."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dossier.errors import Refused
from dossier.model import GeneratedDocument, RegisterEntry
from dossier.services.coherence import check_stored_dossier
from dossier.services.issuance.paper import register_paper_signature
from dossier.services.walk import Reviews
from tests.core.helpers import new_dossier, walk_dossier
from workflows import Status


def _draft(db, dossier_id: int, template_id: str) -> int:
    with db.read() as session:
        return session.scalars(select(GeneratedDocument.id).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)).one()


def _numbers(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(RegisterEntry))


def test_a_draft_dated_before_an_earlier_steps_document_is_not_issued_and_no_number_is_taken(db, users):
    dossier_id = new_dossier(db, users, year=2025)  # its Đơn is dated 20/02/2025
    walk_dossier(db, users, dossier_id, Status.UNDER_APPRAISAL)  # QĐ thành lập and Giấy mời: drafts
    invitation = _draft(db, dossier_id, "giay_moi_hop_hoi_dong")
    before = _numbers(db)
    with pytest.raises(Refused) as refused:  # signed on paper, entered as of a day before the Đơn
        register_paper_signature(db, actor_id=users["vanthu"], document_id=invitation, signer_id=users["giamdoc"],
                                 issued_on=date(2025, 2, 10))
    assert refused.value.reasons == [
        "Chưa ban hành được Giấy mời họp Hội đồng thẩm định: Giấy mời họp Hội đồng thẩm định ngày 10/02/2025 trước "
        "Đơn đề nghị hỗ trợ kinh phí khuyến công ngày 20/02/2025."]
    assert _numbers(db) == before  # nothing burnt
    with db.read() as session:
        assert check_stored_dossier(session, dossier_id) == []  # the draft itself stays as it was


def test_a_council_proposing_less_is_followed_by_the_proposal_it_submits(db, users):
    """Every voting member proposes 100 triệu of the 130 requested; the Biên bản họp proposes it
    (documents/context.py), and the Tờ trình must submit it."""
    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.SUBMITTED_FOR_APPROVAL,
                 reviews=Reviews(comment="Đề nghị giảm kinh phí", recommended_support=100_000_000))
    with db.read() as session:
        found = [str(f) for f in check_stored_dossier(session, dossier_id)]
    assert found == [], found


def test_check_document_over_a_walked_dossier_from_the_command_line(db, users, database_url):
    from dossier.cli import main
    from dossier.model import Dossier

    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, Status.SETTLED)
    with db.read() as session:
        code = session.get(Dossier, dossier_id).code
    runner = CliRunner()
    result = runner.invoke(main, ["check-document", "--dossier", code], env={"DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"OK: {code}, ") and "văn bản" in result.output
    missing = runner.invoke(main, ["check-document", "--dossier", "KC-1999-999"], env={"DATABASE_URL": database_url})
    assert missing.exit_code == 1 and "Không tìm thấy hồ sơ KC-1999-999" in missing.output
    neither = runner.invoke(main, ["check-document"], env={"DATABASE_URL": database_url})
    assert neither.exit_code == 2
