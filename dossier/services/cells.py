"""Text that a user typed, made safe to put in a spreadsheet cell or a CSV field.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab / carriage
return before one of them) as a formula: a ledger reference `=HYPERLINK("http://…","click")`
would become a live link or worse (OWASP "CSV Injection"). Full-width forms (＝ ＋ － ＠) are
folded to ASCII by some spreadsheet programs, so they are treated alike.

- CSV: the field is prefixed with an apostrophe, which spreadsheets show as a text marker.
- .xlsx: the cell is written as a plain string (openpyxl would otherwise store "=…" as a
  formula) with Excel's "quote prefix" set, so that editing it keeps it text.

Numbers, dates and None pass unchanged: amounts stay numeric.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell

TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def is_risky(value: Any) -> bool:
    return isinstance(value, str) and value[:1] in TRIGGERS


def csv_field(value: Any) -> Any:
    """A CSV field that no spreadsheet runs as a formula."""
    return "'" + value if is_risky(value) else value


def csv_row(values: Any) -> list[Any]:
    return [csv_field(v) for v in values]


def xlsx_cell(cell: Cell) -> Cell:
    """Make a cell openpyxl took for a formula (or that starts like one) a plain text cell."""
    if is_risky(cell.value):
        text = cell.value
        cell.value = None
        cell.value = text
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_row(cells: Any) -> None:
    for cell in cells:
        xlsx_cell(cell)


def neutralise_sheet(ws: Any) -> None:
    """Every cell of a worksheet (call once the sheet is filled, before saving)."""
    for row in ws.iter_rows():
        xlsx_row(row)
