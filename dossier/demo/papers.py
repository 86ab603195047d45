"""The demo beneficiaries' papers: tax code, registration (number, date, issuer), telephone,
the representative's gender, the bank the account is held at.

All of it is made up (dữ liệu minh họa): the numbers only have the shape of real ones (a
10-digit tax code starting 45 in Ninh Thuận, 42 in Khánh Hòa). The representative's ID number and
the account number are left for the officer: they are encrypted at rest with the instance's data
key (model/crypto.py), and a copy of the demo database without that key — as the tests make —
could not read them.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from dossier.services.dossiers import BeneficiaryData

_ISSUERS = {
    # who registered the establishment, as it was called when it registered (before 2025)
    "ho_kinh_doanh": "Phòng Tài chính - Kế hoạch huyện",
    "htx": "Phòng Tài chính - Kế hoạch huyện",
    "to_hop_tac": "Ủy ban nhân dân xã",
    "dnnvv": "Phòng Đăng ký kinh doanh - Sở Kế hoạch và Đầu tư tỉnh",
}


def _digits(seed: str, count: int) -> str:
    number = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return str(number)[-count:].rjust(count, "0")


def gender_of(full_name: str) -> str:
    """What the demo assumes from a Vietnamese name: the middle name "Thị" is a woman's."""
    return "female" if " Thị " in f" {full_name} " else "male"


# Where a commune of today lay before 1 July 2025: (district, province) — who registered its
# establishments. Post-2025 communes per Nghị quyết số 1667/NQ-UBTVQH15 (the mapping is the demo's
# reading, illustrative).
FORMER = {
    "xã Ninh Phước": ("huyện Ninh Phước", "Ninh Thuận"), "xã Phước Hậu": ("huyện Ninh Phước", "Ninh Thuận"),
    "xã Phước Hữu": ("huyện Ninh Phước", "Ninh Thuận"), "xã Ninh Hải": ("huyện Ninh Hải", "Ninh Thuận"),
    "phường Ninh Chử": ("huyện Ninh Hải", "Ninh Thuận"), "xã Vĩnh Hải": ("huyện Ninh Hải", "Ninh Thuận"),
    "xã Công Hải": ("huyện Thuận Bắc", "Ninh Thuận"), "xã Cà Ná": ("huyện Thuận Nam", "Ninh Thuận"),
    "xã Thuận Nam": ("huyện Thuận Nam", "Ninh Thuận"), "xã Ninh Sơn": ("huyện Ninh Sơn", "Ninh Thuận"),
    "phường Đô Vinh": ("thành phố Phan Rang - Tháp Chàm", "Ninh Thuận"),
    "phường Bảo An": ("thành phố Phan Rang - Tháp Chàm", "Ninh Thuận"),
    "phường Đông Hải": ("thành phố Phan Rang - Tháp Chàm", "Ninh Thuận"),
    "xã Cam An": ("huyện Cam Lâm", "Khánh Hòa"), "xã Cam Lâm": ("huyện Cam Lâm", "Khánh Hòa"),
    "xã Diên Điền": ("huyện Diên Khánh", "Khánh Hòa"), "xã Diên Lâm": ("huyện Diên Khánh", "Khánh Hòa"),
}


def completed(data: BeneficiaryData) -> BeneficiaryData:
    """`data` with the papers it lacks, the same on every run. `data.commune` is today's commune,
    or, for a dossier settled before the merger, "xã …, huyện …" with `data.province` Ninh Thuận."""
    commune, _, district = data.commune.partition(", ")
    if not district:
        district, province = FORMER.get(commune, ("", data.province))
    else:
        province = data.province
    seed = f"{data.name}|{data.representative}"
    gender = data.representative_gender or gender_of(data.representative)
    issuer = _ISSUERS.get(data.kind, "Ủy ban nhân dân xã")
    if issuer.endswith("tỉnh"):
        issuer = f"{issuer} {province}"
    elif issuer.endswith("huyện"):
        issuer = f"Phòng Tài chính - Kế hoạch {district}" if district else issuer
    else:
        issuer = f"Ủy ban nhân dân {commune}"
    code = "45" if province == "Ninh Thuận" else "37"
    tax = data.tax_code or ("45" if province == "Ninh Thuận" else "42") + _digits(seed + "tax", 8)
    registration = data.registration_number or (
        tax if data.kind == "dnnvv" else f"{code}H8{_digits(seed + 'reg', 6)}")
    return replace(
        data, tax_code=tax, registration_number=registration,
        registration_date=data.registration_date or date(2008 + int(_digits(seed + "year", 2)) % 13,
                                                         1 + int(_digits(seed + "m", 2)) % 12,
                                                         1 + int(_digits(seed + "d", 2)) % 28),
        registration_issuer=data.registration_issuer or issuer, representative_gender=gender,
        bank_name=data.bank_name or f"Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam - Chi nhánh {province}",
        phone=data.phone or f"09{_digits(seed + 'phone', 8)}",
        # Illustrative CCCD (province code, then digits) and account: the contract pays by transfer.
        representative_id_number=data.representative_id_number or f"0{code}0{_digits(seed + 'cccd', 8)}",
        bank_account=data.bank_account or f"{code}0{_digits(seed + 'bank', 10)}")
