"""Vietnam time (UTC+7): signing times (ND 30/2020: in Vietnam time, ISO 8601) and the pages that show them."""

from __future__ import annotations

import datetime as dt

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        VN_TZ: dt.tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:  # no tzdata on the host
        raise ImportError from None
except ImportError:
    # Vietnam has used UTC+7 without DST since 1975, so a fixed offset is exact.
    VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def now_vn() -> dt.datetime:
    """Current time in Vietnam, whole seconds (what the stamp shows is what the CMS says)."""
    return dt.datetime.now(VN_TZ).replace(microsecond=0)


def today_vn() -> dt.date:
    """Today's date in Vietnam: a step's default date (the UTC date is yesterday until 07:00)."""
    return now_vn().date()


def to_vn(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: timezone unknown")
    return moment.astimezone(VN_TZ)


def _offset(moment: dt.datetime) -> str:
    off = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if off < dt.timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_vn(moment: dt.datetime) -> str:
    """26/11/2026 14:05:09 +07:00"""
    m = to_vn(moment)
    return f"{m:%d/%m/%Y %H:%M:%S} {_offset(m)}"


def format_iso(moment: dt.datetime) -> str:
    """2026-11-26T14:05:09+07:00"""
    return to_vn(moment).replace(microsecond=0).isoformat()
