"""Excel (.xlsx) exports: the money report, the dossier register, the ledger.

Officers paste these into their own reports, so: Vietnamese headers, money as real numbers with
the "#,##0" format (Excel shows the thousands separator of the user's locale), dates as dates,
column widths fitted to the content, the header row frozen and filtered.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from dossier.model import FUNDING_SOURCE_LABELS, LEDGER_KIND_LABELS, Dossier, LedgerEntry
from dossier.services.cells import neutralise_sheet
from dossier.services.reports import COLUMNS, MoneyReport, dossier_money
from workflows.labels import status_label

MONEY = "#,##0"
PERCENT = "0.00"
DATE = "DD/MM/YYYY"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return len(f"{value:,}") + 1
    if isinstance(value, date | datetime):
        return 11
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_table(ws: Worksheet, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                formats: Sequence[str | None], *, total: Sequence[Any] | None = None,
                max_width: int = 60) -> None:
    """A titled table: bold wrapped headers, typed cells, borders, frozen header, autofilter."""
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(list(headers))
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
    widths = [min(max(_width(h) // 2 + 2, 8), max_width) for h in headers]
    body = list(rows)
    if total is not None:
        body.append(list(total))
    for values in body:
        ws.append(list(values))
        for i, cell in enumerate(ws[ws.max_row]):
            fmt = formats[i] if i < len(formats) else None
            if fmt and cell.value is not None:
                cell.number_format = fmt
            cell.border = _BORDER
            if fmt is None:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[i] = min(max(widths[i], _width(cell.value) + 2), max_width)
    if total is not None:
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    last = ws.max_row - (1 if total is not None else 0)
    if last > head_row:
        ws.auto_filter.ref = f"A{head_row}:{get_column_letter(len(headers))}{last}"


def _bytes(wb: Workbook) -> bytes:
    for ws in wb.worksheets:  # typed text never becomes a formula (dossier.services.cells)
        neutralise_sheet(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _pct(value: Any) -> float | None:
    return float(value) if value is not None else None


def report_xlsx(report: MoneyReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bao cao"
    headers = ["STT", report.dimension_label, "Số đề án", *[label for _, label in COLUMNS],
               "Tỷ lệ giải ngân (%)"]
    formats = [None, None, "0", *[MONEY] * len(COLUMNS), PERCENT]

    def values(i: Any, row: Any) -> list[Any]:
        return [i, row.label, row.dossiers, *[getattr(row, name) for name, _ in COLUMNS],
                _pct(row.disbursement_rate)]

    rows = [values(i, r) for i, r in enumerate(report.rows, start=1)]
    write_table(ws, report.title, headers, rows, formats, total=values("", report.total))
    if report.counterpart is not None:
        ws.append(values("", report.counterpart)[:-1] + [None])
    ws.append([])
    for note in report.notes:
        ws.append([note])
    return _bytes(wb)


DOSSIER_HEADERS = ("STT", "Mã đề án", "Tên đề án", "Đơn vị thụ hưởng", "Xã, phường", "Nhóm nội dung", "Năm", "Đợt",
                   "Nguồn kinh phí", "Trạng thái", "Tổng kinh phí", "Kinh phí khuyến công đề nghị", "Vốn đối ứng",
                   "Được phê duyệt", "Giá trị hợp đồng", "Đã tạm ứng", "Đã giải ngân", "Được nghiệm thu",
                   "Đã quyết toán")
DOSSIER_FORMATS = (None, None, None, None, None, None, "0", "0", None, None, *[MONEY] * 9)


def dossier_register_xlsx(session: Session, dossiers: Iterable[Dossier], title: str) -> bytes:
    """Sổ theo dõi đề án: one row per dossier with its money chain."""
    wb = Workbook()
    ws = wb.active
    ws.title = "So theo doi de an"
    rows, sums = [], [0] * 9
    for i, m in enumerate(dossier_money(session, dossiers), start=1):
        d, p = m.dossier, m.position
        money = [d.total_cost, d.requested_support, d.counterpart, p.approved or 0, p.contract or 0, p.advanced,
                 p.paid, p.accepted_support or 0, p.settled or 0]
        sums = [a + b for a, b in zip(sums, money, strict=True)]
        rows.append([i, d.code, d.title, d.beneficiary.name if d.beneficiary else "",
                     d.beneficiary.commune if d.beneficiary else "",
                     d.content_group.name if d.content_group else "", d.plan.year if d.plan else None,
                     d.batch.number if d.batch else None, FUNDING_SOURCE_LABELS.get(d.funding_source, ""),
                     status_label(d.status), *money])
    write_table(ws, title, DOSSIER_HEADERS, rows, DOSSIER_FORMATS,
                total=["", "", "Tổng cộng", "", "", "", None, None, "", "", *sums])
    return _bytes(wb)


def ledger_xlsx(entries: Iterable[LedgerEntry], codes: dict[int, str], title: str) -> bytes:
    """Sổ theo dõi cấp phát kinh phí: every ledger entry with who wrote it and when."""
    wb = Workbook()
    ws = wb.active
    ws.title = "So kinh phi"
    rows = [[i, codes.get(e.dossier_id, str(e.dossier_id)), e.entry_date, LEDGER_KIND_LABELS[e.kind], e.amount,
             e.reference, e.note, e.actor.full_name if e.actor else "", e.at.replace(tzinfo=None)]
            for i, e in enumerate(entries, start=1)]
    write_table(ws, title, ["STT", "Mã đề án", "Ngày", "Nội dung", "Số tiền (đồng)", "Chứng từ", "Ghi chú",
                            "Người ghi", "Thời điểm ghi (UTC)"], rows,
                [None, None, DATE, None, MONEY, None, None, None, "DD/MM/YYYY HH:MM"])
    return _bytes(wb)
