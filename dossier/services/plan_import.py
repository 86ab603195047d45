"""Import a plan's list of đề án from Excel: all or nothing, with a row-by-row report.

Layout (first sheet, headers on row 1, one đề án per row from row 2; empty rows are skipped):

  A  Nhóm nội dung        content group code of the plan's programme (G1 … G6)
  B  Tên đề án
  C  Cơ sở thụ hưởng       name of the beneficiary
  D  Loại hình             Hộ kinh doanh | Doanh nghiệp nhỏ và vừa | Hợp tác xã | Tổ hợp tác (or the code)
  E  Mã số thuế            10 or 13 digits (may be empty)
  F  Người đại diện
  G  Chức vụ
  H  Thôn, địa chỉ          hamlet / street
  I  Xã, phường
  J  Đợt                   batch number of the plan
  K  Nguồn kinh phí         Địa phương | Quốc gia (empty: địa phương)
  L  Ngày bắt đầu          date cell or dd/mm/yyyy
  M  Ngày kết thúc
  N  Hạng mục chính         what the money buys (the dossier's one estimate line)
  O  Tổng kinh phí (đồng)
  P  Kinh phí khuyến công hỗ trợ (đồng)
  Q  Mục tiêu               (optional)

Every row is checked (the same validation as the dossier form, the support caps in force on the
start date, duplicates in the plan); any refused row means nothing is imported. Imported dossiers
are drafts owned by the importing officer's organisation.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.errors import Forbidden, ValidationFailed
from dossier.model import BENEFICIARY_KIND_LABELS, Dossier, Organisation, Plan, Programme, User
from dossier.services import audit
from dossier.services.access import load_user
from dossier.services.caps import rules_in_force
from dossier.services.dossiers import (
    BeneficiaryData,
    DossierData,
    ItemData,
    _apply,  # the form's own mapping onto the model: one way to fill a dossier
    _next_code,
    snapshot,
    validate,
)
from dossier.services.uow import Database
from dossier.vn.numbers import parse_money
from dossier.vn.text import fold, nfc
from dossier.vn.vntime import today_vn
from workflows.guards import cap_violation
from workflows.states import Role, Status

COLUMNS = ("Nhóm nội dung", "Tên đề án", "Cơ sở thụ hưởng", "Loại hình", "Mã số thuế", "Người đại diện", "Chức vụ",
           "Thôn, địa chỉ", "Xã, phường", "Đợt", "Nguồn kinh phí", "Ngày bắt đầu", "Ngày kết thúc",
           "Hạng mục chính", "Tổng kinh phí (đồng)", "Kinh phí khuyến công hỗ trợ (đồng)", "Mục tiêu",
           # the beneficiary's registration, which its Đơn and the contract print (optional: a
           # file without these columns still imports, and the Đơn leaves hand-fill blanks)
           "Số giấy chứng nhận đăng ký", "Ngày cấp đăng ký", "Cơ quan cấp đăng ký")
MAX_ROWS = 2000
_KINDS = {fold(label): code for code, label in BENEFICIARY_KIND_LABELS.items()} | {
    code: code for code in BENEFICIARY_KIND_LABELS}
_SOURCES = {"dia phuong": "dia_phuong", "dia_phuong": "dia_phuong", "": "dia_phuong",
            "quoc gia": "quoc_gia", "quoc_gia": "quoc_gia", "trung uong": "quoc_gia"}


@dataclass
class RowResult:
    row: int  # the Excel row number
    title: str
    reasons: list[str] = field(default_factory=list)
    code: str = ""  # the new dossier's code, when imported


@dataclass
class ImportReport:
    plan_year: int
    rows: list[RowResult]
    imported: bool

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.reasons]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.rows if r.code]


class _Rollback(Exception):
    """Raised inside the transaction to undo it when a row is refused."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _money(value: Any, label: str, reasons: list[str]) -> int | None:
    if value is None or value == "":
        reasons.append(f"Thiếu {label}.")
        return None
    if isinstance(value, bool):
        reasons.append(f"{label.capitalize()} không hợp lệ.")
        return None
    if isinstance(value, float):
        if not value.is_integer():
            reasons.append(f"{label.capitalize()} phải là số đồng nguyên, không có phần lẻ ({value}).")
            return None
        value = int(value)
    try:
        amount = parse_money(value)
    except ValueError:
        reasons.append(f"{label.capitalize()} «{value}» không phải là số tiền (đồng).")
        return None
    if amount <= 0:
        reasons.append(f"{label.capitalize()} phải lớn hơn 0.")
        return None
    return amount


def _date(value: Any, label: str, reasons: list[str]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        reasons.append(f"Thiếu {label}.")
        return None
    for parse in (lambda t: datetime.strptime(t, "%d/%m/%Y").date(), date.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    reasons.append(f"{label.capitalize()} «{text}» không đúng dạng ngày (dd/mm/yyyy).")
    return None


def _row_data(values: list[Any], plan: Plan, groups: dict[str, Any], reasons: list[str]) -> DossierData | None:
    cells = (list(values) + [None] * len(COLUMNS))[:len(COLUMNS)]
    (group_code, title, ben_name, kind, tax, rep, rep_title, hamlet, commune, batch_no, source, start, end,
     item, total, support, objectives, reg_number, reg_date, reg_issuer) = cells
    group = groups.get(_text(group_code).upper())
    if group is None:
        reasons.append(f"Nhóm nội dung «{_text(group_code)}» không có trong {plan.programme.name} "
                       f"(các mã: {', '.join(sorted(groups))}).")
    kind_code = _KINDS.get(fold(_text(kind)))
    if kind_code is None:
        reasons.append(f"Loại hình «{_text(kind)}» không hợp lệ (Hộ kinh doanh, Doanh nghiệp nhỏ và vừa, "
                       "Hợp tác xã, Tổ hợp tác).")
    batch = None
    try:
        number = int(_text(batch_no) or "1")
        batch = next((b for b in plan.batches if b.number == number), None)
        if batch is None:
            reasons.append(f"Kế hoạch năm {plan.year} không có đợt {number}.")
    except ValueError:
        reasons.append(f"Đợt «{_text(batch_no)}» phải là một số.")
    funding = _SOURCES.get(fold(_text(source)))
    if funding is None:
        reasons.append(f"Nguồn kinh phí «{_text(source)}» không hợp lệ (Địa phương hoặc Quốc gia).")
    start_d, end_d = _date(start, "ngày bắt đầu", reasons), _date(end, "ngày kết thúc", reasons)
    registered = _date(reg_date, "ngày cấp đăng ký", reasons) if _text(reg_date) else None
    total_v = _money(total, "tổng kinh phí", reasons)
    support_v = _money(support, "kinh phí khuyến công hỗ trợ", reasons)
    if not _text(item):
        reasons.append("Thiếu hạng mục chính.")
    if start_d and start_d.year != plan.year and (end_d is None or end_d.year != plan.year):
        reasons.append(f"Thời gian thực hiện ({start_d:%d/%m/%Y} - {end_d:%d/%m/%Y}) không thuộc năm kế hoạch "
                       f"{plan.year}." if end_d else f"Ngày bắt đầu không thuộc năm kế hoạch {plan.year}.")
    if reasons:
        return None
    data = DossierData(
        title=_text(title), content_group_id=group.id, plan_id=plan.id, batch_id=batch.id, funding_source=funding,
        location=", ".join(p for p in (_text(hamlet), _text(commune), f"tỉnh {plan.programme.province}") if p),
        start_date=start_d, end_date=end_d, objectives=_text(objectives), requested_support=support_v,
        beneficiary=BeneficiaryData(kind=kind_code, name=_text(ben_name), tax_code=_text(tax),
                                    representative=_text(rep), representative_title=_text(rep_title),
                                    hamlet=_text(hamlet), commune=_text(commune), province=plan.programme.province,
                                    registration_number=_text(reg_number), registration_date=registered,
                                    registration_issuer=_text(reg_issuer)),
        items=[ItemData(name=_text(item), quantity=1, unit_price=total_v, unit="gói")],
    )
    reasons.extend(validate(data).values())  # the dossier form's own checks and messages
    return None if reasons else data


def read_rows(content: bytes) -> list[tuple[int, list[Any]]]:
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ValidationFailed({"file": "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."}) from exc
    ws = wb.worksheets[0]
    rows = []
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append((number, list(values)))
        if len(rows) > MAX_ROWS:
            raise ValidationFailed({"file": f"Tệp có quá {MAX_ROWS} dòng đề án."})
    wb.close()
    return rows


def _create_dossiers(session: Session, actor: User, prepared: list[tuple[RowResult, DossierData]],
                     today: date) -> None:
    for result, data in prepared:
        dossier = Dossier(code=_next_code(session, today.year), owner_org_id=actor.organisation_id,
                          created_by_id=actor.id, status=Status.DRAFT.value, title="")
        with session.no_autoflush:
            _apply(session, dossier, data, actor)
        session.add(dossier)
        session.flush()
        result.code = dossier.code
        audit.append(session, actor_id=actor.id, action="dossier.import", object_type="dossier",
                     object_id=dossier.id, payload={**snapshot(dossier), "row": result.row})


def import_plan(db: Database, actor_id: int, year: int, content: bytes, *, today: date | None = None,
                programme_code: str | None = None) -> ImportReport:
    """Create one draft dossier per row, in one transaction; nothing at all if any row is refused."""
    rows = read_rows(content)
    today = today or today_vn()
    results: list[RowResult] = []
    try:
        with db.write() as session:
            actor = load_user(session, actor_id)
            if Role.OFFICER not in actor.roles:
                raise Forbidden("Chỉ chuyên viên được nhập danh mục đề án.")
            query = select(Plan).where(Plan.year == year)
            if programme_code:
                query = query.join(Programme).where(Programme.code == programme_code)
            plan = session.scalars(query).first()
            if plan is None:
                raise ValidationFailed({"plan": f"Không có kế hoạch khuyến công năm {year}."})
            if not rows:
                raise ValidationFailed({"file": "Tệp không có dòng đề án nào (dữ liệu bắt đầu từ dòng 2)."})
            groups = {g.code.upper(): g for g in plan.programme.content_groups}
            province = session.get(Organisation, actor.organisation_id).province
            existing_titles = {fold(t) for t in session.scalars(select(Dossier.title)
                                                                 .where(Dossier.plan_id == plan.id))}
            seen: dict[str, int] = {}
            prepared: list[tuple[RowResult, DossierData]] = []
            for number, values in rows:
                reasons: list[str] = []
                title = _text(values[1] if len(values) > 1 else "")
                data = _row_data(values, plan, groups, reasons)
                key = fold(title)
                if title and key in existing_titles:
                    reasons.append(f"Đề án «{title}» đã có trong kế hoạch năm {year}.")
                if title and key in seen:
                    reasons.append(f"Trùng tên đề án với dòng {seen[key]}.")
                seen.setdefault(key, number)
                if data is not None:
                    group = groups[_text(values[0]).upper()]
                    for rule in rules_in_force(session, province=province,
                                               content_type=group.default_support_type, on=data.start_date):
                        reason = cap_violation(rule, data.items[0].unit_price, data.requested_support, False)
                        if reason:
                            reasons.append(reason)
                result = RowResult(number, title, reasons)
                results.append(result)
                if not reasons and data is not None:
                    prepared.append((result, data))
            if any(r.reasons for r in results):
                raise _Rollback
            _create_dossiers(session, actor, prepared, today)
            audit.append(session, actor_id=actor.id, action="plan.import", object_type="plan", object_id=plan.id,
                         payload={"rows": len(results), "codes": [r.code for r in results],
                                  "support": sum(d.requested_support for _, d in prepared)})
    except _Rollback:
        return ImportReport(year, results, imported=False)
    return ImportReport(year, results, imported=True)


def report_lines(report: ImportReport) -> list[str]:
    """The report in words, row by row (Vietnamese, for the officer)."""
    if report.imported:
        return [f"Dòng {r.row}: đã nhập đề án {r.code} «{r.title}»." for r in report.rows]
    lines = [f"Không nhập đề án nào: {len(report.refused)}/{len(report.rows)} dòng bị từ chối."]
    for r in report.rows:
        if r.reasons:
            lines.append(f"Dòng {r.row} («{r.title or 'không có tên'}»): " + " ".join(r.reasons))
        else:
            lines.append(f"Dòng {r.row}: hợp lệ.")
    return lines


EXAMPLE_ROWS = [
    ["G1", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hạt điều", "Hộ kinh doanh Điều Vàng",
     "Hộ kinh doanh", "4500123456", "Trần Văn Vàng", "Chủ hộ", "thôn Tân Hòa", "xã Cam An", 1, "Địa phương",
     "01/04/2026", "30/11/2026", "Máy tách vỏ hạt điều tự động, lò rang", 420_000_000, 200_000_000,
     "Cơ giới hóa khâu tách vỏ."],
    ["G1", "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất nước mắm", "Công ty TNHH Nước mắm Cà Ná Xanh",
     "Doanh nghiệp nhỏ và vừa", "4500765400", "Lê Thị Hạnh", "Giám đốc", "thôn Lạc Sơn 1", "xã Cà Ná", 1,
     "Địa phương", "01/05/2026", "15/12/2026", "Hệ thống lọc, chiết rót nước mắm", 300_000_000, 120_000_000, ""],
    ["G2", "Hỗ trợ xử lý nước thải cơ sở chế biến mủ trôm", "Tổ hợp tác chế biến mủ trôm Phước Hà", "Tổ hợp tác", "",
     "Pi Năng Thị Hoa", "Tổ trưởng", "thôn Giá", "xã Phước Hà", 2, "Địa phương", "01/06/2026", "15/12/2026",
     "Bể xử lý sinh học", 160_000_000, 45_000_000, ""],
]


def example_workbook(rows: list[list[Any]] | None = None) -> bytes:
    """An import file in the layout above (the shipped example is generated, not committed)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh muc de an"
    ws.append(list(COLUMNS))
    for row in rows if rows is not None else EXAMPLE_ROWS:
        ws.append(list(row))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [8, 45, 32, 22, 13, 20, 12, 18, 14, 6, 12, 12, 12, 36, 16, 16, 30, 16, 12, 36]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = w
    for row in ws.iter_rows(min_row=2, min_col=15, max_col=16):
        for cell in row:
            cell.number_format = "#,##0"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["COLUMNS", "ImportReport", "RowResult", "example_workbook", "import_plan", "report_lines"]
