"""Organisations as of a date: the administrator adds a version from a day (issue 10, item 7).

A body's names, head, place and address change: a new director from a date, the merger of
Ninh Thuận into Khánh Hòa on 1 July 2025. Each change is a version valid from its day
(model.OrganisationVersion); the documents of a date print the version in force on it
(services/snapshot). The `organisations` row mirrors the version in force today, so lists and
forms show the current name. A body that never changed has no versions: its row is its one
version, and the first version added keeps what the row held as the version "since always".

Documents already generated keep the context they were rendered with; a draft made afterwards,
and an issue on a later day, use the version of their own date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, make_dataclass

from sqlalchemy.orm import Session

from dossier.errors import NotFound, ValidationFailed
from dossier.model import VERSIONED_FIELDS, Organisation, OrganisationVersion
from dossier.services import audit
from dossier.services.uow import Database
from dossier.vn.text import nfc
from dossier.vn.vntime import now_vn

# What the form "Thêm phiên bản" holds: the version's day, why, and every versioned field (the
# model's one list, so a field added there reaches the form).
VersionData = make_dataclass("VersionData", [
    ("valid_from", dt.date | None, field(default=None)), ("note", str, field(default="")),
    *((name, str, field(default="")) for name in VERSIONED_FIELDS)])

TEXT_FIELDS = tuple(f.name for f in fields(VersionData) if f.name != "valid_from")
_MULTILINE = ("header_parent", "header_name")  # header lines keep their line breaks
_REQUIRED = {
    "name": "Cần nhập tên đơn vị.", "header_name": "Cần nhập tên cơ quan ở tiêu đề văn bản.",
    "abbreviation": "Cần nhập chữ viết tắt dùng trong số ký hiệu.",
    "place_name": "Cần nhập địa danh (dùng ở dòng «…, ngày … tháng … năm …»).",
    "province": "Cần nhập tỉnh.", "head_title": "Cần nhập chức danh người đứng đầu (ví dụ: GIÁM ĐỐC).",
}


# Used in document numbers ("Số: 05/QĐ-SCT"): the admin's organisation form checks it too.
ABBREVIATION = re.compile(r"^[A-ZĐ0-9]{1,20}$")
ABBREVIATION_RULE = ("Chữ viết tắt dùng trong số ký hiệu văn bản (ví dụ SCT, UBND): chữ in hoa không dấu hoặc Đ "
                     "và số, không khoảng trắng, tối đa 20 ký tự.")


@dataclass(frozen=True)
class VersionRow:
    id: int
    valid_from: dt.date | None  # None: since always
    valid_to: dt.date | None  # the day before the next version; None: still in force
    in_force: bool  # the version of today
    data: VersionData


def _column_limits() -> dict[str, int]:
    table = OrganisationVersion.__table__
    return {name: table.c[name].type.length for name in TEXT_FIELDS}


def _clean(data: VersionData) -> VersionData:
    def text(name: str) -> str:
        value = nfc(getattr(data, name) or "")
        if name in _MULTILINE:
            return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())
        return " ".join(value.split())

    cleaned = VersionData(valid_from=data.valid_from, **{name: text(name) for name in TEXT_FIELDS})
    cleaned.abbreviation = cleaned.abbreviation.upper()
    return cleaned


def _validate(org: Organisation, data: VersionData) -> dict[str, str]:
    errors = {name: message for name, message in _REQUIRED.items() if not getattr(data, name)}
    for name, limit in _column_limits().items():
        if len(getattr(data, name)) > limit and name not in errors:
            errors[name] = f"Quá dài (tối đa {limit} ký tự)."
    if data.abbreviation and not ABBREVIATION.match(data.abbreviation):
        errors["abbreviation"] = ABBREVIATION_RULE
    if data.valid_from is None:
        errors["valid_from"] = "Cần nhập ngày phiên bản bắt đầu có hiệu lực (ngày/tháng/năm)."
    elif any(v.valid_from == data.valid_from for v in org.versions):
        errors["valid_from"] = (f"Đơn vị đã có phiên bản từ ngày {data.valid_from:%d/%m/%Y}; chọn ngày khác "
                                "hoặc sửa thông tin hiện hành ở trang đơn vị.")
    return errors


def _load(session: Session, org_id: int) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"Không tìm thấy đơn vị số {org_id}.")
    return org


def in_force(org: Organisation, on: dt.date) -> OrganisationVersion | None:
    """The version of `org` in force on `on` (the oldest before its first day); None without versions."""
    current = org.versions[0] if org.versions else None
    for version in org.versions[1:]:
        if version.valid_from is None or version.valid_from <= on:
            current = version
    return current


def _row(version: OrganisationVersion, following: OrganisationVersion | None,
         today_version: OrganisationVersion | None) -> VersionRow:
    valid_to = following.valid_from - dt.timedelta(days=1) if following and following.valid_from else None
    data = VersionData(valid_from=version.valid_from, **{name: getattr(version, name) for name in TEXT_FIELDS})
    return VersionRow(version.id, version.valid_from, valid_to, version is today_version, data)


def list_versions(db: Database, org_id: int) -> list[VersionRow]:
    """The body's versions, oldest first, each with the day it ends; empty: never changed."""
    with db.read() as session:
        org = _load(session, org_id)
        versions = list(org.versions)
        today = in_force(org, now_vn().date())
        return [_row(v, versions[i + 1] if i + 1 < len(versions) else None, today)
                for i, v in enumerate(versions)]


def proposal(db: Database, org_id: int, on: dt.date | None = None) -> VersionData:
    """The form's starting values: what the body holds now (the next version usually changes a few)."""
    with db.read() as session:
        org = _load(session, org_id)
        return VersionData(valid_from=on, **{name: getattr(org, name) for name in VERSIONED_FIELDS})


def _mirror(org: Organisation, version: OrganisationVersion) -> None:
    for name in VERSIONED_FIELDS:
        setattr(org, name, getattr(version, name))


def add_version(db: Database, actor_id: int, org_id: int, data: VersionData) -> int:
    """Record the body as it stands from `data.valid_from`; returns the version's id.

    The first version also keeps what the row held until then, as the version since always.
    When the new version is the one in force today, the row takes its values."""
    data = _clean(data)
    with db.write() as session:
        org = _load(session, org_id)
        errors = _validate(org, data)
        if errors:
            raise ValidationFailed(errors)
        if not org.versions:
            org.versions.append(OrganisationVersion.of(org, None, note="Thông tin trước khi có phiên bản theo ngày"))
        version = OrganisationVersion(valid_from=data.valid_from,
                                      **{name: getattr(data, name) for name in TEXT_FIELDS})
        org.versions.append(version)
        org.versions.sort(key=lambda v: (v.valid_from is not None, v.valid_from or dt.date.min))
        session.flush()
        if in_force(org, now_vn().date()) is version:
            _mirror(org, version)
        audit.append(session, actor_id=actor_id, action="admin.organisation_version", object_type="organisation",
                     object_id=org.code, payload={"valid_from": data.valid_from.isoformat(), "note": data.note,
                                                  **{name: getattr(data, name) for name in VERSIONED_FIELDS}})
        return version.id


def correct_in_force(org: Organisation, changed: dict[str, object]) -> None:
    """An edit of the body's current data corrects the version in force today (a typo, a new
    phone number), not an earlier one: the documents of earlier dates keep theirs."""
    version = in_force(org, now_vn().date())
    if version is None:
        return
    for name in changed:
        if name in VERSIONED_FIELDS:
            setattr(version, name, getattr(org, name))
