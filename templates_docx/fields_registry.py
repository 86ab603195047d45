"""The one registry of template context keys: path -> (type, meaning in Vietnamese, nullable).

`build_templates.py` refuses to build a template that uses a key missing here, writes each
manifest's [[fields]] from it and generates FIELDS.md from it. Paths: "a.b" for nested objects,
"a[].b" for the fields of the items of list "a".
nullable=True: the key must be present but may be null / "" / [] (e.g. dates of a draft).
"""

from __future__ import annotations

F = []


def f(path, typ, desc, nullable=False):
    F.append((path, typ, desc, nullable))


# ---- chung (mọi văn bản)
f("co_quan.ten_chu_quan", "text", "Tên cơ quan chủ quản của cơ quan ban hành văn bản này, IN HOA (ô 2 dòng trên, "
  "chữ đứng không đậm); rỗng khi không có (UBND tỉnh)", True)
f("co_quan.ten", "text", "Tên cơ quan, tổ chức ban hành văn bản này, IN HOA (in đậm ở ô 2); được dùng \"\\n\" để "
  "ngắt dòng như \"ỦY BAN NHÂN DÂN\\nTỈNH KHÁNH HÒA\"")
f("co_quan.ten_day_du", "text", "Tên cơ quan ban hành viết thường (chữ hoa đầu tiếng theo Phụ lục II) để dùng trong "
  "câu văn, ví dụ \"Sở Công Thương tỉnh Khánh Hòa\"")
f("co_quan.viet_tat", "text", "Chữ viết tắt tên cơ quan ban hành (dùng trong số, ký hiệu)", True)
f("co_quan.dia_danh", "text", "Địa danh ghi ở dòng địa danh, ngày tháng (tên tỉnh đối với cơ quan cấp tỉnh)")
f("so_ky_hieu", "text", "Dòng số, ký hiệu đã định dạng, gồm cả \"Số:\"; bản dự thảo để trống số "
  "(\"Số:      /QĐ-SCT\"); rỗng với văn bản không có số (đề án, phiếu)", True)
f("dia_danh_ngay", "text", "Dòng địa danh, ngày tháng năm đã định dạng (ô 4); bản dự thảo để trống ngày, tháng")
f("ngay_ban_hanh", "date", "Ngày ban hành (ISO); null khi còn là dự thảo", True)
f("trich_yeu", "text", "Trích yếu nội dung văn bản (dòng dưới tên loại văn bản, in đậm)")
f("tham_quyen", "text", "Dòng thẩm quyền ban hành quyết định, IN HOA (\"GIÁM ĐỐC SỞ CÔNG THƯƠNG\", \"ỦY BAN NHÂN "
  "DÂN TỈNH KHÁNH HÒA\", \"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …\")")
f("can_cu", "list", "Các dòng căn cứ ban hành (mỗi phần tử một dòng, kết thúc bằng \";\", dòng cuối bằng \".\"); "
  "có thể gồm dòng \"Theo đề nghị của …\" ở cuối")
f("kinh_gui", "list", "Nơi gửi đến (\"Kính gửi:\"); một phần tử thì in trên cùng dòng, nhiều phần tử thì mỗi "
  "phần tử một dòng có gạch đầu dòng")
f("ky.dong", "list", "Các dòng quyền hạn, chức vụ người ký, IN HOA (ví dụ [\"TM. ỦY BAN NHÂN DÂN\", \"KT. CHỦ "
  "TỊCH\", \"PHÓ CHỦ TỊCH\"])")
f("ky.ho_ten", "text", "Họ và tên người ký (không ghi học hàm, học vị)")
f("noi_nhan", "list", "Các dòng \"Nơi nhận\", mỗi dòng bắt đầu bằng \"- \" và kết thúc bằng \";\", dòng cuối "
  "\"- Lưu: VT, …\"")
f("thi_hanh", "text", "Các cơ quan, cá nhân chịu trách nhiệm thi hành quyết định (Điều cuối của quyết định)")
f("lien_he", "text", "Thông tin người liên hệ (họ tên, chức vụ, điện thoại)")
f("ho_so_kem_theo", "list", "Danh mục hồ sơ, tài liệu gửi kèm")

# ---- đề án
f("de_an.ma", "text", "Mã đề án trong hệ thống")
f("de_an.ten", "text", "Tên đề án khuyến công")
f("de_an.nhom_noi_dung", "text", "Nhóm nội dung hoạt động khuyến công (theo Nghị định 45/2012/NĐ-CP, được sửa đổi)")
f("de_an.noi_dung", "text", "Nội dung chính, quy mô của đề án")
f("de_an.su_can_thiet", "text", "Sự cần thiết thực hiện đề án")
f("de_an.muc_tieu", "text", "Mục tiêu của đề án")
f("de_an.ket_qua_du_kien", "text", "Kết quả, sản phẩm dự kiến")
f("de_an.hieu_qua", "text", "Hiệu quả kinh tế - xã hội, môi trường dự kiến")
f("de_an.to_chuc_thuc_hien", "text", "Phương án tổ chức thực hiện")
f("de_an.don_vi_phoi_hop", "text", "Đơn vị phối hợp thực hiện", True)
f("de_an.dia_diem", "text", "Địa điểm thực hiện (xã/phường, tỉnh; không ghi huyện)")
f("de_an.ngay_bat_dau", "date", "Ngày bắt đầu thực hiện (ISO)", True)
f("de_an.ngay_ket_thuc", "date", "Ngày kết thúc thực hiện (ISO)", True)
f("de_an.nguon_kinh_phi", "text", "Nguồn kinh phí")
f("de_an.nam", "int", "Năm kế hoạch")
f("de_an.dot", "int", "Đợt phê duyệt trong năm", True)
f("de_an.so_qd_phe_duyet", "text", "Số, ký hiệu quyết định phê duyệt đề án (\"125/QĐ-UBND\")", True)
f("de_an.ngay_qd_phe_duyet", "date", "Ngày quyết định phê duyệt đề án (ISO)", True)

# ---- cơ sở thụ hưởng
f("co_so.ten", "text", "Tên cơ sở công nghiệp nông thôn thụ hưởng")
f("co_so.loai_hinh", "text", "Loại hình (Hộ kinh doanh, Doanh nghiệp nhỏ và vừa, Hợp tác xã …)")
f("co_so.ma_so_thue", "text", "Mã số thuế")
f("co_so.so_dkkd", "text", "Số giấy chứng nhận đăng ký kinh doanh/doanh nghiệp/hợp tác xã")
f("co_so.ngay_dkkd", "date", "Ngày cấp đăng ký kinh doanh (ISO)", True)
f("co_so.noi_cap_dkkd", "text", "Cơ quan cấp đăng ký kinh doanh", True)
f("co_so.dai_dien", "text", "Họ tên người đại diện theo pháp luật / chủ hộ")
f("co_so.chuc_vu_dai_dien", "text", "Chức vụ người đại diện")
f("co_so.dia_chi", "text", "Địa chỉ (thôn, xã/phường, tỉnh)")
f("co_so.dien_thoai", "text", "Điện thoại", True)
f("co_so.nganh_nghe", "text", "Ngành nghề sản xuất, kinh doanh")
f("co_so.san_pham", "text", "Sản phẩm chính")
f("co_so.so_lao_dong", "int", "Số lao động hiện có")
f("co_so.nang_luc", "text", "Năng lực sản xuất hiện tại (nhà xưởng, thiết bị, công suất, doanh thu)")

# ---- đơn vị thực hiện
f("don_vi_thuc_hien.ten", "text", "Tên đơn vị thực hiện (chủ trì) đề án")
f("don_vi_thuc_hien.dia_chi", "text", "Địa chỉ đơn vị thực hiện")
f("don_vi_thuc_hien.dien_thoai", "text", "Điện thoại", True)
f("don_vi_thuc_hien.ma_so_thue", "text", "Mã số thuế / mã quan hệ ngân sách", True)
f("don_vi_thuc_hien.tai_khoan", "text", "Số tài khoản", True)
f("don_vi_thuc_hien.noi_mo_tai_khoan", "text", "Nơi mở tài khoản (Kho bạc/Ngân hàng)", True)
f("don_vi_thuc_hien.dai_dien", "text", "Người đại diện")
f("don_vi_thuc_hien.chuc_vu", "text", "Chức vụ người đại diện")

# ---- hạng mục máy móc thiết bị
f("hang_muc", "list", "Danh mục máy móc thiết bị của đề án (mỗi phần tử một dòng bảng)")
f("hang_muc[].stt", "int", "Số thứ tự")
f("hang_muc[].ten", "text", "Tên máy móc, thiết bị")
f("hang_muc[].thong_so", "text", "Thông số kỹ thuật chính (model, công suất …)")
f("hang_muc[].xuat_xu", "text", "Xuất xứ")
f("hang_muc[].so_luong", "int", "Số lượng")
f("hang_muc[].don_vi_tinh", "text", "Đơn vị tính")
f("hang_muc[].don_gia", "money", "Đơn giá (đồng)")
f("hang_muc[].thanh_tien", "money", "Thành tiền (đồng)")

# ---- kinh phí
f("kinh_phi.tong", "money", "Tổng kinh phí thực hiện đề án (đồng)")
f("kinh_phi.ho_tro", "money", "Kinh phí khuyến công hỗ trợ (đồng)")
f("kinh_phi.doi_ung", "money", "Kinh phí đối ứng của cơ sở (đồng)")
f("kinh_phi.ty_le_ho_tro", "percent", "Tỷ lệ kinh phí hỗ trợ, đã định dạng (\"44,82\")")
f("kinh_phi.ty_le_doi_ung", "percent", "Tỷ lệ kinh phí đối ứng, đã định dạng (\"55,18\")")
f("kinh_phi.chi_tiet", "list", "Dự toán chi tiết theo nội dung chi")
f("kinh_phi.chi_tiet[].stt", "int", "Số thứ tự")
f("kinh_phi.chi_tiet[].noi_dung", "text", "Nội dung chi")
f("kinh_phi.chi_tiet[].tong", "money", "Tổng kinh phí của nội dung (đồng)")
f("kinh_phi.chi_tiet[].ho_tro", "money", "Kinh phí khuyến công hỗ trợ (đồng)")
f("kinh_phi.chi_tiet[].doi_ung", "money", "Kinh phí đối ứng (đồng)")

# ---- hội đồng thẩm định
f("hoi_dong.ten", "text", "Tên Hội đồng thẩm định")
f("hoi_dong.so_qd", "text", "Số, ký hiệu quyết định thành lập Hội đồng", True)
f("hoi_dong.ngay_qd", "date", "Ngày quyết định thành lập Hội đồng (ISO)", True)
f("hoi_dong.hinh_thuc", "text", "Hình thức đánh giá: \"cham_diem\" (thang 100 điểm) hoặc \"dat_khong_dat\"")
f("hoi_dong.thanh_vien", "list", "Thành viên Hội đồng (phiếu nhận xét lặp theo danh sách này, mỗi thành viên là `muc`)")
f("hoi_dong.thanh_vien[].stt", "int", "Số thứ tự")
f("hoi_dong.thanh_vien[].danh_xung", "text", "Ông/Bà")
f("hoi_dong.thanh_vien[].ho_ten", "text", "Họ và tên")
f("hoi_dong.thanh_vien[].chuc_vu", "text", "Chức vụ")
f("hoi_dong.thanh_vien[].don_vi", "text", "Cơ quan, đơn vị công tác")
f("hoi_dong.thanh_vien[].vai_tro", "text", "Chức danh trong Hội đồng (Chủ tịch, Phó Chủ tịch, Ủy viên, Thư ký)")
f("hoi_dong.thanh_vien[].danh_gia.tieu_chi", "list", "Các tiêu chí đánh giá trên phiếu của thành viên")
f("hoi_dong.thanh_vien[].danh_gia.tieu_chi[].stt", "int", "Số thứ tự tiêu chí")
f("hoi_dong.thanh_vien[].danh_gia.tieu_chi[].ten", "text", "Nội dung tiêu chí")
f("hoi_dong.thanh_vien[].danh_gia.tieu_chi[].diem_toi_da", "int", "Điểm tối đa")
f("hoi_dong.thanh_vien[].danh_gia.tieu_chi[].diem", "int", "Điểm thành viên chấm (null: phiếu trống)", True)
f("hoi_dong.thanh_vien[].danh_gia.tieu_chi[].dat", "bool", "Đạt (true) / không đạt (false) / chưa đánh giá (null)",
  True)
f("hoi_dong.thanh_vien[].danh_gia.tieu_chi[].ghi_chu", "text", "Ghi chú", True)
f("hoi_dong.thanh_vien[].danh_gia.tong_diem_toi_da", "int", "Tổng điểm tối đa (100)")
f("hoi_dong.thanh_vien[].danh_gia.tong_diem", "int", "Tổng điểm thành viên chấm (null: phiếu trống)", True)
f("hoi_dong.thanh_vien[].danh_gia.nhan_xet", "text", "Nhận xét, ý kiến khác", True)
f("hoi_dong.thanh_vien[].danh_gia.kinh_phi_de_nghi", "money", "Kinh phí thành viên đề nghị hỗ trợ (đồng)", True)
f("hoi_dong.thanh_vien[].danh_gia.ket_luan", "text", "Kết luận của thành viên (Đạt / Không đạt)", True)

# ---- cuộc họp (giấy mời, biên bản)
f("hop.gio_bat_dau", "text", "Giờ bắt đầu, đã định dạng (\"08 giờ 00\")")
f("hop.gio_ket_thuc", "text", "Giờ kết thúc, đã định dạng", True)
f("hop.ngay", "date", "Ngày họp (ISO)")
f("hop.dia_diem", "text", "Địa điểm họp")
f("hop.chu_toa.ho_ten", "text", "Họ tên chủ tọa (chủ trì)")
f("hop.chu_toa.chuc_vu", "text", "Chức vụ chủ tọa")
f("hop.thu_ky.ho_ten", "text", "Họ tên thư ký (người ghi biên bản)")
f("hop.thu_ky.chuc_vu", "text", "Chức vụ thư ký")
f("hop.thanh_phan", "list", "Thành phần mời/tham dự (mỗi phần tử một dòng)")
f("hop.noi_dung", "list", "Nội dung, chương trình cuộc họp")
f("hop.tai_lieu", "text", "Tài liệu cuộc họp", True)

# ---- kết quả thẩm định
f("tham_dinh.so_bien_ban", "text", "Số, ký hiệu biên bản họp Hội đồng thẩm định", True)
f("tham_dinh.ngay", "date", "Ngày họp thẩm định (ISO)", True)
f("tham_dinh.nguoi_trinh_bay", "text", "Người trình bày đề án tại cuộc họp")
f("tham_dinh.tong_so_thanh_vien", "int", "Tổng số thành viên Hội đồng")
f("tham_dinh.so_co_mat", "int", "Số thành viên có mặt")
f("tham_dinh.du_so_luong", "bool", "Số thành viên có mặt đủ điều kiện để họp (theo quy chế, thường ≥ 2/3)")
f("tham_dinh.co_mat", "list", "Thành viên có mặt")
f("tham_dinh.co_mat[].ho_ten", "text", "Họ và tên")
f("tham_dinh.co_mat[].chuc_vu", "text", "Chức vụ, đơn vị")
f("tham_dinh.co_mat[].vai_tro", "text", "Chức danh trong Hội đồng")
f("tham_dinh.vang_mat", "list", "Thành viên vắng mặt (có thể rỗng)", True)
f("tham_dinh.vang_mat[].ho_ten", "text", "Họ và tên")
f("tham_dinh.vang_mat[].chuc_vu", "text", "Chức vụ, đơn vị")
f("tham_dinh.vang_mat[].ly_do", "text", "Lý do vắng mặt")
f("tham_dinh.tieu_chi", "list", "Kết quả tổng hợp theo từng tiêu chí")
f("tham_dinh.tieu_chi[].stt", "int", "Số thứ tự")
f("tham_dinh.tieu_chi[].ten", "text", "Nội dung tiêu chí")
f("tham_dinh.tieu_chi[].diem_toi_da", "int", "Điểm tối đa")
f("tham_dinh.tieu_chi[].diem", "text", "Điểm bình quân, đã định dạng (\"19,50\")", True)
f("tham_dinh.tieu_chi[].so_phieu_dat", "int", "Số phiếu đánh giá đạt")
f("tham_dinh.tieu_chi[].so_phieu_khong_dat", "int", "Số phiếu đánh giá không đạt")
f("tham_dinh.tong_diem", "text", "Tổng điểm bình quân, đã định dạng (\"87,00\")", True)
f("tham_dinh.so_phieu_dat", "int", "Số phiếu kết luận đạt")
f("tham_dinh.so_phieu_khong_dat", "int", "Số phiếu kết luận không đạt")
f("tham_dinh.y_kien", "list", "Ý kiến thảo luận của thành viên Hội đồng", True)
f("tham_dinh.ket_luan", "text", "Kết luận của Hội đồng")
f("tham_dinh.dat", "bool", "Đề án đạt yêu cầu (true) hay không (false)")
f("tham_dinh.yeu_cau_chinh_sua", "list", "Nội dung yêu cầu chỉnh sửa, bổ sung (có thể rỗng)", True)
f("tham_dinh.kinh_phi_de_nghi", "money", "Kinh phí Hội đồng đề nghị hỗ trợ (đồng)")

# ---- yêu cầu bổ sung
f("bo_sung.ngay_nop_ho_so", "date", "Ngày cơ sở nộp hồ sơ (ISO)", True)
f("bo_sung.danh_sach", "list", "Danh mục hồ sơ, nội dung cần bổ sung")
f("bo_sung.han", "date", "Hạn nộp bổ sung (ISO)")

# ---- hợp đồng
f("hop_dong.so", "text", "Số hợp đồng (\"05/2026/HĐ-TTKC\")", True)
f("hop_dong.ngay", "date", "Ngày ký hợp đồng (ISO)", True)
f("hop_dong.dia_diem", "text", "Nơi ký hợp đồng")
for side, label in (("ben_a", "Bên A (bên giao, cơ quan quản lý kinh phí)"), ("ben_b", "Bên B (bên nhận hỗ trợ)")):
    f(f"hop_dong.{side}.ten", "text", f"Tên {label}")
    f(f"hop_dong.{side}.dia_chi", "text", f"Địa chỉ {label}")
    f(f"hop_dong.{side}.dien_thoai", "text", f"Điện thoại {label}", True)
    f(f"hop_dong.{side}.ma_so_thue", "text", f"Mã số thuế {label}", True)
    f(f"hop_dong.{side}.tai_khoan", "text", f"Số tài khoản {label}", True)
    f(f"hop_dong.{side}.noi_mo_tai_khoan", "text", f"Nơi mở tài khoản {label}", True)
    f(f"hop_dong.{side}.dai_dien", "text", f"Người đại diện {label}")
    f(f"hop_dong.{side}.chuc_vu", "text", f"Chức vụ người đại diện {label}")
f("hop_dong.ty_le_tam_ung", "percent", "Tỷ lệ tạm ứng trên kinh phí hỗ trợ, đã định dạng (\"50\")")
f("hop_dong.tam_ung", "money", "Số tiền tạm ứng (đồng)")
f("hop_dong.so_nam_su_dung", "int", "Số năm tối thiểu cơ sở cam kết sử dụng máy móc thiết bị")
f("hop_dong.so_ban", "text", "Số bản hợp đồng (\"04 (bốn)\")")
f("hop_dong.so_ban_moi_ben", "text", "Số bản mỗi bên giữ (\"02 (hai)\")")

# ---- kiểm tra
f("kiem_tra.ngay", "date", "Ngày kiểm tra (ISO)")
f("kiem_tra.gio_bat_dau", "text", "Giờ bắt đầu (\"14 giờ 00\")")
f("kiem_tra.gio_ket_thuc", "text", "Giờ kết thúc", True)
f("kiem_tra.dia_diem", "text", "Địa điểm kiểm tra")
f("kiem_tra.doan", "list", "Thành viên đoàn kiểm tra")
f("kiem_tra.doan[].ho_ten", "text", "Họ và tên")
f("kiem_tra.doan[].chuc_vu", "text", "Chức vụ")
f("kiem_tra.doan[].don_vi", "text", "Đơn vị")
f("kiem_tra.doan[].vai_tro", "text", "Vai trò trong đoàn")
f("kiem_tra.truong_doan.ho_ten", "text", "Họ tên trưởng đoàn kiểm tra (ký biên bản)")
f("kiem_tra.noi_dung", "list", "Nội dung kiểm tra")
f("kiem_tra.ket_qua", "list", "Kết quả kiểm tra (các phát hiện)")
f("kiem_tra.kien_nghi", "list", "Kiến nghị, yêu cầu", True)
f("kiem_tra.han", "date", "Thời hạn thực hiện kiến nghị (ISO)", True)

# ---- điều chỉnh
f("dieu_chinh.van_ban_de_nghi", "text", "Văn bản đề nghị điều chỉnh (số, ngày, cơ quan)")
f("dieu_chinh.ly_do", "text", "Lý do điều chỉnh")
f("dieu_chinh.thay_doi", "list", "Các nội dung điều chỉnh")
f("dieu_chinh.thay_doi[].stt", "int", "Số thứ tự")
f("dieu_chinh.thay_doi[].noi_dung", "text", "Nội dung điều chỉnh")
f("dieu_chinh.thay_doi[].cu", "text", "Nội dung đã được phê duyệt")
f("dieu_chinh.thay_doi[].moi", "text", "Nội dung điều chỉnh")

# ---- ngừng thực hiện
f("ngung.van_ban_de_nghi", "text", "Văn bản đề nghị dừng (số, ngày, cơ quan/cơ sở)")
f("ngung.ly_do", "text", "Lý do ngừng thực hiện")
f("ngung.ngay_ngung", "date", "Ngày ngừng thực hiện (ISO)", True)
f("ngung.kinh_phi_da_tam_ung", "money", "Kinh phí khuyến công đã tạm ứng (đồng)")
f("ngung.kinh_phi_thu_hoi", "money", "Kinh phí phải thu hồi, nộp trả ngân sách (đồng)")
f("ngung.han_thu_hoi", "date", "Hạn nộp trả kinh phí (ISO)", True)

# ---- nghiệm thu
f("nghiem_thu.so_bien_ban", "text", "Số, ký hiệu biên bản nghiệm thu", True)
f("nghiem_thu.ngay", "date", "Ngày nghiệm thu (ISO)")
f("nghiem_thu.gio_bat_dau", "text", "Giờ bắt đầu")
f("nghiem_thu.gio_ket_thuc", "text", "Giờ kết thúc", True)
f("nghiem_thu.dia_diem", "text", "Địa điểm nghiệm thu")
f("nghiem_thu.thanh_phan", "list", "Thành phần tham gia nghiệm thu")
f("nghiem_thu.thanh_phan[].ho_ten", "text", "Họ và tên")
f("nghiem_thu.thanh_phan[].chuc_vu", "text", "Chức vụ")
f("nghiem_thu.thanh_phan[].don_vi", "text", "Đơn vị")
f("nghiem_thu.hang_muc", "list", "Máy móc thiết bị kiểm tra so với danh mục được duyệt")
f("nghiem_thu.hang_muc[].stt", "int", "Số thứ tự")
f("nghiem_thu.hang_muc[].ten", "text", "Tên, model máy móc thiết bị")
f("nghiem_thu.hang_muc[].xuat_xu", "text", "Xuất xứ")
f("nghiem_thu.hang_muc[].so_luong_duyet", "int", "Số lượng theo đề án được duyệt")
f("nghiem_thu.hang_muc[].so_luong_thuc_te", "int", "Số lượng thực tế")
f("nghiem_thu.hang_muc[].gia_tri_duyet", "money", "Giá trị được duyệt (đồng)")
f("nghiem_thu.hang_muc[].gia_tri_nghiem_thu", "money", "Giá trị nghiệm thu (đồng)")
f("nghiem_thu.hang_muc[].lap_dat", "bool", "Đã lắp đặt")
f("nghiem_thu.hang_muc[].van_hanh", "bool", "Đang vận hành")
f("nghiem_thu.ho_so_kiem_tra", "list", "Hồ sơ, chứng từ đã kiểm tra")
f("nghiem_thu.ket_qua", "text", "Kết quả đạt được (sản lượng, lao động …)")
f("nghiem_thu.ket_luan", "text", "Kết luận (\"Đạt\" / \"Không đạt\")")
f("nghiem_thu.dat", "bool", "Nghiệm thu đạt (true) hay không (false)")
f("nghiem_thu.gia_tri_nghiem_thu", "money", "Tổng giá trị máy móc thiết bị được nghiệm thu (đồng)")
f("nghiem_thu.kinh_phi_ho_tro", "money", "Kinh phí khuyến công được thanh toán (đồng)")
f("nghiem_thu.kien_nghi", "list", "Kiến nghị", True)
f("nghiem_thu.dai_dien_xa.don_vi", "text", "Tên UBND xã/phường tham gia nghiệm thu")
f("nghiem_thu.dai_dien_xa.ho_ten", "text", "Họ tên đại diện UBND xã/phường")
f("nghiem_thu.dai_dien_sct.don_vi", "text", "Tên cơ quan quản lý (Sở Công Thương)")
f("nghiem_thu.dai_dien_sct.ho_ten", "text", "Họ tên đại diện cơ quan quản lý")

# ---- thanh lý
f("thanh_ly.ngay", "date", "Ngày lập biên bản thanh lý (ISO)", True)
f("thanh_ly.dia_diem", "text", "Nơi lập biên bản thanh lý")
f("thanh_ly.khoi_luong", "text", "Khối lượng công việc đã hoàn thành")
f("thanh_ly.gia_tri_hop_dong", "money", "Giá trị hợp đồng (kinh phí hỗ trợ theo hợp đồng, đồng)")
f("thanh_ly.gia_tri_nghiem_thu", "money", "Giá trị được nghiệm thu, thanh toán (đồng)")
f("thanh_ly.da_tam_ung", "money", "Số đã tạm ứng (đồng)")
f("thanh_ly.con_phai_thanh_toan", "money", "Số Bên A còn phải thanh toán (đồng; 0 nếu không còn)")
f("thanh_ly.phai_thu_hoi", "money", "Số Bên B phải nộp trả (đồng; 0 nếu không có)")

# ---- quyết toán
f("quyet_toan.chi_tiet", "list", "Các dòng báo cáo quyết toán")
f("quyet_toan.chi_tiet[].stt", "int", "Số thứ tự")
f("quyet_toan.chi_tiet[].noi_dung", "text", "Nội dung chi")
f("quyet_toan.chi_tiet[].du_toan", "money", "Dự toán được duyệt (đồng)")
f("quyet_toan.chi_tiet[].da_tam_ung", "money", "Kinh phí đã tạm ứng (đồng)")
f("quyet_toan.chi_tiet[].de_nghi", "money", "Đề nghị quyết toán (đồng)")
f("quyet_toan.chi_tiet[].chenh_lech", "money", "Chênh lệch = dự toán - đề nghị quyết toán (đồng)")
f("quyet_toan.tong_du_toan", "money", "Tổng dự toán được duyệt (đồng)")
f("quyet_toan.tong_da_tam_ung", "money", "Tổng đã tạm ứng (đồng)")
f("quyet_toan.tong_de_nghi", "money", "Tổng đề nghị quyết toán (đồng)")
f("quyet_toan.tong_chenh_lech", "money", "Tổng chênh lệch (đồng)")
f("quyet_toan.thuyet_minh", "text", "Thuyết minh")
f("quyet_toan.chung_tu", "list", "Hồ sơ, chứng từ kèm theo báo cáo quyết toán")

REGISTRY = {p: (t, d, n) for p, t, d, n in F}
