"""Creating and editing dossiers: totals in integer đồng, validation, stale versions, scope."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dossier.errors import Forbidden, NotFound, Refused, StaleVersion, ValidationFailed
from dossier.model import AuditEvent, Dossier
from dossier.services.access import require_visible
from dossier.services.dossiers import ItemData, create_dossier, update_dossier
from tests.core.helpers import advance, dossier_data, new_dossier, version_of


def test_totals_are_derived_from_the_lines_in_integer_dong(db, users) -> None:
    dossier_id = new_dossier(db, users)
    with db.read() as session:
        d = session.get(Dossier, dossier_id)
        assert (d.total_cost, d.support, d.counterpart) == (290_000_000, 130_000_000, 160_000_000)
        assert isinstance(d.total_cost, int)
        assert str(d.support_percent) == "44.83"
        assert d.code.startswith("KC-") and d.status == "draft" and d.version == 1
        assert d.beneficiary.address == "thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa"
        assert "che bien tao say" in d.search_text and "lo say tao" in d.search_text


def test_bad_input_reports_every_field_and_writes_nothing(db, users) -> None:
    data = dossier_data(db)
    data.title = ""
    data.items.append(ItemData("", 0, -5))
    data.requested_support = 10**16
    with pytest.raises(ValidationFailed) as info:
        create_dossier(db, users["chuyenvien"], data)
    assert {"title", "items-4-name", "items-4-quantity", "items-4-unit_price", "requested_support"} <= set(
        info.value.errors)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_support_above_the_total_is_refused_next_to_the_field(db, users) -> None:
    with pytest.raises(ValidationFailed) as info:
        new_dossier(db, users, support=300_000_000)
    assert "requested_support" in info.value.errors


def test_a_stale_edit_is_refused_and_the_first_edit_kept(db, users) -> None:
    dossier_id = new_dossier(db, users)
    first, second = dossier_data(db), dossier_data(db)
    first.title, second.title = "Bản sửa của chị Hà", "Bản sửa của anh Bảo"
    new_version = update_dossier(db, users["chuyenvien"], dossier_id, 1, first)
    assert new_version == 2
    with pytest.raises(StaleVersion) as info:
        update_dossier(db, users["chuyenvien2"], dossier_id, 1, second)
    assert "người khác cập nhật" in info.value.message
    with db.read() as session:
        d = session.get(Dossier, dossier_id)
        assert (d.title, d.version) == ("Bản sửa của chị Hà", 2)


def test_a_submitted_dossier_can_no_longer_be_edited(db, users) -> None:
    dossier_id = new_dossier(db, users)
    advance(db, users, "chuyenvien", dossier_id, "submit")
    with pytest.raises(Refused):
        update_dossier(db, users["chuyenvien"], dossier_id, version_of(db, dossier_id), dossier_data(db))


def test_only_officers_create_dossiers(db, users) -> None:
    with pytest.raises(Forbidden):
        create_dossier(db, users["giamdoc"], dossier_data(db))


def test_an_officer_of_another_organisation_does_not_see_the_dossier(db, users) -> None:
    dossier_id = new_dossier(db, users)
    from dossier.model import User

    with db.read() as session:
        outsider = session.get(User, users["ttkc"])
        leader = session.get(User, users["phochutich"])
        with pytest.raises(NotFound):
            require_visible(session, outsider, session.get(Dossier, dossier_id))
        # a leader of the parent body (UBND) sees what the Sở handles
        assert require_visible(session, leader, session.get(Dossier, dossier_id)).id == dossier_id
    with pytest.raises(NotFound):
        advance(db, users, "ttkc", dossier_id, "submit")


def test_every_change_writes_an_audit_event(db, users) -> None:
    dossier_id = new_dossier(db, users)
    with db.read() as session:
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert actions == ["demo.seed", "dossier.create"]
    assert dossier_id
