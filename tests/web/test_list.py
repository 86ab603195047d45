"""The dossier list: filters, paging, and search that ignores diacritics."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select


def _codes(html: str) -> list[str]:
    return re.findall(r'<td class="nowrap">(KC-\d{4}-\d{3})</td>', html)


def test_search_ignores_diacritics(as_user: Any, web_db: Any) -> None:
    from dossier.model import Dossier

    with web_db.read() as session:
        expected = sorted(d.code for d in session.scalars(select(Dossier)) if "táo sấy" in d.title
                          or "sấy táo" in d.title)
    assert expected
    client = as_user("chuyenvien")
    for query in ("may say tao", "MÁY SẤY TÁO", "táo say", "  may   say  "):
        codes = _codes(client.get("/ho-so/", query_string={"q": query}).get_data(as_text=True))
        assert set(expected) <= set(codes), query
    assert _codes(client.get("/ho-so/", query_string={"q": "khong co gi nhu the nay"}).get_data(as_text=True)) == []
    # LIKE wildcards typed by the user are literal.
    assert _codes(client.get("/ho-so/", query_string={"q": "%"}).get_data(as_text=True)) == []


def test_filters(as_user: Any, web_db: Any, ids: dict) -> None:
    from dossier.model import Dossier

    client = as_user("chuyenvien")
    with web_db.read() as session:
        draft = session.get(Dossier, ids["status"]["draft"])
        plan_id, batch_id, group_id = draft.plan_id, draft.batch_id, draft.content_group_id
        commune = draft.beneficiary.commune
        all_rows = list(session.scalars(select(Dossier)))
        communes = {d.code: d.beneficiary.commune if d.beneficiary else "" for d in all_rows}
    html = client.get("/ho-so/", query_string={"status": "draft"}).get_data(as_text=True)
    assert _codes(html) == [draft.code]
    for arg, attr, value in (("plan", "plan_id", plan_id), ("batch", "batch_id", batch_id),
                             ("group", "content_group_id", group_id)):
        codes = _codes(client.get("/ho-so/", query_string={arg: value}).get_data(as_text=True))
        assert sorted(codes) == sorted(d.code for d in all_rows if getattr(d, attr) == value), arg
    codes = _codes(client.get("/ho-so/", query_string={"commune": commune}).get_data(as_text=True))
    assert draft.code in codes
    assert all(communes[c] == commune for c in codes)
    # Nonsense filter values are ignored, not errors.
    assert client.get("/ho-so/", query_string={"status": "x'; drop", "plan": "abc", "page": "-3"}).status_code == 200


def test_paging(as_user: Any, web_db: Any, ids: dict) -> None:
    from dossier.services.dossiers import DossierData, create_dossier

    for n in range(30):
        create_dossier(web_db, ids["users"]["chuyenvien"], DossierData(title=f"Đề án thử phân trang {n:02d}"))
    client = as_user("chuyenvien")
    first = client.get("/ho-so/").get_data(as_text=True)
    second = client.get("/ho-so/", query_string={"page": 2}).get_data(as_text=True)
    assert len(_codes(first)) == 25 and 15 <= len(_codes(second)) <= 25
    assert not set(_codes(first)) & set(_codes(second))
    assert "Trang sau" in first and "Trang trước" in second
    last = re.search(r"trang (\d+)/(\d+)", client.get("/ho-so/", query_string={"page": 999}).get_data(as_text=True))
    assert last and last.group(1) == last.group(2)  # past the end: the last page
    searched = client.get("/ho-so/", query_string={"q": "phan trang", "page": 2}).get_data(as_text=True)
    assert len(_codes(searched)) == 5 and 'href="/ho-so/?page=1&amp;q=phan+trang"' in searched


def test_the_list_reads_the_user_and_the_page_on_one_connection(as_user: Any, web_db: Any, app: Any) -> None:
    """The signed-in user is read in the page's own transaction: one pool check-out per list page,
    given back at its end, also when the page is refused or redirected before its read."""
    from sqlalchemy import event

    checkouts: list[int] = []
    event.listen(web_db.engine.pool, "checkout", lambda *args: checkouts.append(1))
    client = as_user("chuyenvien")
    client.get("/ho-so/")  # the first page also asks once whether this is the demo (the footer)
    checkouts.clear()
    assert client.get("/ho-so/", query_string={"q": "may say tao"}).status_code == 200
    assert len(checkouts) == 1
    assert web_db.engine.pool.checkedout() == 0
    admin = as_user("quantri")  # signed in, but not a reader of dossiers: refused before the page's read
    checkouts.clear()
    assert admin.get("/ho-so/").status_code == 403
    assert len(checkouts) == 1 and web_db.engine.pool.checkedout() == 0
    assert app.test_client().get("/ho-so/").status_code == 302  # anonymous: no user to read
    assert web_db.engine.pool.checkedout() == 0


def test_kept_rows_and_header_follow_their_values(as_user: Any, web_db: Any, ids: dict) -> None:
    """A row's and the header's markup are kept by their values: an edited title or a user's new
    role shows at the next page."""
    from dossier.model import Dossier, UserRole
    from workflows.states import Role

    client = as_user("chuyenvien")
    assert "Lập hồ sơ mới" in client.get("/ho-so/").get_data(as_text=True)
    with web_db.write() as session:
        dossier = session.get(Dossier, ids["status"]["draft"])
        dossier.title = "Đề án đổi tên để thử hàng giữ sẵn"
    assert "Đề án đổi tên để thử hàng giữ sẵn" in client.get("/ho-so/").get_data(as_text=True)
    leader = as_user("giamdoc")
    page = leader.get("/ho-so/").get_data(as_text=True)
    assert "Việc chờ duyệt" in page and "Lập hồ sơ mới" not in page
    with web_db.write() as session:
        session.add(UserRole(user_id=ids["users"]["giamdoc"], role=Role.OFFICER.value))
    assert "Lập hồ sơ mới" in leader.get("/ho-so/").get_data(as_text=True)  # roles are read on every request
