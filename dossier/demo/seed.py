"""Load the demo province into an empty database and walk its dossiers to their states."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from dossier.demo.calendar import created_on, registration_deadline
from dossier.demo.cases import CASES, Case, case_dates, case_inputs
from dossier.demo.papers import completed
from dossier.demo.people import (
    COUNCIL_MEMBERS,
    DEMO_PASSWORD,
    MERGER,
    MERGER_NOTE,
    OLD_PROVINCE,
    ORG_HISTORY,
    ORGANISATIONS,
    PROVINCE,
    TWO_FACTOR_ROLES,
    USERS,
    demo_actors,
    demo_totp_secret,
)
from dossier.model import (
    Batch,
    ContentGroup,
    Council,
    CouncilMember,
    Organisation,
    OrganisationVersion,
    Plan,
    Programme,
    User,
    UserRole,
)
from dossier.model.base import utcnow
from dossier.services import audit, ledger
from dossier.services.dossiers import BeneficiaryData, DossierData, ItemData, create_dossier
from dossier.services.reference import load_support_caps
from dossier.services.uow import Database
from dossier.services.walk import Reviews, walk_steps
from dossier.vn.vntime import now_vn
from workflows import Status, Trigger
from workflows.walks import route

GROUPS = (
    ("G1", "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ và ứng dụng máy móc thiết bị tiên tiến",
     1, "may_moc_thiet_bi", 40_000_000_000),
    ("G2", "Hỗ trợ xử lý ô nhiễm môi trường tại cơ sở công nghiệp nông thôn", 1, "xu_ly_o_nhiem", 8_000_000_000),
    ("G3", "Phát triển nguồn nhân lực, nâng cao năng lực quản lý", 5, "dao_tao", 7_300_000_000),
    ("G4", "Tư vấn, cung cấp thông tin về khuyến công", 4, "tu_van", 6_000_000_000),
    ("G5", "Phát triển cụm công nghiệp", 3, "cum_cong_nghiep", 15_000_000_000),
    ("G6", "Phát triển sản phẩm công nghiệp nông thôn tiêu biểu", 2, "san_pham_tieu_bieu", 7_000_000_000),
)


def council_members(year: int = 2026) -> list[CouncilMember]:
    """The demo council's members, as new rows (each year's council has its own). Before 2025 the
    agriculture member sits for the Sở Nông nghiệp và Phát triển nông thôn (merged with the Sở Tài
    nguyên và Môi trường into the Sở Nông nghiệp và Môi trường on 1 March 2025)."""
    def unit_of(u: str) -> str:
        return "Sở Nông nghiệp và Phát triển nông thôn" if year < 2025 and u == "Sở Nông nghiệp và Môi trường" else u

    return [CouncilMember(position=i, full_name=n, title=t, unit=unit_of(u), role=r, voting=v, gender=gender)
            for i, (n, t, u, r, v, gender) in enumerate(COUNCIL_MEMBERS, start=1)]


def _org_versions(orgs: dict[str, Organisation]) -> None:
    """Each body's earlier versions (ORG_HISTORY) and its current one from the merger."""
    for code, history in ORG_HISTORY.items():
        org = orgs[code]
        for valid_from, differs, note in history:
            version = OrganisationVersion.of(org, valid_from, note=note)
            for name, value in differs.items():
                setattr(version, name, value)
            org.versions.append(version)
        org.versions.append(OrganisationVersion.of(org, MERGER, note=MERGER_NOTE))


def seed_reference(db: Database) -> None:
    with db.write() as session:
        load_support_caps(session)


APPROVAL_AUTHORITY = "ubnd_tinh"  # or "so_cong_thuong": the Giám đốc Sở approves by delegation


def _programmes(session: Session) -> None:
    """The two programmes with their content groups, and the plans of 2024–2027 with their đợt."""
    # The seed article's programme: about 83,3 tỷ đồng over six content groups, reviewed at the
    # UBND tỉnh Ninh Thuận's meeting of 26/01/2021 chaired by Phó Chủ tịch Phan Tấn Cảnh; the
    # merged Khánh Hòa carries it on after 1 July 2025 (its bodies' versions, people.py).
    old = Programme(code="CTKC-2021-2025", province=OLD_PROVINCE, start_year=2021, end_year=2025,
                    name="Chương trình khuyến công tỉnh Ninh Thuận giai đoạn 2021-2025",
                    budget_envelope=83_300_000_000,
                    decision_ref="Thông qua tại cuộc họp UBND tỉnh Ninh Thuận ngày 26/01/2021 do Phó Chủ tịch "
                                 "UBND tỉnh Phan Tấn Cảnh chủ trì")
    new = Programme(code="CTKC-2026-2030", province=PROVINCE, start_year=2026, end_year=2030,
                    name="Chương trình khuyến công tỉnh Khánh Hòa giai đoạn 2026-2030",
                    budget_envelope=95_000_000_000)
    for programme in (old, new):
        session.add(programme)
        for position, (code, name, group, support_type, envelope) in enumerate(GROUPS, start=1):
            session.add(ContentGroup(programme=programme, code=code, position=position, name=name,
                                     reporting_group=group, default_support_type=support_type,
                                     budget_envelope=envelope))
    # 2027's plan too: its đợt 1 registers in the autumn before (demo/calendar.py), so a dossier
    # made in December 2026, or once 2027 has begun, has a plan to go in (figures illustrative)
    for programme, year, budget in ((old, 2024, 4_800_000_000), (old, 2025, 5_200_000_000),
                                    (new, 2026, 5_600_000_000), (new, 2027, 5_900_000_000)):
        plan = Plan(programme=programme, year=year, budget=budget,
                    name=f"Kế hoạch khuyến công địa phương năm {year}")
        session.add(plan)
        for number in (1, 2):  # demo/calendar.py: đợt 1 the year before, đợt 2 by 20 April
            session.add(Batch(plan=plan, number=number, name=f"Đợt {number} năm {year}",
                              registration_deadline=registration_deadline(year, number)))


def seed_province(db: Database) -> dict[str, int]:
    """Organisations, users, programmes, plans, council. Returns user ids by username."""
    with db.write() as session:
        return seed_province_in(session)


def seed_province_in(session: Session) -> dict[str, int]:
    """seed_province in the caller's transaction (run-demo also asks for the demo job in it)."""
    if session.scalar(select(Organisation.id).limit(1)):
        raise RuntimeError("the database already holds organisations; the demo needs an empty one")
    load_support_caps(session)
    orgs: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        org = Organisation(code=spec.code, kind=spec.kind, name=spec.name, header_parent=spec.header_parent,
                           header_name=spec.header_name, abbreviation=spec.abbreviation, place_name=PROVINCE,
                           province=PROVINCE, head_title=spec.head_title, collective_name=spec.collective_name,
                           parent=orgs.get(spec.parent) if spec.parent else None, address=spec.address,
                           phone=spec.phone, tax_code=spec.tax_code, bank_account=spec.bank_account,
                           bank_name=spec.bank_name, head_name=spec.head_name,
                           # the demo province's UBND tỉnh approves its đề án (issue 10)
                           approval_authority=APPROVAL_AUTHORITY)
        session.add(org)
        orgs[spec.code] = org
    _org_versions(orgs)
    session.flush()
    password_hash = generate_password_hash(DEMO_PASSWORD)
    users = {}
    for spec in USERS:
        user = User(username=spec.username, full_name=spec.full_name, password_hash=password_hash,
                    organisation=orgs[spec.org], job_title=spec.job_title,
                    signing_capacity=spec.signing_capacity, gender=spec.gender,
                    role_rows=[UserRole(role=r) for r in spec.roles])
        if set(spec.roles) & set(TWO_FACTOR_ROLES):
            user.totp_secret, user.totp_confirmed_at = demo_totp_secret(spec.username), utcnow()
        session.add(user)
        users[spec.username] = user
    _programmes(session)
    for year in (2025, 2026, 2027):
        council = Council(organisation=orgs["sct-kh"], year=year,
                          name=f"Hội đồng thẩm định đề án khuyến công địa phương năm {year}")
        council.members = council_members(year)
        session.add(council)
    session.flush()
    audit.append(session, actor_id=None, action="demo.seed", object_type="system", object_id="demo",
                 payload={"organisations": len(orgs), "users": len(users)})
    return {name: user.id for name, user in users.items()}


def _dossier_data(db: Database, case: Case) -> tuple[DossierData, int]:
    with db.read() as session:
        programme_code = "CTKC-2021-2025" if case.plan_year <= 2025 else "CTKC-2026-2030"
        programme = session.scalars(select(Programme).where(Programme.code == programme_code)).one()
        group = next(g for g in programme.content_groups if g.code == case.group)
        plan = next(p for p in programme.plans if p.year == case.plan_year)
        batch = next(b for b in plan.batches if b.number == case.batch)
        ttkc = session.scalars(select(Organisation).where(Organisation.code == "ttkc-kh")).one()
        council = session.scalars(select(Council).where(Council.year == case.plan_year)).one()
        ids = (group.id, plan.id, batch.id, ttkc.id, council.id)
    data = DossierData(
        title=case.title, content_group_id=ids[0], support_type=case.support_type, plan_id=ids[1],
        batch_id=ids[2], implementing_org_id=ids[3], location=case.location,
        start_date=case_dates(case)[Trigger.START_IMPLEMENTATION], end_date=case.end, objectives=case.objectives,
        expected_results=case.results, requested_support=case.support,
        beneficiary=completed(BeneficiaryData(**case.beneficiary)),
        items=[ItemData(name=n, specification=s, origin=o, quantity=q, unit=u, unit_price=p)
               for n, s, o, q, u, p in case.items],
    )
    return data, ids[4]


def walk_case(db: Database, users: dict[str, int], case: Case,
              report: Callable[[str], None] = lambda _: None) -> int:
    """Create one demo dossier and walk it to its state with the real services, each step on its
    day (demo/calendar.py); a đề án that goes into implementation gets the province's 50 % advance
    three weeks after its contract."""
    dossier_id, steps = case_walk(db, users, case, report)
    drain(steps)
    return dossier_id


def case_walk(db: Database, users: dict[str, int], case: Case,
              report: Callable[[str], None] = lambda _: None) -> tuple[int, Iterator[date]]:
    """`walk_case` made in two: the dossier, created now, and its walk, which yields the day of
    each of its steps before taking it (`in_date_order` runs many such walks together)."""
    data, council_id = _dossier_data(db, case)
    data.council_id = council_id
    dossier_id = create_dossier(db, users["chuyenvien"], data, today=created_on(case.plan_year, case.batch))
    dates = case_dates(case)
    reviews = Reviews(comment="Đề án cần thiết, thiết bị phù hợp, kinh phí hợp lý.", score=85,
                      recommended_support=case.support)

    def walk(goal: Status, via: tuple = ()) -> Iterator[date]:
        return walk_steps(db, dossier_id, goal, via=via, inputs=case_inputs(case), dates=dates,
                          actors=demo_actors(users), reviews=reviews, report=report)

    def steps() -> Iterator[date]:
        if Trigger.START_IMPLEMENTATION in route_of and case.goal != Status.STOPPED:
            yield from walk(Status.CONTRACTED)
            advanced_on = dates[Trigger.SIGN_CONTRACT] + timedelta(days=20)
            yield advanced_on
            ledger.record_advance(db, users["chuyenvien"], dossier_id, case.support // 2, advanced_on,
                                  reference=f"UNC-{case.plan_year}-{case.extra.get('contract', 5):03d}",
                                  note="Tạm ứng lần 1 theo hợp đồng")
        yield from walk(case.goal, case.via)

    route_of = [step.trigger for step in route(Status.DRAFT, case.goal, case.via)]
    return dossier_id, steps()


def drain(steps: Iterator[date]) -> None:
    """Take every step of one walk."""
    for _ in steps:
        pass


def in_date_order(walks: Iterable[Iterator[date]]) -> None:
    """Take the steps of many walks together, the earliest day first (on one day, in the order the
    walks were given): each register then numbers its documents in the order of their dates, as a
    văn thư does (domain.md §5.4: in the order of issue, from 01 on 1 January), although each walk
    issues its own. A walk's next day is known only once its step before is taken."""
    queue: list[tuple[date, int, Iterator[date]]] = []
    for order, steps in enumerate(walks):
        first = next(steps, None)
        if first is not None:
            heapq.heappush(queue, (first, order, steps))
    while queue:
        _, order, steps = heapq.heappop(queue)
        following = next(steps, None)  # takes the step it announced, then announces the next
        if following is not None:
            heapq.heappush(queue, (following, order, steps))


def seed_demo(db: Database, report: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """The province, its dossiers created in a fixed order (their codes), then every dossier's walk
    and the plans' documents taken together in date order (in_date_order: the registers number by
    date), then the plans' reports."""
    users = seed_province(db)
    from dossier.demo.agencies import seed_demo_agencies  # issue 12: illustrative mã định danh

    with db.write() as session:
        seed_demo_agencies(session)
    walks = []
    for case in CASES:
        report(f"{case.title}")
        walks.append(case_walk(db, users, case, report)[1])
    from dossier.demo.pki import seed_demo_pki  # issue 5: demo CA, leaders' and seal certificates
    seed_demo_pki(db, report=report)
    from dossier.demo.images import seed_demo_images  # issue 11: drawn signature and seal images

    seed_demo_images(db, users["quantri"], report)
    from dossier.demo.money import money_walks, seed_programme_setup  # issue 6: years of plans and money
    from dossier.demo.plan_documents import plan_documents_walk, seed_plan_reports

    seed_programme_setup(db)
    walks += money_walks(db, users)
    report(f"chương trình 2021-2025: {len(walks) - len(CASES)} đề án có kinh phí ở mọi bước")
    made, today = [0], now_vn().date()
    in_date_order([*walks, plan_documents_walk(db, users, today, report, made)])
    report(f"văn bản của kế hoạch: {made[0] + seed_plan_reports(db, users, today)}")
    return users
