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
