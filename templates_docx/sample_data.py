"""Realistic sample context (domain.md §6: Hộ kinh doanh Trung Tuấn, dried-jujube drying line, Khánh Hòa).

One dossier, followed from the application to the settlement. Every document's sample.json is this
base plus the per-document keys (issuing body, number, date, signer, …), trimmed to the keys the
template uses. Names of officials are fictitious.
"""

from __future__ import annotations

import copy

PROVINCE = "Khánh Hòa"

CO_QUAN = {
    "ubnd": {
        "ten_chu_quan": "",
        "ten": "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA",
        "ten_day_du": "Ủy ban nhân dân tỉnh Khánh Hòa",
        "viet_tat": "UBND",
        "dia_danh": PROVINCE,
    },
    "sct": {
        "ten_chu_quan": "UBND TỈNH KHÁNH HÒA",
        "ten": "SỞ CÔNG THƯƠNG",
        "ten_day_du": "Sở Công Thương tỉnh Khánh Hòa",
        "viet_tat": "SCT",
        "dia_danh": PROVINCE,
    },
    "ttkc": {
        "ten_chu_quan": "SỞ CÔNG THƯƠNG KHÁNH HÒA",
        "ten": "TRUNG TÂM KHUYẾN CÔNG\nVÀ TƯ VẤN PHÁT TRIỂN\nCÔNG NGHIỆP",
        "ten_day_du": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa",
        "viet_tat": "TTKC",
        "dia_danh": PROVINCE,
    },
    "hoi_dong": {
        "ten_chu_quan": "SỞ CÔNG THƯƠNG KHÁNH HÒA",
        "ten": "HỘI ĐỒNG THẨM ĐỊNH ĐỀ ÁN\nKHUYẾN CÔNG ĐỊA PHƯƠNG\nNĂM 2026",
        "ten_day_du": "Hội đồng thẩm định đề án khuyến công địa phương năm 2026",
        "viet_tat": "HĐTĐ",
        "dia_danh": PROVINCE,
    },
    "co_so": {
        "ten_chu_quan": "",
        "ten": "HỘ KINH DOANH TRUNG TUẤN",
        "ten_day_du": "Hộ kinh doanh Trung Tuấn",
        "viet_tat": "",
        "dia_danh": "Phước Thuận",
    },
}

CAN_CU_KHUYEN_CONG = [
    "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công, "
    "được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025;",
    "Căn cứ Thông tư số 46/2012/TT-BCT ngày 28 tháng 12 năm 2012 của Bộ trưởng Bộ Công Thương quy "
    "định chi tiết một số nội dung của Nghị định số 45/2012/NĐ-CP, được sửa đổi, bổ sung bởi Thông tư "
    "số 20/2017/TT-BCT ngày 29 tháng 9 năm 2017;",
    "Căn cứ Thông tư số 28/2018/TT-BTC ngày 28 tháng 3 năm 2018 của Bộ trưởng Bộ Tài chính hướng dẫn "
    "lập, quản lý, sử dụng kinh phí khuyến công, được sửa đổi, bổ sung bởi Thông tư số 64/2024/TT-BTC "
    "ngày 28 tháng 8 năm 2024;",
]

# The Trung tâm Khuyến công: the unit carrying out the đề án, and Bên A of its contract.
_TTKC = {
    "ten": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa",
    "dia_chi": "Số 17 Lê Thánh Tôn, phường Nha Trang, tỉnh Khánh Hòa",
    "dien_thoai": "0258 3822 456",
    "ma_so_thue": "4200456789",
    "tai_khoan": "9523.2.1078451",
    "noi_mo_tai_khoan": "Kho bạc Nhà nước khu vực XV",
    "dai_dien": "Lê Văn Hùng",
    "chuc_vu": "Giám đốc",
}

BASE = {
    "de_an": {
        "ma": "KCĐP-2026-07",
        "ten": "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến táo sấy tại Hộ kinh doanh Trung Tuấn",
        "nhom_noi_dung": "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ vào sản xuất "
        "công nghiệp - tiểu thủ công nghiệp",
        "noi_dung": "Hỗ trợ Hộ kinh doanh Trung Tuấn đầu tư dây chuyền sấy táo bằng công nghệ bơm nhiệt "
        "gồm máy rửa quả, máy tách hạt, máy sấy bơm nhiệt và máy đóng gói hút chân không, thay thế "
        "phương pháp phơi nắng và sấy bằng lò than.",
        "su_can_thiet": "Hiện nay cơ sở sấy táo chủ yếu bằng phơi nắng và lò than thủ công, phụ thuộc "
        "thời tiết, sản phẩm không đồng đều về độ ẩm và màu sắc, khó bảo quản và chưa đáp ứng yêu cầu "
        "an toàn thực phẩm của các hệ thống phân phối. Việc đầu tư dây chuyền sấy bơm nhiệt giúp chủ "
        "động sản xuất quanh năm, nâng cao chất lượng sản phẩm và giảm ô nhiễm môi trường.",
        "muc_tieu": "Nâng cao năng suất, chất lượng sản phẩm táo sấy; giảm chi phí năng lượng và lao "
        "động thủ công; tạo việc làm ổn định cho lao động địa phương; góp phần tiêu thụ táo nguyên liệu "
        "của nông dân trên địa bàn xã Phước Thuận.",
        "ket_qua_du_kien": "Dây chuyền được lắp đặt, vận hành ổn định; công suất tăng từ 25 tấn lên 60 "
        "tấn sản phẩm/năm; tỷ lệ sản phẩm đạt chuẩn trên 95%.",
        "hieu_qua": "Doanh thu dự kiến tăng khoảng 1,2 tỷ đồng/năm; tạo việc làm thêm cho 8 lao động "
        "(tổng số 20 lao động); thu mua khoảng 150 tấn táo tươi/năm của nông dân địa phương; không "
        "sử dụng than, giảm khói bụi và chất thải ra môi trường.",
        "to_chuc_thuc_hien": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa chủ trì, "
        "phối hợp với Ủy ban nhân dân xã Phước Thuận và Hộ kinh doanh Trung Tuấn tổ chức thực hiện đề "
        "án; Hộ kinh doanh Trung Tuấn bố trí vốn đối ứng, mặt bằng, nhân lực và cam kết sử dụng máy móc "
        "thiết bị đúng mục đích.",
        "don_vi_phoi_hop": "Ủy ban nhân dân xã Phước Thuận",
        "dia_diem": "Thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
        "ngay_bat_dau": "2026-04-01",
        "ngay_ket_thuc": "2026-09-30",
        "nguon_kinh_phi": "Kinh phí khuyến công địa phương năm 2026",
        "nam": 2026,
        "dot": 1,
        "so_qd_phe_duyet": "125/QĐ-UBND",
        "ngay_qd_phe_duyet": "2026-03-20",
        "co_quan_qd_phe_duyet": "Ủy ban nhân dân tỉnh Khánh Hòa",
    },
    "co_so": {
        "ten": "Hộ kinh doanh Trung Tuấn",
        "loai_hinh": "Hộ kinh doanh",
        "ma_so_thue": "4500612345",
        "so_dkkd": "37E8012345",
        "ngay_dkkd": "2019-06-18",
        "noi_cap_dkkd": "Phòng Tài chính - Kế hoạch huyện Ninh Phước (nay thuộc tỉnh Khánh Hòa)",
        "dai_dien": "Nguyễn Trung Tuấn",
        "chuc_vu_dai_dien": "Chủ hộ kinh doanh",
        "dia_chi": "Thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
        "dien_thoai": "0905 123 456",
        "nganh_nghe": "Chế biến và bảo quản rau quả (sản xuất táo sấy)",
        "san_pham": "Táo sấy dẻo, táo sấy khô",
        "so_lao_dong": 12,
        "nang_luc": "Nhà xưởng 300 m²; sấy bằng lò than và phơi nắng; công suất khoảng 25 tấn sản "
        "phẩm/năm; doanh thu năm 2025 khoảng 1,8 tỷ đồng",
    },
    "don_vi_thuc_hien": dict(_TTKC),
    "hang_muc": [
        {
            "stt": 1,
            "ten": "Máy sấy bơm nhiệt",
            "thong_so": "Model SBN-500; 500 kg nguyên liệu/mẻ; công suất điện 15 kW; buồng sấy inox 304, "
            "20 khay",
            "xuat_xu": "Việt Nam",
            "so_luong": 1,
            "don_vi_tinh": "Hệ thống",
            "don_gia": 185000000,
            "thanh_tien": 185000000,
        },
        {
            "stt": 2,
            "ten": "Máy rửa quả băng tải sục khí",
            "thong_so": "Năng suất 300 kg/giờ; inox 304; động cơ 1,5 kW",
            "xuat_xu": "Việt Nam",
            "so_luong": 1,
            "don_vi_tinh": "Cái",
            "don_gia": 45000000,
            "thanh_tien": 45000000,
        },
        {
            "stt": 3,
            "ten": "Máy đóng gói hút chân không",
            "thong_so": "Model DZ-600/2S; 2 buồng; 2-4 chu kỳ/phút",
            "xuat_xu": "Trung Quốc",
            "so_luong": 1,
            "don_vi_tinh": "Cái",
            "don_gia": 38000000,
            "thanh_tien": 38000000,
        },
        {
            "stt": 4,
            "ten": "Máy tách hạt táo bán tự động",
            "thong_so": "Năng suất 80 kg/giờ; động cơ 0,75 kW",
            "xuat_xu": "Việt Nam",
            "so_luong": 2,
            "don_vi_tinh": "Cái",
            "don_gia": 11000000,
            "thanh_tien": 22000000,
        },
    ],
    "kinh_phi": {
        "tong": 290000000,
        "ho_tro": 130000000,
        "doi_ung": 160000000,
        "ty_le_ho_tro": "44,83",
        "ty_le_doi_ung": "55,17",
        "de_nghi": 130000000,
        "hoi_dong_de_xuat": 130000000,
        "chi_tiet": [
            {
                "stt": 1,
                "noi_dung": "Mua sắm, lắp đặt, chạy thử máy móc thiết bị (chi tiết tại danh mục kèm theo)",
                "tong": 290000000,
                "ho_tro": 130000000,
                "doi_ung": 160000000,
            }
        ],
    },
    "hoi_dong": {
        "ten": "Hội đồng thẩm định đề án khuyến công địa phương năm 2026",
        "so_qd": "45/QĐ-SCT",
        "ngay_qd": "2026-02-10",
        "hinh_thuc": "cham_diem",
        "thanh_vien": [],  # filled below
    },
    "hop": {
        "gio_bat_dau": "08 giờ 00",
        "gio_ket_thuc": "10 giờ 30",
        "ngay": "2026-02-24",
        "dia_diem": "Phòng họp tầng 3, Sở Công Thương tỉnh Khánh Hòa, số 3 Lê Lợi, phường Nha Trang, "
        "tỉnh Khánh Hòa",
        "chu_toa": {"ho_ten": "Trần Minh Quang", "chuc_vu": "Phó Giám đốc Sở Công Thương, Chủ tịch Hội đồng"},
        "thu_ky": {"ho_ten": "Đặng Quốc Bảo", "chuc_vu": "Chuyên viên Phòng Quản lý công nghiệp, Thư ký Hội đồng"},
        "thanh_phan": [
            "Các thành viên Hội đồng thẩm định đề án khuyến công địa phương năm 2026 (theo Quyết định số "
            "45/QĐ-SCT ngày 10/02/2026 của Giám đốc Sở Công Thương);",
            "Đại diện Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa;",
            "Đại diện Hộ kinh doanh Trung Tuấn.",
        ],
        "noi_dung": [
            "Đơn vị thực hiện trình bày tóm tắt đề án;",
            "Các thành viên Hội đồng nhận xét, đánh giá, chấm điểm đề án;",
            "Hội đồng thảo luận, thống nhất kết luận và mức kinh phí đề nghị hỗ trợ.",
        ],
        "tai_lieu": "Hồ sơ đề án đã được gửi kèm Giấy mời qua Hệ thống quản lý văn bản và điều hành.",
    },
    "tham_dinh": {
        "so_bien_ban": "07/BB-HĐTĐ",
        "ngay": "2026-02-24",
        "nguoi_trinh_bay": "Bà Huỳnh Thị Mai, Phó Giám đốc Trung tâm Khuyến công và Tư vấn phát triển "
        "công nghiệp Khánh Hòa",
        "tong_so_thanh_vien": 5,
        "so_co_mat": 4,
        "so_bieu_quyet_co_mat": 4,
        "du_so_luong": True,
        "co_mat": [],  # filled below
        "vang_mat": [
            {"ho_ten": "Nguyễn Thị Lan", "chuc_vu": "Phó Trưởng phòng Quản lý công nghệ, Sở Khoa học và Công nghệ",
             "ly_do": "bận công tác, có gửi phiếu nhận xét"},
        ],
        "tieu_chi": [
            {"stt": 1, "ten": "Đối tượng, ngành nghề, địa bàn của cơ sở thụ hưởng phù hợp quy định",
             "diem_toi_da": 20, "diem": "19,50", "so_phieu_dat": 4, "so_phieu_khong_dat": 0},
            {"stt": 2, "ten": "Sự cần thiết, tính cấp thiết của đề án", "diem_toi_da": 15, "diem": "13,25",
             "so_phieu_dat": 4, "so_phieu_khong_dat": 0},
            {"stt": 3, "ten": "Tính tiên tiến, phù hợp của máy móc thiết bị (mới 100%, không thuộc danh mục "
             "hạn chế)", "diem_toi_da": 25, "diem": "21,00", "so_phieu_dat": 4, "so_phieu_khong_dat": 0},
            {"stt": 4, "ten": "Tính khả thi, năng lực đối ứng của cơ sở", "diem_toi_da": 20, "diem": "16,50",
             "so_phieu_dat": 4, "so_phieu_khong_dat": 0},
            {"stt": 5, "ten": "Hiệu quả kinh tế - xã hội, môi trường và khả năng nhân rộng", "diem_toi_da": 20,
             "diem": "16,75", "so_phieu_dat": 4, "so_phieu_khong_dat": 0},
        ],
        "tong_diem": "87,00",
        "so_phieu_dat": 4,
        "so_phieu_khong_dat": 0,
        "y_kien": [
            "Ông Trần Minh Quang (Chủ tịch Hội đồng): đề án phù hợp với nội dung hỗ trợ ứng dụng máy móc thiết bị "
            "tiên tiến theo quy định;",
            "Bà Phạm Thị Thu Hà (Phó Chủ tịch Hội đồng): cơ sở cần bổ sung báo giá thứ ba đối với máy sấy bơm nhiệt và làm rõ công "
            "suất điện của trạm biến áp hiện có;",
            "Ông Võ Văn Nam (Ủy viên): mức hỗ trợ đề nghị nằm trong giới hạn quy định của Hội đồng nhân dân tỉnh.",
        ],
        "khach_moi": ["Đại diện Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa (trình bày đề án)",
                      "Đại diện Hộ kinh doanh Trung Tuấn"],
        "khong_tinh": [],
        "ket_luan": "Đề án đạt yêu cầu, đề nghị Sở Công Thương trình Ủy ban nhân dân tỉnh phê duyệt sau "
        "khi đơn vị thực hiện hoàn thiện hồ sơ theo ý kiến của Hội đồng.",
        "dat": True,
        "yeu_cau_chinh_sua": [
            "Bổ sung 01 báo giá máy sấy bơm nhiệt của nhà cung cấp khác;",
            "Bổ sung xác nhận công suất trạm biến áp của Điện lực khu vực.",
        ],
        "kinh_phi_de_nghi": 130000000,
    },
    "bo_sung": {
        "ngay_nop_ho_so": "2026-01-22",
        "danh_sach": [
            "Bản sao Giấy chứng nhận đăng ký hộ kinh doanh (có chứng thực hoặc kèm bản chính để đối chiếu);",
            "Tối thiểu 03 báo giá máy móc thiết bị của các nhà cung cấp khác nhau;",
            "Giấy tờ chứng minh quyền sử dụng mặt bằng nhà xưởng;",
            "Báo cáo tài chính hoặc xác nhận doanh thu năm 2025.",
        ],
        "han": "2026-02-13",
    },
    "lien_he": "Ông Đặng Quốc Bảo, chuyên viên Phòng Quản lý công nghiệp, Sở Công Thương; điện thoại: "
    "0258 3562 789",
    "ho_so_kem_theo": [
        "Đơn đề nghị hỗ trợ kinh phí khuyến công;",
        "Đề án khuyến công và dự toán chi tiết;",
        "Biên bản họp Hội đồng thẩm định số 07/BB-HĐTĐ ngày 24/02/2026;",
        "Các báo giá máy móc thiết bị và giấy tờ pháp lý của cơ sở.",
    ],
    "hop_dong": {
        "so": "05/2026/HĐ-TTKC",
        "ngay": "2026-03-27",
        "gia_tri": 130000000,
        "dia_diem": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa",
        "ben_a": dict(_TTKC),
        "ben_b": {
            "ten": "Hộ kinh doanh Trung Tuấn",
            "dia_chi": "Thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
            "dien_thoai": "0905 123 456",
            "ma_so_thue": "4500612345",
            "so_dkkd": "45A8012345",
            "ngay_dkkd": "2015-04-09",
            "noi_cap_dkkd": "Phòng Tài chính - Kế hoạch huyện Ninh Phước",
            "tai_khoan": "5801205123456",
            "noi_mo_tai_khoan": "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam - Chi nhánh Khánh Hòa",
            "dai_dien": "Nguyễn Trung Tuấn",
            "chuc_vu": "Chủ hộ kinh doanh",
            "cccd": "045081002345",
        },
        "ty_le_tam_ung": "50",
        "tam_ung": 65000000,
        "so_nam_su_dung": 5,
        "so_ban": "04 (bốn)",
        "so_ban_moi_ben": "02 (hai)",
    },
    "kiem_tra": {
        "ngay": "2026-06-15",
        "gio_bat_dau": "14 giờ 00",
        "gio_ket_thuc": "16 giờ 00",
        "dia_diem": "Cơ sở sản xuất của Hộ kinh doanh Trung Tuấn, thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
        "doan": [
            {"ho_ten": "Huỳnh Thị Mai", "chuc_vu": "Phó Giám đốc", "don_vi": "Trung tâm Khuyến công và Tư vấn "
             "phát triển công nghiệp Khánh Hòa", "vai_tro": "Trưởng đoàn"},
            {"ho_ten": "Đặng Quốc Bảo", "chuc_vu": "Chuyên viên", "don_vi": "Phòng Quản lý công nghiệp, Sở Công "
             "Thương", "vai_tro": "Thành viên"},
            {"ho_ten": "Lê Thị Hạnh", "chuc_vu": "Công chức Kinh tế", "don_vi": "Ủy ban nhân dân xã Phước Thuận",
             "vai_tro": "Thành viên"},
        ],
        "truong_doan": {"ho_ten": "Huỳnh Thị Mai"},
        "noi_dung": [
            "Tiến độ mua sắm, lắp đặt máy móc thiết bị so với đề án được phê duyệt;",
            "Hợp đồng mua bán, hóa đơn, chứng từ thanh toán phần vốn đối ứng;",
            "Việc sử dụng kinh phí khuyến công đã tạm ứng.",
        ],
        "ket_qua": [
            "Cơ sở đã ký hợp đồng mua sắm đủ 04 hạng mục máy móc thiết bị; đã lắp đặt máy rửa quả và 02 máy "
            "tách hạt, đang lắp đặt máy sấy bơm nhiệt;",
            "Khối lượng thực hiện đạt khoảng 60% so với đề án; kinh phí tạm ứng được sử dụng đúng mục đích.",
        ],
        "kien_nghi": [
            "Hoàn thành lắp đặt, chạy thử máy sấy bơm nhiệt và máy đóng gói trước ngày 31/7/2026;",
            "Lưu giữ đầy đủ hồ sơ, chứng từ phục vụ nghiệm thu.",
        ],
        "han": "2026-07-31",
    },
    "dieu_chinh": {
        "van_ban_de_nghi": "Tờ trình số 98/TTr-SCT ngày 10/7/2026 của Sở Công Thương",
        "ngay_ket_thuc_moi": "2026-11-30",
        "ly_do": "Nhà cung cấp chậm giao máy sấy bơm nhiệt do thay đổi thiết kế buồng sấy; cơ sở đề nghị "
        "gia hạn thời gian thực hiện đề án, các nội dung và kinh phí không thay đổi.",
        "thay_doi": [
            {"stt": 1, "noi_dung": "Thời gian thực hiện", "cu": "Từ ngày 01/4/2026 đến ngày 30/9/2026",
             "moi": "Từ ngày 01/4/2026 đến ngày 30/11/2026"},
            {"stt": 2, "noi_dung": "Thông số máy sấy bơm nhiệt", "cu": "Model SBN-500; 20 khay",
             "moi": "Model SBN-500A; 24 khay; đơn giá không đổi"},
        ],
    },
    "ngung": {
        "van_ban_de_nghi": "Đơn xin dừng thực hiện đề án ngày 02/6/2026 của Hộ kinh doanh Trung Tuấn",
        "ly_do": "Hộ kinh doanh Trung Tuấn đề nghị dừng thực hiện đề án do mặt bằng sản xuất thuộc diện "
        "thu hồi đất để thực hiện dự án giao thông, cơ sở không còn địa điểm lắp đặt máy móc thiết bị.",
        "ngay_ngung": "2026-06-20",
        "kinh_phi_da_tam_ung": 65000000,
        "kinh_phi_thu_hoi": 65000000,
        "han_thu_hoi": "2026-07-31",
    },
    "nghiem_thu": {
        "ngay": "2026-10-20",
        "gio_bat_dau": "09 giờ 00",
        "gio_ket_thuc": "11 giờ 00",
        "dia_diem": "Cơ sở sản xuất của Hộ kinh doanh Trung Tuấn, thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
        "thanh_phan": [
            {"ho_ten": "Huỳnh Thị Mai", "chuc_vu": "Phó Giám đốc", "don_vi": "Trung tâm Khuyến công và Tư vấn "
             "phát triển công nghiệp Khánh Hòa"},
            {"ho_ten": "Đặng Quốc Bảo", "chuc_vu": "Chuyên viên Phòng Quản lý công nghiệp", "don_vi": "Sở Công Thương"},
            {"ho_ten": "Lê Thị Hạnh", "chuc_vu": "Công chức Kinh tế", "don_vi": "Ủy ban nhân dân xã Phước Thuận"},
            {"ho_ten": "Nguyễn Trung Tuấn", "chuc_vu": "Chủ hộ kinh doanh", "don_vi": "Hộ kinh doanh Trung Tuấn"},
        ],
        "hang_muc": [
            {"stt": 1, "ten": "Máy sấy bơm nhiệt SBN-500A", "xuat_xu": "Việt Nam", "so_luong_duyet": 1,
             "so_luong_thuc_te": 1, "gia_tri_duyet": 185000000, "gia_tri_nghiem_thu": 185000000,
             "lap_dat": True, "van_hanh": True},
            {"stt": 2, "ten": "Máy rửa quả băng tải sục khí", "xuat_xu": "Việt Nam", "so_luong_duyet": 1,
             "so_luong_thuc_te": 1, "gia_tri_duyet": 45000000, "gia_tri_nghiem_thu": 45000000,
             "lap_dat": True, "van_hanh": True},
            {"stt": 3, "ten": "Máy đóng gói hút chân không DZ-600/2S", "xuat_xu": "Trung Quốc", "so_luong_duyet": 1,
             "so_luong_thuc_te": 1, "gia_tri_duyet": 38000000, "gia_tri_nghiem_thu": 38000000,
             "lap_dat": True, "van_hanh": True},
            {"stt": 4, "ten": "Máy tách hạt táo bán tự động", "xuat_xu": "Việt Nam", "so_luong_duyet": 2,
             "so_luong_thuc_te": 2, "gia_tri_duyet": 22000000, "gia_tri_nghiem_thu": 22000000,
             "lap_dat": True, "van_hanh": True},
        ],
        "ho_so_kiem_tra": [
            "Hợp đồng mua bán máy móc thiết bị số 12/2026/HĐMB ngày 15/4/2026 và biên bản bàn giao;",
            "Hóa đơn giá trị gia tăng, chứng từ thanh toán;",
            "Giấy chứng nhận xuất xứ (CO), chất lượng (CQ) của máy đóng gói nhập khẩu.",
        ],
        "ket_qua": "Máy móc thiết bị đã được lắp đặt đồng bộ, vận hành ổn định; công suất đạt 55 tấn sản "
        "phẩm/năm; cơ sở tuyển thêm 6 lao động.",
        "ket_luan": "Đề án thực hiện đúng nội dung, tiến độ được phê duyệt.",
        "dat": True,
        "gia_tri_nghiem_thu": 290000000,
        "kinh_phi_ho_tro": 130000000,
        "kien_nghi": [
            "Cơ sở sử dụng, bảo quản máy móc thiết bị đúng mục đích tối thiểu 05 năm;",
            "Gắn biển thông tin đề án khuyến công tại khu vực đặt máy móc thiết bị.",
        ],
        "dai_dien_don_vi": {"ho_ten": "Huỳnh Thị Mai", "chuc_vu": "Phó Giám đốc", "don_vi": "Trung tâm Khuyến công "
                            "và Tư vấn phát triển công nghiệp Khánh Hòa"},
        "dai_dien_sct": {"ho_ten": "Đặng Quốc Bảo", "chuc_vu": "Chuyên viên Phòng Quản lý công nghiệp",
                         "don_vi": "Sở Công Thương tỉnh Khánh Hòa", "dong": ["SỞ CÔNG THƯƠNG", "TỈNH KHÁNH HÒA"]},
        "dai_dien_xa": {"ho_ten": "Lê Thị Hạnh", "chuc_vu": "Công chức Kinh tế", "don_vi": "Ủy ban nhân dân xã Phước Thuận",
                        "dong": ["ỦY BAN NHÂN DÂN", "XÃ PHƯỚC THUẬN"]},
        "dai_dien_co_so": {"ho_ten": "Nguyễn Trung Tuấn", "chuc_vu": "Chủ hộ kinh doanh",
                           "don_vi": "Hộ kinh doanh Trung Tuấn"},
        "dieu_chinh": [{"so": "210/QĐ-UBND", "ngay": "2026-08-12", "co_quan": "Ủy ban nhân dân tỉnh Khánh Hòa"}],
        "da_tam_ung": 65000000,
        "con_duoc_thanh_toan": 65000000,
        "phai_nop_tra": 0,
        "so_bien_ban": "15/BB-TTKC",
    },
    "thanh_ly": {
        "ngay": "2026-10-30",
        "dia_diem": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa",
        "ben_a": dict(_TTKC),
        "ben_a_khi_ky": "",
        "khoi_luong": "Bên B đã hoàn thành đầu tư, lắp đặt và đưa vào vận hành đầy đủ 04 hạng mục máy móc "
        "thiết bị theo Hợp đồng; đề án đã được nghiệm thu đạt yêu cầu.",
        "gia_tri_hop_dong": 130000000,
        "gia_tri_nghiem_thu": 130000000,
        "da_tam_ung": 65000000,
        "con_phai_thanh_toan": 65000000,
        "phai_thu_hoi": 0,
        "so_ngay": 10,
    },
    "quyet_toan": {
        "chi_tiet": [
            {"stt": 1, "noi_dung": "Hỗ trợ máy móc thiết bị - Hộ kinh doanh Trung Tuấn", "du_toan": 130000000,
             "da_cap": 130000000, "de_nghi": 130000000, "chenh_lech": 0},
        ],
        "tong_du_toan": 130000000,
        "tong_da_cap": 130000000,
        "da_tam_ung": 65000000, "da_thanh_toan": 65000000, "da_thu_hoi": 0,
        "dieu_chinh": ["Quyết định số 210/QĐ-UBND ngày 15 tháng 7 năm 2026 của Ủy ban nhân dân tỉnh Khánh Hòa"],
        "tong_de_nghi": 130000000,
        "tong_chenh_lech": 0,
        "thuyet_minh": "Đề án hoàn thành đúng nội dung, khối lượng được phê duyệt và điều chỉnh; kinh phí "
        "khuyến công được sử dụng đúng mục đích, đúng chế độ; không phát sinh kinh phí phải thu hồi.",
        "chung_tu": [
            "Quyết định phê duyệt đề án số 125/QĐ-UBND ngày 20/3/2026 và Quyết định điều chỉnh;",
            "Hợp đồng số 05/2026/HĐ-TTKC ngày 27/3/2026 và Biên bản thanh lý hợp đồng;",
            "Biên bản nghiệm thu số 15/BB-TTKC ngày 20/10/2026;",
            "Bảng kê chứng từ chi, hóa đơn, chứng từ thanh toán.",
        ],
    },
    "duyet_quyet_toan": {
        "hop_dong": "Hợp đồng số 05/2026/HĐ-TTKC ngày 27 tháng 3 năm 2026",
        "thanh_ly": "Biên bản thanh lý hợp đồng số 16/BB-TTKC ngày 30 tháng 10 năm 2026",
        "dieu_chinh": ["Quyết định số 210/QĐ-UBND ngày 15 tháng 7 năm 2026 của Ủy ban nhân dân tỉnh Khánh Hòa"],
        "du_toan": 130000000,
        "da_tam_ung": 65000000,
        "da_thanh_toan": 65000000,
        "da_thu_hoi": 0,
        "da_cap": 130000000,
        "quyet_toan": 130000000,
        "con_phai_cap": 0,
        "phai_thu_hoi": 0,
    },
}

_MEMBERS = [
    ("Ông", "Trần Minh Quang", "Phó Giám đốc", "Sở Công Thương", "Chủ tịch Hội đồng",
     [19, 14, 22, 17, 17], "Đề án cần thiết, thiết bị phù hợp quy mô sản xuất."),
    ("Bà", "Phạm Thị Thu Hà", "Trưởng phòng Quản lý công nghiệp", "Sở Công Thương", "Phó Chủ tịch Hội đồng",
     [20, 13, 21, 16, 17], "Thống nhất mức hỗ trợ đề nghị."),
    ("Ông", "Võ Văn Nam", "Phó Trưởng phòng Tài chính hành chính sự nghiệp", "Sở Tài chính", "Ủy viên",
     [19, 13, 20, 16, 16], "Đề nghị bổ sung báo giá thứ ba của máy sấy."),
    ("Bà", "Nguyễn Thị Lan", "Phó Trưởng phòng Quản lý công nghệ", "Sở Khoa học và Công nghệ", "Ủy viên",
     [20, 14, 21, 17, 17], "Công nghệ sấy bơm nhiệt tiết kiệm năng lượng, phù hợp."),
    ("Ông", "Đặng Quốc Bảo", "Chuyên viên Phòng Quản lý công nghiệp", "Sở Công Thương", "Ủy viên, Thư ký",
     [20, 13, 21, 17, 17], "Hồ sơ đầy đủ sau khi bổ sung."),
]


def _members():
    crit = BASE["tham_dinh"]["tieu_chi"]
    out = []
    for i, (xung, name, pos, unit, role, scores, note) in enumerate(_MEMBERS, start=1):
        out.append({
            "stt": i,
            "danh_xung": xung,
            "ho_ten": name,
            "chuc_vu": pos,
            "don_vi": unit,
            "vai_tro": role,
            "danh_gia": {
                "tieu_chi": [
                    {"stt": c["stt"], "ten": c["ten"], "diem_toi_da": c["diem_toi_da"], "diem": s, "dat": True,
                     "ghi_chu": ""}
                    for c, s in zip(crit, scores, strict=True)
                ],
                "tong_diem_toi_da": 100,
                "tong_diem": sum(scores),
                "nhan_xet": note,
                "kinh_phi_de_nghi": 130000000,
                "ket_luan": "Đạt",
            },
        })
    return out


BASE["hoi_dong"]["thanh_vien"] = _members()
BASE["tham_dinh"]["co_mat"] = [
    {"ho_ten": m["ho_ten"], "chuc_vu": m["chuc_vu"] + ", " + m["don_vi"], "vai_tro": m["vai_tro"]}
    for m in BASE["hoi_dong"]["thanh_vien"] if m["ho_ten"] != "Nguyễn Thị Lan"
]

KY_GIAM_DOC_SCT = {"dong": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "ho_ten": "Trần Minh Quang"}
KY_UBND = {"dong": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "ho_ten": "Nguyễn Văn Thắng"}
KY_TTKC = {"dong": ["GIÁM ĐỐC"], "ho_ten": "Lê Văn Hùng"}


def base() -> dict:
    return copy.deepcopy(BASE)


# ---- plan level (issue 6): a batch of three đề án in two content groups, Trung Tuấn first

_G1 = "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ và ứng dụng máy móc thiết bị tiên tiến"
_G2 = "Hỗ trợ xử lý ô nhiễm môi trường tại cơ sở công nghiệp nông thôn"
DANH_MUC = [
    {"so_la_ma": "I", "ten": _G1, "so_de_an": 2, "tong": 665_000_000, "ho_tro": 310_000_000, "doi_ung": 355_000_000,
     "de_an": [
         {"stt": 1, "ma": "KC-2026-001", "ten": "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến táo sấy",
          "co_so": "Hộ kinh doanh Trung Tuấn", "dia_diem": "thôn Thuận Hòa, xã Phước Thuận, tỉnh Khánh Hòa",
          "thoi_gian": "03/2026 - 11/2026", "tong": 290_000_000, "ho_tro": 130_000_000, "doi_ung": 160_000_000},
         {"stt": 2, "ma": "KC-2026-002", "ten": "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất cơ khí nông cụ",
          "co_so": "Công ty TNHH Cơ khí Thành Công", "dia_diem": "thôn Phước Lợi, xã Cam Lâm, tỉnh Khánh Hòa",
          "thoi_gian": "04/2026 - 12/2026", "tong": 375_000_000, "ho_tro": 180_000_000, "doi_ung": 195_000_000},
     ]},
    {"so_la_ma": "II", "ten": _G2, "so_de_an": 1, "tong": 176_000_000, "ho_tro": 50_000_000, "doi_ung": 126_000_000,
     "de_an": [
         {"stt": 3, "ma": "KC-2026-003",
          "ten": "Hỗ trợ sửa chữa, nâng cấp hệ thống xử lý nước thải cơ sở chế biến tinh bột",
          "co_so": "Tổ hợp tác chế biến tinh bột Diên Lâm", "dia_diem": "thôn Lâm Thạnh, xã Diên Lâm, tỉnh Khánh Hòa",
          "thoi_gian": "06/2026 - 12/2026", "tong": 176_000_000, "ho_tro": 50_000_000, "doi_ung": 126_000_000},
     ]},
]
KE_HOACH = {
    "nam": 2026, "ten": "Kế hoạch khuyến công địa phương năm 2026", "dot": " (đợt 1)",
    "chuong_trinh": "Chương trình khuyến công tỉnh Khánh Hòa giai đoạn 2026-2030",
    "du_toan": 5_600_000_000, "so_ho_so": 4, "so_de_an": 3,
    "tong": 841_000_000, "ho_tro": 360_000_000, "doi_ung": 481_000_000,
}
BAO_CAO = {
    "ky": "6 tháng đầu năm 2025", "nam": 2025, "den_ngay": "2025-06-30", "so_de_an": 12,
    "du_toan": 5_200_000_000,
    "nhom": [
        {"stt": 1, "ten": _G1, "so_de_an": 9, "phe_duyet": 1_560_000_000, "hop_dong": 1_560_000_000,
         "giai_ngan": 780_000_000, "quyet_toan": 0, "ty_le": "50,00"},
        {"stt": 2, "ten": _G2, "so_de_an": 3, "phe_duyet": 420_000_000, "hop_dong": 300_000_000,
         "giai_ngan": 150_000_000, "quyet_toan": 0, "ty_le": "35,71"},
    ],
    "tong": {"phe_duyet": 1_980_000_000, "hop_dong": 1_860_000_000, "giai_ngan": 930_000_000, "quyet_toan": 0,
             "ty_le": "46,97"},
    "ty_le_giai_ngan": "17,88",
    "chuong_trinh": {"ten": "Chương trình khuyến công tỉnh Khánh Hòa giai đoạn 2021-2025",
                     "kinh_phi": 83_300_000_000, "phe_duyet": 61_250_000_000, "giai_ngan": 52_400_000_000,
                     "ty_le": "62,91"},
    "danh_gia": ["Các đề án được triển khai đúng tiến độ; Hộ kinh doanh Trung Tuấn đã đưa lò sấy vào vận hành.",
                 "Tỷ lệ giải ngân còn thấp do phần lớn đề án nghiệm thu vào quý IV."],
    "kien_nghi": ["Đề nghị Sở Tài chính sớm cấp kinh phí đợt 2 để tạm ứng cho các đề án đã ký hợp đồng."],
}
