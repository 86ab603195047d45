"""What each template needs beyond the dossier: its wording, who signs, who receives it.

Data, not code paths: adding a template means adding a row here and a folder in templates_docx/.
`issuer` in a template's manifest says which body's header it carries; `legal_kind` selects the
Căn cứ lines from dossier.vn.legal_bases; documents whose type is in ISSUED_TYPES are drafts
(blank number and date) until the văn thư issues them.
"""

from __future__ import annotations

from dataclasses import dataclass

ISSUED_TYPES = frozenset({"QĐ", "TTr", "TB", "GM", "BC"})
# The bodies whose register numbers what they issue (a council has no register of its own).
REGISTERS = ("sct", "ubnd", "ttkc")


def registered(doc_type: str, issuer: str) -> bool:
    """Numbered in the issuing body's register (sổ văn bản đi): the documents it issues
    (ISSUED_TYPES: drafts with a blank number and day until its leader signs them), and the biên
    bản a body records (kiểm tra, nghiệm thu, thanh lý: "Số: 15/BB-TTKC"), which its parties sign
    on paper and the văn thư then enters; they keep the date of the event they record. The
    council's minutes have no register of their own (their blank "Số:      /BB-HĐTĐ")."""
    return doc_type in ISSUED_TYPES or (doc_type == "BB" and issuer in REGISTERS)


# Share of the support advanced when the contract is signed. TT 36/2013 sets 70 % for training
# and similar đề án; the ratio for machinery is provincial and was not found (domain.md §9.5):
# a province changes it here.
ADVANCE_PERCENT = 50
EQUIPMENT_USE_YEARS = 5
# In a recipients list: the State Treasury office that pays the implementing unit, as it was named
# on the document's date (its bank), not a name fixed here — Kho bạc Nhà nước Ninh Thuận before the
# 2025 reorganisation, Kho bạc Nhà nước khu vực XV after.
KHO_BAC = "kho_bac"
# In a recipients list: the Trung tâm that carries the đề án out, by its name on the document's date
# (Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận in 2024–2025), never the
# generic "Trung tâm Khuyến công" no register knows.
TRUNG_TAM = "trung_tam"
# The Sở's leaders: "Ban Giám đốc Sở" whoever signs (a "Giám đốc Sở (để báo cáo)" on a paper the
# Giám đốc signs himself sends it to its own signer).
BAN_GIAM_DOC = "Ban Giám đốc Sở"
# Working days, from the Biên bản thanh lý, within which Bên A pays what remains (or Bên B pays
# back what was paid beyond the accepted value): contract practice, no act fixes it; a province
# changes it here.
SETTLE_WITHIN_WORKING_DAYS = 10


@dataclass(frozen=True)
class Profile:
    trich_yeu: str  # may use {de_an}, {co_so}, {nam}
    legal_kind: str | None = None
    tham_quyen: str = ""  # "sct" | "ubnd" | "" — the authority line of a Quyết định
    kinh_gui: tuple[str, ...] = ()  # "ttkc", "sct", "ubnd", "co_so", or the addressee's own words
    recipients: tuple[str, ...] = ()
    archive: tuple[str, ...] = ("QLCN",)
    # The last Căn cứ line: "to_trinh" (the issued Tờ trình), "approval" (the issued approval
    # decision), "settlement" (that decision, then the Báo cáo quyết toán it approves), "liquidation"
    # (the contract and the acceptance minutes the liquidation settles), "adjustment" (the request
    # the QĐ điều chỉnh grants, as the Sở submitted it), or literal
    # words ("Theo đề nghị của …").
    proposal: str = ""
    # Who Điều 3 charges with carrying it out: "ubnd" (the UBND tỉnh directs its office, the Sở,
    # the communes) or "sct" (a Giám đốc Sở directs only the Sở's own units and the people it names),
    # "settlement" (the Sở's units and the implementing unit).
    executes: str = "ubnd"


PROFILES: dict[str, Profile] = {
    "don_de_nghi_ho_tro": Profile("Về việc đề nghị hỗ trợ kinh phí khuyến công năm {nam}",
                                  kinh_gui=("ttkc", "sct")),
    "de_an_khuyen_cong": Profile("{de_an}", legal_kind="de_an"),
    "qd_thanh_lap_hoi_dong": Profile(
        "Về việc thành lập Hội đồng thẩm định đề án khuyến công địa phương năm {nam}",
        legal_kind="qd_thanh_lap_hoi_dong", tham_quyen="sct",
        recipients=("Như Điều 3", BAN_GIAM_DOC, "Các thành viên Hội đồng"),
        proposal="Theo đề nghị của Trưởng phòng Quản lý công nghiệp", executes="sct"),
    "giay_moi_hop_hoi_dong": Profile("Mời họp Hội đồng thẩm định đề án khuyến công địa phương năm {nam}",
                                     kinh_gui=("Các thành viên Hội đồng thẩm định đề án khuyến công",),
                                     recipients=("Như thành phần mời", BAN_GIAM_DOC)),
    "phieu_nhan_xet": Profile("Phiếu nhận xét, đánh giá đề án khuyến công địa phương năm {nam}"),
    "bien_ban_hop_hoi_dong": Profile("Họp Hội đồng thẩm định đề án khuyến công địa phương năm {nam}"),
    "thong_bao_yeu_cau_bo_sung": Profile("Về việc bổ sung, hoàn thiện hồ sơ đề án khuyến công",
                                         kinh_gui=("co_so",), recipients=("Như trên", TRUNG_TAM)),
    "to_trinh_phe_duyet": Profile("Về việc phê duyệt đề án khuyến công địa phương năm {nam}",
                                  legal_kind="to_trinh", kinh_gui=("ubnd",),
                                  recipients=("Như trên", "Sở Tài chính", TRUNG_TAM)),
    "qd_phe_duyet_de_an": Profile(
        "Về việc phê duyệt đề án khuyến công địa phương năm {nam}: {de_an}",
        legal_kind="qd_phe_duyet", tham_quyen="ubnd",
        recipients=("Như Điều 3", "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
                    "Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công)",
                    KHO_BAC),
        archive=("KT",), proposal="to_trinh"),
    # one title: "HỢP ĐỒNG" is the type line, the trích yếu says what for (not "Hợp đồng …" again)
    "hop_dong_thuc_hien": Profile("Thực hiện đề án khuyến công địa phương năm {nam}",
                                  legal_kind="hop_dong", proposal="approval"),
    "bien_ban_kiem_tra": Profile("Kiểm tra tình hình thực hiện đề án khuyến công"),
    "qd_dieu_chinh": Profile("Về việc điều chỉnh đề án khuyến công địa phương năm {nam}: {de_an}",
                             legal_kind="qd_dieu_chinh", tham_quyen="ubnd",
                             recipients=("Như Điều 3", KHO_BAC), archive=("KT",), proposal="adjustment"),
    # Điều 4 carries it out (Điều 3 is the Sở's and the Sở Tài chính's task). The approving leader
    # stops the đề án on the step's reason, proposed by no one in the table: no "Theo đề nghị" line.
    "qd_ngung_thuc_hien": Profile("Về việc ngừng thực hiện đề án khuyến công địa phương năm {nam}: {de_an}",
                                  legal_kind="qd_dieu_chinh", tham_quyen="ubnd",
                                  recipients=("Như Điều 4", KHO_BAC), archive=("KT",)),
    "bien_ban_nghiem_thu": Profile("Nghiệm thu đề án khuyến công địa phương năm {nam}"),
    "bien_ban_thanh_ly": Profile("Thanh lý hợp đồng thực hiện đề án khuyến công địa phương năm {nam}",
                                 legal_kind="thanh_ly_hop_dong", proposal="liquidation"),
    "bao_cao_quyet_toan": Profile("Quyết toán kinh phí đề án khuyến công địa phương năm {nam}",
                                  kinh_gui=("sct",), recipients=("Như trên",), archive=("KHTC",)),
    # The Sở approves the settled amount after the Báo cáo quyết toán (domain.md §3.6).
    "qd_phe_duyet_quyet_toan": Profile(
        "Về việc phê duyệt quyết toán kinh phí đề án khuyến công địa phương năm {nam}: {de_an}",
        legal_kind="qd_phe_duyet_quyet_toan", tham_quyen="sct",
        recipients=("Như Điều 3", "Sở Tài chính", KHO_BAC), proposal="settlement", executes="settlement"),
}


def profile_for(template_id: str) -> Profile:
    try:
        return PROFILES[template_id]
    except KeyError:
        raise KeyError(f"no document profile for template {template_id!r}: "
                       "add one to dossier/documents/profiles.py") from None
