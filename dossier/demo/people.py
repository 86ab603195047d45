"""The demo province, its bodies, users and council.

The demo is the seed article's own province: the 2021–2025 khuyến công programme of Ninh Thuận,
carried on by the merged Khánh Hòa after 1 July 2025 (Nghị quyết số 202/2025/QH15: Ninh Thuận and
Khánh Hòa became one province, Khánh Hòa; no district level from that day). The bodies are the
same rows before and after: their versions (ORG_HISTORY) hold what they were called, where they
sat and who headed them, so a decision of March 2024 prints "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" and
one of October 2025 "… TỈNH KHÁNH HÒA".

Illustrative data (dữ liệu minh họa): every person, address, telephone, tax code and account
below is made up for the demo, and so is the date the khuyến công centre moved to the Trung tâm
Xúc tiến Đầu tư, Thương mại và Du lịch (domain.md §0: it moved in 2024). The names of the
provinces, their merger date and the post-2025 communes are real.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from workflows import Role

PROVINCE = "Khánh Hòa"
OLD_PROVINCE = "Ninh Thuận"  # the programme's province until the merger
MERGER = date(2025, 7, 1)
DEMO_PASSWORD = "KhuyenCong@2026"
# Roles that must sign in with a second factor (dossier.services.two_factor.REQUIRED_FOR): the
# demo enrols their users with a secret derived from the login, so that `make run` prints it and
# the tests compute the current code from it. Never a way to make a real account's secret.
TWO_FACTOR_ROLES = ("leader", "clerk", "admin")


def demo_totp_secret(username: str) -> str:
    """The demo user's TOTP secret (base32), the same on every machine."""
    import base64
    import hashlib

    return base64.b32encode(hashlib.sha256(f"hskc-demo-totp:{username}".encode()).digest()[:20]).decode()


def demo_totp_code(username: str) -> str:
    """The code an authenticator app holding the demo user's secret shows now."""
    import pyotp

    return pyotp.TOTP(demo_totp_secret(username)).now()


@dataclass(frozen=True)
class OrgSpec:
    code: str
    kind: str
    name: str
    header_parent: str
    header_name: str
    abbreviation: str
    head_title: str
    collective_name: str
    parent: str | None
    address: str
    phone: str
    tax_code: str = ""
    bank_account: str = ""
    bank_name: str = ""
    head_name: str = ""


ORGANISATIONS = (
    OrgSpec("ubnd-kh", "ubnd_tinh", "Ủy ban nhân dân tỉnh Khánh Hòa", "", "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA",
            "UBND", "CHỦ TỊCH", "ỦY BAN NHÂN DÂN", None, "01 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa",
            "0258 3822 662"),
    OrgSpec("sct-kh", "so_cong_thuong", "Sở Công Thương tỉnh Khánh Hòa", "UBND TỈNH KHÁNH HÒA",
            "SỞ CÔNG THƯƠNG", "SCT", "GIÁM ĐỐC", "", "ubnd-kh",
            "04 Phan Chu Trinh, phường Nha Trang, tỉnh Khánh Hòa", "0258 3822 741", "4200238466",
            "9527.1.1020553", "Kho bạc Nhà nước khu vực XV", "Phạm Văn Hùng"),
    OrgSpec("ttkc-kh", "trung_tam_khuyen_cong",
            "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Khánh Hòa",
            # broken where a văn thư breaks it, not by the header's width ("… CÔNG" / "NGHIỆP")
            "SỞ CÔNG THƯƠNG KHÁNH HÒA", "TRUNG TÂM KHUYẾN CÔNG\nVÀ TƯ VẤN PHÁT TRIỂN\nCÔNG NGHIỆP",
            "TTKC", "GIÁM ĐỐC", "", "sct-kh", "112 Thống Nhất, phường Phan Rang, tỉnh Khánh Hòa",
            "0259 3823 377", "4500224781", "9527.1.1045112", "Kho bạc Nhà nước khu vực XV", "Trần Văn Lợi"),
)


# Each body before its current spec above: (valid from — None: since always —, what differed, why).
# The current spec is the version from MERGER.
NT_ADDRESS = "thành phố Phan Rang - Tháp Chàm, tỉnh Ninh Thuận"
# The Kho bạc was reorganised into regional Kho bạc Nhà nước khu vực from 1 March 2025, before
# the provinces merged: a payee's treasury in documents of March–June 2025 is already khu vực XV.
TREASURY_REGIONS = date(2025, 3, 1)
TREASURY_NOTE = "Kho bạc Nhà nước tổ chức lại theo khu vực từ ngày 01/3/2025"
_NT_SCT: dict[str, Any] = {
    "name": "Sở Công Thương tỉnh Ninh Thuận", "header_parent": "UBND TỈNH NINH THUẬN",
    "place_name": OLD_PROVINCE, "province": OLD_PROVINCE,
    "address": f"Số 01 đường 16 tháng 4, phường Mỹ Hải, {NT_ADDRESS}", "phone": "0259 3822 743",
    "tax_code": "4500143211", "bank_account": "9527.2.1003215", "bank_name": "Kho bạc Nhà nước Ninh Thuận"}
_NT_TTXT: dict[str, Any] = {
    "name": "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận",
    "header_parent": "UBND TỈNH NINH THUẬN",
    "header_name": "TRUNG TÂM XÚC TIẾN ĐẦU TƯ,\nTHƯƠNG MẠI VÀ DU LỊCH", "abbreviation": "TTXT",
    "place_name": OLD_PROVINCE, "province": OLD_PROVINCE,
    "address": f"112 Thống Nhất, phường Thanh Sơn, {NT_ADDRESS}", "phone": "0259 3823 377",
    "tax_code": "4500224781", "bank_account": "9527.2.1045112", "bank_name": "Kho bạc Nhà nước Ninh Thuận",
    "head_name": "Trần Văn Lợi"}
ORG_HISTORY: dict[str, tuple[tuple[date | None, dict[str, Any], str], ...]] = {
    "ubnd-kh": (
        (None, {"name": "Ủy ban nhân dân tỉnh Ninh Thuận", "header_name": "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN",
                "place_name": OLD_PROVINCE, "province": OLD_PROVINCE,
                "address": f"450 Thống Nhất, phường Thanh Sơn, {NT_ADDRESS}", "phone": "0259 3822 021"},
         "Ủy ban nhân dân tỉnh Ninh Thuận"),
    ),
    "sct-kh": (
        (None, _NT_SCT, "Sở Công Thương tỉnh Ninh Thuận"),
        (TREASURY_REGIONS, {**_NT_SCT, "bank_name": "Kho bạc Nhà nước khu vực XV"}, TREASURY_NOTE),
    ),
    "ttkc-kh": (
        (None, {"name": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Ninh Thuận",
                "header_parent": "SỞ CÔNG THƯƠNG NINH THUẬN", "place_name": OLD_PROVINCE, "province": OLD_PROVINCE,
                "address": f"112 Thống Nhất, phường Thanh Sơn, {NT_ADDRESS}", "phone": "0259 3823 377",
                "tax_code": "4500224781", "bank_account": "9527.2.1045112", "bank_name": "Kho bạc Nhà nước Ninh Thuận",
                "head_name": "Nguyễn Văn Thắng"},
         "Trung tâm Khuyến công thuộc Sở Công Thương tỉnh Ninh Thuận"),
        # khuyến công moved to the province's investment, trade and tourism promotion centre
        (date(2024, 1, 1), _NT_TTXT,
         "Nhiệm vụ khuyến công chuyển về Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch (ngày minh họa)"),
        (TREASURY_REGIONS, {**_NT_TTXT, "bank_name": "Kho bạc Nhà nước khu vực XV"}, TREASURY_NOTE),
    ),
}
MERGER_NOTE = "Hợp nhất tỉnh Ninh Thuận và tỉnh Khánh Hòa (Nghị quyết số 202/2025/QH15), từ ngày 01/7/2025"


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    org: str
    roles: tuple[str, ...]
    job_title: str
    signing_capacity: str = "direct"
    gender: str = ""  # what documents print before the name: "Ông" / "Bà" (dossier.vn.people)


USERS = (
    UserSpec("chuyenvien", "Nguyễn Thị Thu Hà", "sct-kh", ("officer",), "Chuyên viên Phòng Quản lý công nghiệp",
             gender="female"),
    UserSpec("chuyenvien2", "Trần Quốc Bảo", "sct-kh", ("officer",), "Chuyên viên Phòng Quản lý công nghiệp",
             gender="male"),
    UserSpec("ttkc", "Lê Minh Khoa", "ttkc-kh", ("officer",), "Viên chức Trung tâm Khuyến công", gender="male"),
    UserSpec("giamdoc", "Phạm Văn Hùng", "sct-kh", ("leader",), "Giám đốc", gender="male"),
    UserSpec("phogiamdoc", "Nguyễn Thị Hồng Nhung", "sct-kh", ("leader",), "Phó Giám đốc", "KT", gender="female"),
    UserSpec("phochutich", "Trần Hòa Nam", "ubnd-kh", ("leader",), "Phó Chủ tịch", "KT", gender="male"),
    # The Trung tâm's director signs its Báo cáo quyết toán (issue 10: issued before archiving).
    UserSpec("giamdocttkc", "Trần Văn Lợi", "ttkc-kh", ("leader",), "Giám đốc", gender="male"),
    UserSpec("vanthu", "Đặng Thị Mai", "sct-kh", ("clerk",), "Văn thư", gender="female"),
    # The UBND's own văn thư issues the decisions the UBND leader signs (issue 5).
    UserSpec("vanthuubnd", "Lê Thị Hạnh", "ubnd-kh", ("clerk",), "Văn thư Văn phòng UBND tỉnh", gender="female"),
    UserSpec("quantri", "Võ Thành Công", "sct-kh", ("admin",), "Quản trị hệ thống", gender="male"),
)

# (name, title, unit, role, votes, gender)
COUNCIL_MEMBERS = (
    ("Nguyễn Thị Hồng Nhung", "Phó Giám đốc", "Sở Công Thương", "chair", True, "female"),
    ("Hoàng Văn Tâm", "Trưởng phòng Quản lý công nghiệp", "Sở Công Thương", "vice_chair", True, "male"),
    ("Lê Thị Thanh Xuân", "Phó Trưởng phòng Tài chính hành chính sự nghiệp", "Sở Tài chính", "member", True, "female"),
    ("Phan Đình Quý", "Phó Trưởng phòng Quản lý công nghệ", "Sở Khoa học và Công nghệ", "member", True, "male"),
    ("Đỗ Thị Ngọc Ánh", "Chuyên viên", "Sở Nông nghiệp và Môi trường", "member", True, "female"),
    ("Nguyễn Thị Thu Hà", "Chuyên viên Phòng Quản lý công nghiệp", "Sở Công Thương", "secretary", False, "female"),
)


def demo_actors(users: dict[str, int]) -> dict[Role, int]:
    """Who acts in the demo's walks: the Sở's officer, its director and its văn thư."""
    return {Role.OFFICER: users["chuyenvien"], Role.LEADER: users["giamdoc"], Role.CLERK: users["vanthu"]}
