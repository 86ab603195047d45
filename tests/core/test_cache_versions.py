"""Kept filter menus and organisation trees follow every change, made by any code on any node.

Two `Database` objects on one URL stand for two app servers; the writes go through the ORM, a
service and raw SQL (as a CLI or a bulk load would), and the other node's next page shows them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, select, text

from dossier.model import Organisation, Plan, Programme, User
from dossier.services import cache, listing
from dossier.services.access import visible_org_ids
from dossier.services.dossiers import BeneficiaryData, DossierData, create_dossier
from dossier.services.uow import Database


def _leader(session) -> User:
    return session.scalar(select(User).where(User.username == "giamdoc"))


def _menus(db: Database) -> listing.FilterChoices:
    with db.read() as session:
        return listing.filter_choices(session, _leader(session))


def _statements(db: Database, action) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


@pytest.fixture
def nodes(database_url: str) -> Iterator[tuple[Database, Database]]:
    """Two app servers on one freshly seeded database, the kept menus forgotten; disposed after."""
    from dossier.demo.seed import seed_province

    cache.clear()
    node_a, node_b = Database(database_url), Database(database_url)
    try:
        seed_province(node_a)
        yield node_a, node_b
    finally:
        node_a.dispose()
        node_b.dispose()


def test_menus_are_kept_and_follow_a_new_plan_from_another_node(nodes: tuple[Database, Database]) -> None:
    node_a, node_b = nodes
    before = _menus(node_a)
    assert before.plans
    # Kept: the second page reads only the versions (and the leader), not the menus' tables.
    with node_a.read() as session:
        leader = _leader(session)
        assert _statements(node_a, lambda: listing.filter_choices(session, leader)) == 1
    with node_b.write() as session:  # another node adds a plan through the ORM
        programme = session.scalar(select(Programme).order_by(Programme.id))
        session.add(Plan(programme_id=programme.id, year=2031, name="Kế hoạch khuyến công năm 2031"))
    after = _menus(node_a)
    assert "Kế hoạch khuyến công năm 2031" in [name for _, name in after.plans]
    with node_b.engine.begin() as conn:  # raw SQL, as a script would: the trigger still bumps
        conn.execute(text("UPDATE plans SET name = 'Kế hoạch khuyến công năm 2031 (điều chỉnh)' "
                          "WHERE year = 2031"))
    names = [name for _, name in _menus(node_a).plans]
    assert "Kế hoạch khuyến công năm 2031 (điều chỉnh)" in names
    assert "Kế hoạch khuyến công năm 2031" not in names


def test_commune_menu_follows_the_first_and_the_last_dossier_of_a_commune(nodes: tuple[Database, Database]) -> None:
    node_a, node_b = nodes
    assert "xã Tân Lập Mới" not in _menus(node_a).communes
    with node_b.read() as session:
        officer = session.scalar(select(User.id).where(User.username == "chuyenvien"))
    data = DossierData(title="Hỗ trợ máy sấy", beneficiary=BeneficiaryData(
        kind="ho_kinh_doanh", name="Hộ kinh doanh Lê Văn An", commune="xã Tân Lập Mới", province="Khánh Hòa"))
    new_id = create_dossier(node_b, officer, data)
    assert "xã Tân Lập Mới" in _menus(node_a).communes
    with node_b.engine.begin() as conn:  # its only dossier leaves the commune
        conn.execute(text("UPDATE dossiers SET commune = 'xã Cam An' WHERE id = :id"), {"id": new_id})
    assert "xã Tân Lập Mới" not in _menus(node_a).communes


def test_organisation_tree_follows_a_body_moved_under_another(nodes: tuple[Database, Database]) -> None:
    node_a, node_b = nodes
    with node_a.read() as session:
        leader = _leader(session)
        seen = visible_org_ids(session, leader)
        outside = session.scalar(select(Organisation.id).where(Organisation.id.not_in(seen))
                                 .order_by(Organisation.id))
    assert outside is not None
    with node_b.write() as session:
        session.get(Organisation, outside).parent_id = leader.organisation_id
    with node_a.read() as session:
        assert visible_org_ids(session, _leader(session)) == seen | {outside}
