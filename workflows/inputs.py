"""What a step asks the user for, and how raw form/CLI values become typed values.

Parsing lives here (pure) so that the web form, the CLI and the tests agree on what is valid and
on the Vietnamese message for what is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from dossier.vn.numbers import parse_money  # dossier.vn is pure formatting: workflows may use it

Kind = Literal["text", "textarea", "date", "money", "bool", "lines", "int"]


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    kind: Kind = "text"
    required: bool = True


# The step's own date, asked by every step form beside the step's inputs (default: today in
# Vietnam); its documents, history row and ledger entries are dated by it.
EFFECTIVE_ON = Input("effective_on", "Ngày thực hiện bước", "date", required=False)


class InputErrors(Exception):
    """Raised with a field → Vietnamese message map when inputs do not parse."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _parse_one(spec: Input, raw: Any) -> Any:
    if spec.kind == "date":
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
    if spec.kind == "money":
        return parse_money(raw)
    if spec.kind == "int":
        return int(str(raw).strip())
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "on", "co", "có", "dat", "đạt"}:
            return True
        if text in {"0", "false", "no", "off", "khong", "không", "khong dat", "không đạt", ""}:
            return False
        raise ValueError
    if spec.kind == "lines":
        items = raw if isinstance(raw, list | tuple) else str(raw).splitlines()
        return [str(x).strip() for x in items if str(x).strip()]
    return str(raw).strip()


_KIND_HINT = {
    "date": "ngày theo dạng YYYY-MM-DD",
    "money": "số tiền (đồng), ví dụ 130.000.000",
    "int": "một số nguyên",
    "bool": "có hoặc không",
}


def parse_inputs(specs: tuple[Input, ...], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Typed values for `specs` from `raw`; raises InputErrors with every problem at once."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        given = raw.get(spec.name)
        empty = given is None or (isinstance(given, str) and not given.strip()) or given == []
        if empty and spec.kind != "bool":
            if spec.required:
                errors[spec.name] = f"Cần nhập {spec.label.lower()}."
            continue
        try:
            value = _parse_one(spec, given)
        except (ValueError, TypeError):
            errors[spec.name] = f"{spec.label}: cần {_KIND_HINT.get(spec.kind, 'giá trị hợp lệ')}."
            continue
        if spec.required and value in ("", []):
            errors[spec.name] = f"Cần nhập {spec.label.lower()}."
            continue
        values[spec.name] = value
    if errors:
        raise InputErrors(errors)
    return values


@dataclass(frozen=True)
class ItemFinding:
    """What the acceptance team found of one approved item (one line of the step's `shortfalls`)."""

    position: int
    quantity: int
    installed: bool
    running: bool


_YES = {"có", "co", "x", "đạt", "dat"}
_NO = {"không", "khong", "chưa", "chua", "-"}


def _yes_no(word: str) -> bool:
    text = word.strip().lower()
    if text in _YES | _NO:
        return text in _YES
    raise ValueError(word)


def item_findings(lines: list[str]) -> dict[int, ItemFinding]:
    """The acceptance's "STT | số lượng thực tế | lắp đặt | vận hành" lines by item position
    ("2 | 1 | có | không"); raises ValueError naming the first line that does not read so."""
    found: dict[int, ItemFinding] = {}
    for line in lines:
        parts = [p.strip() for p in line.split("|")]
        try:
            if len(parts) != 4:
                raise ValueError(line)
            finding = ItemFinding(int(parts[0]), int(parts[1]), _yes_no(parts[2]), _yes_no(parts[3]))
            if finding.quantity < 0:
                raise ValueError(line)
        except ValueError:
            raise ValueError(line) from None
        found[finding.position] = finding
    return found
