"""Several years of the 2021–2025 programme, with money at every stage (issue 6).

The seed article speaks of a five-year programme of about 83,3 tỷ đồng across six content groups.
Read here as the programme's total: national (trung ương) and provincial (địa phương) khuyến công
funds, 37,0 tỷ (4,7 + 32,3), plus the beneficiaries' counterpart (đối ứng), 46,3 tỷ — the split by group and
source is in ENVELOPES (illustrative figures, not an official decision). The annual plans'
budgets add up to the state part (6,8 + 7,2 + 7,5 + 7,6 + 7,9 = 37,0 tỷ).

Every dossier goes through the real services (create, reviews, workflow steps, advances): its
history, ledger, audit events and Word documents are what a user would have produced, each
step on its own day (demo/calendar.py): the documents before 1 July 2025 carry the bodies of Ninh
Thuận, those after it the merged Khánh Hòa's (people.ORG_HISTORY). `documents_from` leaves the
documents out before a year, for a test that only wants the money.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from dossier.demo.calendar import created_on, dated_inputs, registration_deadline, step_dates
from dossier.demo.papers import completed
from dossier.demo.people import MERGER, OLD_PROVINCE, PROVINCE, demo_actors
from dossier.demo.seed import council_members
from dossier.model import (
    Batch,
    ContentGroup,
    Council,
    Organisation,
    Plan,
    Programme,
    ProgrammeEnvelope,
)
from dossier.services import ledger
from dossier.services.dossiers import BeneficiaryData, DossierData, ItemData, create_dossier
from dossier.services.uow import Database
from dossier.services.walk import Reviews, walk_steps
from dossier.vn.dates import format_date
from workflows import Status, Trigger
from workflows.walks import Waypoint

S = Status
T = Trigger

TY = 1_000_000_000
# group → (trung ương, địa phương, đối ứng), in tỷ đồng × 10 (integers: 2.5 tỷ = 25)
ENVELOPES = {
    "G1": (25, 98, 277), "G2": (8, 9, 63), "G3": (3, 48, 22),
    "G4": (2, 32, 26), "G5": (6, 104, 40), "G6": (3, 32, 35),
}
PLAN_BUDGETS = {2021: 6_800_000_000, 2022: 7_200_000_000, 2023: 7_500_000_000, 2024: 7_600_000_000,
                2025: 7_900_000_000}

# Where the programme's beneficiaries are: Ninh Thuận's communes with their districts while the
# province existed (the dossiers of 2021–2024, settled before the merger), and the same places as
# communes of the merged Khánh Hòa (no district) for the dossiers of 2025 (Nghị quyết số
# 1667/NQ-UBTVQH15; the dossier holds today's address).
OLD_COMMUNES = ("xã Phước Thuận, huyện Ninh Phước", "thị trấn Phước Dân, huyện Ninh Phước",
                "xã Phước Hậu, huyện Ninh Phước", "xã An Hải, huyện Ninh Phước", "xã Tri Hải, huyện Ninh Hải",
                "thị trấn Khánh Hải, huyện Ninh Hải", "xã Vĩnh Hải, huyện Ninh Hải", "xã Công Hải, huyện Thuận Bắc",
                "xã Cà Ná, huyện Thuận Nam", "xã Phước Nam, huyện Thuận Nam", "xã Quảng Sơn, huyện Ninh Sơn",
                "phường Đô Vinh, thành phố Phan Rang - Tháp Chàm")
COMMUNES = ("xã Ninh Phước", "xã Phước Hữu", "xã Phước Hậu", "xã Ninh Hải", "phường Ninh Chử", "xã Vĩnh Hải",
            "xã Công Hải", "xã Cà Ná", "xã Thuận Nam", "xã Ninh Sơn", "phường Đô Vinh", "phường Bảo An")


def place_of(year: int, n: int) -> tuple[str, str]:
    """(commune, province) of the demo dossier `n` of `year`."""
    if year < MERGER.year:
        return OLD_COMMUNES[(n * 5 + year) % len(OLD_COMMUNES)], OLD_PROVINCE
    return COMMUNES[(n * 5 + year) % len(COMMUNES)], PROVINCE


# illustrative names of the establishments' directors
REPRESENTATIVES = ("Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Đặng Văn Em", "Võ Thị Giang",
                   "Huỳnh Văn Hải", "Châu Thị Kim", "Lưu Văn Lộc", "Thuận Thị Mai", "Bạch Văn Nam")
PRODUCTS = (("chế biến hạt điều", "Hạt điều rang muối", "Máy tách vỏ hạt điều", "Lò rang hạt điều"),
            ("sản xuất nước mắm", "Nước mắm cá cơm", "Hệ thống lọc nước mắm", "Máy chiết rót"),
            ("chế biến gỗ", "Bàn ghế gỗ", "Máy cưa bàn trượt", "Máy chà nhám"),
            ("sản xuất gốm", "Gốm Bàu Trúc", "Lò nung gốm bằng gas", "Máy nhào đất"),
            ("chế biến thủy sản", "Cá khô, mực một nắng", "Máy sấy lạnh", "Kho lạnh"),
            ("cơ khí nông cụ", "Máy tuốt lúa", "Máy cắt laser CNC", "Máy chấn tôn"),
            ("chế biến yến sào", "Yến sào tinh chế", "Máy sấy yến", "Tủ bảo quản"),
            ("sản xuất muối sạch", "Muối tinh", "Máy nghiền sàng muối", "Máy đóng gói"))


@dataclass(frozen=True)
class Plan5:
    """One demo dossier: group, amounts and how far it went."""

    year: int
    group: str
    n: int  # index for names
    total: int
    support: int
    stage: str  # approved | contracted | advanced | in_progress | accepted | liquidated | settled | stopped
    batch: int = 1
    accepted_share: int = 100  # % of the support accepted at acceptance
    source: str = "dia_phuong"


def _cases() -> list[Plan5]:
    """Deterministic: each year has machinery, pollution, training, media, CCN and product dossiers."""
    out: list[Plan5] = []
    for year in (2021, 2022, 2023, 2024, 2025):
        k = year - 2021
        final = "settled" if year <= 2024 else None
        g1 = [(420 + 30 * i + 10 * k, 200 + 5 * ((i + k) % 5)) for i in range(9)]  # triệu: total, support
        rows = [("G1", t, s) for t, s in g1] + [
            ("G2", 900 + 40 * k, 260), ("G3", 520 + 20 * k, 480 + 15 * k), ("G3", 300, 280),
            ("G4", 560 + 10 * k, 520), ("G5", 3400 + 100 * k, 1600 + 50 * k), ("G6", 650 + 30 * k, 560),
        ]
        for i, (group, total, support) in enumerate(rows):
            batch = 1 if i % 3 else 2
            if final:
                stage = "settled"
                if i == 4:
                    stage = "stopped"  # one stopped dossier a year, as in Đồng Tháp 2021
                if year == 2024 and i in (1, 7):
                    stage = "liquidated"
            else:  # 2025: money at every stage
                stage = ("settled", "settled", "liquidated", "accepted", "in_progress", "advanced", "contracted",
                         "liquidated", "settled", "settled", "in_progress", "approved", "accepted", "advanced",
                         "settled")[i]
            share = 95 if (i + k) % 4 == 0 else 100
            source = "quoc_gia" if i in (0, 9) else "dia_phuong"  # a share of national funds each year
            out.append(Plan5(year, group, i, total * 1_000_000, support * 1_000_000, stage, batch, share, source))
    return out


def _items(case: Plan5) -> list[ItemData]:
    """Lines that add up exactly to the case's total."""
    sector, _, a, b = PRODUCTS[(case.n + case.year) % len(PRODUCTS)]
    if case.group in ("G3", "G4"):
        first = case.total * 3 // 5
        return [ItemData("Chi phí tổ chức lớp đào tạo, tập huấn" if case.group == "G3" else "Chi phí xây dựng chương "
                         "trình, ấn phẩm thông tin khuyến công", 1, first, "gói"),
                ItemData("Tài liệu, học liệu, thuê hội trường, hậu cần", 1, case.total - first, "gói")]
    if case.group == "G5":
        first = case.total * 7 // 10
        return [ItemData("Xây dựng hệ thống thu gom, xử lý nước thải tập trung", 1, first, "hạng mục"),
                ItemData("Đường nội bộ, hệ thống thoát nước mưa", 1, case.total - first, "hạng mục")]
    first = case.total * 3 // 5
    return [ItemData(a, 1, first, "máy", specification=f"Phục vụ {sector}", origin="Việt Nam"),
            ItemData(b, 1, case.total - first, "máy", specification=f"Phục vụ {sector}", origin="Việt Nam")]


def _title(case: Plan5) -> tuple[str, str, str]:
    sector, products, _, _ = PRODUCTS[(case.n + case.year) % len(PRODUCTS)]
    commune, _ = place_of(case.year, case.n)
    names = {
        "G1": (f"Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong {sector} năm {case.year}",
               f"Cơ sở {sector} {_place_name(commune)} {case.n + 1}"),
        "G2": (f"Hỗ trợ xử lý ô nhiễm môi trường tại cơ sở {sector} năm {case.year}",
               f"Hợp tác xã {sector} {_place_name(commune)}"),
        "G3": (f"Đào tạo nghề, nâng cao tay nghề lao động nông thôn năm {case.year} (lớp {case.n - 1})",
               f"Hợp tác xã làng nghề {_place_name(commune)}"),
        "G4": (f"Thông tin tuyên truyền hoạt động khuyến công năm {case.year}",
               f"Hợp tác xã dịch vụ {_place_name(commune)}"),
        "G5": (f"Hỗ trợ đầu tư hạ tầng cụm công nghiệp năm {case.year}",
               f"Công ty TNHH Hạ tầng cụm công nghiệp {_place_name(commune)}"),
        "G6": (f"Hỗ trợ phát triển sản phẩm công nghiệp nông thôn tiêu biểu năm {case.year}",
               f"Hợp tác xã {products.lower()} {_place_name(commune)}"),
    }
    title, beneficiary = names[case.group]
    return title, beneficiary, commune


def _place_name(commune: str) -> str:
    """"Phước Thuận" of "xã Phước Thuận, huyện Ninh Phước"."""
    return commune.split(",")[0].split(" ", 1)[1].removeprefix("trấn ")


def _no_documents(*_args, **_kwargs) -> list:
    return []


def seed_programme_money(db: Database, users: dict[str, int], report: Callable[[str], None] = lambda _: None,
                         *, documents_from: int = 2021) -> int:
    """Envelopes, plans 2021–2023, councils, and the dossiers of _cases(); returns how many were walked."""
    seed_programme_setup(db)
    walks = money_walks(db, users, documents_from=documents_from)
    for steps in walks:
        for _ in steps:
            pass
    report(f"chương trình 2021-2025: {len(walks)} đề án có kinh phí ở mọi bước")
    return len(walks)


def money_walks(db: Database, users: dict[str, int], *, documents_from: int = 2021) -> list[Iterator[date]]:
    """The dossiers of _cases(), created now, and their walks, still to be taken (after
    seed_programme_setup)."""
    return [money_walk(db, users, case, documents=case.year >= documents_from)[1] for case in _cases()]


def seed_programme_setup(db: Database) -> None:
    """The 2021–2025 programme's envelopes by source, its five annual plans and their councils."""
    with db.write() as session:
        programme = session.scalars(select(Programme).where(Programme.code == "CTKC-2021-2025")).one()
        groups = {g.code: g for g in programme.content_groups}
        for code, amounts in ENVELOPES.items():
            for source, tenth in zip(("trung_uong", "dia_phuong", "doi_ung"), amounts, strict=True):
                session.add(ProgrammeEnvelope(programme_id=programme.id, content_group_id=groups[code].id,
                                              source=source, amount=tenth * TY // 10))
        plans = {p.year: p for p in programme.plans}
        for year, budget in PLAN_BUDGETS.items():
            plan = plans.get(year)
            if plan is None:
                plan = Plan(programme=programme, year=year, name=f"Kế hoạch khuyến công địa phương năm {year}")
                session.add(plan)
                for number in (1, 2):
                    session.add(Batch(plan=plan, number=number, name=f"Đợt {number} năm {year}",
                                      registration_deadline=registration_deadline(year, number)))
            plan.budget = budget
        sct = session.scalars(select(Organisation).where(Organisation.code == "sct-kh")).one()
        have = {c.year for c in session.scalars(select(Council))}
        for year in range(2021, 2025):
            if year in have:
                continue
            council = Council(organisation=sct, year=year,
                              name=f"Hội đồng thẩm định đề án khuyến công địa phương năm {year}")
            council.members = council_members(year)
            session.add(council)


def walk_money_case(db: Database, users: dict[str, int], case: Plan5, *, documents: bool) -> int:
    dossier_id, steps = money_walk(db, users, case, documents=documents)
    for _ in steps:
        pass
    return dossier_id


def money_walk(db: Database, users: dict[str, int], case: Plan5, *,
               documents: bool) -> tuple[int, Iterator[date]]:
    """The dossier of `case`, created now, and its walk: the day of each step yielded before it is
    taken (seed.in_date_order runs the demo's walks together by these days)."""
    y = case.year
    title, beneficiary, commune = _title(case)
    with db.read() as session:
        programme = session.scalars(select(Programme).where(Programme.start_year <= y, Programme.end_year >= y)).one()
        group = session.scalars(select(ContentGroup).where(ContentGroup.programme_id == programme.id,
                                                           ContentGroup.code == case.group)).one()
        plan = next(p for p in programme.plans if p.year == y)
        batch = next(b for b in plan.batches if b.number == case.batch)
        council = session.scalars(select(Council).where(Council.year == y)).one()
        ttkc = session.scalars(select(Organisation).where(Organisation.code == "ttkc-kh")).one()
        ids = group.id, plan.id, batch.id, council.id, ttkc.id
    dates = _dates(case)
    _, province = place_of(y, case.n)
    data = DossierData(
        title=title, content_group_id=ids[0], plan_id=ids[1], batch_id=ids[2], council_id=ids[3],
        implementing_org_id=ids[4], location=f"{commune}, tỉnh {province}",
        start_date=dates[T.START_IMPLEMENTATION], end_date=date(y, 11, 30),
        objectives="Nâng cao năng lực sản xuất của cơ sở công nghiệp nông thôn.",
        expected_results="Tăng năng suất, tạo việc làm ổn định cho lao động địa phương.",
        requested_support=case.support, funding_source=case.source,
        beneficiary=completed(BeneficiaryData(
            kind="htx" if "Hợp tác xã" in beneficiary else "dnnvv", name=beneficiary,
            representative=REPRESENTATIVES[(case.n + y) % len(REPRESENTATIVES)], representative_title="Giám đốc",
            commune=commune, province=province, workers=15 + case.n)),
        items=_items(case),
    )
    officer = users["chuyenvien"]
    dossier_id = create_dossier(db, officer, data, today=created_on(y, case.batch))
    goal, via = STAGES[case.stage]

    def walk(to: Status, through: tuple[Waypoint, ...] = ()) -> Iterator[date]:
        return walk_steps(db, dossier_id, to, via=through, actors=demo_actors(users), inputs=_inputs(case),
                          dates=dates, reviews=Reviews(comment="Đề án phù hợp, kinh phí hợp lý.", score=82,
                                                       recommended_support=case.support),
                          generator=None if documents else _no_documents)

    def steps() -> Iterator[date]:
        yield from walk(S.APPROVED)
        if case.stage == "approved":
            return
        yield from walk(S.CONTRACTED)
        if case.stage != "contracted":
            advanced_on = dates[T.SIGN_CONTRACT] + timedelta(days=20)
            yield advanced_on
            ledger.record_advance(db, officer, dossier_id, case.support // 2, advanced_on,
                                  reference=f"GRN-{y}-{case.n + 1:03d}", note="Tạm ứng lần 1 theo hợp đồng")
        yield from walk(goal, via)

    return dossier_id, steps()


# stage → the state it leaves the dossier in and the route's waypoints ("settled" ones are then
# archived); after the contract, every stage but "contracted" has the province's 50 % advance
# (dossier/data/advance_ratios.toml)
STAGES: dict[str, tuple[Status, tuple[Waypoint, ...]]] = {
    "approved": (S.APPROVED, ()), "contracted": (S.CONTRACTED, ()), "advanced": (S.CONTRACTED, ()),
    "stopped": (S.STOPPED, (S.IN_PROGRESS,)), "in_progress": (S.IN_PROGRESS, (T.RECORD_INSPECTION,)),
    "accepted": (S.ACCEPTED, (T.RECORD_INSPECTION,)), "liquidated": (S.LIQUIDATED, (T.RECORD_INSPECTION,)),
    "settled": (S.ARCHIVED, (T.RECORD_INSPECTION, S.SETTLED)),
}


def _accepted_on(case: Plan5) -> date:
    return date(case.year, 10, 20 + case.n % 8)


def _inputs(case: Plan5) -> dict[Trigger, dict[str, Any]]:
    """What the officers entered at each step; the dates are the steps' own (demo/calendar.py)."""
    accepted_support = case.support * case.accepted_share // 100
    stop_requested = _dates(case)[T.STOP] - timedelta(days=10)  # the beneficiary's written request
    entered: dict[Trigger, dict[str, Any]] = {
        T.START_APPRAISAL: {"meeting_time": "08 giờ 00", "meeting_place": "Phòng họp số 2, Sở Công Thương"},
        T.RECORD_APPRAISAL: {"conclusion": "Đề án đạt yêu cầu.", "recommended_support": case.support},
        T.SIGN_CONTRACT: {"contract_number": f"{case.n + 1:02d}/{case.year}/HĐ-TTKC", "contract_value": case.support},
        T.STOP: {"reason": "Cơ sở không thu xếp được vốn đối ứng để hoàn thành việc mua sắm máy móc thiết bị.",
                 "basis": f"Đơn xin dừng thực hiện đề án của cơ sở {format_date(stop_requested)}",
                 "recovered_amount": case.support // 2},
        T.RECORD_INSPECTION: {"findings": "Cơ sở đã mua sắm, đang lắp đặt thiết bị đúng tiến độ."},
        T.ACCEPT: {"passed": True, "accepted_value": case.total * case.accepted_share // 100,
                   "accepted_support": accepted_support, "conclusion": "Đề án hoàn thành, đạt yêu cầu."},
        T.SETTLE: {"settled_amount": accepted_support},
    }
    for trigger, values in dated_inputs(_dates(case)).items():
        entered[trigger] = {**entered.get(trigger, {}), **values}
    return entered


def _dates(case: Plan5) -> dict[Trigger, date]:
    """The day of each step (demo/calendar.py), accepted on a day of late October."""
    return step_dates(case.year, case.batch, _accepted_on(case))
