"""The input fields of ND 30/2020 Phụ lục VI Part II, with their tags, types and maximum lengths.

One definition of each field, used to validate what the văn thư issues, to store it and to write
the hồ sơ's XML. Tags are Phụ lục VI's (the edXML names: OrganId, CodeNumber, CodeNotation,
Subject …). Types: S a string of at most ``length`` characters, N a non-negative integer of at
most ``length`` digits, D a date written ``YYYY-MM-DD`` (ten characters). A group (FileCode,
SignerInfo, To) holds its own fields; ``repeated`` means a list of such groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Field:
    tag: str
    label: str  # Vietnamese name, for messages
    kind: str = "S"  # S, N, D, or G (a group of `children`)
    length: int = 0
    required: bool = False
    children: tuple[Field, ...] = field(default=())
    repeated: bool = False


FILE_CODE = Field("FileCode", "Mã hồ sơ", "G", required=True, children=(
    Field("OrganId", "Mã định danh của cơ quan", "S", 13),
    Field("FileCatalog", "Năm hình thành hồ sơ", "N", 4, required=True),
    Field("FileNotation", "Số và ký hiệu hồ sơ", "S", 20, required=True),
))

# Văn bản đi: the 16 fields of Phụ lục VI Part II.
OUTGOING: tuple[Field, ...] = (
    FILE_CODE,
    Field("DocOrdinal", "Số thứ tự văn bản trong hồ sơ", "N", 3, required=True),
    Field("TypeName", "Tên loại văn bản", "S", 100, required=True),
    Field("CodeNumber", "Số của văn bản", "S", 11, required=True),
    Field("CodeNotation", "Ký hiệu của văn bản", "S", 30, required=True),
    Field("IssuedDate", "Ngày, tháng, năm văn bản", "D", 10, required=True),
    Field("OrganName", "Tên cơ quan, tổ chức ban hành văn bản", "S", 200, required=True),
    Field("Subject", "Trích yếu nội dung", "S", 500, required=True),
    Field("Language", "Ngôn ngữ", "S", 30, required=True),
    Field("PageAmount", "Số trang của văn bản", "N", 3),
    Field("Description", "Ghi chú", "S", 500),
    Field("SignerInfo", "Người ký", "G", required=True, children=(
        Field("Position", "Chức vụ của người ký", "S", 100),
        Field("FullName", "Họ tên người ký", "S", 50, required=True),
    )),
    Field("To", "Nơi nhận", "G", repeated=True, children=(
        Field("OrganId", "Mã định danh nơi nhận", "S", 13),
        Field("OrganName", "Tên nơi nhận", "S", 200, required=True),
    )),
    Field("Priority", "Mức độ khẩn, mật", "N", 1),
    Field("IssuedAmount", "Số lượng bản phát hành", "N", 3),
    Field("DueDate", "Hạn xử lý", "D", 10),
)

_BY_TAG = {f.tag: f for f in OUTGOING}
# Văn bản đến: what the register of incoming documents records of Phụ lục VI's 18 fields (the
# shared ones are the outgoing document's own definitions).
INCOMING: tuple[Field, ...] = (
    *(_BY_TAG[tag] for tag in ("TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject")),
    Field("ArrivalDate", "Ngày đến", "D", 10, required=True),
    Field("ArrivalNumber", "Số đến", "N", 10, required=True),
)

# Hồ sơ: the 11 fields of Phụ lục VI Part II.
FILE: tuple[Field, ...] = (
    FILE_CODE,
    Field("Title", "Tiêu đề hồ sơ", "S", 500, required=True),
    Field("Maintenance", "Thời hạn bảo quản", "S", 30, required=True),
    Field("Rights", "Chế độ sử dụng", "S", 30, required=True),
    Field("Creator", "Người lập hồ sơ", "S", 30),
    Field("Language", "Ngôn ngữ", "S", 50, required=True),
    Field("StartDate", "Thời gian bắt đầu", "D", 10, required=True),
    Field("EndDate", "Thời gian kết thúc", "D", 10, required=True),
    Field("DocTotal", "Tổng số văn bản trong hồ sơ", "N", 4, required=True),
    Field("PageTotal", "Tổng số trang của hồ sơ", "N", 4),
    Field("Description", "Ghi chú", "S", 500),
)


def date_value(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def validate(values: Mapping[str, Any], spec: tuple[Field, ...] = OUTGOING) -> list[str]:
    """What is wrong with ``values`` against ``spec``, in Vietnamese (empty when all is right)."""
    problems: list[str] = []
    unknown = set(values) - {f.tag for f in spec}
    problems += [f"Trường {tag} không có trong Phụ lục VI." for tag in sorted(unknown)]
    for f in spec:
        problems += _check(f, values.get(f.tag), "")
    return problems


def _check(f: Field, value: Any, within: str) -> list[str]:
    name = f"{within}{f.tag} ({f.label})"
    if value in (None, "", []):
        return [f"Thiếu {name}."] if f.required else []
    if f.kind == "G":
        groups = value if f.repeated else [value]
        if not isinstance(groups, list) or not all(isinstance(g, Mapping) for g in groups):
            return [f"{name} không đúng cấu trúc."]
        return [p for g in groups for p in _group(f, g, f"{f.tag}/")]
    text = str(value)
    if f.kind == "N":
        if isinstance(value, bool) or not text.isdigit():
            return [f"{name} phải là số nguyên không âm, nhận được “{text}”."]
        return [f"{name} dài quá {f.length} chữ số ({len(text)})."] if len(text) > f.length else []
    if f.kind == "D":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return [f"{name} phải là ngày dạng YYYY-MM-DD, nhận được “{text}”."]
        return [] if len(text) == 10 else [f"{name} phải là ngày dạng YYYY-MM-DD, nhận được “{text}”."]
    if not isinstance(value, str):
        return [f"{name} phải là chuỗi ký tự."]
    return [f"{name} dài quá {f.length} ký tự ({len(text)})."] if len(text) > f.length else []


def _group(f: Field, group: Mapping[str, Any], within: str) -> list[str]:
    unknown = set(group) - {c.tag for c in f.children}
    problems = [f"Trường {within}{tag} không có trong Phụ lục VI." for tag in sorted(unknown)]
    for child in f.children:
        problems += _check(child, group.get(child.tag), within)
    return problems
