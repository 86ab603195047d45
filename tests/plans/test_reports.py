"""Totals reconcile from the item lines to the dossier, batch, plan and programme; reports add up."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from dossier.model import Dossier, Plan
from dossier.services import ledger
from dossier.services.exports import dossier_register_xlsx, report_xlsx
from dossier.services.reports import DIMENSIONS, money_report, reconcile
from tests.plans.helpers import M, walk

CASES = [  # year, group, n, total, support (triệu đồng), stage, batch, accepted share
    (2024, "G1", 0, 420, 200, "settled", 1, 95),
    (2024, "G3", 1, 520, 480, "liquidated", 2, 100),
    (2025, "G1", 2, 450, 205, "in_progress", 1, 100),
    (2025, "G5", 3, 3400, 1600, "advanced", 2, 100),
    (2025, "G2", 4, 900, 260, "stopped", 1, 100),
    (2025, "G6", 5, 650, 560, "approved", 1, 100),
]


def _walk_all(db, users) -> list[int]:
    return [walk(db, users, y, g, n, t, s, stage, batch=b, share=sh) for y, g, n, t, s, stage, b, sh in CASES]


def test_totals_reconcile_from_lines_to_the_programme(db, users) -> None:
    ids = _walk_all(db, users)
    with db.read() as session:
        dossiers = [session.get(Dossier, i) for i in ids]
        for d in dossiers:  # lines → dossier
            assert d.total_cost == sum(i.quantity * i.unit_price for i in d.items)
            assert d.counterpart == d.total_cost - d.requested_support
        programme_id = dossiers[0].plan.programme_id
        levels = reconcile(session, programme_id)
        for year in (2024, 2025):  # dossier → batch → plan
            plan_level = levels["plans"][year]
            mine = [(y, t, s, b) for y, _, _, t, s, _, b, _ in CASES if y == year]
            assert plan_level["total"] == sum(t for _, t, _, _ in mine) * M
            assert plan_level["support"] == sum(s for _, _, s, _ in mine) * M
            assert sum(b["total"] for b in plan_level["batches"].values()) == plan_level["total"]
            for number in (1, 2):
                batch = plan_level["batches"][f"Đợt {number} năm {year}"]
                assert batch["support"] == sum(s for _, _, s, b in mine if b == number) * M
        # plan → programme
        assert levels["total"] == sum(levels["plans"][y]["total"] for y in levels["plans"])
        assert levels["support"] == sum(c[4] for c in CASES) * M
        assert levels["counterpart"] == levels["total"] - levels["support"]

        positions = {d.id: ledger.position(session, d.id) for d in dossiers}
        expected = {
            "approved": sum(p.approved or 0 for p in positions.values()),
            "contracted": sum(p.contract or 0 for p in positions.values()),
            "disbursed": sum(p.paid for p in positions.values()),
            "settled": sum(p.settled or 0 for p in positions.values()),
        }
        # every dimension splits the same totals
        for dimension in DIMENSIONS:
            report = money_report(session, dimension=dimension, programme_id=programme_id)
            for name, value in expected.items():
                assert getattr(report.total, name) == value, (dimension, name)
                assert sum(getattr(r, name) for r in report.rows) == value, (dimension, name)
        assert expected["approved"] == sum(c[4] for c in CASES) * M
        # settled: the 2024 G1 dossier, accepted at 95 % of its 200 million
        assert expected["settled"] == 190 * M
        # stopped dossier: its advance came back; the 2025 G5 has its 50 % advance
        assert positions[ids[4]].paid == 0 and positions[ids[3]].paid == 800 * M

        by_year = money_report(session, dimension="year", programme_id=programme_id)
        budgets = {p.year: p.budget for p in session.scalars(select(Plan).where(Plan.programme_id == programme_id))}
        assert {r.key: r.envelope for r in by_year.rows} == {str(y): b for y, b in budgets.items()}
        year_2025 = money_report(session, dimension="content_group", year=2025, programme_id=programme_id)
        assert year_2025.total.envelope == budgets[2025]
        assert year_2025.total.approved == (205 + 1600 + 260 + 560) * M
        assert float(year_2025.total.disbursement_rate) == round(year_2025.total.disbursed * 100 / budgets[2025], 2)


def test_excel_exports_have_headers_numbers_and_widths(db, users) -> None:
    ids = _walk_all(db, users)
    with db.read() as session:
        report = money_report(session, dimension="content_group")
        wb = load_workbook(io.BytesIO(report_xlsx(report)))
        ws = wb.active
        assert ws["A1"].value.startswith("Tình hình thực hiện kinh phí khuyến công")
        headers = [c.value for c in ws[3]]
        assert headers[:4] == ["STT", "Nhóm nội dung", "Số đề án", "Kinh phí được giao / dự toán"]
        total_row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "Tổng cộng")
        assert total_row[5].value == report.total.approved and total_row[5].number_format == "#,##0"
        assert ws.column_dimensions["B"].width > 20 and ws.freeze_panes == "A4"

        dossiers = [session.get(Dossier, i) for i in ids]
        wb = load_workbook(io.BytesIO(dossier_register_xlsx(session, dossiers, "Sổ theo dõi đề án")))
        ws = wb.active
        assert [c.value for c in ws[3]][1:3] == ["Mã đề án", "Tên đề án"]
        assert ws.cell(row=4, column=2).value == dossiers[0].code
        assert ws.cell(row=4 + len(ids), column=3).value == "Tổng cộng"
        assert ws.cell(row=4 + len(ids), column=12).value == sum(c[4] for c in CASES) * M
