"""Document number and symbol ("Số, ký hiệu", ô số 3; domain.md §5.3).

"Số: 05/QĐ-SCT": number (leading zero below 10), "/", type abbreviation, "-",
issuer abbreviation, no spaces. Numbers are issued by the văn thư after signing,
so a draft has ``number=None`` and shows ``BLANK`` (6 spaces): "Số:      /QĐ-SCT".
Contracts conventionally carry the year: "Số: 05/2026/HĐ-TTKC".
Công văn have no type name: pass ``type_abbr=None`` → "Số: 1234/SCT-QLCN".
"""

from __future__ import annotations

import re

from dossier.vn.dates import BLANK
from dossier.vn.text import nfc

# ND 30/2020 Phụ lục III: abbreviations of administrative document types.
TYPE_ABBREVIATIONS: dict[str, str] = {
    "nghi_quyet": "NQ",
    "quyet_dinh": "QĐ",
    "chi_thi": "CT",
    "quy_che": "QC",
    "quy_dinh": "QyĐ",
    "thong_cao": "TC",
    "thong_bao": "TB",
    "huong_dan": "HD",
    "chuong_trinh": "CTr",
    "ke_hoach": "KH",
    "phuong_an": "PA",
    "de_an": "ĐA",
    "du_an": "DA",
    "bao_cao": "BC",
    "bien_ban": "BB",
    "to_trinh": "TTr",
    "hop_dong": "HĐ",
    "cong_dien": "CĐ",
    "ban_ghi_nho": "BGN",
    "ban_thoa_thuan": "BTT",
    "giay_uy_quyen": "GUQ",
    "giay_moi": "GM",
    "giay_gioi_thieu": "GGT",
    "giay_nghi_phep": "GNP",
    "phieu_gui": "PG",
    "phieu_chuyen": "PC",
    "phieu_bao": "PB",
    # copies
    "ban_sao_y": "SY",
    "ban_trich_sao": "TrS",
    "ban_sao_luc": "SL",
}

# Issuer / unit abbreviations: uppercase letters (incl. Đ), digits and "&", in groups
# joined by "-" (công văn "SCT-QLCN") or "." (seen in practice: "UBND.HC").
_GROUP = r"[A-ZĐ0-9&]+"
_ISSUER = re.compile(rf"{_GROUP}(?:[-.]{_GROUP})*")
_TYPE = re.compile(_GROUP)
_KNOWN_TYPES = frozenset(TYPE_ABBREVIATIONS.values())


def _check_type(type_abbr: str) -> str:
    type_abbr = nfc(type_abbr) if isinstance(type_abbr, str) else type_abbr
    if not isinstance(type_abbr, str) or not (type_abbr in _KNOWN_TYPES or _TYPE.fullmatch(type_abbr)):
        raise ValueError(
            f"invalid document type abbreviation {type_abbr!r}: use Phụ lục III (e.g. 'QĐ', 'TTr') "
            "or uppercase letters/digits without spaces"
        )
    return type_abbr


def _check_issuer(issuer_abbr: str) -> str:
    issuer_abbr = nfc(issuer_abbr) if isinstance(issuer_abbr, str) else issuer_abbr
    if not isinstance(issuer_abbr, str) or not _ISSUER.fullmatch(issuer_abbr):
        raise ValueError(
            f"invalid issuer abbreviation {issuer_abbr!r}: uppercase letters, Đ, digits, '&', "
            "groups joined by '-' or '.', no spaces (e.g. 'SCT', 'TTKC&XTTM', 'SCT-QLCN')"
        )
    return issuer_abbr


def _format_number(number: int | None) -> str:
    if number is None:
        return BLANK
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"document number must be an int or None, got {type(number).__name__}")
    if number < 1:
        raise ValueError(f"document number must be >= 1, got {number}")
    return f"{number:02d}"


def document_symbol(
    number: int | None, type_abbr: str | None, issuer_abbr: str, *, year: int | None = None
) -> str:
    """ "05/QĐ-SCT", "      /QĐ-SCT" (draft), "05/2026/HĐ-TTKC" (with year)."""
    parts = [_format_number(number)]
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            raise ValueError(f"year must be a four-digit int, got {year!r}")
        parts.append(str(year))
    issuer = _check_issuer(issuer_abbr)
    symbol = issuer if type_abbr is None else f"{_check_type(type_abbr)}-{issuer}"
    return "/".join([*parts, symbol])


def document_number(
    number: int | None, type_abbr: str | None, issuer_abbr: str, *, year: int | None = None
) -> str:
    """Ô số 3 with its label: "Số: 05/QĐ-SCT"; draft "Số:      /QĐ-SCT" (6 spaces)."""
    symbol = document_symbol(number, type_abbr, issuer_abbr, year=year)
    # A draft's 6-space blank directly follows "Số:"; a real number gets one space.
    return "Số:" + symbol if number is None else "Số: " + symbol
