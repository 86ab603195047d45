"""In-memory snapshots for the unit tests: a Khánh Hòa dossier at any step, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from dossier.documents import snapshot as snap
from workflows.states import Trigger

DIRECTOR = snap.Person(id=10, full_name="Lê Văn Giám", job_title="Giám đốc", organisation_id=2,
                       organisation_name="Sở Công Thương tỉnh Khánh Hòa", signing_capacity="direct", is_leader=True)
DEPUTY = snap.Person(id=11, full_name="Nguyễn Thị Phó", job_title="Phó Giám đốc", organisation_id=2,
                     organisation_name="Sở Công Thương tỉnh Khánh Hòa", signing_capacity="KT", is_leader=True)
OFFICER = snap.Person(id=12, full_name="Trần Chuyên Viên", job_title="Chuyên viên", organisation_id=2,
                      organisation_name="Sở Công Thương tỉnh Khánh Hòa")
VICE_CHAIR = snap.Person(id=20, full_name="Trần Hòa Nam", job_title="Phó Chủ tịch", organisation_id=1,
                         organisation_name="Ủy ban nhân dân tỉnh Khánh Hòa", signing_capacity="KT",
                         is_leader=True)

UBND = snap.OrgVersion(id=1, kind="ubnd_tinh", name="Ủy ban nhân dân tỉnh Khánh Hòa",
                       header_name="ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA", abbreviation="UBND", place_name="Khánh Hòa",
                       province="Khánh Hòa", head_title="CHỦ TỊCH", collective_name="ỦY BAN NHÂN DÂN",
                       leaders=(VICE_CHAIR,))
SCT = snap.OrgVersion(id=2, kind="so_cong_thuong", name="Sở Công Thương tỉnh Khánh Hòa", header_name="SỞ CÔNG THƯƠNG",
                      header_parent="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", abbreviation="SCT", place_name="Khánh Hòa",
                      province="Khánh Hòa", head_name="Lê Văn Giám", leaders=(DIRECTOR, DEPUTY))
TTKC = snap.OrgVersion(id=3, kind="trung_tam_khuyen_cong",
                       name="Trung tâm Khuyến công tỉnh Khánh Hòa", header_name="TRUNG TÂM KHUYẾN CÔNG",
                       header_parent="SỞ CÔNG THƯƠNG KHÁNH HÒA", abbreviation="TTKC", place_name="Khánh Hòa",
                       province="Khánh Hòa", head_title="GIÁM ĐỐC", head_name="Phạm Văn Tâm",
                       address="04 Phan Chu Trinh, Nha Trang", bank_account="3713.0.1234567")

MEMBERS = (
    snap.Member(id=1, full_name="Nguyễn Văn Chủ", title="Phó Giám đốc Sở", unit="Sở Công Thương", role="chair"),
    snap.Member(id=2, full_name="Lê Thị Hai", title="Trưởng phòng", unit="Sở Tài chính"),
    snap.Member(id=3, full_name="Phạm Văn Ba", title="Chuyên viên", unit="Sở Công Thương"),
    snap.Member(id=4, full_name="Võ Thị Thư", title="Chuyên viên", unit="Sở Công Thương", role="secretary",
                voting=False),
)


def step(trigger: str, on: date, inputs: dict[str, Any] | None = None, actor: snap.Person = OFFICER,
         ) -> snap.StepRecord:
    at = datetime(on.year, on.month, on.day, 3, 0, tzinfo=UTC)
    return snap.StepRecord(trigger=trigger, on=on, at=at, inputs=MappingProxyType(inputs or {}), actor=actor)


def dossier_snapshot(*history: snap.StepRecord, **changes: Any) -> snap.DossierSnapshot:
    """A dossier whose documents are those of the last step of `history`."""
    history = history or (step(Trigger.SUBMIT, date(2025, 3, 3)),)
    base = snap.DossierSnapshot(
        dossier=snap.DossierFacts(
            code="KC-2025-001", title="Hỗ trợ ứng dụng máy sấy táo", status="submitted",
            requested_support=130_000_000, total_cost=290_000_000, content_group="Mô hình trình diễn",
            objectives="Nâng cao năng suất.", expected_results="Công suất 500 kg/mẻ.", location="xã Phước Thuận",
            start_date=date(2025, 3, 1), end_date=date(2025, 11, 30), plan_year=2025, batch_number=1),
        step=history[-1],
        organisations={snap.OWNER: snap.OrgHistory((SCT,)), snap.SCT: snap.OrgHistory((SCT,)),
                       snap.UBND: snap.OrgHistory((UBND,)), snap.TTKC: snap.OrgHistory((TTKC,)),
                       snap.IMPLEMENTING: snap.OrgHistory((TTKC,))},
        beneficiary=snap.Beneficiary(name="Hộ kinh doanh Trung Tuấn", kind="ho_kinh_doanh",
                                     address="thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
                                     commune="xã Phước Thuận", representative="Nguyễn Trung Tuấn",
                                     representative_title="Chủ hộ", workers=12, products="táo sấy"),
        items=(snap.Item(position=1, name="Lò sấy táo", quantity=1, unit="cái", unit_price=200_000_000,
                         amount=200_000_000),
               snap.Item(position=2, name="Máy rửa táo", quantity=2, unit="cái", unit_price=45_000_000,
                         amount=90_000_000)),
        council=snap.Council(name="Hội đồng thẩm định đề án khuyến công năm 2025", scoring_mode="pass_fail",
                             quorum_needed=2, members=MEMBERS),
        reviews=(snap.Review(member_id=1, passed=True, comment="Đề án cần thiết."),
                 snap.Review(member_id=2, passed=True)),
        history=tuple(history),
        actor=history[-1].actor,
    )
    return replace(base, **changes)
