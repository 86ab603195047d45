"""Documents signed by hand, entered on the web (issue 10): the biên bản its parties signed and the
drafts a leader signed on paper get their register number from "Vào sổ văn bản giấy", the văn
thư's page (a leader whose body has no văn thư enters his own). What the service refuses is said
on the page and nothing is numbered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from dossier.model import Dossier, GeneratedDocument, RegisterEntry, User
from dossier.vn.vntime import today_vn
from tests.core.helpers import new_dossier, walk_dossier
from tests.web.conftest import app, as_user, web_db  # noqa: F401 - fixtures
from workflows import Status as S
from workflows import Trigger as T


def _accepted_minutes(db: Any) -> tuple[int, int, str, dt.date]:
    """A 2026 dossier walked to its acceptance: its Biên bản nghiệm thu waits for its number."""
    with db.read() as session:
        users = {u.username: u.id for u in session.scalars(select(User))}
    dossier_id = new_dossier(db, users, year=2026)
    # a few days ago, but within the dossier's implementation period (it ends 30/11/2026): the
    # acceptance refuses a day after it, and a paper entry refuses a day still to come
    accepted_on = min(today_vn() - dt.timedelta(days=3), dt.date(2026, 11, 30))
    walk_dossier(db, users, dossier_id, S.ACCEPTED, dates={T.ACCEPT: accepted_on})
    with db.read() as session:
        minutes = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "bien_ban_nghiem_thu")).one()
        return dossier_id, minutes.id, session.get(Dossier, dossier_id).code, accepted_on


def _entries(db: Any, document_id: int) -> list[RegisterEntry]:
    with db.read() as session:
        return list(session.scalars(select(RegisterEntry).where(RegisterEntry.generated_document_id == document_id)))


def test_the_centre_enters_its_acceptance_minutes_signed_on_paper(as_user: Any, web_db: Any) -> None:  # noqa: F811
    dossier_id, document_id, code, accepted_on = _accepted_minutes(web_db)
    leader = as_user("giamdocttkc")  # the Trung tâm has no văn thư in the demo: its director enters his own
    page = leader.get("/vao-so").get_data(as_text=True)
    card = page[page.index(f'data-dossier="{code}"'):]
    card = card[:card.index("</article>")]
    assert "Biên bản nghiệm thu" in card and f"biên bản ngày {accepted_on:%d/%m/%Y}" in card
    assert f'value="{accepted_on.isoformat()}"' in card  # the day the parties met, by default
    assert card.count("<option") == 1 and "Trần Văn Lợi" in card  # he signs for himself only

    tomorrow = today_vn() + dt.timedelta(days=1)
    refused = leader.post(f"/vao-so/{document_id}", data={"signer": _id(web_db, "giamdocttkc"),
                                                          "signed_on": tomorrow.isoformat()})
    assert refused.status_code == 422
    assert f"Ngày ban hành {tomorrow:%d/%m/%Y} chưa đến" in refused.get_data(as_text=True)
    bad = leader.post(f"/vao-so/{document_id}", data={"signer": "", "signed_on": "hôm qua"})
    assert bad.status_code == 422 and "Chọn người ký và nhập ngày ký" in bad.get_data(as_text=True)
    assert _entries(web_db, document_id) == []  # nothing numbered by a refusal

    clerk = as_user("vanthu")  # the Sở's văn thư numbers in the Sở's register, not the Trung tâm's
    assert f'data-dossier="{code}"' not in clerk.get("/vao-so").get_data(as_text=True)
    assert clerk.post(f"/vao-so/{document_id}", data={"signer": _id(web_db, "giamdocttkc"),
                                                       "signed_on": accepted_on.isoformat()}).status_code == 403
    assert as_user("chuyenvien").get("/vao-so").status_code == 403

    with web_db.read() as session:
        before = session.scalar(select(func.count()).select_from(RegisterEntry))
    entered = leader.post(f"/vao-so/{document_id}", data={"signer": _id(web_db, "giamdocttkc"),
                                                          "signed_on": accepted_on.isoformat()},
                          follow_redirects=True)
    [entry] = _entries(web_db, document_id)
    assert entry.symbol.endswith("/BB-TTKC") and entry.issued_on == accepted_on
    body = entered.get_data(as_text=True)
    assert f"Đã vào sổ văn bản số {entry.symbol}, ký ngày {accepted_on:%d/%m/%Y}" in body
    assert f'data-dossier="{code}"' not in body  # entered once: no longer waiting
    with web_db.read() as session:
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == before + 1
    assert entry.symbol in leader.get("/so-van-ban-di").get_data(as_text=True)
    shown = as_user("chuyenvien").get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert f"Số {entry.symbol} ngày {accepted_on:%d/%m/%Y}" in shown  # on the dossier's list of documents
    assert "Số 05/2026/HĐ-KC ngày" in shown  # the contract: the number its step recorded


def _id(db: Any, username: str) -> str:
    with db.read() as session:
        return str(session.scalars(select(User.id).where(User.username == username)).one())


def test_a_submission_overtaken_by_delegation_says_it_is_not_issued(as_user: Any, web_db: Any) -> None:  # noqa: F811
    """A Tờ trình drafted for the UBND tỉnh, then approval delegated to the Sở: the dossier's page
    says it is not issued and why, with the form to cancel it; the văn thư's entry is refused."""
    from tests.issuance.test_citations import delegate_approval

    with web_db.read() as session:
        users = {u.username: u.id for u in session.scalars(select(User))}
    dossier_id = new_dossier(web_db, users, year=2026)
    walk_dossier(web_db, users, dossier_id, S.SUBMITTED_FOR_APPROVAL,
                 dates={T.SUBMIT_FOR_APPROVAL: min(today_vn(), dt.date(2026, 11, 30))})
    delegate_approval(web_db, users)
    with web_db.read() as session:
        submission = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == "to_trinh_phe_duyet")).one()
    page = as_user("chuyenvien").get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    row = page[page.index(submission.title):]
    row = row[:row.index("</tr>")]
    assert "Không ban hành: văn bản sẽ gửi chính Sở Công Thương" in row and "Hủy dự thảo" in row, row
    refused = as_user("vanthu").post(f"/vao-so/{submission.id}", data={
        "signer": _id(web_db, "phogiamdoc"), "signed_on": today_vn().isoformat()})
    assert refused.status_code == 422
    assert "phê duyệt đề án theo ủy quyền" in refused.get_data(as_text=True)
    assert _entries(web_db, submission.id) == []
