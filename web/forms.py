"""Reading the dossier and step forms: raw strings kept for re-display, typed values for services.

The dossier form has a variable number of item lines, so it is read by hand rather than with a
WTForms class; CSRF is still checked for every POST by CSRFProtect. Field names follow the keys
of ValidationFailed.errors ("title", "items-2-unit_price", "beneficiary-tax_code") so that each
message lands next to its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from dossier.model import Dossier
from dossier.services.dossiers import BeneficiaryData, DossierData, ItemData, validate
from dossier.vn.numbers import parse_money
from workflows.inputs import Input

TEXT_FIELDS = ("title", "location", "partners", "necessity", "objectives", "expected_results", "impact",
               "implementation_plan", "support_type", "funding_source")
ID_FIELDS = ("content_group_id", "plan_id", "batch_id", "council_id", "implementing_org_id")
DATE_FIELDS = ("start_date", "end_date")
MONEY_FIELDS = ("requested_support",)
BOOL_FIELDS = ("is_technology_line",)
BENEFICIARY_TEXT = ("kind", "name", "tax_code", "registration_number", "registration_issuer", "representative",
                    "representative_title", "street", "hamlet", "commune", "province", "phone", "sector",
                    "products", "capacity", "representative_id_number", "bank_account", "bank_name",
                    "representative_gender")
BENEFICIARY_BOOL = ("women_owned", "ethnic_minority_owned")
ITEM_FIELDS = ("name", "specification", "origin", "quantity", "unit", "unit_price")
_ITEM_KEY = re.compile(r"^items-(\d{1,3})-(\w+)$")
MAX_LINES = 200


def parse_int(raw: str) -> int:
    text = (raw or "").strip().replace(".", "").replace(" ", "")
    if not re.fullmatch(r"-?\d{1,9}", text):
        raise ValueError(raw)
    return int(text)


def parse_date(raw: str) -> date:
    """ISO (what <input type=date> sends) or dd/mm/yyyy typed by hand where the browser has no picker."""
    text = (raw or "").strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        return date(int(m[3]), int(m[2]), int(m[1]))
    return date.fromisoformat(text)


def iso_or_raw(raw: str) -> str:
    """A typed date normalised to ISO for the workflow inputs (left alone if it does not parse)."""
    try:
        return parse_date(raw).isoformat()
    except ValueError:
        return raw


@dataclass
class DossierForm:
    values: dict[str, str] = field(default_factory=dict)
    items: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def _blank_item() -> dict[str, str]:
    return {"name": "", "specification": "", "origin": "", "quantity": "1", "unit": "cái", "unit_price": ""}


def empty_form() -> DossierForm:
    form = DossierForm(values={"funding_source": "dia_phuong", "beneficiary-kind": "ho_kinh_doanh",
                               "beneficiary-province": ""})
    form.items = [_blank_item()]
    return form


def read_form(raw: MultiDict[str, str]) -> DossierForm:
    """The typed strings of a submitted dossier form, item lines in order, blank lines dropped."""
    values = {name: raw.get(name, "") for name in (*TEXT_FIELDS, *ID_FIELDS, *DATE_FIELDS, *MONEY_FIELDS)}
    for name in BOOL_FIELDS:
        values[name] = "1" if raw.get(name) else ""
    for name in BENEFICIARY_TEXT + ("registration_date", "workers"):
        values[f"beneficiary-{name}"] = raw.get(f"beneficiary-{name}", "")
    for name in BENEFICIARY_BOOL:
        values[f"beneficiary-{name}"] = "1" if raw.get(f"beneficiary-{name}") else ""
    lines: dict[int, dict[str, str]] = {}
    for key in raw:
        m = _ITEM_KEY.match(key)
        if m and m[2] in ITEM_FIELDS:
            lines.setdefault(int(m[1]), {})[m[2]] = raw.get(key, "")
    items = []
    for _, line in sorted(lines.items())[:MAX_LINES + 1]:
        item = {name: line.get(name, "") for name in ITEM_FIELDS}
        if any(item[n].strip() for n in ("name", "specification", "origin", "unit_price")):
            items.append(item)
    return DossierForm(values=values, items=items)


def _optional_id(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


def _item(i: int, line: dict[str, str], errors: dict[str, str]) -> ItemData:
    """Line `i` of the items table; a number that cannot be read is noted in `errors`."""
    quantity = line.get("quantity", "").strip() or "1"
    try:
        q = parse_int(quantity)
    except ValueError:
        errors[f"items-{i}-quantity"] = f"Hạng mục {i}: số lượng phải là số nguyên dương."
        q = 1
    try:
        price = parse_money(line.get("unit_price", ""))
    except ValueError:
        errors[f"items-{i}-unit_price"] = f"Hạng mục {i}: đơn giá phải là số tiền (đồng), ví dụ 130.000.000."
        price = 0
    return ItemData(name=line.get("name", ""), quantity=q, unit_price=price, unit=line.get("unit", ""),
                    specification=line.get("specification", ""), origin=line.get("origin", ""))


def to_data(form: DossierForm) -> DossierData | None:
    """Typed DossierData, or None with form.errors filled (conversion and validation, all at once)."""
    errors: dict[str, str] = {}
    v = form.values

    def conv(name: str, fn: Any, message: str, default: Any = None) -> Any:
        text = v.get(name, "").strip()
        if not text:
            return default
        try:
            return fn(text)
        except (ValueError, TypeError):
            errors[name] = message
            return default

    items = [_item(i, line, errors) for i, line in enumerate(form.items, start=1)]
    beneficiary = None
    if any(v.get(f"beneficiary-{n}", "").strip() for n in BENEFICIARY_TEXT if n not in ("kind", "province")):
        beneficiary = BeneficiaryData(
            **{n: v.get(f"beneficiary-{n}", "") for n in BENEFICIARY_TEXT},
            registration_date=conv("beneficiary-registration_date", parse_date,
                                   "Ngày cấp phải có dạng ngày/tháng/năm."),
            workers=conv("beneficiary-workers", parse_int, "Số lao động phải là số nguyên.", 0),
            **{n: bool(v.get(f"beneficiary-{n}")) for n in BENEFICIARY_BOOL},
        )
    data = DossierData(
        title=v.get("title", ""),
        content_group_id=_optional_id(v.get("content_group_id", "")),
        plan_id=_optional_id(v.get("plan_id", "")),
        batch_id=_optional_id(v.get("batch_id", "")),
        council_id=_optional_id(v.get("council_id", "")),
        implementing_org_id=_optional_id(v.get("implementing_org_id", "")),
        support_type=v.get("support_type", ""),
        funding_source=v.get("funding_source", "") or "dia_phuong",
        is_technology_line=bool(v.get("is_technology_line")),
        location=v.get("location", ""), partners=v.get("partners", ""), necessity=v.get("necessity", ""),
        objectives=v.get("objectives", ""), expected_results=v.get("expected_results", ""),
        impact=v.get("impact", ""), implementation_plan=v.get("implementation_plan", ""),
        start_date=conv("start_date", parse_date, "Ngày bắt đầu phải có dạng ngày/tháng/năm."),
        end_date=conv("end_date", parse_date, "Ngày kết thúc phải có dạng ngày/tháng/năm."),
        requested_support=conv("requested_support", parse_money,
                               "Kinh phí hỗ trợ phải là số tiền (đồng), ví dụ 130.000.000.", 0),
        beneficiary=beneficiary,
        items=items,
    )
    # The service validates again; running it here too shows conversion and rule errors together.
    for key, message in validate(data).items():
        errors.setdefault(key, message)
    form.errors = errors
    return None if errors else data


def _money_text(value: int | None) -> str:
    from dossier.vn.numbers import format_money

    return format_money(value) if value else ""


def form_from_dossier(d: Dossier) -> DossierForm:
    """The edit form pre-filled with the saved dossier."""
    values = {name: str(getattr(d, name) or "") for name in TEXT_FIELDS}
    values.update({name: str(getattr(d, name) or "") for name in ID_FIELDS})
    values.update({name: (getattr(d, name).strftime("%d/%m/%Y") if getattr(d, name) else "") for name in DATE_FIELDS})
    values["requested_support"] = _money_text(d.requested_support)
    values["is_technology_line"] = "1" if d.is_technology_line else ""
    b = d.beneficiary
    for name in BENEFICIARY_TEXT:
        values[f"beneficiary-{name}"] = str(getattr(b, name) or "") if b else ""
    values["beneficiary-registration_date"] = (b.registration_date.strftime("%d/%m/%Y")
                                               if b and b.registration_date else "")
    values["beneficiary-workers"] = str(b.workers) if b and b.workers else ""
    for name in BENEFICIARY_BOOL:
        values[f"beneficiary-{name}"] = "1" if b and getattr(b, name) else ""
    if not b:
        values["beneficiary-kind"] = "ho_kinh_doanh"
    items = [{"name": i.name, "specification": i.specification, "origin": i.origin, "quantity": str(i.quantity),
              "unit": i.unit, "unit_price": _money_text(i.unit_price)} for i in d.items]
    return DossierForm(values=values, items=items or [_blank_item()])


def line_totals(form: DossierForm) -> tuple[list[int | None], int, int]:
    """Server-side totals for the form as typed: per line (None when unreadable), total, support."""
    amounts: list[int | None] = []
    for line in form.items:
        try:
            amounts.append(parse_int(line.get("quantity") or "1") * parse_money(line.get("unit_price", "")))
        except ValueError:
            amounts.append(None)
    try:
        support = parse_money(form.get("requested_support")) if form.get("requested_support").strip() else 0
    except ValueError:
        support = 0
    return amounts, sum(a for a in amounts if a), support


def add_line(form: DossierForm) -> None:
    if len(form.items) < MAX_LINES:
        form.items.append(_blank_item())


def remove_line(form: DossierForm, index: int) -> None:
    if 1 <= index <= len(form.items):
        del form.items[index - 1]
    if not form.items:
        form.items.append(_blank_item())


# -- workflow step forms -----------------------------------------------------------------------

def read_step_inputs(specs: tuple[Input, ...], raw: MultiDict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(inputs for transitions.fire, raw strings for re-display) from a step form."""
    inputs: dict[str, Any] = {}
    shown: dict[str, str] = {}
    for spec in specs:
        text = raw.get(spec.name, "")
        shown[spec.name] = text
        if spec.kind == "bool":
            inputs[spec.name] = "1" if text else "0"
        elif spec.kind == "date":
            inputs[spec.name] = iso_or_raw(text)
        else:
            inputs[spec.name] = text
    return inputs, shown


def step_errors(specs: tuple[Input, ...], errors: dict[str, str]) -> dict[str, str]:
    """The workflow's messages, with dates explained the way the form asks for them."""
    kinds = {spec.name: spec for spec in specs}
    return {name: (f"{kinds[name].label}: cần ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2026."
                   if name in kinds and kinds[name].kind == "date" and "YYYY" in message else message)
            for name, message in errors.items()}


def conflict_rows(typed: DossierForm, saved: DossierForm, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, saved value, typed value) for every field that differs: the conflict page's table."""
    rows = []
    for name, label in labels.items():
        a, b = saved.get(name).strip(), typed.get(name).strip()
        if a != b:
            rows.append((label, a, b))

    def summary(form: DossierForm) -> str:
        return "\n".join(f"{i}. {it['name']} – {it['quantity']} {it['unit']} × {it['unit_price']}"
                         for i, it in enumerate(form.items, start=1) if it["name"].strip())

    if summary(saved) != summary(typed):
        rows.append(("Hạng mục kinh phí", summary(saved), summary(typed)))
    return rows


FIELD_LABELS: dict[str, str] = {
    "title": "Tên đề án",
    "content_group_id": "Nhóm nội dung",
    "support_type": "Loại hình hỗ trợ",
    "is_technology_line": "Dây chuyền công nghệ",
    "funding_source": "Nguồn kinh phí",
    "plan_id": "Kế hoạch",
    "batch_id": "Đợt",
    "council_id": "Hội đồng thẩm định",
    "implementing_org_id": "Đơn vị thực hiện",
    "location": "Địa điểm thực hiện",
    "start_date": "Ngày bắt đầu",
    "end_date": "Ngày kết thúc",
    "requested_support": "Kinh phí khuyến công đề nghị hỗ trợ (đồng)",
    "partners": "Đơn vị phối hợp",
    "necessity": "Sự cần thiết",
    "objectives": "Mục tiêu",
    "expected_results": "Kết quả dự kiến",
    "impact": "Hiệu quả kinh tế – xã hội, môi trường",
    "implementation_plan": "Tổ chức thực hiện",
    "beneficiary-kind": "Loại hình cơ sở",
    "beneficiary-name": "Tên cơ sở thụ hưởng",
    "beneficiary-tax_code": "Mã số thuế",
    "beneficiary-registration_number": "Số giấy chứng nhận đăng ký",
    "beneficiary-registration_date": "Ngày cấp",
    "beneficiary-registration_issuer": "Cơ quan cấp đăng ký",
    "beneficiary-representative": "Người đại diện",
    "beneficiary-representative_title": "Chức vụ người đại diện",
    "beneficiary-representative_gender": "Giới tính người đại diện (văn bản ghi «Ông»/«Bà»)",
    "beneficiary-street": "Số nhà, đường",
    "beneficiary-hamlet": "Thôn, ấp, khu phố",
    "beneficiary-commune": "Xã, phường",
    "beneficiary-province": "Tỉnh, thành phố",
    "beneficiary-phone": "Điện thoại",
    "beneficiary-representative_id_number": "Số CCCD của người đại diện",
    "beneficiary-bank_account": "Số tài khoản ngân hàng",
    "beneficiary-bank_name": "Mở tại ngân hàng",
    "beneficiary-sector": "Ngành nghề",
    "beneficiary-products": "Sản phẩm chính",
    "beneficiary-workers": "Số lao động",
    "beneficiary-capacity": "Năng lực sản xuất hiện tại",
    "beneficiary-women_owned": "Chủ cơ sở là nữ",
    "beneficiary-ethnic_minority_owned": "Chủ cơ sở là người dân tộc thiểu số",
}
ITEM_LABELS = {"name": "Tên hạng mục", "specification": "Thông số kỹ thuật", "origin": "Xuất xứ",
               "quantity": "Số lượng", "unit": "Đơn vị tính", "unit_price": "Đơn giá (đồng)"}
