"""Build the shipped Word templates (templates_docx/<id>/template.docx, manifest.toml, sample.json)
and templates_docx/FIELDS.md.

    .venv/bin/python templates_docx/build_templates.py [OUTPUT_DIR]

OUTPUT_DIR defaults to this folder. The output is deterministic: building twice gives identical
files. Layout helpers (Nghị định 30/2020/NĐ-CP) live in ndlib.py, the context keys in
fields_registry.py, the sample dossier in sample_data.py.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):  # the layout helpers beside this file; the dossier package
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import ndlib as nd  # noqa: E402
import sample_data as sd  # noqa: E402
from fields_registry import REGISTRY  # noqa: E402
from ndlib import (  # noqa: E402
    after_table,
    agency_header,
    authority_and_bases,
    ctl,
    dieu,
    dieu_with_text,
    header_row,
    heading,
    loop_lines,
    loop_rows,
    make_table,
    money_words,
    national_header_centered,
    para,
    signature_block,
    title_block,
    total_row,
    two_signatures,
)

from dossier.documents.parts import template_parts  # noqa: E402
from dossier.documents.profiles import BAN_GIAM_DOC, KHO_BAC, TRUNG_TAM, Profile  # noqa: E402
from dossier.documents.sandbox import make_environment  # noqa: E402
from dossier.documents.variables import template_reads  # noqa: E402
from workflows.table import steps_producing  # noqa: E402

TEMPLATES: dict[str, dict] = {}


def template(id_, *, title, doc_type, issuer, generated_by=None, repeat_over=None, context=None, profile=None):
    """Register a template. `generated_by` is written only for documents made outside the workflow
    ("plan", "report"); a workflow document's steps are read from workflows.table, the one place
    that says which step makes which document. `profile` (a workflow document's wording beyond the
    dossier: trích yếu, Kính gửi, Nơi nhận, Căn cứ, authority) goes into the manifest's [profile]
    table, where dossier.documents.context reads it: this entry is the one place that says it."""
    steps = [str(t) for t in steps_producing(id_)]
    if steps and generated_by:
        raise SystemExit(f"{id_}: made by the workflow steps {steps}; do not repeat generated_by here")
    if not steps and not generated_by:
        raise SystemExit(f"{id_}: no workflow step makes it (workflows/table.py) and no generated_by is given")
    if steps and profile is None:
        raise SystemExit(f"{id_}: made by the workflow steps {steps}; give it a profile=Profile(…)")

    def deco(fn):
        TEMPLATES[id_] = dict(id=id_, title=title, doc_type=doc_type, issuer=issuer,
                              generated_by=steps or generated_by, repeat_over=repeat_over, build=fn,
                              context=context or {}, profile=profile)
        return fn

    return deco


# =========================================================================== common fragments


def kinh_gui(doc):
    """'Kính gửi: X.' on one line when there is one addressee, else one dash line per addressee."""
    ctl(doc, "{%p if kinh_gui[1] is defined %}")
    para(doc, "Kính gửi:", align="center", first=0, before=12)
    loop_lines(doc, "for k in kinh_gui", ["- ", "{{ k }}", "{{ ';' if not loop.last else '.' }}"],
               left=3.0, first=0, before=0, align="left")
    ctl(doc, "{%p else %}")
    para(doc, "Kính gửi: ", "{{ kinh_gui[0] }}", ".", align="center", first=0, before=12)
    ctl(doc, "{%p endif %}")


def equipment_table(doc):
    """hang_muc: STT, tên, thông số kỹ thuật, xuất xứ, số lượng, ĐVT, đơn giá, thành tiền + total."""
    widths = [1.3, 3.0, 2.3, 1.4, 1.5, 1.4, 2.7, 2.9]  # money columns fit "210.000.000", STT "STT", on one line
    t = make_table(doc, widths)
    header_row(t, ["STT", "Tên máy móc, thiết bị", "Thông số kỹ thuật", "Xuất xứ", "Số lượng", "Đơn vị tính",
                   "Đơn giá (đồng)", "Thành tiền (đồng)"])
    loop_rows(t, "for h in hang_muc",
              ["{{ h.stt }}", "{{ h.ten }}", "{{ h.thong_so }}", "{{ h.xuat_xu }}", "{{ h.so_luong }}",
               "{{ h.don_vi_tinh }}", "{{ h.don_gia|tien }}", "{{ h.thanh_tien|tien }}"],
              ["center", "left", "left", "center", "center", "center", "right", "right"])
    total_row(t, "Tổng cộng", 7, ["{{ kinh_phi.tong|tien }}"], ["right"])
    after_table(doc)  # the heading after it keeps with its text (LibreOffice)
    return t


def budget_table(doc):
    """kinh_phi.chi_tiet: STT, nội dung chi, tổng, KC hỗ trợ, đối ứng + total."""
    t = make_table(doc, [1.1, 6.4, 3.0, 3.0, 3.0])
    header_row(t, ["STT", "Nội dung chi", "Tổng kinh phí (đồng)", "Kinh phí khuyến công hỗ trợ (đồng)",
                   "Kinh phí đối ứng (đồng)"])
    loop_rows(t, "for c in kinh_phi.chi_tiet",
              ["{{ c.stt }}", "{{ c.noi_dung }}", "{{ c.tong|tien }}", "{{ c.ho_tro|tien }}", "{{ c.doi_ung|tien }}"],
              ["center", "left", "right", "right", "right"])
    total_row(t, "Tổng cộng", 2, ["{{ kinh_phi.tong|tien }}", "{{ kinh_phi.ho_tro|tien }}",
                                   "{{ kinh_phi.doi_ung|tien }}"], ["right", "right", "right"])
    return t


def funding_lines(doc, prefix="- "):
    para(doc, prefix + "Tổng kinh phí thực hiện: ", *money_words("kinh_phi.tong"), ";")
    para(doc, "Trong đó:", first=1.27)
    para(doc, prefix + "Kinh phí khuyến công hỗ trợ: ", *money_words("kinh_phi.ho_tro"),
         ", chiếm ", "{{ kinh_phi.ty_le_ho_tro }}", "% tổng kinh phí;")
    para(doc, prefix + "Kinh phí đối ứng của cơ sở: ", *money_words("kinh_phi.doi_ung"),
         ", chiếm ", "{{ kinh_phi.ty_le_doi_ung }}", "% tổng kinh phí.")


def de_an_summary(doc, prefix="- "):
    """Per-đề án fields (used by Điều 1 of the QĐ, the Tờ trình)."""
    para(doc, prefix + "Tên đề án: ", "{{ de_an.ten }}", ".")
    para(doc, prefix + "Nội dung hoạt động khuyến công: ", "{{ de_an.nhom_noi_dung }}", ".")
    para(doc, prefix + "Đơn vị thực hiện: ", "{{ don_vi_thuc_hien.ten }}", ".")
    para(doc, prefix + "Đơn vị thụ hưởng: ", "{{ co_so.ten }}", "; địa chỉ: ", "{{ co_so.dia_chi }}", ".")
    para(doc, prefix + "Địa điểm thực hiện: ", "{{ de_an.dia_diem }}", ".")
    para(doc, prefix + "Thời gian thực hiện: từ ", "{{ de_an.ngay_bat_dau|ngay }}", " đến ",
         "{{ de_an.ngay_ket_thuc|ngay }}", ".")
    para(doc, prefix + "Nội dung, quy mô: ", "{{ de_an.noi_dung }}")
    para(doc, prefix + "Nguồn kinh phí: ", "{{ de_an.nguon_kinh_phi }}", ".")


def qd_head(doc, title="QUYẾT ĐỊNH"):
    agency_header(doc)
    title_block(doc, title, ["{{ trich_yeu }}"])
    authority_and_bases(doc)


def minutes_place_time(doc, when_runs, where):
    para(doc, *when_runs)
    para(doc, "Địa điểm: ", where, ".")


# =========================================================================== 3.1 proposal


def hand_dated(path: str) -> str:
    """The date at `path`, or a hand-fill blank when the dossier has none (a date the officer
    writes on the printed page), never the empty "ngày      tháng      năm"."""
    return "{{ " + path + "|ngay if " + path + " else 'ngày …… tháng …… năm ……' }}"


# The registration's date, or a hand-fill blank when the applicant did not give it.
REGISTERED_ON = hand_dated("co_so.ngay_dkkd")


@template("don_de_nghi_ho_tro", title="Đơn đề nghị hỗ trợ kinh phí khuyến công", doc_type="", issuer="co_so",
          context=dict(co_quan="co_so", so_ky_hieu="", dia_danh_ngay="Phước Thuận, ngày 12 tháng 01 năm 2026",
                       ngay_ban_hanh="2026-01-12",
                       trich_yeu="Về việc đề nghị hỗ trợ kinh phí khuyến công năm 2026",
                       kinh_gui=["Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa"],
                       ky={"dong": ["CHỦ HỘ KINH DOANH"], "ho_ten": "Nguyễn Trung Tuấn"}),
          profile=Profile("Về việc đề nghị hỗ trợ kinh phí khuyến công năm {nam}",
                          kinh_gui=("ttkc", "sct")))
def build_don(doc):
    national_header_centered(doc)
    para(doc, ("{{ dia_danh_ngay }}", "i"), align="right", first=0, before=6)
    title_block(doc, "ĐƠN ĐỀ NGHỊ HỖ TRỢ KINH PHÍ KHUYẾN CÔNG", ["{{ trich_yeu }}"], before=12)
    kinh_gui(doc)
    heading(doc, "1. Thông tin cơ sở đề nghị hỗ trợ")
    para(doc, "- Tên cơ sở: ", "{{ co_so.ten }}", ".")
    para(doc, "- Loại hình: ", "{{ co_so.loai_hinh }}", ".")
    para(doc, "- Giấy chứng nhận đăng ký số ", "{{ co_so.so_dkkd }}", " do ", "{{ co_so.noi_cap_dkkd }}",
         " cấp ", REGISTERED_ON, ".")
    para(doc, "- Mã số thuế: ", "{{ co_so.ma_so_thue }}", ".")
    para(doc, "- Người đại diện: ", "{{ co_so.dai_dien }}", "; chức vụ: ", "{{ co_so.chuc_vu_dai_dien }}", ".")
    para(doc, "- Địa chỉ: ", "{{ co_so.dia_chi }}", "; điện thoại: ", "{{ co_so.dien_thoai }}", ".")
    para(doc, "- Ngành nghề sản xuất: ", "{{ co_so.nganh_nghe }}", "; sản phẩm chính: ", "{{ co_so.san_pham }}", ".")
    para(doc, "- Số lao động hiện có: ", "{{ co_so.so_lao_dong }}", " người.")
    para(doc, "- Năng lực sản xuất hiện tại: ", "{{ co_so.nang_luc }}", ".")
    heading(doc, "2. Nội dung đề nghị hỗ trợ")
    para(doc, "{{ co_so.ten }}", " đề nghị được hỗ trợ kinh phí khuyến công để thực hiện đề án ", "“",
         "{{ de_an.ten }}", "”", " với nội dung: ", "{{ de_an.noi_dung }}")
    para(doc, "Địa điểm thực hiện: ", "{{ de_an.dia_diem }}", ". Thời gian thực hiện dự kiến: từ ",
         "{{ de_an.ngay_bat_dau|ngay }}", " đến ", "{{ de_an.ngay_ket_thuc|ngay }}", ".")
    para(doc, "Danh mục máy móc thiết bị và dự toán kinh phí:", keep_next=True)
    equipment_table(doc)
    heading(doc, "3. Kinh phí đề nghị hỗ trợ")
    funding_lines(doc)
    heading(doc, "4. Cam kết")
    para(doc, "{{ co_so.ten }}", " cam kết bố trí đủ kinh phí đối ứng, mặt bằng và nhân lực để thực hiện đề án; "
         "máy móc thiết bị đầu tư là máy móc mới, chưa qua sử dụng; sử dụng kinh phí hỗ trợ đúng mục đích, "
         "chịu sự kiểm tra, giám sát của cơ quan có thẩm quyền và chịu trách nhiệm trước pháp luật về tính "
         "chính xác của hồ sơ đề nghị.")
    para(doc, ("Hồ sơ gửi kèm:", "b"))
    loop_lines(doc, "for h in ho_so_kem_theo", ["- ", "{{ h }}"])
    signature_block(doc, with_recipients=False, note="(Ký, ghi rõ họ tên và đóng dấu nếu có)")


@template("de_an_khuyen_cong", title="Đề án khuyến công", doc_type="", issuer="ttkc",
          context=dict(co_quan="ttkc", so_ky_hieu="", dia_danh_ngay="Khánh Hòa, ngày 20 tháng 01 năm 2026",
                       ngay_ban_hanh="2026-01-20", trich_yeu="", ky=sd.KY_TTKC,
                       can_cu=sd.CAN_CU_KHUYEN_CONG + [
                           "Căn cứ Nghị quyết số 12/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân "
                           "tỉnh Khánh Hòa quy định nội dung, mức chi hỗ trợ hoạt động khuyến công trên địa bàn tỉnh;",
                           "Căn cứ Đơn đề nghị hỗ trợ kinh phí khuyến công ngày 12 tháng 01 năm 2026 của Hộ kinh "
                           "doanh Trung Tuấn."]),
          profile=Profile("{de_an}", legal_kind="de_an"))
def build_de_an(doc):
    agency_header(doc, number_optional=True)
    title_block(doc, "ĐỀ ÁN KHUYẾN CÔNG", ["{{ de_an.ten }}"])
    para(doc, "Mã đề án: ", "{{ de_an.ma }}", "; năm ", "{{ de_an.nam }}", ".", align="center", first=0)
    heading(doc, "I. TÊN ĐỀ ÁN, CĂN CỨ VÀ SỰ CẦN THIẾT", first=0)
    para(doc, ("1. Tên đề án: ", "b"), "{{ de_an.ten }}", ".")
    para(doc, ("2. Căn cứ xây dựng đề án", "b"))
    loop_lines(doc, "for l in can_cu", ["{{ l }}"])
    para(doc, ("3. Sự cần thiết", "b"))
    para(doc, "{{ de_an.su_can_thiet }}")
    heading(doc, "II. MỤC TIÊU", first=0)
    para(doc, "{{ de_an.muc_tieu }}")
    para(doc, "Kết quả dự kiến: ", "{{ de_an.ket_qua_du_kien }}")
    heading(doc, "III. NỘI DUNG VÀ QUY MÔ", first=0)
    para(doc, "Nội dung hoạt động khuyến công: ", "{{ de_an.nhom_noi_dung }}", ".")
    para(doc, "{{ de_an.noi_dung }}")
    para(doc, "Danh mục máy móc thiết bị:", keep_next=True)
    equipment_table(doc)
    heading(doc, "IV. ĐƠN VỊ THỰC HIỆN, ĐƠN VỊ PHỐI HỢP, ĐƠN VỊ THỤ HƯỞNG", first=0)
    para(doc, ("1. Đơn vị thực hiện: ", "b"), "{{ don_vi_thuc_hien.ten }}", "; địa chỉ: ",
         "{{ don_vi_thuc_hien.dia_chi }}", "; điện thoại: ", "{{ don_vi_thuc_hien.dien_thoai }}", ".")
    ctl(doc, "{%p if de_an.don_vi_phoi_hop %}")
    para(doc, ("2. Đơn vị phối hợp: ", "b"), "{{ de_an.don_vi_phoi_hop }}", ".")
    ctl(doc, "{%p endif %}")
    para(doc, ("{{ '3' if de_an.don_vi_phoi_hop else '2' }}", "b"), (". Đơn vị thụ hưởng: ", "b"),
         "{{ co_so.ten }}", " (", "{{ co_so.loai_hinh }}", ")")
    para(doc, "- Người đại diện: ", "{{ co_so.dai_dien }}", "; chức vụ: ", "{{ co_so.chuc_vu_dai_dien }}", ".")
    para(doc, "- Địa chỉ: ", "{{ co_so.dia_chi }}", "; điện thoại: ", "{{ co_so.dien_thoai }}", ".")
    para(doc, "- Giấy chứng nhận đăng ký số ", "{{ co_so.so_dkkd }}", " cấp ", REGISTERED_ON,
         "; mã số thuế: ", "{{ co_so.ma_so_thue }}", ".")
    para(doc, "- Ngành nghề: ", "{{ co_so.nganh_nghe }}", "; sản phẩm chính: ", "{{ co_so.san_pham }}",
         "; số lao động: ", "{{ co_so.so_lao_dong }}", " người.")
    para(doc, "- Năng lực hiện tại: ", "{{ co_so.nang_luc }}", ".")
    heading(doc, "V. ĐỊA ĐIỂM THỰC HIỆN", first=0)
    para(doc, "{{ de_an.dia_diem }}", ".")
    heading(doc, "VI. THỜI GIAN THỰC HIỆN", first=0)
    para(doc, "Từ ", "{{ de_an.ngay_bat_dau|ngay }}", " đến ", "{{ de_an.ngay_ket_thuc|ngay }}", ".")
    heading(doc, "VII. DỰ TOÁN KINH PHÍ", first=0)
    funding_lines(doc)
    para(doc, "Nguồn kinh phí: ", "{{ de_an.nguon_kinh_phi }}", ".")
    para(doc, "Dự toán chi tiết:", keep_next=True)
    budget_table(doc)
    heading(doc, "VIII. HIỆU QUẢ KINH TẾ - XÃ HỘI", first=0)
    para(doc, "{{ de_an.hieu_qua }}")
    heading(doc, "IX. TỔ CHỨC THỰC HIỆN", first=0)
    para(doc, "{{ de_an.to_chuc_thuc_hien }}")
    two_signatures(
        doc,
        [("XÁC NHẬN CỦA ĐƠN VỊ THỤ HƯỞNG", "b"), ["{{ co_so.chuc_vu_dai_dien|hoa }}"]], "{{ co_so.dai_dien }}",
        [("loop", "for d in ky.dong", "{{ d }}")], "{{ ky.ho_ten }}",
    )


# =========================================================================== 3.2 appraisal


@template("qd_thanh_lap_hoi_dong", title="Quyết định thành lập Hội đồng thẩm định đề án khuyến công",
          doc_type="QĐ", issuer="sct",
          context=dict(co_quan="sct", so_ky_hieu="Số: 45/QĐ-SCT",
                       dia_danh_ngay="Khánh Hòa, ngày 10 tháng 02 năm 2026", ngay_ban_hanh="2026-02-10",
                       trich_yeu="Về việc thành lập Hội đồng thẩm định đề án khuyến công địa phương năm 2026",
                       tham_quyen="GIÁM ĐỐC SỞ CÔNG THƯƠNG",
                       can_cu=sd.CAN_CU_KHUYEN_CONG + [
                           "Căn cứ Quyết định số 18/2025/QĐ-UBND ngày 15 tháng 7 năm 2025 của Ủy ban nhân dân "
                           "tỉnh Khánh Hòa quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Công "
                           "Thương;",
                           "Theo đề nghị của Trưởng phòng Quản lý công nghiệp."],
                       thi_hanh="Chánh Văn phòng Sở, Trưởng phòng Quản lý công nghiệp, Giám đốc Trung tâm Khuyến "
                       "công và Tư vấn phát triển công nghiệp Khánh Hòa và các thành viên có tên tại Điều 1",
                       ky=sd.KY_GIAM_DOC_SCT,
                       noi_nhan=["- Như Điều 3;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, QLCN."]),
          profile=Profile(
              "Về việc thành lập Hội đồng thẩm định đề án khuyến công địa phương năm {nam}",
              legal_kind="qd_thanh_lap_hoi_dong", tham_quyen="sct",
              recipients=("Như Điều 3", BAN_GIAM_DOC, "Các thành viên Hội đồng"),
              proposal="Theo đề nghị của Trưởng phòng Quản lý công nghiệp", executes="sct"))
def build_qd_thanh_lap(doc):
    qd_head(doc)
    dieu(doc, 1, "Thành lập ", "{{ hoi_dong.ten }}", " để thẩm định đề án ", "“", "{{ de_an.ten }}", "”",
         ", gồm các thành viên có tên sau:")
    t = make_table(doc, [1.1, 4.4, 7.2, 3.8])
    header_row(t, ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Chức danh trong Hội đồng"])
    loop_rows(t, "for t in hoi_dong.thanh_vien",
              ["{{ t.stt }}", ["{{ t.danh_xung ~ ' ' if t.danh_xung else '' }}", "{{ t.ho_ten }}"], ["{{ t.chuc_vu }}", ", ", "{{ t.don_vi }}"],
               "{{ t.vai_tro }}"],
              ["center", "left", "left", "left"])
    dieu(doc, 2, "Hội đồng có nhiệm vụ thẩm định sự cần thiết, tính phù hợp, tính khả thi, hiệu quả và dự toán "
         "kinh phí của đề án; đánh giá theo các tiêu chí quy định, lập biên bản và đề xuất mức kinh phí hỗ trợ, "
         "báo cáo Giám đốc Sở Công Thương. Thư ký Hội đồng chuẩn bị hồ sơ, tài liệu và ghi biên bản cuộc họp. "
         "Hội đồng tự giải thể sau khi hoàn thành nhiệm vụ.")
    dieu(doc, 3, "Quyết định này có hiệu lực kể từ ngày ký. ", "{{ thi_hanh }}", " chịu trách nhiệm thi hành "
         "Quyết định này./.")
    signature_block(doc)


@template("giay_moi_hop_hoi_dong", title="Giấy mời họp Hội đồng thẩm định", doc_type="GM", issuer="sct",
          context=dict(co_quan="sct", so_ky_hieu="Số: 52/GM-SCT", dia_danh_ngay="Khánh Hòa, ngày 12 tháng 02 năm 2026",
                       ngay_ban_hanh="2026-02-12",
                       trich_yeu="Họp Hội đồng thẩm định đề án khuyến công địa phương năm 2026",
                       kinh_gui=["Các thành viên Hội đồng thẩm định đề án khuyến công địa phương năm 2026",
                                 "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa",
                                 "Hộ kinh doanh Trung Tuấn"],
                       ky=sd.KY_GIAM_DOC_SCT,
                       noi_nhan=["- Như trên;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, QLCN."]),
          profile=Profile("Mời họp Hội đồng thẩm định đề án khuyến công địa phương năm {nam}",
                          kinh_gui=("Các thành viên Hội đồng thẩm định đề án khuyến công",),
                          recipients=("Như thành phần mời", BAN_GIAM_DOC)))
def build_gm(doc):
    agency_header(doc)
    title_block(doc, "GIẤY MỜI", ["{{ trich_yeu }}"])
    kinh_gui(doc)
    para(doc, "{{ co_quan.ten_day_du }}", " trân trọng kính mời dự họp ", "{{ hoi_dong.ten }}",
         " thẩm định đề án ", "“", "{{ de_an.ten }}", "”", ".")
    para(doc, ("1. Thời gian: ", "b"), "{{ hop.gio_bat_dau }}", ", ", "{{ hop.ngay|ngay }}", ".")
    para(doc, ("2. Địa điểm: ", "b"), "{{ hop.dia_diem }}", ".")
    para(doc, ("3. Chủ trì: ", "b"), "{{ hop.chu_toa.ho_ten }}", ", ", "{{ hop.chu_toa.chuc_vu }}", ".")
    para(doc, ("4. Thành phần:", "b"))
    loop_lines(doc, "for x in hop.thanh_phan", ["- ", "{{ x }}"])
    para(doc, ("5. Nội dung:", "b"))
    loop_lines(doc, "for x in hop.noi_dung", ["- ", "{{ x }}"])
    ctl(doc, "{%p if hop.tai_lieu %}")
    para(doc, ("6. Tài liệu: ", "b"), "{{ hop.tai_lieu }}")
    ctl(doc, "{%p endif %}")
    para(doc, "Đề nghị các thành viên nghiên cứu hồ sơ, chuẩn bị ý kiến nhận xét và tham dự đầy đủ, đúng giờ. "
         "Thông tin liên hệ: ", "{{ lien_he }}", "./.")
    signature_block(doc)


def _phieu_criteria_tables(doc):
    ctl(doc, "{%p if hoi_dong.hinh_thuc == 'dat_khong_dat' %}")
    t = make_table(doc, [1.1, 10.4, 2.5, 2.5])
    header_row(t, ["STT", "Tiêu chí đánh giá", "Đạt", "Không đạt"])
    loop_rows(t, "for c in muc.danh_gia.tieu_chi",
              ["{{ c.stt }}", "{{ c.ten }}", "{{ 'x' if c.dat is sameas true else '' }}",
               "{{ 'x' if c.dat is sameas false else '' }}"],
              ["center", "left", "center", "center"])
    ctl(doc, "{%p else %}")
    t = make_table(doc, [1.1, 9.4, 2.0, 2.0, 2.0])
    header_row(t, ["STT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm chấm", "Ghi chú"])
    loop_rows(t, "for c in muc.danh_gia.tieu_chi",
              ["{{ c.stt }}", "{{ c.ten }}", "{{ c.diem_toi_da }}", "{{ c.diem if c.diem is not none else '' }}",
               "{{ c.ghi_chu }}"],
              ["center", "left", "center", "center", "left"])
    total_row(t, "Tổng cộng", 2, ["{{ muc.danh_gia.tong_diem_toi_da }}",
                                   "{{ muc.danh_gia.tong_diem if muc.danh_gia.tong_diem is not none else '' }}", ""],
              ["center", "center", "left"])
    ctl(doc, "{%p endif %}")


@template("phieu_nhan_xet", title="Phiếu nhận xét, đánh giá đề án khuyến công", doc_type="", issuer="hoi_dong",
          repeat_over="hoi_dong.thanh_vien",
          context=dict(co_quan="hoi_dong", so_ky_hieu="", dia_danh_ngay="Khánh Hòa, ngày 24 tháng 02 năm 2026",
                       ngay_ban_hanh="2026-02-24"),
          profile=Profile("Phiếu nhận xét, đánh giá đề án khuyến công địa phương năm {nam}"))
def build_phieu(doc):
    agency_header(doc, number_optional=True)
    title_block(doc, "PHIẾU NHẬN XÉT, ĐÁNH GIÁ", ["ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM ", "{{ de_an.nam }}"])
    para(doc, "Họ và tên người nhận xét: ", ("{{ muc.ho_ten }}", "b"), ".", first=0)
    para(doc, "Chức vụ, đơn vị công tác: ", "{{ muc.chuc_vu }}", ", ", "{{ muc.don_vi }}", ".", first=0)
    para(doc, "Chức danh trong Hội đồng: ", "{{ muc.vai_tro }}", ".", first=0)
    para(doc, "Tên đề án: ", ("{{ de_an.ten }}", "b"), ".", first=0)
    para(doc, "Đơn vị thực hiện: ", "{{ don_vi_thuc_hien.ten }}", ".", first=0)
    para(doc, "Đơn vị thụ hưởng: ", "{{ co_so.ten }}", "; địa chỉ: ", "{{ co_so.dia_chi }}", ".", first=0)
    para(doc, "Tổng kinh phí: ", "{{ kinh_phi.tong|tien }}", " đồng; kinh phí khuyến công đề nghị hỗ trợ: ",
         "{{ kinh_phi.ho_tro|tien }}", " đồng.", first=0)
    heading(doc, "I. ĐÁNH GIÁ THEO TIÊU CHÍ", first=0)
    _phieu_criteria_tables(doc)
    heading(doc, "II. NHẬN XÉT KHÁC", first=0)
    para(doc, "{{ muc.danh_gia.nhan_xet }}")
    heading(doc, "III. KẾT LUẬN VÀ KIẾN NGHỊ", first=0)
    para(doc, "Kết luận: ", ("{{ muc.danh_gia.ket_luan }}", "b"), ".")
    ctl(doc, "{%p if muc.danh_gia.kinh_phi_de_nghi is not none %}")
    para(doc, "Kinh phí khuyến công đề nghị hỗ trợ: ", *money_words("muc.danh_gia.kinh_phi_de_nghi"), ".")
    ctl(doc, "{%p else %}")
    para(doc, "Kinh phí khuyến công đề nghị hỗ trợ: ........................................ đồng.")
    ctl(doc, "{%p endif %}")
    two_signatures(doc, [""], "", [("NGƯỜI NHẬN XÉT", "b")], "{{ muc.ho_ten }}",
                   right_note="(Ký, ghi rõ họ tên)")


@template("bien_ban_hop_hoi_dong", title="Biên bản họp Hội đồng thẩm định đề án khuyến công", doc_type="BB",
          issuer="hoi_dong",
          context=dict(co_quan="hoi_dong", so_ky_hieu="Số: 07/BB-HĐTĐ",
                       dia_danh_ngay="Khánh Hòa, ngày 24 tháng 02 năm 2026", ngay_ban_hanh="2026-02-24",
                       trich_yeu="Họp Hội đồng thẩm định đề án khuyến công địa phương năm 2026"),
          profile=Profile("Họp Hội đồng thẩm định đề án khuyến công địa phương năm {nam}"))
def build_bb_hop(doc):
    agency_header(doc)
    title_block(doc, "BIÊN BẢN", ["{{ trich_yeu }}"])
    para(doc, ("Thời gian bắt đầu: ", "b"), "{{ hop.gio_bat_dau }}", ", ", "{{ hop.ngay|ngay }}", ".")
    para(doc, ("Địa điểm: ", "b"), "{{ hop.dia_diem }}", ".")
    para(doc, ("Thành phần tham dự:", "b"))
    para(doc, "1. Thành viên Hội đồng có mặt: ", "{{ tham_dinh.so_co_mat }}", "/", "{{ tham_dinh.tong_so_thanh_vien }}",
         " thành viên, gồm:")
    loop_lines(doc, "for t in tham_dinh.co_mat",
               ["- ", "{{ t.ho_ten }}", ", ", "{{ t.chuc_vu }}", " - ", "{{ t.vai_tro }}", ";"])
    ctl(doc, "{%p if tham_dinh.vang_mat %}")
    para(doc, "2. Thành viên vắng mặt:")
    loop_lines(doc, "for t in tham_dinh.vang_mat",
               ["- ", "{{ t.ho_ten }}", ", ", "{{ t.chuc_vu }}", " (lý do: ", "{{ t.ly_do }}", ");"])
    ctl(doc, "{%p else %}")
    para(doc, "2. Thành viên vắng mặt: không.")
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if tham_dinh.khach_moi %}")
    para(doc, "3. Đại biểu dự họp:")
    loop_lines(doc, "for k in tham_dinh.khach_moi", ["- ", "{{ k }}", ";"])
    ctl(doc, "{%p endif %}")
    para(doc, "Số thành viên có mặt ",
         "{{ 'bảo đảm' if tham_dinh.du_so_luong else 'không bảo đảm' }}", " điều kiện để Hội đồng họp theo quy định.")
    para(doc, ("Chủ trì (chủ tọa): ", "b"), "{{ hop.chu_toa.ho_ten }}", ", ", "{{ hop.chu_toa.chuc_vu }}", ".")
    para(doc, ("Thư ký (người ghi biên bản): ", "b"), "{{ hop.thu_ky.ho_ten }}", ", ", "{{ hop.thu_ky.chuc_vu }}", ".")
    para(doc, ("Nội dung:", "b"))
    para(doc, "1. ", "{{ tham_dinh.nguoi_trinh_bay }}", " trình bày tóm tắt đề án ", "“", "{{ de_an.ten }}", "”",
         "; đơn vị thụ hưởng: ", "{{ co_so.ten }}", "; tổng kinh phí ", "{{ kinh_phi.tong|tien }}",
         " đồng, kinh phí khuyến công đề nghị hỗ trợ ", "{{ kinh_phi.de_nghi|tien }}", " đồng.")
    para(doc, "2. Ý kiến thảo luận của các thành viên Hội đồng:")
    loop_lines(doc, "for y in tham_dinh.y_kien", ["- ", "{{ y }}"])
    para(doc, "3. Kết quả đánh giá theo từng tiêu chí:", keep_next=True)
    ctl(doc, "{%p if hoi_dong.hinh_thuc == 'dat_khong_dat' %}")
    t = make_table(doc, [1.1, 10.4, 2.5, 2.5])
    header_row(t, ["STT", "Tiêu chí đánh giá", "Số phiếu đạt", "Số phiếu không đạt"])
    loop_rows(t, "for c in tham_dinh.tieu_chi",
              ["{{ c.stt }}", "{{ c.ten }}", "{{ c.so_phieu_dat }}", "{{ c.so_phieu_khong_dat }}"],
              ["center", "left", "center", "center"])
    ctl(doc, "{%p else %}")
    t = make_table(doc, [1.1, 10.4, 2.5, 2.5])
    header_row(t, ["STT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm bình quân"])
    loop_rows(t, "for c in tham_dinh.tieu_chi",
              ["{{ c.stt }}", "{{ c.ten }}", "{{ c.diem_toi_da }}", "{{ c.diem }}"],
              ["center", "left", "center", "center"])
    total_row(t, "Tổng cộng", 2, ["100", "{{ tham_dinh.tong_diem }}"], ["center", "center"])
    ctl(doc, "{%p endif %}")
    para(doc, "4. Kết quả bỏ phiếu: ", "{{ tham_dinh.so_phieu_dat }}", " phiếu đạt, ",
         "{{ tham_dinh.so_phieu_khong_dat }}", " phiếu không đạt",
         "{{ '; điểm bình quân: ' ~ tham_dinh.tong_diem ~ '/100 điểm' if hoi_dong.hinh_thuc != 'dat_khong_dat' else '' }}",
         ".")
    loop_lines(doc, "for k in tham_dinh.khong_tinh", ["- ", "{{ k }}", "."])
    para(doc, "5. Kết luận của Hội đồng: ", ("{{ tham_dinh.ket_luan }}", "b"))
    ctl(doc, "{%p if tham_dinh.yeu_cau_chinh_sua %}")
    para(doc, "6. Nội dung yêu cầu chỉnh sửa, bổ sung:")
    loop_lines(doc, "for y in tham_dinh.yeu_cau_chinh_sua", ["- ", "{{ y }}"])
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if tham_dinh.dat %}")  # a council that failed the đề án proposes no support
    para(doc, "{{ '7' if tham_dinh.yeu_cau_chinh_sua else '6' }}", ". Kinh phí khuyến công Hội đồng đề nghị hỗ trợ: ",
         *money_words("tham_dinh.kinh_phi_de_nghi"), ".")
    ctl(doc, "{%p endif %}")
    para(doc, "Cuộc họp kết thúc vào ", "{{ hop.gio_ket_thuc }}", " cùng ngày. Biên bản đã được đọc lại cho các "
         "thành viên dự họp cùng nghe và thống nhất./.")
    two_signatures(doc, [("THƯ KÝ", "b")], "{{ hop.thu_ky.ho_ten }}", [("CHỦ TỌA", "b")], "{{ hop.chu_toa.ho_ten }}")


@template("thong_bao_yeu_cau_bo_sung", title="Thông báo yêu cầu bổ sung hồ sơ", doc_type="TB", issuer="sct",
          context=dict(co_quan="sct", so_ky_hieu="Số: 38/TB-SCT", dia_danh_ngay="Khánh Hòa, ngày 03 tháng 02 năm 2026",
                       ngay_ban_hanh="2026-02-03",
                       trich_yeu="Về việc bổ sung hồ sơ đề nghị hỗ trợ kinh phí khuyến công",
                       kinh_gui=["Hộ kinh doanh Trung Tuấn"],
                       ky=sd.KY_GIAM_DOC_SCT,
                       noi_nhan=["- Như trên;", "- Trung tâm Khuyến công và TVPTCN;", "- Lưu: VT, QLCN."]),
          profile=Profile("Về việc bổ sung, hoàn thiện hồ sơ đề án khuyến công",
                          kinh_gui=("co_so",), recipients=("Như trên", TRUNG_TAM)))
def build_tb(doc):
    agency_header(doc)
    title_block(doc, "THÔNG BÁO", ["{{ trich_yeu }}"])
    kinh_gui(doc)
    para(doc, "{{ co_quan.ten_day_du }}", " đã nhận hồ sơ đề nghị hỗ trợ kinh phí khuyến công của ",
         "{{ co_so.ten }}", " (địa chỉ: ", "{{ co_so.dia_chi }}", ") nộp ", "{{ bo_sung.ngay_nop_ho_so|ngay }}",
         " đối với đề án ", "“", "{{ de_an.ten }}", "”", ".")
    para(doc, "Qua kiểm tra, hồ sơ chưa đầy đủ theo quy định. Đề nghị ", "{{ co_so.ten }}",
         " bổ sung các nội dung sau:")
    ctl(doc, "{%p for x in bo_sung.danh_sach %}")
    para(doc, "{{ loop.index }}", ". ", "{{ x }}")
    ctl(doc, "{%p endfor %}")
    para(doc, "Hồ sơ bổ sung gửi về ", "{{ co_quan.ten_day_du }}", " trước ", (hand_dated("bo_sung.han"), "b"),
         ". Quá thời hạn trên, nếu không nhận được hồ sơ bổ sung, đề án sẽ không được xem xét thẩm định "
         "trong kỳ này.")
    para(doc, "Thông tin liên hệ: ", "{{ lien_he }}", "./.")
    signature_block(doc)


# =========================================================================== 3.2-3.3 approval


@template("to_trinh_phe_duyet", title="Tờ trình đề nghị phê duyệt đề án khuyến công", doc_type="TTr", issuer="sct",
          context=dict(co_quan="sct", so_ky_hieu="Số: 61/TTr-SCT", dia_danh_ngay="Khánh Hòa, ngày 02 tháng 3 năm 2026",
                       ngay_ban_hanh="2026-03-02",
                       trich_yeu="Về việc đề nghị phê duyệt đề án khuyến công địa phương năm 2026",
                       kinh_gui=["Ủy ban nhân dân tỉnh Khánh Hòa"],
                       can_cu=[c.replace("Căn cứ", "Căn cứ", 1) for c in sd.CAN_CU_KHUYEN_CONG] + [
                           "Căn cứ Nghị quyết số 12/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân "
                           "tỉnh Khánh Hòa quy định nội dung, mức chi hỗ trợ hoạt động khuyến công trên địa bàn tỉnh;"],
                       ky=sd.KY_GIAM_DOC_SCT,
                       noi_nhan=["- Như trên;", "- Sở Tài chính;", "- Trung tâm Khuyến công và TVPTCN;",
                                 "- Lưu: VT, QLCN."]),
          profile=Profile("Về việc phê duyệt đề án khuyến công địa phương năm {nam}",
                          legal_kind="to_trinh", kinh_gui=("ubnd",),
                          recipients=("Như trên", "Sở Tài chính", TRUNG_TAM)))
def build_ttr(doc):
    agency_header(doc)
    title_block(doc, "TỜ TRÌNH", ["{{ trich_yeu }}"])
    kinh_gui(doc)
    loop_lines(doc, "for l in can_cu", ["{{ l }}"])
    para(doc, "{{ co_quan.ten_day_du }}", " kính trình ", "{{ kinh_gui[0] }}",
         " xem xét, phê duyệt đề án khuyến công như sau:")
    heading(doc, "1. Quá trình tiếp nhận, thẩm định")
    para(doc, "Trên cơ sở hồ sơ đề nghị của ", "{{ co_so.ten }}", " và đề án do ", "{{ don_vi_thuc_hien.ten }}",
         " xây dựng, ", "{{ hoi_dong.ten }}", " (thành lập theo Quyết định số ", "{{ hoi_dong.so_qd }}", " ",
         "{{ hoi_dong.ngay_qd|ngay }}", ") đã họp thẩm định ", "{{ tham_dinh.ngay|ngay }}",
         " (Biên bản họp Hội đồng cùng ngày). Kết quả: ", "{{ tham_dinh.so_phieu_dat }}",
         "/", "{{ tham_dinh.so_bieu_quyet_co_mat }}", " thành viên có quyền biểu quyết có mặt đánh giá đạt. ",
         "{{ tham_dinh.ket_luan }}")
    para(doc, "{{ co_so.ten }}", " đề nghị hỗ trợ ", "{{ kinh_phi.de_nghi|tien }}", " đồng; Hội đồng thẩm định đề "
         "xuất hỗ trợ ", "{{ kinh_phi.hoi_dong_de_xuat|tien }}", " đồng.")
    heading(doc, "2. Nội dung đề án đề nghị phê duyệt")
    de_an_summary(doc)
    funding_lines(doc)
    heading(doc, "3. Đề xuất")
    para(doc, "{{ co_quan.ten_day_du }}", " kính trình ", "{{ kinh_gui[0] }}", " xem xét, phê duyệt đề án ", "“",
         "{{ de_an.ten }}", "”", " với kinh phí khuyến công hỗ trợ ", *money_words("kinh_phi.ho_tro"),
         " (nguồn kinh phí: ", "{{ de_an.nguon_kinh_phi }}", ")./.")
    para(doc, ("Hồ sơ kèm theo:", "i"))
    loop_lines(doc, "for h in ho_so_kem_theo", [("- ", "i"), ("{{ h }}", "i")])
    signature_block(doc)


@template("qd_phe_duyet_de_an", title="Quyết định phê duyệt đề án khuyến công", doc_type="QĐ", issuer="ubnd",
          context=dict(co_quan="ubnd", so_ky_hieu="Số: 125/QĐ-UBND",
                       dia_danh_ngay="Khánh Hòa, ngày 20 tháng 3 năm 2026", ngay_ban_hanh="2026-03-20",
                       trich_yeu="Về việc phê duyệt đề án khuyến công địa phương năm 2026 (đợt 1)",
                       tham_quyen="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
                       can_cu=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                               "Căn cứ Luật Ngân sách nhà nước số 89/2025/QH15;"] + sd.CAN_CU_KHUYEN_CONG + [
                           "Căn cứ Nghị quyết số 12/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân "
                           "tỉnh Khánh Hòa quy định nội dung, mức chi hỗ trợ hoạt động khuyến công trên địa bàn tỉnh;",
                           "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 61/TTr-SCT ngày 02 tháng 3 năm "
                           "2026."],
                       thi_hanh="Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Công Thương, Tài chính; "
                       "Giám đốc Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa; Chủ tịch Ủy ban "
                       "nhân dân xã Phước Thuận; chủ Hộ kinh doanh Trung Tuấn và các cơ quan, đơn vị có liên quan",
                       uy_quyen=False, ky=sd.KY_UBND,
                       noi_nhan=["- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;",
                                 "- Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công (Bộ Công Thương);",
                                 "- Kho bạc Nhà nước khu vực XV;", "- Lưu: VT, KT."]),
          profile=Profile(
              "Về việc phê duyệt đề án khuyến công địa phương năm {nam}: {de_an}",
              legal_kind="qd_phe_duyet", tham_quyen="ubnd",
              recipients=("Như Điều 3", "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
                          "Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công)",
                          KHO_BAC),
              archive=("KT",), proposal="to_trinh"))
def build_qd_phe_duyet(doc):
    qd_head(doc)
    dieu(doc, 1, "Phê duyệt đề án khuyến công địa phương năm ", "{{ de_an.nam }}", " với các nội dung sau:")
    de_an_summary(doc)
    para(doc, "- Danh mục máy móc thiết bị hỗ trợ:", keep_next=True)
    equipment_table(doc)
    para(doc, "- Kinh phí thực hiện:")
    funding_lines(doc, prefix="+ ")
    para(doc, "- Dự toán chi tiết:", keep_next=True)
    budget_table(doc)
    dieu(doc, 2, "Tổ chức thực hiện", keep_next=True)
    # by delegation the Giám đốc Sở directs his own Phòng and asks the Sở Tài chính and the commune
    para(doc, "1. {% if uy_quyen %}Phòng Quản lý công nghiệp{% else %}Sở Công Thương{% endif %} hướng dẫn, kiểm "
         "tra, giám sát việc thực hiện đề án; tổ chức nghiệm thu, tổng hợp báo cáo kết quả thực hiện theo quy định.")
    para(doc, "2. {% if uy_quyen %}Đề nghị Sở Tài chính hướng dẫn{% else %}Sở Tài chính bố trí kinh phí, hướng "
         "dẫn{% endif %} thanh toán, quyết toán kinh phí theo quy định.")
    para(doc, "3. ", "{{ don_vi_thuc_hien.ten }}", " chủ trì thực hiện đề án, ký hợp đồng, tạm ứng, thanh toán và "
         "quyết toán kinh phí đúng mục đích, đúng chế độ.")
    para(doc, "4. {% if uy_quyen %}Đề nghị {% endif %}Ủy ban nhân dân xã nơi thực hiện đề án phối hợp kiểm tra, "
         "giám sát, xác nhận kết quả thực hiện.")
    para(doc, "5. ", "{{ co_so.ten }}", " bố trí đủ kinh phí đối ứng, sử dụng máy móc thiết bị đúng mục đích và "
         "chịu sự kiểm tra, giám sát của cơ quan có thẩm quyền.")
    dieu(doc, 3, "Quyết định này có hiệu lực kể từ ngày ký. ", "{{ thi_hanh }}", " chịu trách nhiệm thi hành "
         "Quyết định này./.")
    signature_block(doc)


# =========================================================================== 3.4 contract


def _party(doc, side: str, label: str, section: str = "hop_dong"):
    """A party's block, from `section`.`side` (the liquidation's Bên A is the body as of its own date)."""
    party = section + "." + side
    para(doc, (label, "b"), ("{{ " + party + ".ten|hoa }}", "b"), first=0)
    para(doc, "- Địa chỉ: ", "{{ " + party + ".dia_chi }}", ".", first=0, left=0.6)
    para(doc, "- Điện thoại: ", "{{ " + party + ".dien_thoai }}", "; mã số thuế: ",
         "{{ " + party + ".ma_so_thue }}", ".", first=0, left=0.6)
    if side == "ben_b":  # who Bên B is in law: its registration, as the Đơn gives it
        para(doc, "- Giấy chứng nhận đăng ký số: ", "{{ hop_dong.ben_b.so_dkkd }}", " do ",
             "{{ hop_dong.ben_b.noi_cap_dkkd }}", " cấp ", REGISTERED_ON.replace("co_so.", "hop_dong.ben_b."), ".", first=0, left=0.6)
    para(doc, "- Tài khoản số: ", "{{ " + party + ".tai_khoan }}", " tại ",
         "{{ " + party + ".noi_mo_tai_khoan }}", ".", first=0, left=0.6)
    para(doc, "- Đại diện: ", ("{{ " + party + ".dai_dien }}", "b"), "; chức vụ: ",
         "{{ " + party + ".chuc_vu }}", ".", first=0, left=0.6)
    if side == "ben_b":  # the contract names its signatory by his ID; the system keeps no issue date or place
        para(doc, "- Căn cước công dân/Căn cước số: ", "{{ hop_dong.ben_b.cccd }}",
             ", cấp ngày …… tháng …… năm ……, tại …………………….", first=0, left=0.6)


# The contract and its liquidation end alike: the copies made, then Bên A and Bên B sign.
COPIES_CLAUSE = (" bản có giá trị pháp lý như nhau, mỗi bên giữ ", "{{ hop_dong.so_ban_moi_ben }}", " bản./.")


def _both_parties_sign(doc, ben_a: str = "hop_dong.ben_a"):
    two_signatures(
        doc,
        [("ĐẠI DIỆN BÊN A", "b"), ["{{ " + ben_a + ".chuc_vu|hoa }}"]], "{{ " + ben_a + ".dai_dien }}",
        [("ĐẠI DIỆN BÊN B", "b"), ["{{ hop_dong.ben_b.chuc_vu|hoa }}"]], "{{ hop_dong.ben_b.dai_dien }}",
    )


@template("hop_dong_thuc_hien", title="Hợp đồng thực hiện đề án khuyến công", doc_type="HĐ", issuer="ttkc",
          context=dict(co_quan="ttkc", so_ky_hieu="Số: 05/2026/HĐ-TTKC",
                       dia_danh_ngay="Khánh Hòa, ngày 27 tháng 3 năm 2026", ngay_ban_hanh="2026-03-27",
                       trich_yeu="Thực hiện đề án khuyến công địa phương năm 2026",
                       can_cu=["Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;"] + sd.CAN_CU_KHUYEN_CONG + [
                           "Căn cứ Quyết định số 125/QĐ-UBND ngày 20 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Khánh "
                           "Hòa về việc phê duyệt đề án khuyến công địa phương năm 2026 (đợt 1)."]),
          # one title: "HỢP ĐỒNG" is the type line, the trích yếu says what for (not "Hợp đồng …" again)
          profile=Profile("Thực hiện đề án khuyến công địa phương năm {nam}",
                          legal_kind="hop_dong", proposal="approval"))
def build_hd(doc):
    agency_header(doc)
    title_block(doc, "HỢP ĐỒNG", ["{{ trich_yeu }}"])
    loop_lines(doc, "for l in can_cu", [("{{ l }}", "i")])
    para(doc, "Hôm nay, ", "{{ hop_dong.ngay|ngay }}", ", tại ", "{{ hop_dong.dia_diem }}", ", chúng tôi gồm:")
    _party(doc, "ben_a", "BÊN A (Bên giao): ")
    _party(doc, "ben_b", "BÊN B (Bên nhận hỗ trợ): ")
    para(doc, "Hai bên thống nhất ký kết hợp đồng thực hiện đề án khuyến công với các điều khoản sau:")
    dieu(doc, 1, ("Nội dung hợp đồng", "b"), keep_next=True)
    para(doc, "Bên A giao, Bên B nhận thực hiện đề án ", "“{{ de_an.ten }}”", " tại ", "{{ de_an.dia_diem }}",
         ". Nội dung: ", "{{ de_an.noi_dung }}", " Danh mục máy móc thiết bị:", keep_next=True)
    equipment_table(doc)
    dieu(doc, 2, ("Giá trị hợp đồng", "b"), keep_next=True)
    funding_lines(doc)
    para(doc, "Giá trị hợp đồng (kinh phí khuyến công hỗ trợ): ", ("{{ hop_dong.gia_tri|tien }}", "b"), (" đồng", "b"),
         ".")
    para(doc, "Bằng chữ: ", ("{{ hop_dong.gia_tri|bang_chu }}", "i"), ".")
    dieu(doc, 3, ("Thời gian thực hiện", "b"), keep_next=True)
    para(doc, "Từ ", "{{ de_an.ngay_bat_dau|ngay }}", " đến ", "{{ de_an.ngay_ket_thuc|ngay }}", ".")
    dieu(doc, 4, ("Tạm ứng và thanh toán", "b"), keep_next=True)
    para(doc, "1. Bên A tạm ứng cho Bên B ", "{{ hop_dong.ty_le_tam_ung }}", "% kinh phí khuyến công hỗ trợ, "
         "tương ứng ", *money_words("hop_dong.tam_ung"), ", sau khi hợp đồng được ký kết và Bên B nộp hợp đồng "
         "mua sắm máy móc thiết bị.")
    para(doc, "2. Phần kinh phí còn lại được thanh toán sau khi đề án được nghiệm thu và hai bên thanh lý hợp đồng, "
         "căn cứ hóa đơn, chứng từ hợp lệ và giá trị được nghiệm thu.")
    para(doc, "3. Hình thức thanh toán: chuyển khoản vào tài khoản của Bên B.")
    dieu(doc, 5, ("Quyền và nghĩa vụ của các bên", "b"), keep_next=True)
    para(doc, "1. Bên A: hướng dẫn, kiểm tra, giám sát việc thực hiện; tạm ứng, thanh toán kinh phí đúng quy định; "
         "tổ chức nghiệm thu; có quyền đình chỉ và thu hồi kinh phí khi Bên B vi phạm hợp đồng.")
    para(doc, "2. Bên B: thực hiện đúng nội dung, tiến độ đề án; bố trí đủ kinh phí đối ứng; mua sắm máy móc thiết "
         "bị mới 100%, đúng chủng loại, thông số; sử dụng máy móc thiết bị đúng mục đích tối thiểu ",
         "{{ hop_dong.so_nam_su_dung }}", " năm; tạo điều kiện cho việc kiểm tra, tuyên truyền, nhân rộng mô hình; "
         "cung cấp đầy đủ hồ sơ, chứng từ phục vụ nghiệm thu, quyết toán.")
    dieu(doc, 6, ("Nghiệm thu, thanh lý hợp đồng", "b"), keep_next=True)
    para(doc, "Khi hoàn thành, Bên B có văn bản đề nghị nghiệm thu gửi Bên A. Việc nghiệm thu thực hiện tại cơ sở "
         "với sự tham gia của đại diện Bên A, Sở Công Thương, Ủy ban nhân dân xã và Bên B. Sau khi nghiệm thu "
         "đạt, hai bên lập biên bản thanh lý hợp đồng.")
    dieu_with_text(doc, 7, "Điều khoản chung", "Hai bên cam kết thực hiện đúng các điều khoản của hợp đồng. Mọi "
                   "thay đổi phải được hai bên thống nhất bằng văn bản. Hợp đồng có hiệu lực kể từ ngày ký và được "
                   "lập thành ", "{{ hop_dong.so_ban }}", *COPIES_CLAUSE)
    _both_parties_sign(doc)


# =========================================================================== 3.5 implementation


@template("bien_ban_kiem_tra", title="Biên bản kiểm tra thực hiện đề án khuyến công", doc_type="BB", issuer="ttkc",
          context=dict(co_quan="ttkc", so_ky_hieu="Số: 12/BB-TTKC", dia_danh_ngay="Khánh Hòa, ngày 15 tháng 6 năm 2026",
                       ngay_ban_hanh="2026-06-15",
                       trich_yeu="Kiểm tra tình hình thực hiện đề án khuyến công địa phương năm 2026"),
          profile=Profile("Kiểm tra tình hình thực hiện đề án khuyến công"))
def build_bb_kiem_tra(doc):
    agency_header(doc)
    title_block(doc, "BIÊN BẢN", ["{{ trich_yeu }}"])
    para(doc, ("Căn cứ Quyết định số ", "i"), ("{{ de_an.so_qd_phe_duyet }}", "i"), (" ", "i"),
         ("{{ de_an.ngay_qd_phe_duyet|ngay }}", "i"), (" của ", "i"),
         ("{{ de_an.co_quan_qd_phe_duyet }}", "i"), (" phê duyệt đề án ", "i"), ("“{{ de_an.ten }}”;", "i"))
    para(doc, ("Căn cứ Hợp đồng số ", "i"), ("{{ hop_dong.so }}", "i"), (" ", "i"), ("{{ hop_dong.ngay|ngay }}", "i"),
         (".", "i"))
    para(doc, ("Thời gian bắt đầu: ", "b"), "{{ kiem_tra.gio_bat_dau }}", ", ", "{{ kiem_tra.ngay|ngay }}", ".")
    para(doc, ("Địa điểm: ", "b"), "{{ kiem_tra.dia_diem }}", ".")
    para(doc, ("Thành phần:", "b"))
    para(doc, "1. Đoàn kiểm tra:")
    loop_lines(doc, "for t in kiem_tra.doan",
               ["- ", "{{ t.ho_ten }}", ", ", "{{ t.chuc_vu }}", ", ", "{{ t.don_vi }}", " - ", "{{ t.vai_tro }}", ";"])
    para(doc, "2. Đại diện cơ sở thụ hưởng: ", "{{ co_so.dai_dien }}", ", ", "{{ co_so.chuc_vu_dai_dien }}", " ",
         "{{ co_so.ten }}", ".")
    para(doc, ("Nội dung kiểm tra:", "b"))
    loop_lines(doc, "for x in kiem_tra.noi_dung", ["- ", "{{ x }}"])
    para(doc, ("Kết quả kiểm tra:", "b"))
    loop_lines(doc, "for x in kiem_tra.ket_qua", ["- ", "{{ x }}"])
    ctl(doc, "{%p if kiem_tra.kien_nghi %}")
    para(doc, ("Kiến nghị, yêu cầu:", "b"))
    loop_lines(doc, "for x in kiem_tra.kien_nghi", ["- ", "{{ x }}"])
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if kiem_tra.han %}")
    para(doc, "Thời hạn thực hiện các kiến nghị: trước ", "{{ kiem_tra.han|ngay }}", ".")
    ctl(doc, "{%p endif %}")
    para(doc, "Buổi kiểm tra kết thúc vào ", "{{ kiem_tra.gio_ket_thuc }}", " cùng ngày. Biên bản được lập thành 03 "
         "bản, đã đọc lại cho các thành phần cùng nghe và thống nhất ký tên./.")
    two_signatures(doc, [("ĐẠI DIỆN CƠ SỞ THỤ HƯỞNG", "b")], "{{ co_so.dai_dien }}",
                   [("TRƯỞNG ĐOÀN KIỂM TRA", "b")], "{{ kiem_tra.truong_doan.ho_ten }}")


@template("qd_dieu_chinh", title="Quyết định điều chỉnh đề án khuyến công", doc_type="QĐ", issuer="ubnd",
          context=dict(co_quan="ubnd", so_ky_hieu="Số:      /QĐ-UBND",
                       dia_danh_ngay="Khánh Hòa, ngày      tháng      năm 2026", ngay_ban_hanh=None,
                       trich_yeu="Về việc điều chỉnh đề án khuyến công địa phương năm 2026",
                       tham_quyen="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
                       can_cu=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]
                       + sd.CAN_CU_KHUYEN_CONG + [
                           "Căn cứ Quyết định số 125/QĐ-UBND ngày 20 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh về "
                           "việc phê duyệt đề án khuyến công địa phương năm 2026 (đợt 1);",
                           "Xét đề nghị điều chỉnh đề án của Hộ kinh doanh Trung Tuấn do Sở Công Thương tỉnh Khánh "
                           "Hòa trình ngày 10 tháng 7 năm 2026."],
                       thi_hanh="Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Công Thương, Tài chính; "
                       "Giám đốc Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa; chủ Hộ kinh doanh "
                       "Trung Tuấn và các cơ quan, đơn vị có liên quan",
                       ky=sd.KY_UBND,
                       noi_nhan=["- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT, KT."]),
          profile=Profile("Về việc điều chỉnh đề án khuyến công địa phương năm {nam}: {de_an}",
                          legal_kind="qd_dieu_chinh", tham_quyen="ubnd",
                          recipients=("Như Điều 3", KHO_BAC), archive=("KT",), proposal="adjustment"))
def build_qd_dieu_chinh(doc):
    qd_head(doc)
    dieu(doc, 1, "Điều chỉnh một số nội dung của đề án ", "“{{ de_an.ten }}”", " đã được phê duyệt tại "
         "Quyết định số ", "{{ de_an.so_qd_phe_duyet }}", " ", "{{ de_an.ngay_qd_phe_duyet|ngay }}",
         " của ", "{{ de_an.co_quan_qd_phe_duyet }}", ", như sau:")
    t = make_table(doc, [1.1, 4.4, 5.5, 5.5])
    header_row(t, ["STT", "Nội dung", "Đã được phê duyệt", "Nay điều chỉnh"])
    loop_rows(t, "for x in dieu_chinh.thay_doi",
              ["{{ x.stt }}", "{{ x.noi_dung }}", "{{ x.cu }}", "{{ x.moi }}"],
              ["center", "left", "left", "left"])
    ctl(doc, "{%p if dieu_chinh.ngay_ket_thuc_moi %}")
    para(doc, "Thời gian thực hiện đề án được điều chỉnh đến ", "{{ dieu_chinh.ngay_ket_thuc_moi|ngay }}", ".")
    ctl(doc, "{%p endif %}")
    para(doc, "Lý do điều chỉnh: ", "{{ dieu_chinh.ly_do }}")
    dieu(doc, 2, "Các nội dung khác giữ nguyên theo Quyết định số ", "{{ de_an.so_qd_phe_duyet }}", " ",
         "{{ de_an.ngay_qd_phe_duyet|ngay }}", ".")
    dieu(doc, 3, "Quyết định này có hiệu lực kể từ ngày ký. ", "{{ thi_hanh }}", " chịu trách nhiệm thi hành "
         "Quyết định này./.")
    signature_block(doc)


@template("qd_ngung_thuc_hien", title="Quyết định ngừng thực hiện đề án khuyến công", doc_type="QĐ", issuer="ubnd",
          context=dict(co_quan="ubnd", so_ky_hieu="Số: 301/QĐ-UBND",
                       dia_danh_ngay="Khánh Hòa, ngày 20 tháng 6 năm 2026", ngay_ban_hanh="2026-06-20",
                       trich_yeu="Về việc ngừng thực hiện đề án khuyến công địa phương năm 2026",
                       tham_quyen="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
                       can_cu=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]
                       # stopped by the approving leader on the step's reason: no proposal to cite
                       + sd.CAN_CU_KHUYEN_CONG[:-1] + [sd.CAN_CU_KHUYEN_CONG[-1].removesuffix(";") + "."],
                       thi_hanh="Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Công Thương, Tài chính; "
                       "Giám đốc Kho bạc Nhà nước khu vực XV; Giám đốc Trung tâm Khuyến công và Tư vấn phát triển "
                       "công nghiệp Khánh Hòa; chủ Hộ kinh doanh Trung Tuấn",
                       ky=sd.KY_UBND,
                       noi_nhan=["- Như Điều 4;", "- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT, KT."]),
          # Điều 4 carries it out (Điều 3 is the Sở's and the Sở Tài chính's task). The approving leader
          # stops the đề án on the step's reason, proposed by no one in the table: no "Theo đề nghị" line.
          profile=Profile("Về việc ngừng thực hiện đề án khuyến công địa phương năm {nam}: {de_an}",
                          legal_kind="qd_dieu_chinh", tham_quyen="ubnd",
                          recipients=("Như Điều 4", KHO_BAC), archive=("KT",)))
def build_qd_ngung(doc):
    qd_head(doc)
    dieu(doc, 1, "Ngừng thực hiện đề án ", "“{{ de_an.ten }}”", " đã được phê duyệt tại Quyết định số ",
         "{{ de_an.so_qd_phe_duyet }}", " ", "{{ de_an.ngay_qd_phe_duyet|ngay }}", ", kể từ ",
         "{{ ngung.ngay_ngung|ngay }}", ".")
    para(doc, "Lý do: ", "{{ ngung.ly_do }}",
         "{{ ' (' ~ ngung.van_ban_de_nghi ~ ')' if ngung.van_ban_de_nghi else '' }}", ".")
    dieu(doc, 2, "Kinh phí khuyến công đã tạm ứng: ", *money_words("ngung.kinh_phi_da_tam_ung"), ".")
    # a recovery, by a day the decision sets (by hand when the step gave none); else none to make
    ctl(doc, "{%p if ngung.kinh_phi_thu_hoi %}")
    para(doc, "Kinh phí phải thu hồi, nộp trả ngân sách: ", ("{{ ngung.kinh_phi_thu_hoi|tien }}", "b"), (" đồng", "b"),
         " (Bằng chữ: ", "{{ ngung.kinh_phi_thu_hoi|bang_chu }}", "). ", "{{ don_vi_thuc_hien.ten }}",
         " có trách nhiệm thu hồi và nộp trả trước ",
         hand_dated("ngung.han_thu_hoi"), ".")
    ctl(doc, "{%p else %}")
    para(doc, "Không phát sinh kinh phí phải thu hồi, nộp trả ngân sách.")
    ctl(doc, "{%p endif %}")
    dieu(doc, 3, "Sở Công Thương, Sở Tài chính hướng dẫn, đôn đốc ",
         "{{ 'việc thu hồi kinh phí và ' if ngung.kinh_phi_thu_hoi else '' }}", "điều chỉnh dự toán "
         "kinh phí khuyến công năm ", "{{ de_an.nam }}", " theo quy định.")
    dieu(doc, 4, "Quyết định này có hiệu lực kể từ ngày ký. ", "{{ thi_hanh }}", " chịu trách nhiệm thi hành "
         "Quyết định này./.")
    signature_block(doc)


# =========================================================================== 3.6 acceptance, liquidation, settlement


def _yes_no(expr):
    return "{{ 'Có' if " + expr + " else 'Không' }}"


@template("bien_ban_nghiem_thu", title="Biên bản nghiệm thu đề án khuyến công", doc_type="BB", issuer="ttkc",
          context=dict(co_quan="ttkc", so_ky_hieu="Số: 15/BB-TTKC", dia_danh_ngay="Khánh Hòa, ngày 20 tháng 10 năm 2026",
                       ngay_ban_hanh="2026-10-20",
                       trich_yeu="Nghiệm thu đề án khuyến công địa phương năm 2026"),
          profile=Profile("Nghiệm thu đề án khuyến công địa phương năm {nam}"))
def build_bb_nghiem_thu(doc):
    agency_header(doc)
    title_block(doc, "BIÊN BẢN", ["{{ trich_yeu }}"])
    para(doc, ("Căn cứ Quyết định số ", "i"), ("{{ de_an.so_qd_phe_duyet }}", "i"), (" ", "i"),
         ("{{ de_an.ngay_qd_phe_duyet|ngay }}", "i"), (" của ", "i"),
         ("{{ de_an.co_quan_qd_phe_duyet }}", "i"), (" phê duyệt đề án ", "i"), ("“{{ de_an.ten }}”;", "i"))
    loop_lines(doc, "for q in nghiem_thu.dieu_chinh",
               [("Căn cứ Quyết định số ", "i"), ("{{ q.so }}", "i"), (" ", "i"), ("{{ q.ngay|ngay }}", "i"),
                (" của ", "i"), ("{{ q.co_quan }}", "i"), (" điều chỉnh đề án;", "i")])
    para(doc, ("Căn cứ Hợp đồng số ", "i"), ("{{ hop_dong.so }}", "i"), (" ", "i"), ("{{ hop_dong.ngay|ngay }}", "i"),
         (" giữa ", "i"), ("{{ hop_dong.ben_a.ten }}", "i"), (" và ", "i"), ("{{ hop_dong.ben_b.ten }}", "i"), (".", "i"))
    para(doc, ("Thời gian bắt đầu: ", "b"), "{{ nghiem_thu.gio_bat_dau }}", ", ", "{{ nghiem_thu.ngay|ngay }}", ".")
    para(doc, ("Địa điểm: ", "b"), "{{ nghiem_thu.dia_diem }}", ".")
    para(doc, ("Thành phần tham gia nghiệm thu:", "b"))
    loop_lines(doc, "for t in nghiem_thu.thanh_phan",
               ["- ", "{{ t.ho_ten }}", ", ", "{{ t.chuc_vu }}", ", ", "{{ t.don_vi }}", ";"])
    para(doc, ("1. Kiểm tra máy móc thiết bị so với danh mục được phê duyệt:", "b"), keep_next=True)
    t = make_table(doc, [1.1, 3.9, 1.6, 1.2, 1.2, 2.4, 2.4, 1.35, 1.35])
    sz = 11
    header_row(t, ["STT", "Tên, model máy móc thiết bị", "Xuất xứ", "SL duyệt", "SL thực tế",
                   "Giá trị duyệt (đồng)", "Giá trị nghiệm thu (đồng)", "Lắp đặt", "Vận hành"], size=sz)
    loop_rows(t, "for h in nghiem_thu.hang_muc",
              ["{{ h.stt }}", "{{ h.ten }}", "{{ h.xuat_xu }}", "{{ h.so_luong_duyet }}", "{{ h.so_luong_thuc_te }}",
               "{{ h.gia_tri_duyet|tien }}", "{{ h.gia_tri_nghiem_thu|tien }}", _yes_no("h.lap_dat"),
               _yes_no("h.van_hanh")],
              ["center", "left", "center", "center", "center", "right", "right", "center", "center"], size=sz)
    total_row(t, "Tổng cộng", 5, ["{{ kinh_phi.tong|tien }}", "{{ nghiem_thu.gia_tri_nghiem_thu|tien }}", "", ""],
              ["right", "right", "center", "center"], size=sz)
    para(doc, ("2. Hồ sơ, chứng từ đã kiểm tra:", "b"))
    loop_lines(doc, "for x in nghiem_thu.ho_so_kiem_tra", ["- ", "{{ x }}"])
    para(doc, ("3. Kết quả thực hiện: ", "b"), "{{ nghiem_thu.ket_qua }}")
    para(doc, ("4. Kết luận: ", "b"), ("{{ 'Đạt yêu cầu' if nghiem_thu.dat else 'Không đạt yêu cầu' }}", "b"),
         "{{ '. ' ~ nghiem_thu.ket_luan if nghiem_thu.ket_luan else '.' }}")
    # what was advanced before counts against it: the rest to pay, or what the beneficiary pays back;
    # not accepted, nothing is paid on it (no "0 đồng" lines)
    ctl(doc, "{%p if nghiem_thu.dat %}")
    para(doc, "- Giá trị máy móc thiết bị được nghiệm thu: ", *money_words("nghiem_thu.gia_tri_nghiem_thu"), ".")
    para(doc, "- Kinh phí khuyến công hỗ trợ được thanh toán: ", ("{{ nghiem_thu.kinh_phi_ho_tro|tien }}", "b"),
         (" đồng", "b"), " (Bằng chữ: ", "{{ nghiem_thu.kinh_phi_ho_tro|bang_chu }}", ").")
    para(doc, "- Kinh phí khuyến công đã tạm ứng: ", *money_words("nghiem_thu.da_tam_ung"), ".")
    ctl(doc, "{%p if nghiem_thu.phai_nop_tra %}")
    para(doc, "- Số đã tạm ứng vượt kinh phí được thanh toán, cơ sở phải nộp trả: ",
         *money_words("nghiem_thu.phai_nop_tra"), ".")
    ctl(doc, "{%p else %}")
    para(doc, "- Kinh phí khuyến công còn được thanh toán: ", *money_words("nghiem_thu.con_duoc_thanh_toan"), ".")
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if nghiem_thu.kien_nghi %}")
    para(doc, ("5. Kiến nghị:", "b"))
    loop_lines(doc, "for x in nghiem_thu.kien_nghi", ["- ", "{{ x }}"])
    ctl(doc, "{%p endif %}")
    para(doc, "Buổi nghiệm thu kết thúc vào ", "{{ nghiem_thu.gio_ket_thuc }}", " cùng ngày. Biên bản được lập thành "
         "04 bản, các thành phần tham gia thống nhất ký tên./.")
    # the signatories are the participants listed above (nghiem_thu.thanh_phan is made of these four)
    two_signatures(doc, [("ĐẠI DIỆN CƠ SỞ THỤ HƯỞNG", "b")], "{{ nghiem_thu.dai_dien_co_so.ho_ten }}",
                   [("ĐẠI DIỆN ĐƠN VỊ THỰC HIỆN", "b")], "{{ nghiem_thu.dai_dien_don_vi.ho_ten }}")
    # the body's name broken before its place ("ỦY BAN NHÂN DÂN" / "XÃ PHƯỚC THUẬN"), not by the column
    two_signatures(doc, [("ĐẠI DIỆN", "b"), ("loop", "for l in nghiem_thu.dai_dien_xa.dong", "{{ l }}")],
                   "{{ nghiem_thu.dai_dien_xa.ho_ten }}",
                   [("ĐẠI DIỆN", "b"), ("loop", "for l in nghiem_thu.dai_dien_sct.dong", "{{ l }}")],
                   "{{ nghiem_thu.dai_dien_sct.ho_ten }}", before=18)


@template("bien_ban_thanh_ly", title="Biên bản thanh lý hợp đồng thực hiện đề án khuyến công", doc_type="BB",
          issuer="ttkc",
          context=dict(co_quan="ttkc", so_ky_hieu="Số: 16/BB-TTKC", dia_danh_ngay="Khánh Hòa, ngày 30 tháng 10 năm 2026",
                       ngay_ban_hanh="2026-10-30",
                       trich_yeu="Thanh lý Hợp đồng thực hiện đề án khuyến công địa phương năm 2026",
                       can_cu=["Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;",
                               "Căn cứ Hợp đồng số 05/2026/HĐ-TTKC ngày 27 tháng 3 năm 2026;",
                               "Căn cứ Biên bản nghiệm thu số 15/BB-TTKC ngày 20 tháng 10 năm 2026."]),
          profile=Profile("Thanh lý hợp đồng thực hiện đề án khuyến công địa phương năm {nam}",
                          legal_kind="thanh_ly_hop_dong", proposal="liquidation"))
def build_bb_thanh_ly(doc):
    agency_header(doc)
    title_block(doc, "BIÊN BẢN", ["{{ trich_yeu }}"])
    loop_lines(doc, "for l in can_cu", [("{{ l }}", "i")])
    para(doc, "Hôm nay, ", "{{ thanh_ly.ngay|ngay }}", ", tại ", "{{ thanh_ly.dia_diem }}", ", chúng tôi gồm:")
    _party(doc, "ben_a", "BÊN A (Bên giao): ", section="thanh_ly")
    # Bên A renamed since the contract (the 2025 reorganisation): the name it signed the contract under
    ctl(doc, "{%p if thanh_ly.ben_a_khi_ky %}")
    para(doc, "- Tên gọi khi ký Hợp đồng: ", "{{ thanh_ly.ben_a_khi_ky }}", ".", first=0, left=0.6)
    ctl(doc, "{%p endif %}")
    _party(doc, "ben_b", "BÊN B (Bên nhận hỗ trợ): ")
    para(doc, "Hai bên thống nhất thanh lý Hợp đồng số ", "{{ hop_dong.so }}", " ", "{{ hop_dong.ngay|ngay }}",
         " thực hiện đề án ", "“{{ de_an.ten }}”", " như sau:")
    dieu(doc, 1, ("Khối lượng công việc hoàn thành", "b"), keep_next=True)
    para(doc, "{{ thanh_ly.khoi_luong }}")
    dieu(doc, 2, ("Giá trị thanh lý hợp đồng", "b"), keep_next=True)
    para(doc, "1. Giá trị hợp đồng: ", *money_words("thanh_ly.gia_tri_hop_dong"), ".")
    para(doc, "2. Giá trị được nghiệm thu, thanh toán: ", *money_words("thanh_ly.gia_tri_nghiem_thu"), ".")
    para(doc, "3. Bên A đã tạm ứng cho Bên B: ", *money_words("thanh_ly.da_tam_ung"), ".")
    para(doc, "4. Bên A còn phải thanh toán cho Bên B: ", *money_words("thanh_ly.con_phai_thanh_toan"), ".")
    para(doc, "5. Bên B phải nộp trả Bên A: ", *money_words("thanh_ly.phai_thu_hoi"), ".")
    dieu(doc, 3, ("Kết luận", "b"), keep_next=True)
    # who still pays whom, how much, into which account and by when (Điều 4 of the contract: by transfer)
    _transfer(doc, "Bên A thanh toán cho Bên B số kinh phí còn lại nêu tại khoản 4 Điều 2 là ",
              "thanh_ly.con_phai_thanh_toan", payee="hop_dong.ben_b")
    _transfer(doc, "Bên B nộp trả cho Bên A số kinh phí nêu tại khoản 5 Điều 2 là ",
              "thanh_ly.phai_thu_hoi", payee="thanh_ly.ben_a")
    para(doc, "Hai bên thống nhất thanh lý Hợp đồng số ", "{{ hop_dong.so }}",
         "{{ '; hợp đồng chấm dứt khi khoản kinh phí nêu trên được chuyển đủ' if thanh_ly.con_phai_thanh_toan "
         "or thanh_ly.phai_thu_hoi else '; hai bên đã hoàn thành nghĩa vụ theo hợp đồng' }}",
         ". Biên bản được lập thành ", "{{ hop_dong.so_ban }}", *COPIES_CLAUSE)
    _both_parties_sign(doc, ben_a="thanh_ly.ben_a")


def _transfer(doc, opening: str, amount: str, *, payee: str) -> None:
    """A liquidation's transfer, when there is one: how much, into the payee's account, by when."""
    ctl(doc, "{%p if " + amount + " %}")
    para(doc, opening, ("{{ " + amount + "|tien }}", "b"), (" đồng", "b"),
         ", bằng hình thức chuyển khoản vào tài khoản số ", f"{{{{ {payee}.tai_khoan }}}}", " của ",
         f"{{{{ {payee}.ten }}}}", " tại ", f"{{{{ {payee}.noi_mo_tai_khoan }}}}",
         ", trong thời hạn ", "{{ thanh_ly.so_ngay }}", " ngày làm việc kể từ ngày ký biên bản này.")
    ctl(doc, "{%p endif %}")


@template("bao_cao_quyet_toan", title="Báo cáo quyết toán kinh phí đề án khuyến công", doc_type="BC", issuer="ttkc",
          context=dict(co_quan="ttkc", so_ky_hieu="Số: 120/BC-TTKC", dia_danh_ngay="Khánh Hòa, ngày 10 tháng 11 năm 2026",
                       ngay_ban_hanh="2026-11-10",
                       trich_yeu="Quyết toán kinh phí đề án khuyến công địa phương năm 2026",
                       kinh_gui=["Sở Công Thương tỉnh Khánh Hòa"],
                       ky=sd.KY_TTKC,
                       noi_nhan=["- Như trên;", "- Sở Tài chính;", "- Lưu: VT, KT."]),
          profile=Profile("Quyết toán kinh phí đề án khuyến công địa phương năm {nam}",
                          kinh_gui=("sct",), recipients=("Như trên",), archive=("KHTC",)))
def build_bc_qt(doc):
    agency_header(doc)
    title_block(doc, "BÁO CÁO", ["{{ trich_yeu }}"])
    kinh_gui(doc)
    para(doc, "{{ co_quan.ten_day_du }}", " báo cáo quyết toán kinh phí đề án ", "“{{ de_an.ten }}”",
         " (phê duyệt tại Quyết định số ", "{{ de_an.so_qd_phe_duyet }}", " ", "{{ de_an.ngay_qd_phe_duyet|ngay }}",
         " của ", "{{ de_an.co_quan_qd_phe_duyet }}", "{% for x in quyet_toan.dieu_chinh %}; điều chỉnh tại {{ x }}"
         "{% endfor %}", "; Hợp đồng số ", "{{ hop_dong.so }}", " ", "{{ hop_dong.ngay|ngay }}", ") như sau:")
    heading(doc, "1. Tình hình thực hiện")
    para(doc, "{{ quyet_toan.thuyet_minh }}")
    heading(doc, "2. Số liệu quyết toán", )
    para(doc, ("Đơn vị tính: đồng", "i"), align="right", first=0)
    t = make_table(doc, [1.3, 4.2, 2.75, 2.75, 2.75, 2.75])  # "STT" on one line
    header_row(t, ["STT", "Nội dung", "Dự toán được duyệt", "Kinh phí đã cấp", "Đề nghị quyết toán",
                   "Chênh lệch"])
    loop_rows(t, "for c in quyet_toan.chi_tiet",
              ["{{ c.stt }}", "{{ c.noi_dung }}", "{{ c.du_toan|tien }}", "{{ c.da_cap|tien }}",
               "{{ c.de_nghi|tien }}", "{{ c.chenh_lech|tien }}"],
              ["center", "left", "right", "right", "right", "right"])
    total_row(t, "Tổng cộng", 2, ["{{ quyet_toan.tong_du_toan|tien }}", "{{ quyet_toan.tong_da_cap|tien }}",
                                   "{{ quyet_toan.tong_de_nghi|tien }}", "{{ quyet_toan.tong_chenh_lech|tien }}"],
              ["right", "right", "right", "right"])
    _granted(doc, "quyet_toan", "Kinh phí đã cấp: ", "quyet_toan.tong_da_cap")
    para(doc, "Số kinh phí đề nghị quyết toán: ", *money_words("quyet_toan.tong_de_nghi"), ".")
    heading(doc, "3. Hồ sơ kèm theo")
    loop_lines(doc, "for x in quyet_toan.chung_tu", ["- ", "{{ x }}"])
    para(doc, "{{ co_quan.ten_day_du }}", " kính báo cáo ", "{{ kinh_gui[0] }}", " xem xét, phê duyệt quyết toán./.")
    signature_block(doc)


def _granted(doc, q: str, opening: str, total: str) -> None:
    """What was granted, and how: the advances, the payments, what was recovered (section `q`)."""
    para(doc, opening, "{{ " + total + "|tien }}", " đồng (tạm ứng ", "{{ " + q + ".da_tam_ung|tien }}",
         " đồng; thanh toán ", "{{ " + q + ".da_thanh_toan|tien }}",
         " đồng{% if " + q + ".da_thu_hoi %}; đã thu hồi {{ " + q + ".da_thu_hoi|tien }} đồng{% endif %}).")


@template("qd_phe_duyet_quyet_toan", title="Quyết định phê duyệt quyết toán kinh phí đề án khuyến công",
          doc_type="QĐ", issuer="sct",
          context=dict(co_quan="sct", so_ky_hieu="Số: 512/QĐ-SCT",
                       dia_danh_ngay="Khánh Hòa, ngày 20 tháng 11 năm 2026", ngay_ban_hanh="2026-11-20",
                       trich_yeu="Về việc phê duyệt quyết toán kinh phí đề án khuyến công địa phương năm 2026: Hỗ "
                       "trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến táo sấy",
                       tham_quyen="GIÁM ĐỐC SỞ CÔNG THƯƠNG",
                       can_cu=sd.CAN_CU_KHUYEN_CONG + [
                           "Căn cứ Quyết định số 125/QĐ-UBND ngày 20 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh "
                           "Khánh Hòa phê duyệt đề án khuyến công “Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
                           "chế biến táo sấy”;",
                           "Xét Báo cáo quyết toán số 120/BC-TTKC ngày 10 tháng 11 năm 2026 của Trung tâm Khuyến "
                           "công và Tư vấn phát triển công nghiệp tỉnh Khánh Hòa và đề nghị của Trưởng phòng Quản lý "
                           "công nghiệp."],
                       thi_hanh="Chánh Văn phòng Sở, Trưởng phòng Quản lý công nghiệp, Giám đốc Trung tâm Khuyến "
                       "công và Tư vấn phát triển công nghiệp tỉnh Khánh Hòa và các tổ chức, cá nhân có liên quan",
                       ky=sd.KY_GIAM_DOC_SCT,
                       noi_nhan=["- Như Điều 3;", "- Sở Tài chính;", "- Kho bạc Nhà nước khu vực XV;",
                                 "- Lưu: VT, QLCN."]),
          # The Sở approves the settled amount after the Báo cáo quyết toán (domain.md §3.6).
          profile=Profile(
              "Về việc phê duyệt quyết toán kinh phí đề án khuyến công địa phương năm {nam}: {de_an}",
              legal_kind="qd_phe_duyet_quyet_toan", tham_quyen="sct",
              recipients=("Như Điều 3", "Sở Tài chính", KHO_BAC), proposal="settlement", executes="settlement"))
def build_qd_qt(doc):
    """The Sở approves the settled amount of the đề án (domain.md §3.6) after the Báo cáo quyết
    toán: what was approved, granted (advances and payments) and settled, the rest to pay or to
    recover, citing the decisions, the contract and its liquidation by number and date."""
    qd_head(doc)
    q = "duyet_quyet_toan"
    dieu(doc, 1, "Phê duyệt quyết toán kinh phí khuyến công hỗ trợ thực hiện đề án ", "“{{ de_an.ten }}”",
         " (phê duyệt tại Quyết định số ", "{{ de_an.so_qd_phe_duyet }}", " ", "{{ de_an.ngay_qd_phe_duyet|ngay }}",
         " của ", "{{ de_an.co_quan_qd_phe_duyet }}",
         "{% for x in " + q + ".dieu_chinh %}; điều chỉnh tại {{ x }}{% endfor %}", "), thực hiện theo ",
         "{{ " + q + ".hop_dong }}", " và ", "{{ " + q + ".thanh_ly }}", ", như sau:")
    para(doc, "1. Kinh phí khuyến công hỗ trợ được duyệt: ", "{{ " + q + ".du_toan|tien }}", " đồng.")
    _granted(doc, q, "2. Kinh phí đã cấp: ", q + ".da_cap")
    para(doc, ("3. Kinh phí quyết toán được phê duyệt: ", "b"), ("{{ " + q + ".quyet_toan|tien }}", "b"),
         (" đồng", "b"), " (Bằng chữ: ", "{{ " + q + ".quyet_toan|bang_chu }}", ").")
    ctl(doc, "{%p if " + q + ".con_phai_cap %}")
    para(doc, "4. Kinh phí còn phải cấp cho ", "{{ don_vi_thuc_hien.ten }}", ": ",
         *money_words(q + ".con_phai_cap"), ".")
    ctl(doc, "{%p elif " + q + ".phai_thu_hoi %}")
    para(doc, "4. Kinh phí phải thu hồi, nộp ngân sách nhà nước: ", *money_words(q + ".phai_thu_hoi"), ".")
    ctl(doc, "{%p endif %}")
    dieu(doc, 2, "{{ don_vi_thuc_hien.ten }}", " chịu trách nhiệm về tính chính xác, hợp pháp của số liệu và hồ sơ, "
         "chứng từ quyết toán; thực hiện việc thanh toán, thu hồi kinh phí (nếu có) với Kho bạc Nhà nước và lưu trữ "
         "hồ sơ, chứng từ theo quy định.")
    dieu(doc, 3, "Quyết định này có hiệu lực kể từ ngày ký. ", "{{ thi_hanh }}", " chịu trách nhiệm thi hành "
         "Quyết định này./.")
    signature_block(doc)


# =========================================================================== plan level (issue 6)
# Documents built from many dossiers of a plan: the aggregated list, the Sở's Tờ trình to the UBND
# tỉnh, the UBND's Quyết định with its annex (one row per đề án, subtotals by content group), and
# the six-month / annual report. Their context is built by dossier/services/plans.py.


def _merged(row, table, first: int, last: int):
    """Merge cells first..last of a row (widths summed, as total_row does); returns the merged cell."""
    cells = row.cells
    merged = cells[first].merge(cells[last])
    tcW = merged._tc.tcPr.find(nd.qn("w:tcW"))
    tcW.set(nd.qn("w:w"), str(sum(nd._twips(w) for w in table._nd30_widths[first:last + 1])))
    tcW.set(nd.qn("w:type"), "dxa")
    return merged


def list_table(doc, size=10):
    """danh_muc: content groups (bold subtotal rows) each with its đề án, then the grand total.
    Money columns are wide enough for "10.000.000.000" on one line at 10 pt."""
    widths = [0.9, 3.4, 3.1, 1.7, 2.5, 2.5, 2.4]
    t = make_table(doc, widths)
    header_row(t, ["STT", "Tên đề án", "Đơn vị thụ hưởng, địa điểm thực hiện", "Thời gian thực hiện",
                   "Tổng kinh phí (đồng)", "Kinh phí khuyến công (đồng)", "Vốn đối ứng (đồng)"], size=size)
    r = nd.add_row(t)
    nd.cell_text(r.cells[0], "{%tr for n in danh_muc %}")
    r = nd.add_row(t)
    nd.cell_text(r.cells[0], ("{{ n.so_la_ma }}", "b"), align="center", size=size)
    nd.cell_text(_merged(r, t, 1, 3), ("{{ n.ten }}", "b"), (" (", "b"), ("{{ n.so_de_an }}", "b"),
                 (" đề án)", "b"), align="left", size=size)
    rest = [nd._Cell(tc, t) for tc in r._tr.tc_lst[2:]]
    for cell, key in zip(rest, ("tong", "ho_tro", "doi_ung"), strict=True):
        nd.cell_text(cell, ("{{ n." + key + "|tien }}", "b"), align="right", size=size)
    r = nd.add_row(t)
    nd.cell_text(r.cells[0], "{%tr for d in n.de_an %}")
    r = nd.add_row(t)
    for cell, runs, al in zip(r.cells, (["{{ d.stt }}"], ["{{ d.ten }}"],
                                        ["{{ d.co_so }}", "; ", "{{ d.dia_diem }}"], ["{{ d.thoi_gian }}"],
                                        ["{{ d.tong|tien }}"], ["{{ d.ho_tro|tien }}"], ["{{ d.doi_ung|tien }}"]),
                              ("center", "left", "left", "center", "right", "right", "right"), strict=True):
        nd.cell_text(cell, *runs, align=al, size=size)
    r = nd.add_row(t)
    nd.cell_text(r.cells[0], "{%tr endfor %}")
    r = nd.add_row(t)
    nd.cell_text(r.cells[0], "{%tr endfor %}")
    total_row(t, "Tổng cộng", 4, ["{{ ke_hoach.tong|tien }}", "{{ ke_hoach.ho_tro|tien }}",
                                   "{{ ke_hoach.doi_ung|tien }}"], ["right", "right", "right"], size=size)
    return t


def group_lines(doc, prefix="- "):
    """One line per content group with its count and support in words, then the total in words."""
    loop_lines(doc, "for n in danh_muc", [prefix, "{{ n.ten }}", ": ", "{{ n.so_de_an }}",
                                          " đề án, kinh phí khuyến công hỗ trợ ", *money_words("n.ho_tro"), ";"])
    para(doc, "Tổng cộng: ", "{{ ke_hoach.so_de_an }}", " đề án; tổng kinh phí thực hiện ",
         *money_words("ke_hoach.tong"), ", trong đó kinh phí khuyến công hỗ trợ ", *money_words("ke_hoach.ho_tro"),
         ", vốn đối ứng của các cơ sở ", *money_words("ke_hoach.doi_ung"), ".")


def annex(doc, heading_text: str):
    """A new page with the annex title, its reference line and the list table."""
    title = para(doc, ("PHỤ LỤC", "b"), style=nd.S_TITLE, before=0)
    title.paragraph_format.page_break_before = True
    para(doc, (heading_text, "b"), style=nd.S_TITLE, before=0)
    para(doc, ("({{ phu_luc.kem_theo }})", "i"), style=nd.S_TITLE, before=0)
    para(doc, ("Đơn vị tính: đồng", "i"), align="right", first=0)
    list_table(doc)


_PLAN_BASE = dict(
    ke_hoach=sd.KE_HOACH, danh_muc=sd.DANH_MUC,
    phu_luc={"kem_theo": "Kèm theo Quyết định số 125/QĐ-UBND ngày 20 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh "
                         "Khánh Hòa"},
)


@template("bang_tong_hop_de_an", title="Bảng tổng hợp danh mục đề án khuyến công", doc_type="", issuer="sct",
          generated_by=["plan"],
          context=dict(_PLAN_BASE, co_quan="sct", so_ky_hieu="", dia_danh_ngay="Khánh Hòa, ngày 25 tháng 02 năm 2026",
                       ngay_ban_hanh="2026-02-25",
                       trich_yeu="Danh mục đề án khuyến công địa phương năm 2026 (đợt 1) đã được thẩm định",
                       ky=sd.KY_GIAM_DOC_SCT))
def build_bang_tong_hop(doc):
    agency_header(doc, number_optional=True)
    title_block(doc, "BẢNG TỔNG HỢP", ["{{ trich_yeu }}"])
    para(doc, ("Đơn vị tính: đồng", "i"), align="right", first=0)
    list_table(doc)
    para(doc, "Tổng số: ", "{{ ke_hoach.so_de_an }}", " đề án; kinh phí khuyến công hỗ trợ ",
         *money_words("ke_hoach.ho_tro"), ".", before=6)
    signature_block(doc, with_recipients=False)


@template("to_trinh_ke_hoach", title="Tờ trình phê duyệt danh mục đề án khuyến công", doc_type="TTr", issuer="sct",
          generated_by=["plan"],
          context=dict(_PLAN_BASE, co_quan="sct", so_ky_hieu="Số: 61/TTr-SCT",
                       dia_danh_ngay="Khánh Hòa, ngày 02 tháng 3 năm 2026", ngay_ban_hanh="2026-03-02",
                       trich_yeu="Về việc đề nghị phê duyệt danh mục đề án khuyến công địa phương năm 2026 (đợt 1)",
                       kinh_gui=["Ủy ban nhân dân tỉnh Khánh Hòa"], can_cu=sd.CAN_CU_KHUYEN_CONG,
                       ky=sd.KY_GIAM_DOC_SCT,
                       noi_nhan=["- Như trên;", "- Sở Tài chính;", "- Trung tâm Khuyến công và TVPTCN;",
                                 "- Lưu: VT, QLCN."]))
def build_ttr_ke_hoach(doc):
    agency_header(doc)
    title_block(doc, "TỜ TRÌNH", ["{{ trich_yeu }}"])
    kinh_gui(doc)
    loop_lines(doc, "for l in can_cu", ["{{ l }}"])
    para(doc, "{{ co_quan.ten_day_du }}", " kính trình ", "{{ kinh_gui[0] }}", " xem xét, phê duyệt danh mục đề "
         "án khuyến công địa phương năm ", "{{ ke_hoach.nam }}", "{{ ke_hoach.dot }}", " như sau:")
    heading(doc, "1. Quá trình tiếp nhận, thẩm định")
    para(doc, "Thực hiện ", "{{ ke_hoach.chuong_trinh }}", ", ", "{{ co_quan.ten_day_du }}", " đã tiếp nhận ",
         "{{ ke_hoach.so_ho_so }}", " hồ sơ đăng ký và tổ chức thẩm định theo quy định. Kết quả: ",
         "{{ ke_hoach.so_de_an }}", " đề án đạt yêu cầu, đủ điều kiện đề nghị hỗ trợ.")
    heading(doc, "2. Danh mục đề án đề nghị phê duyệt")
    group_lines(doc)
    para(doc, "Dự toán kinh phí khuyến công địa phương năm ", "{{ ke_hoach.nam }}", " được giao: ",
         *money_words("ke_hoach.du_toan"), ".")
    para(doc, "(Chi tiết tại Phụ lục kèm theo.)")
    heading(doc, "3. Đề xuất")
    para(doc, "{{ co_quan.ten_day_du }}", " kính trình ", "{{ kinh_gui[0] }}", " xem xét, phê duyệt danh mục ",
         "{{ ke_hoach.so_de_an }}", " đề án với tổng kinh phí khuyến công hỗ trợ ", *money_words("ke_hoach.ho_tro"),
         "./.")
    signature_block(doc)
    annex(doc, "DANH MỤC ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM {{ ke_hoach.nam }} ĐỀ NGHỊ PHÊ DUYỆT")


@template("qd_phe_duyet_ke_hoach", title="Quyết định phê duyệt danh mục đề án khuyến công", doc_type="QĐ",
          issuer="ubnd", generated_by=["plan"],
          context=dict(_PLAN_BASE, co_quan="ubnd", so_ky_hieu="Số: 125/QĐ-UBND",
                       dia_danh_ngay="Khánh Hòa, ngày 20 tháng 3 năm 2026", ngay_ban_hanh="2026-03-20",
                       trich_yeu="Về việc phê duyệt danh mục đề án khuyến công địa phương năm 2026 (đợt 1)",
                       tham_quyen="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
                       can_cu=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]
                       + sd.CAN_CU_KHUYEN_CONG
                       + ["Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 61/TTr-SCT ngày 02 tháng 3 "
                          "năm 2026."],
                       khong_phe_duyet=["Đề án “Hỗ trợ ứng dụng máy may công nghiệp” (KC-2026-007, Hộ kinh doanh "
                                        "Thanh Hà): trả lại Sở Công Thương để hoàn thiện (bổ sung báo giá thiết bị)."],
                       thi_hanh="Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Công Thương, Tài chính; "
                       "Giám đốc Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Khánh Hòa; Chủ tịch Ủy ban "
                       "nhân dân các xã có đề án và các cơ sở thụ hưởng",
                       ky=sd.KY_UBND,
                       noi_nhan=["- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;",
                                 "- Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công (Bộ Công Thương);",
                                 "- Kho bạc Nhà nước khu vực XV;", "- Lưu: VT, KT."]))
def build_qd_ke_hoach(doc):
    qd_head(doc)
    dieu(doc, 1, "Phê duyệt danh mục ", "{{ ke_hoach.so_de_an }}", " đề án khuyến công địa phương năm ",
         "{{ ke_hoach.nam }}", "{{ ke_hoach.dot }}", " (chi tiết tại Phụ lục kèm theo), gồm:")
    group_lines(doc)
    para(doc, "Nguồn kinh phí: kinh phí khuyến công địa phương năm ", "{{ ke_hoach.nam }}",
         " đã giao trong dự toán ngân sách tỉnh và vốn đối ứng của các cơ sở thụ hưởng.")
    ctl(doc, "{%p if khong_phe_duyet %}")
    para(doc, "Các đề án sau trong danh mục Sở Công Thương đề nghị không được phê duyệt tại Quyết định này:")
    loop_lines(doc, "for k in khong_phe_duyet", ["- ", "{{ k }}"])
    ctl(doc, "{%p endif %}")
    dieu(doc, 2, "Tổ chức thực hiện", keep_next=True)
    para(doc, "1. Sở Công Thương hướng dẫn, kiểm tra, giám sát việc thực hiện các đề án; tổ chức nghiệm thu, "
         "tổng hợp báo cáo kết quả thực hiện theo quy định.")
    para(doc, "2. Sở Tài chính bố trí kinh phí, hướng dẫn thanh toán, quyết toán kinh phí theo quy định.")
    para(doc, "3. Đơn vị thực hiện đề án ký hợp đồng, tạm ứng, thanh toán và quyết toán kinh phí đúng mục đích, "
         "đúng chế độ; các cơ sở thụ hưởng bố trí đủ vốn đối ứng.")
    dieu(doc, 3, "Quyết định này có hiệu lực kể từ ngày ký. ", "{{ thi_hanh }}", " chịu trách nhiệm thi hành "
         "Quyết định này./.")
    signature_block(doc)
    annex(doc, "DANH MỤC ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM {{ ke_hoach.nam }}")


@template("bao_cao_tinh_hinh_khuyen_cong", title="Báo cáo tình hình thực hiện kế hoạch khuyến công",
          doc_type="BC", issuer="sct", generated_by=["report"],
          context=dict(co_quan="sct", so_ky_hieu="Số: 210/BC-SCT", dia_danh_ngay="Khánh Hòa, ngày 05 tháng 7 năm 2025",
                       ngay_ban_hanh="2025-07-05",
                       trich_yeu="Tình hình thực hiện kế hoạch khuyến công 6 tháng đầu năm 2025",
                       kinh_gui=["Ủy ban nhân dân tỉnh Khánh Hòa", "Bộ Công Thương"], ky=sd.KY_GIAM_DOC_SCT,
                       bao_cao=sd.BAO_CAO,
                       noi_nhan=["- Như trên;", "- Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công;",
                                 "- Lưu: VT, QLCN."]))
def build_bc_tinh_hinh(doc):
    agency_header(doc)
    title_block(doc, "BÁO CÁO", ["{{ trich_yeu }}"])
    kinh_gui(doc)
    para(doc, "{{ co_quan.ten_day_du }}", " báo cáo tình hình thực hiện kế hoạch khuyến công ", "{{ bao_cao.ky }}",
         " (số liệu đến ", "{{ bao_cao.den_ngay|ngay }}", ") như sau:")
    heading(doc, "I. KẾT QUẢ THỰC HIỆN", first=0)
    para(doc, "Kế hoạch năm ", "{{ bao_cao.nam }}", " có ", "{{ bao_cao.so_de_an }}",
         " đề án; dự toán kinh phí khuyến công được giao ", *money_words("bao_cao.du_toan"), ".")
    para(doc, "Kinh phí đã giải ngân: ", *money_words("bao_cao.tong.giai_ngan"), ", đạt ",
         "{{ bao_cao.ty_le_giai_ngan }}", "% dự toán.")
    para(doc, ("Kết quả theo nhóm nội dung:", "i"), keep_next=True)
    t = make_table(doc, [1.0, 3.3, 1.1, 2.35, 2.35, 2.35, 2.35, 1.7])
    size = 10
    header_row(t, ["STT", "Nhóm nội dung", "Số đề án", "Được phê duyệt (đồng)", "Đã ký hợp đồng (đồng)",
                   "Đã giải ngân (đồng)", "Đã quyết toán (đồng)", "Tỷ lệ giải ngân (%)"], size=size)
    loop_rows(t, "for n in bao_cao.nhom",
              ["{{ n.stt }}", "{{ n.ten }}", "{{ n.so_de_an }}", "{{ n.phe_duyet|tien }}", "{{ n.hop_dong|tien }}",
               "{{ n.giai_ngan|tien }}", "{{ n.quyet_toan|tien }}", "{{ n.ty_le }}"],
              ["center", "left", "center", "right", "right", "right", "right", "right"], size=size)
    total_row(t, "Tổng cộng", 2, ["{{ bao_cao.so_de_an }}", "{{ bao_cao.tong.phe_duyet|tien }}",
                                   "{{ bao_cao.tong.hop_dong|tien }}", "{{ bao_cao.tong.giai_ngan|tien }}",
                                   "{{ bao_cao.tong.quyet_toan|tien }}", "{{ bao_cao.tong.ty_le }}"],
              ["center", "right", "right", "right", "right", "right"], size=size)
    heading(doc, "II. LŨY KẾ THỰC HIỆN CHƯƠNG TRÌNH", first=0)
    para(doc, "{{ bao_cao.chuong_trinh.ten }}", " có tổng kinh phí ", *money_words("bao_cao.chuong_trinh.kinh_phi"),
         ". Lũy kế đến nay đã phê duyệt ", *money_words("bao_cao.chuong_trinh.phe_duyet"), "; đã giải ngân ",
         *money_words("bao_cao.chuong_trinh.giai_ngan"), ", đạt ", "{{ bao_cao.chuong_trinh.ty_le }}",
         "% tổng kinh phí của Chương trình.")
    heading(doc, "III. ĐÁNH GIÁ CHUNG", first=0)
    loop_lines(doc, "for x in bao_cao.danh_gia", ["- ", "{{ x }}"])
    heading(doc, "IV. KIẾN NGHỊ", first=0)
    loop_lines(doc, "for x in bao_cao.kien_nghi", ["- ", "{{ x }}"])
    para(doc, "{{ co_quan.ten_day_du }}", " kính báo cáo./.")
    signature_block(doc)


# =========================================================================== context, manifest, FIELDS.md


def sample_context(spec) -> dict:
    ctx = sd.base()
    extra = copy.deepcopy(spec["context"])
    if "co_quan" in extra:
        extra["co_quan"] = copy.deepcopy(sd.CO_QUAN[extra["co_quan"]])
    ctx.update(extra)
    return ctx


def used_paths(docx: bytes, aliases: dict[str, str] | None = None) -> set[str]:
    """Context paths the template reads: 'a.b', 'a[].b' (items of list a), through for-loop aliases.

    The walker is the template checks' own (dossier.documents.variables), over the same parts.
    """
    env = make_environment()
    trees = [env.parse(part.source) for part in template_parts(docx) if part.rendered]
    out = set()
    for p in template_reads(trees, aliases or {}).paths:
        while p.endswith("[]"):
            p = p[:-2]
        out.add(p)
    return out


def lookup(ctx, path):
    """Value at a registry path; for 'a[].b' the value in the first item of a."""
    cur = ctx
    for part in path.split("."):
        is_list = part.endswith("[]")
        key = part[:-2] if is_list else part
        if not isinstance(cur, dict) or key not in cur:
            raise KeyError(path)
        cur = cur[key]
        if is_list:
            if not cur:
                return None
            cur = cur[0]
    return cur


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def toml_value(v, typ):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if v is None:
        return toml_str("")
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, list):
        if all(isinstance(x, str) for x in v):
            return "[" + ", ".join(toml_str(x) for x in v[:2]) + "]"
        return toml_str(f"(danh sách {len(v)} phần tử, xem sample.json)")
    return toml_str(str(v))


def manifest_fields(spec, paths):
    rows = []
    for p in sorted(paths):
        if p not in REGISTRY:
            raise SystemExit(f"{spec['id']}: context key {p!r} is not in fields_registry.py")
        typ, desc, nullable = REGISTRY[p]
        rows.append((p, typ, not nullable, desc))
    return rows


def profile_lines(profile: Profile) -> list[str]:
    """The manifest's [profile] table: every field of the Profile, in its declared order."""
    lines = ["", "# What the document says beyond the dossier (dossier.documents.profiles.Profile).", "[profile]"]
    for f in dataclasses.fields(Profile):
        value = getattr(profile, f.name)
        if isinstance(value, tuple):
            lines.append(f"{f.name} = [" + ", ".join(toml_str(v) for v in value) + "]")
        else:
            lines.append(f"{f.name} = {toml_str(value or '')}")
    return lines


def write_manifest(out_dir: Path, spec, rows, ctx):
    lines = [
        "# Generated by templates_docx/build_templates.py: edit the builder, not this file.",
        f"id = {toml_str(spec['id'])}",
        "version = 1",
        f"title = {toml_str(spec['title'])}",
        f"doc_type = {toml_str(spec['doc_type'])}",
        f"issuer = {toml_str(spec['issuer'])}",
        "generated_by = [" + ", ".join(toml_str(g) for g in spec["generated_by"]) + "]",
    ]
    if spec["repeat_over"]:
        lines.append(f"repeat_over = {toml_str(spec['repeat_over'])}")
        lines.append('repeat_as = "muc"')
    if spec["profile"] is not None:
        lines += profile_lines(spec["profile"])
    for path, typ, required, desc in rows:
        example = lookup(ctx, path)
        if spec["repeat_over"] and path.startswith(spec["repeat_over"] + "[]."):
            desc = desc + f" (trong mẫu: muc.{path[len(spec['repeat_over']) + 3:]})"
        lines += ["", "[[fields]]", f"path = {toml_str(path)}", f"type = {toml_str(typ)}",
                  f"required = {'true' if required else 'false'}", f"example = {toml_value(example, typ)}",
                  f"description = {toml_str(desc)}"]
    (out_dir / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def trim_context(ctx, paths):
    tops = {p.split(".")[0].removesuffix("[]") for p in paths}
    return {k: v for k, v in ctx.items() if k in tops}


def write_fields_md(out_root: Path, usage: dict[str, list[str]]):
    L = [
        "# Ngữ cảnh (context) của các mẫu văn bản — FIELDS",
        "",
        "<!-- Generated by templates_docx/build_templates.py from fields_registry.py: edit those, not this file. -->",
        "",
        "Đây là danh sách DUY NHẤT các khóa dữ liệu mà mọi mẫu trong `templates_docx/` sử dụng. Khóa viết "
        "snake_case tiếng Việt không dấu. Quy ước kiểu:",
        "",
        "- `text`: chuỗi (NFC). Được dùng `\\n` để xuống dòng trong cùng đoạn (docxtpl chuyển thành ngắt dòng).",
        "- `money`: số nguyên, đơn vị đồng; mẫu in bằng `|tien` (\"130.000.000\") và `|bang_chu` "
        "(\"Một trăm ba mươi triệu đồng\"). Mọi số tiền quan trọng in theo dạng "
        "\"X đồng (Bằng chữ: …)\".",
        "- `date`: chuỗi ISO `YYYY-MM-DD` hoặc `null` (dự thảo); mẫu in bằng `|ngay` (\"ngày 05 tháng 01 năm "
        "2026\") hoặc `|ngay_so` (\"05/01/2026\").",
        "- `percent`: chuỗi đã định dạng kiểu Việt Nam, không có dấu % (\"44,83\").",
        "- `int`, `bool`, `list` (danh sách chuỗi hoặc đối tượng; `a[].b` là trường `b` của từng phần tử).",
        "",
        "Cột *bắt buộc*: \"có\" = khóa phải có và không rỗng trong văn bản chính thức; \"có thể rỗng\" = khóa "
        "vẫn phải có mặt (mẫu chạy với `StrictUndefined`) nhưng được là `null`/`\"\"`/`[]`.",
        "",
        "Các khóa chung `co_quan`, `so_ky_hieu`, `dia_danh_ngay`, `ngay_ban_hanh`, `trich_yeu`, `can_cu`, `ky`, "
        "`noi_nhan` mô tả VĂN BẢN ĐANG SINH (cơ quan ban hành văn bản này, người ký văn bản này), không phải "
        "hồ sơ. Phiếu nhận xét được sinh một lần cho mỗi phần tử của `hoi_dong.thanh_vien`; trong mẫu, thành "
        "viên đó là biến `muc` (ví dụ `muc.ho_ten` = `hoi_dong.thanh_vien[i].ho_ten`).",
        "",
        "Chỉ được dùng các bộ lọc của `dossier.vn.filters.FILTERS`: `tien`, `bang_chu`, `ngay`, `ngay_so`, "
        "`phan_tram`, `hoa`, `so_thu_tu` (cùng các phép thử/biểu thức Jinja cơ bản như `length`, `loop.index`, "
        "`is sameas`, `is none`).",
        "",
    ]
    groups: dict[str, list] = {}
    for path, (typ, desc, nullable) in REGISTRY.items():
        top = path.split(".")[0].removesuffix("[]")
        groups.setdefault(top, []).append((path, typ, desc, nullable))
    ctx_all = sd.base()
    for spec in TEMPLATES.values():
        for k, v in sample_context(spec).items():
            ctx_all.setdefault(k, v)
    for top, rows in groups.items():
        L += [f"## `{top}`", "", "| Khóa | Kiểu | Bắt buộc | Ý nghĩa | Ví dụ | Dùng trong |", "|---|---|---|---|---|---|"]
        for path, typ, desc, nullable in rows:
            try:
                ex = lookup(ctx_all, path)
            except KeyError:
                ex = None
            if isinstance(ex, list):
                ex = (ex[0] if ex and isinstance(ex[0], str) else f"[{len(ex)} phần tử]") if ex else "[]"
            ex_s = "" if ex is None else str(ex)
            if len(ex_s) > 70:
                ex_s = ex_s[:67] + "…"
            ex_s = ex_s.replace("|", "\\|").replace("\n", "\\n")
            used = ", ".join(usage.get(path, [])) or "—"
            L.append(f"| `{path}` | {typ} | {'có thể rỗng' if nullable else 'có'} | {desc.replace('|', '/')} | "
                     f"{ex_s} | {used} |")
        L.append("")
    (out_root / "FIELDS.md").write_text("\n".join(L), encoding="utf-8")


def build(out_root: Path) -> None:
    out_root = Path(out_root)
    usage: dict[str, list[str]] = {}
    for tid, spec in TEMPLATES.items():
        d = out_root / tid
        d.mkdir(parents=True, exist_ok=True)
        doc = nd.new_document(spec["title"])
        spec["build"](doc)
        nd.save_deterministic(doc, d / "template.docx")
        aliases = {"muc": spec["repeat_over"] + "[]"} if spec["repeat_over"] else {}
        paths = used_paths((d / "template.docx").read_bytes(), aliases)
        # every list whose item fields are used is itself a field
        for p in list(paths):
            parts = p.split("[]")
            for i in range(1, len(parts)):
                paths.add("[]".join(parts[:i]))
        rows = manifest_fields(spec, paths)
        ctx = sample_context(spec)
        for path, *_ in rows:
            lookup(ctx, path)  # the sample must hold every key
            usage.setdefault(path, []).append(tid)
        write_manifest(d, spec, rows, ctx)
        sample = trim_context(ctx, paths)
        (d / "sample.json").write_text(json.dumps(sample, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_fields_md(out_root, usage)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
