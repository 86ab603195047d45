"""The dossier list at size: indexed search without diacritics, counters, key paging, query plans.

On SQLite and PostgreSQL alike, over a few thousand dossiers bulk-loaded as bench/bench_web.py
loads them (their counters and search index kept by the database's own triggers).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from bench.bench_web import build_database
from dossier.model import Dossier, DossierCount, User
from dossier.services import listing
from dossier.services.dossiers import DossierData, create_dossier, update_dossier
from dossier.services.listing import DossierFilters, list_dossiers

N = 3000


@pytest.fixture
def big_db(db):
    build_database(db.engine.url.render_as_string(hide_password=False), N)
    return db


def _viewer(session, username: str = "giamdoc") -> User:
    return session.scalar(select(User).where(User.username == username))


def _codes(page: listing.Page) -> list[str]:
    return [r.code for r in page.rows]


def test_search_finds_folded_text_and_follows_edits(big_db) -> None:
    officer = _ids(big_db)["chuyenvien"]
    new_id = create_dossier(big_db, officer, DossierData(title="Hỗ trợ Máy sấy táo cho Hợp tác xã Quỳnh Lưu"))
    with big_db.read() as session:
        viewer = _viewer(session)
        code = session.get(Dossier, new_id).code
        for q in ("may say tao", "MÁY SẤY TÁO", "quynh luu", "Quỳnh Lưu", "nh lư"):
            page = list_dossiers(session, viewer, DossierFilters(q=q))
            assert code in _codes(page), q
        assert list_dossiers(session, viewer, DossierFilters(q="quynh luu")).total == 1
        assert list_dossiers(session, viewer, DossierFilters(q="khong co gi nhu the nay")).rows == []
        version = session.get(Dossier, new_id).version
    update_dossier(big_db, officer, new_id, version, DossierData(title="Hỗ trợ lò nung cho Hợp tác xã Xuân Thiều"))
    with big_db.read() as session:
        viewer = _viewer(session)
        assert list_dossiers(session, viewer, DossierFilters(q="quynh luu")).rows == []  # the index followed
        assert _codes(list_dossiers(session, viewer, DossierFilters(q="xuan thieu"))) == [code]


def test_counters_match_the_rows_after_inserts_steps_and_edits(big_db) -> None:
    with big_db.write() as session:  # a step and a move, as raw updates: the triggers still count
        first = session.scalar(select(Dossier).order_by(Dossier.id).limit(1))
        first.status = "submitted" if first.status != "submitted" else "draft"
        first.commune = "xã Mới Lập"
    with big_db.read() as session:
        counted = {(o, s, c): n for o, s, c, n in session.execute(
            select(Dossier.owner_org_id, Dossier.status, Dossier.commune, func.count())
            .group_by(Dossier.owner_org_id, Dossier.status, Dossier.commune))}
        kept = {(r.owner_org_id, r.status, r.commune): r.n for r in session.scalars(select(DossierCount)) if r.n}
        assert kept == counted
        viewer = _viewer(session)
        assert list_dossiers(session, viewer, DossierFilters()).total == N
        assert "xã Mới Lập" in listing.communes(session, viewer)


def test_key_paging_walks_every_row_once_in_order(big_db) -> None:
    with big_db.read() as session:
        viewer = _viewer(session)
        filters = DossierFilters(status="in_progress", per_page=100)
        expected = list(session.scalars(select(Dossier.id).where(Dossier.status == "in_progress")
                                        .order_by(Dossier.updated_at.desc(), Dossier.id.desc())))
        seen, page = [], list_dossiers(session, viewer, filters)
        while True:
            seen += [r.id for r in page.rows]
            if not page.has_next:
                break
            page = list_dossiers(session, viewer, DossierFilters(status="in_progress", per_page=100,
                                                                  page=page.page + 1, after=page.next_key))
        assert seen == expected
        back = list_dossiers(session, viewer, DossierFilters(status="in_progress", per_page=100,
                                                             page=page.page - 1, before=page.prev_key))
        assert [r.id for r in back.rows] == expected[(page.page - 2) * 100:(page.page - 1) * 100]
        by_offset = list_dossiers(session, viewer, DossierFilters(status="in_progress", per_page=100, page=3))
        assert [r.id for r in by_offset.rows] == expected[200:300]
        # A search pages by key as well, newest dossier first.
        first = list_dossiers(session, viewer, DossierFilters(q="may say tao"))
        second = list_dossiers(session, viewer, DossierFilters(q="may say tao", page=2, after=first.next_key))
        ids = [r.id for r in first.rows + second.rows]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == 50


PAGES = {"list": DossierFilters(), "status+commune": DossierFilters(status="in_progress", commune="xã Cam An", page=2),
         "plan": DossierFilters(plan_id=1), "search": DossierFilters(q="may say tao"),
         "rare search": DossierFilters(q="khong co gi nhu the nay")}


def _plans(db, filters: DossierFilters) -> list[str]:
    """The query plan of every statement one list page runs against dossiers."""
    statements = []

    def capture(conn, cursor, statement, params, context, executemany) -> None:
        if "dossiers" in statement and not statement.startswith("EXPLAIN"):
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.read() as session:
            list_dossiers(session, _viewer(session), filters)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    plans = []
    with db.engine.connect() as conn:
        for statement, params in statements:
            if conn.dialect.name == "sqlite":
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
                plans.append("\n".join(r[-1] for r in rows))
            else:
                rows = conn.exec_driver_sql("EXPLAIN " + statement, params).all()
                plans.append("\n".join(r[0] for r in rows))
    return plans


@pytest.mark.parametrize("name", list(PAGES))
def test_query_plans_use_indexes_and_never_scan_the_dossiers(big_db, name: str) -> None:
    plans = _plans(big_db, PAGES[name])
    assert plans
    text = "\n".join(plans)
    if big_db.engine.dialect.name == "sqlite":
        # An ordered walk of an index under LIMIT ("SCAN dossiers USING INDEX") is what a page is;
        # reading the table itself, or sorting it, is not.
        assert not re.search(r"SCAN dossiers(?! USING (COVERING )?INDEX)", text), text
        assert "USE TEMP B-TREE FOR ORDER BY" not in text, text
        if "search" in name:
            assert "VIRTUAL TABLE INDEX" in text, text  # the FTS5 trigram index
        else:
            assert "INDEX ix_dossiers_" in text, text
    else:
        assert "Seq Scan on dossiers" not in text, text
        if name == "rare search":
            assert "ix_dossiers_search_trgm" in text, text


def _ids(db) -> dict[str, int]:
    with db.read() as session:
        return {u.username: u.id for u in session.scalars(select(User))}
