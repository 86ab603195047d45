"""The plans' own documents, each on the day the officer would have made it (issue 10, item 7).

For each plan year and đợt: the Bảng tổng hợp and the Tờ trình of the đề án the council passed,
on the day the Sở submits them (the dossiers' submit_for_approval day, demo/calendar.py), and the
Quyết định phê duyệt danh mục on the approval day, each of these two signed on paper and entered in
the register on its day (the Quyết định cites the Tờ trình by that number); then the six-month report (10 July) and the
annual report (25 December, or none yet for a year not over). A 2023 list carries the Sở Công
Thương Ninh Thuận, a 2026 one the merged Khánh Hòa's: the same bodies, as of their dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from dossier.demo.calendar import step_dates
from dossier.errors import Refused
from dossier.services.plan_register import enter_plan_on_paper
from dossier.services.plans import generate_plan_document, generate_report
from dossier.services.uow import Database
from workflows import Trigger

YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
# the Tờ trình is the Sở's (its director signs), the Quyết định the UBND tỉnh's
SIGNED_BY = {"to_trinh_ke_hoach": ("giamdoc", "vanthu"), "qd_phe_duyet_ke_hoach": ("phochutich", "vanthuubnd")}


def seed_plan_documents(db: Database, users: dict[str, int], today: date,
                        report: Callable[[str], None] = lambda _: None) -> int:
    """Every plan document of YEARS dated up to `today`; returns how many were made."""
    made = [0]
    for _ in plan_documents_walk(db, users, today, report, made):
        pass
    made[0] += seed_plan_reports(db, users, today)
    report(f"văn bản của kế hoạch: {made[0]}")
    return made[0]


def plan_documents_walk(db: Database, users: dict[str, int], today: date,
                        report: Callable[[str], None] = lambda _: None, made: list[int] | None = None
                        ) -> Iterator[date]:
    """The lists, Tờ trình and Quyết định of every đợt of YEARS, each made (and the last two entered
    in the register) on its day, which is yielded before: the demo takes them among the dossiers'
    steps in date order (seed.in_date_order), after the steps of the same day. `made` counts them."""
    count = made if made is not None else [0]
    officer = users["chuyenvien"]
    planned = sorted((on, year, batch, order, template_id) for year in YEARS for batch in (1, 2)
                     for order, (template_id, on) in enumerate(_days(year, batch)))
    for on, year, batch, _, template_id in planned:
        yield on
        try:
            made_one = generate_plan_document(db, officer, template_id, year, batch_number=batch, today=on)
            count[0] += 1
        except Refused as refused:  # a đợt with nothing appraised or approved yet
            report(f"  {template_id} {year} đợt {batch}: {'; '.join(refused.reasons)}")
            continue
        if template_id in SIGNED_BY and on <= today:  # signed on paper, entered in the register
            leader, clerk = SIGNED_BY[template_id]
            enter_plan_on_paper(db, actor_id=users[clerk], document_id=made_one.id,
                                signer_id=users[leader], issued_on=on)


def _days(year: int, batch: int) -> tuple[tuple[str, date], ...]:
    days = step_dates(year, batch)
    return (("bang_tong_hop_de_an", days[Trigger.SUBMIT_FOR_APPROVAL]),
            ("to_trinh_ke_hoach", days[Trigger.SUBMIT_FOR_APPROVAL]), ("qd_phe_duyet_ke_hoach", days[Trigger.APPROVE]))


def seed_plan_reports(db: Database, users: dict[str, int], today: date) -> int:
    """The six-month (10 July) and annual (25 December) reports of YEARS up to `today`, made once
    every dossier is walked (they are not numbered in a register)."""
    made = 0
    for year in YEARS:
        for period, on in (("6m", date(year, 7, 10)), ("year", date(year, 12, 25))):
            if on <= today:
                generate_report(db, users["chuyenvien"], year, period, today=on)
                made += 1
    return made
