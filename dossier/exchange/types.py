"""edXML ``DocumentType``: the type's code and name, from its abbreviation in the number.

The codes follow the order of ND 30/2020 Phụ lục III (the list of administrative document
types), which agrees with the one public SDK default seen (18 = Công văn); no official code
list was found, so a province whose platform numbers them otherwise changes this table
(docs/EXCHANGE.md).
"""

from __future__ import annotations

# abbreviation → (code, name); "" is the Công văn, which has no type abbreviation in its number.
DOCUMENT_TYPES: dict[str, tuple[int, str]] = {
    "NQ": (1, "Nghị quyết"), "QĐ": (2, "Quyết định"), "CT": (3, "Chỉ thị"), "QC": (4, "Quy chế"),
    "QyĐ": (5, "Quy định"), "TC": (6, "Thông cáo"), "TB": (7, "Thông báo"), "HD": (8, "Hướng dẫn"),
    "CTr": (9, "Chương trình"), "KH": (10, "Kế hoạch"), "PA": (11, "Phương án"), "ĐA": (12, "Đề án"),
    "DA": (13, "Dự án"), "BC": (14, "Báo cáo"), "BB": (15, "Biên bản"), "TTr": (16, "Tờ trình"),
    "HĐ": (17, "Hợp đồng"), "": (18, "Công văn"), "CĐ": (19, "Công điện"), "BGN": (20, "Bản ghi nhớ"),
    "BTT": (21, "Bản thỏa thuận"), "GUQ": (22, "Giấy ủy quyền"), "GM": (23, "Giấy mời"),
    "GGT": (24, "Giấy giới thiệu"), "GNP": (25, "Giấy nghỉ phép"), "PG": (26, "Phiếu gửi"),
    "PC": (27, "Phiếu chuyển"), "PB": (28, "Phiếu báo"),
}


def document_type(abbreviation: str) -> tuple[int, str]:
    """(code, name) of a type abbreviation; an unknown one is sent as a Công văn would be."""
    return DOCUMENT_TYPES.get(abbreviation, DOCUMENT_TYPES[""])
