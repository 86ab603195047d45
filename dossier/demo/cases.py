"""Demo dossiers built from the real cases of domain.md §6, each taken to a different state.

Every dossier reaches its state through the real workflow service, so its history, audit chain
and generated documents are what a user of the product would have produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dossier.demo.calendar import dated_inputs, step_dates
from workflows import Status, Trigger
from workflows.walks import Waypoint

S = Status
T = Trigger
# The main path of a đề án goes through one inspection; the settled cases are then archived.
INSPECTED = (T.RECORD_INSPECTION,)
SETTLED = (T.RECORD_INSPECTION, S.SETTLED)


@dataclass(frozen=True)
class Case:
    title: str
    group: str  # content group code
    beneficiary: dict
    items: tuple[tuple[str, str, str, int, str, int], ...]  # name, specs, origin, qty, unit, price
    support: int
    location: str
    end: date
    objectives: str
    results: str
    plan_year: int
    batch: int
    goal: Status  # the state the demo leaves it in, reached by the table's route …
    via: tuple[Waypoint, ...] = ()  # … through these states and steps
    inputs: dict[Trigger, dict[str, Any]] = field(default_factory=dict)  # the case's own, over case_inputs
    owner: str = "sct-kh"
    support_type: str = ""
    extra: dict = field(default_factory=dict)


def case_dates(case: Case) -> dict[Trigger, date]:
    """The day of each of the case's steps (demo/calendar.py)."""
    return step_dates(case.plan_year, case.batch)


def case_inputs(case: Case) -> dict[Trigger, dict[str, Any]]:
    """What the officers entered at each step, from the case's figures; dates are the steps' own."""
    total = sum(q * p for _, _, _, q, _, p in case.items)
    y = case.plan_year
    entered = {
        T.START_APPRAISAL: {"meeting_time": "08 giờ 00", "meeting_place": "Phòng họp số 2, Sở Công Thương"},
        T.RECORD_APPRAISAL: {"conclusion": "Đề án đáp ứng các tiêu chí xét chọn; Hội đồng thống nhất đề nghị hỗ trợ.",
                             "recommended_support": case.support},
        T.SIGN_CONTRACT: {"contract_number": f"{case.extra.get('contract', 5):02d}/{y}/HĐ-KC",
                          "contract_value": case.support},
        T.RECORD_INSPECTION: {"findings": "Cơ sở đã ký hợp đồng mua thiết bị, đang lắp đặt đúng tiến độ.",
                              "requests": ["Lưu giữ đầy đủ hóa đơn, chứng từ mua sắm."]},
        T.ACCEPT: {"passed": True, "accepted_value": total, "accepted_support": case.support,
                   "conclusion": "Thiết bị lắp đặt đúng danh mục, vận hành ổn định; đề án đạt yêu cầu."},
        T.SETTLE: {"settled_amount": case.support},
    }
    for trigger, values in dated_inputs(case_dates(case)).items():
        entered[trigger] = {**entered.get(trigger, {}), **values}
    for trigger, values in case.inputs.items():
        entered[trigger] = {**entered.get(trigger, {}), **values}
    return entered


def _hkd(name, rep, hamlet, commune, sector, products, workers, tax, **flags) -> dict:
    return {"kind": "ho_kinh_doanh", "name": name, "representative": rep, "representative_title": "Chủ hộ",
            "hamlet": hamlet, "commune": commune, "province": "Khánh Hòa", "sector": sector,
            "products": products, "workers": workers, "tax_code": tax, **flags}


CASES: tuple[Case, ...] = (
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến táo sấy",
        "G1",
        _hkd("Hộ kinh doanh Trung Tuấn", "Nguyễn Trung Tuấn", "thôn Thuận Hòa", "xã Ninh Phước",
             "Chế biến nông sản", "Táo sấy dẻo, táo sấy khô", 12, "4500345678", women_owned=False),
        (("Lò sấy táo bằng nhiệt đối lưu", "Công suất 500 kg/mẻ, inox 304", "Việt Nam", 1, "hệ thống", 210_000_000),
         ("Máy rửa táo băng chuyền", "Công suất 1 tấn/giờ", "Việt Nam", 1, "máy", 45_000_000),
         ("Máy đóng gói hút chân không", "DZ-400, 2 buồng", "Trung Quốc", 1, "máy", 35_000_000)),
        130_000_000, "thôn Thuận Hòa, xã Ninh Phước, tỉnh Khánh Hòa", date(2025, 11, 30),
        "Nâng cao năng suất, chất lượng sản phẩm táo sấy; giảm tổn thất sau thu hoạch.",
        "Công suất tăng từ 150 lên 500 kg/mẻ; tạo việc làm ổn định cho 12 lao động.",
        2025, 1, S.ARCHIVED, SETTLED, extra={"contract": 3},
    ),
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến nông sản tại HTX An Quang",
        "G1",
        {"kind": "htx", "name": "Hợp tác xã Nông nghiệp An Quang", "representative": "Lê Văn Quang",
         "representative_title": "Giám đốc", "hamlet": "thôn An Quang", "commune": "xã Cam An",
         "province": "Khánh Hòa", "sector": "Chế biến nông sản", "products": "Hạt điều rang muối, xoài sấy",
         "workers": 35, "tax_code": "4201987654", "registration_number": "37.07.N.000123"},
        (("Máy tách vỏ hạt điều tự động", "Năng suất 300 kg/giờ", "Việt Nam", 2, "máy", 95_000_000),
         ("Lò rang hạt điều dùng khí hóa lỏng", "Mẻ 100 kg", "Việt Nam", 1, "lò", 120_000_000),
         ("Máy sấy xoài bơm nhiệt", "Công suất 300 kg tươi/mẻ", "Việt Nam", 1, "máy", 160_000_000)),
        220_000_000, "thôn An Quang, xã Cam An, tỉnh Khánh Hòa", date(2026, 12, 15),
        "Cơ giới hóa khâu tách vỏ, rang và sấy; nâng cao giá trị sản phẩm của hợp tác xã.",
        "Giảm 60% lao động thủ công khâu tách vỏ; doanh thu tăng khoảng 25%/năm.",
        2026, 1, S.IN_PROGRESS, INSPECTED, extra={"contract": 7},
    ),
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất đồ gỗ mỹ nghệ",
        "G1",
        _hkd("Hộ kinh doanh Lương Văn Lạc", "Lương Văn Lạc", "thôn Phú Thọ", "phường Đông Hải",
             "Thủ công mỹ nghệ", "Tượng gỗ, bàn ghế gỗ mỹ nghệ", 9, "4500765432", ethnic_minority_owned=True),
        (("Máy chạm khắc gỗ CNC 4 đầu", "Hành trình 1300×2500 mm, trục xoay 4D", "Trung Quốc", 1, "máy", 185_000_000),
         ("Máy chà nhám thùng", "Khổ 630 mm", "Đài Loan", 1, "máy", 62_000_000)),
        120_000_000, "thôn Phú Thọ, phường Đông Hải, tỉnh Khánh Hòa", date(2026, 11, 30),
        "Ứng dụng máy CNC vào chạm khắc, nâng cao độ chính xác và năng suất.",
        "Năng suất chạm khắc tăng 3 lần; sản phẩm đạt tiêu chuẩn xuất khẩu.",
        2026, 1, S.ACCEPTED, INSPECTED, extra={"contract": 8},
    ),
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất đồ gỗ nội thất tại DNTN An Đức",
        "G1",
        {"kind": "dnnvv", "name": "Doanh nghiệp tư nhân An Đức", "representative": "Trần An Đức",
         "representative_title": "Chủ doanh nghiệp", "street": "Lô B4, Cụm công nghiệp Diên Phú",
         "commune": "xã Diên Điền", "province": "Khánh Hòa", "sector": "Chế biến gỗ",
         "products": "Bàn ghế, tủ gỗ nội thất", "workers": 48, "tax_code": "4200567891",
         "registration_number": "4200567891", "registration_date": date(2012, 6, 18)},
        (("Máy cưa bàn trượt", "Lưỡi 300 mm, bàn trượt 3,2 m", "Đài Loan", 1, "máy", 98_000_000),
         ("Máy dán cạnh tự động", "Dán cạnh thẳng 6 chức năng", "Trung Quốc", 1, "máy", 156_000_000),
         ("Hệ thống hút bụi trung tâm", "Công suất 15 kW", "Việt Nam", 1, "hệ thống", 64_000_000)),
        150_000_000, "Cụm công nghiệp Diên Phú, xã Diên Điền, tỉnh Khánh Hòa", date(2026, 12, 20),
        "Đầu tư dây chuyền gia công ván công nghiệp hiện đại.",
        "Tăng công suất 40%; giảm bụi gỗ trong xưởng.",
        2026, 2, S.APPROVED,
    ),
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hải sản khô",
        "G1",
        {"kind": "dnnvv", "name": "Công ty TNHH Hải sản Ninh Chữ", "representative": "Phạm Thị Lan",
         "representative_title": "Giám đốc", "street": "Khu phố Khánh Hội", "commune": "phường Ninh Chử",
         "province": "Khánh Hòa", "sector": "Chế biến thủy sản", "products": "Cá khô, mực một nắng",
         "workers": 27, "tax_code": "4500612345", "women_owned": True},
        (("Máy sấy lạnh thủy sản", "Công suất 1.000 kg/mẻ", "Việt Nam", 1, "máy", 240_000_000),
         ("Kho lạnh bảo quản", "Dung tích 40 m³, -18 °C", "Việt Nam", 1, "kho", 150_000_000)),
        195_000_000, "khu phố Khánh Hội, phường Ninh Chử, tỉnh Khánh Hòa", date(2026, 12, 25),
        "Thay thế phơi nắng thủ công bằng sấy lạnh, bảo đảm vệ sinh an toàn thực phẩm.",
        "Sản phẩm đạt chứng nhận OCOP 3 sao; chủ động sản xuất mùa mưa.",
        2026, 2, S.SUBMITTED_FOR_APPROVAL,
    ),
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất cơ khí nông cụ",
        "G1",
        {"kind": "dnnvv", "name": "Công ty TNHH Cơ khí Thành Công", "representative": "Võ Thành Đạt",
         "representative_title": "Giám đốc", "street": "Thôn Phước Lợi", "commune": "xã Cam Lâm",
         "province": "Khánh Hòa", "sector": "Cơ khí nhỏ", "products": "Máy tuốt lúa, cày bừa cải tiến",
         "workers": 22, "tax_code": "4201234567"},
        (("Máy cắt laser CNC", "Công suất nguồn 3 kW", "Trung Quốc", 1, "máy", 285_000_000),
         ("Máy chấn tôn thủy lực", "100 tấn × 3.200 mm", "Trung Quốc", 1, "máy", 175_000_000)),
        200_000_000, "thôn Phước Lợi, xã Cam Lâm, tỉnh Khánh Hòa", date(2026, 12, 31),
        "Nâng cao độ chính xác gia công chi tiết nông cụ.", "Giảm 30% phế phẩm; tăng 20% sản lượng.",
        2026, 2, S.UNDER_APPRAISAL,
    ),
    Case(
        "Xây dựng mô hình trình diễn kỹ thuật sản xuất chiếu cói, mây tre đan xuất khẩu",
        "G1",
        {"kind": "dnnvv", "name": "Công ty TNHH Mây tre đan Ninh Hải", "representative": "Nguyễn Văn Sáu",
         "representative_title": "Giám đốc", "commune": "xã Ninh Hải", "province": "Khánh Hòa",
         "sector": "Thủ công mỹ nghệ", "products": "Chiếu cói, giỏ mây xuất khẩu", "workers": 86,
         "tax_code": "4500998877"},
        (("Dây chuyền chẻ, vót nan tự động", "Năng suất 200 kg/ngày", "Việt Nam", 1, "dây chuyền", 450_000_000),
         ("Máy dệt chiếu cói", "Khổ 1,8 m", "Việt Nam", 4, "máy", 85_000_000)),
        236_000_000, "xã Ninh Hải, tỉnh Khánh Hòa", date(2026, 12, 31),
        "Trình diễn công nghệ chẻ nan và dệt cơ giới để nhân rộng trong làng nghề.",
        "Tổ chức 2 đợt tham quan trình diễn cho 60 lượt cơ sở.",
        2026, 2, S.SUBMITTED, support_type="mo_hinh_trinh_dien",
    ),
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất nước mắm truyền thống",
        "G1",
        _hkd("Hộ kinh doanh Nước mắm Cà Ná", "Huỳnh Thị Nga", "thôn Lạc Sơn 2", "xã Cà Ná",
             "Chế biến thủy sản", "Nước mắm cá cơm", 8, "4500111222", women_owned=True),
        (("Hệ thống lọc nước mắm", "Lọc 3 cấp, inox 316", "Việt Nam", 1, "hệ thống", 90_000_000),
         ("Máy chiết rót, đóng nắp", "1.200 chai/giờ", "Việt Nam", 1, "máy", 75_000_000)),
        80_000_000, "thôn Lạc Sơn 2, xã Cà Ná, tỉnh Khánh Hòa", date(2026, 12, 31),
        "Chuẩn hóa khâu lọc, chiết rót nước mắm.", "Sản phẩm có mã vạch, truy xuất nguồn gốc.",
        2026, 2, S.DRAFT,
    ),
    Case(
        "Hỗ trợ sửa chữa, nâng cấp hệ thống xử lý nước thải cơ sở chế biến tinh bột",
        "G2",
        {"kind": "to_hop_tac", "name": "Tổ hợp tác chế biến tinh bột Diên Lâm", "representative": "Bùi Văn Lâm",
         "representative_title": "Tổ trưởng", "hamlet": "thôn Lâm Thạnh", "commune": "xã Diên Lâm",
         "province": "Khánh Hòa", "sector": "Chế biến nông sản", "products": "Tinh bột sắn", "workers": 15},
        (("Bể xử lý yếm khí", "Thể tích 60 m³", "Việt Nam", 1, "bể", 140_000_000),
         ("Máy thổi khí", "2,2 kW", "Nhật Bản", 2, "máy", 18_000_000)),
        50_000_000, "thôn Lâm Thạnh, xã Diên Lâm, tỉnh Khánh Hòa", date(2026, 12, 31),
        "Nước thải sau xử lý đạt QCVN 40:2011/BTNMT cột B.", "Chấm dứt phản ánh ô nhiễm của người dân.",
        2026, 2, S.REVISION_REQUESTED,
        inputs={T.REQUEST_REVISION: {"missing_items": ["Báo giá của ít nhất 03 nhà cung cấp",
                                                       "Bản sao giấy xác nhận đăng ký kế hoạch bảo vệ môi trường"],
                                     "deadline": date(2026, 5, 26)}},
    ),
    Case(
        "Hỗ trợ ứng dụng máy móc thiết bị trong dệt thổ cẩm Mỹ Nghiệp",
        "G1",
        {"kind": "htx", "name": "Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp", "representative": "Đàng Thị Hường",
         "representative_title": "Giám đốc", "hamlet": "làng nghề Mỹ Nghiệp", "commune": "xã Ninh Phước",
         "province": "Khánh Hòa", "sector": "Dệt thủ công", "products": "Thổ cẩm Chăm", "workers": 40,
         "ethnic_minority_owned": True, "women_owned": True},
        (("Khung dệt cải tiến", "Khổ 1,2 m", "Việt Nam", 10, "khung", 14_000_000),
         ("Máy se sợi", "8 cọc", "Việt Nam", 2, "máy", 22_000_000)),
        90_000_000, "làng nghề Mỹ Nghiệp, xã Ninh Phước, tỉnh Khánh Hòa", date(2026, 11, 30),
        "Cải tiến khung dệt, tăng năng suất dệt thổ cẩm.", "Duy trì nghề truyền thống cho 40 lao động nữ.",
        2026, 1, S.STOPPED,
        inputs={T.STOP: {"reason": "Hợp tác xã không thu xếp được vốn đối ứng để mua sắm máy móc thiết bị.",
                         "basis": "Đơn xin dừng thực hiện đề án của Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp "
                                  "ngày 05 tháng 8 năm 2026", "recovered_amount": 0}},
    ),
)
