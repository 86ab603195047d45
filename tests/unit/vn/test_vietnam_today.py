"""Every "today" of the product is Vietnam's (UTC+7), never the host's.

A signature is dated in Vietnam time (ND 30/2020); a default or a guard computed from the host's
UTC date is a day behind from 17:00 to 24:00 UTC, so a decision signed at 01:50 on 03/12 was
refused as dated "02/12, before the Tờ trình of 03/12" (the inbox of an evening in CI).
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from dossier.vn.vntime import VN_TZ, now_vn, today_vn

ROOT = Path(__file__).resolve().parents[3]


def _host_clock_calls(source: str, where: str) -> list[str]:
    """`date.today()`, `datetime.now()` without a zone, `datetime.utcnow()` / `datetime.today()`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        naive_now = name == "now" and owner_name == "datetime" and not node.args and not node.keywords
        if (name == "today" and owner_name in {"date", "datetime"}) or naive_now or name == "utcnow" \
                and owner_name == "datetime":
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_of_the_product_reads_the_host_s_date() -> None:
    calls = [c for folder in ("dossier", "web", "workflows") for path in sorted((ROOT / folder).rglob("*.py"))
             for c in _host_clock_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert calls == [], "use dossier.vn.vntime.today_vn() / now_vn():\n" + "\n".join(calls)


def test_the_scan_finds_what_it_forbids() -> None:
    sample = ("import datetime as dt\nfrom datetime import date\n"
              "a = date.today()\nb = dt.datetime.now()\nc = dt.datetime.now(dt.UTC)\nd = dt.datetime.utcnow()\n")
    assert [c.split(": ", 1)[1] for c in _host_clock_calls(sample, "sample")] == [
        "date.today()", "dt.datetime.now()", "dt.datetime.utcnow()"]


def test_vietnam_s_today_is_the_day_after_utc_s_in_the_utc_evening() -> None:
    evening_utc = dt.datetime(2026, 12, 2, 18, 50, tzinfo=dt.UTC)
    assert evening_utc.astimezone(VN_TZ).date() == dt.date(2026, 12, 3)
    assert today_vn() == now_vn().date() == dt.datetime.now(dt.UTC).astimezone(VN_TZ).date()
