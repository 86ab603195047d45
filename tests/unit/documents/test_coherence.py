"""The cross-document content check (documents/coherence.py) on a dossier's texts: a coherent
dossier passes, and each kind of disagreement is found, naming both documents."""

from __future__ import annotations

from datetime import date

from dossier.documents.coherence import DossierDocument, check_dossier, figures


def _doc(template_id: str, name: str, *lines: str, number: str | None = None, on: date | None = None,
         key: str = "") -> DossierDocument:
    return DossierDocument(template_id=template_id, name=name, paragraphs=list(lines), number=number,
                           issued_on=on if number else None, drafted_on=on, key=key or template_id)


def _place(on: date) -> str:
    return f"Ninh Thuận, ngày {on.day:02d} tháng {on.month if on.month > 2 else f'{on.month:02d}'} năm {on.year}"


def _dossier(**change: dict) -> list[DossierDocument]:
    """A settled dossier's documents, as the templates print them; `change` replaces lines."""
    d = {
        "don": [_place(date(2025, 2, 20)), "- Kinh phí khuyến công hỗ trợ: 130.000.000 đồng (Bằng chữ: …)."],
        "qd_hd": ["Số: 02/QĐ-SCT", "Ninh Thuận, ngày 05 tháng 3 năm 2025"],
        "phieu": [_place(date(2025, 3, 12)), "Kinh phí khuyến công đề nghị hỗ trợ: 130.000.000 đồng (Bằng chữ: …)."],
        "bb_hop": [_place(date(2025, 3, 12)),
                   "6. Kinh phí khuyến công Hội đồng đề nghị hỗ trợ: 130.000.000 đồng (Bằng chữ: …)."],
        "to_trinh": ["Số: 04/TTr-SCT", "Ninh Thuận, ngày 18 tháng 3 năm 2025",
                     "Hội đồng (thành lập theo Quyết định số 02/QĐ-SCT ngày 05 tháng 3 năm 2025) đã họp.",
                     "- Kinh phí khuyến công hỗ trợ: 130.000.000 đồng (Bằng chữ: …), chiếm 44,83% tổng kinh phí;"],
        "qd": ["Số: 01/QĐ-UBND", "Ninh Thuận, ngày 25 tháng 3 năm 2025",
               "Căn cứ Quyết định số 35/QĐ-UBND ngày 09 tháng 01 năm 2021 của Ủy ban nhân dân tỉnh phê duyệt "
               "Chương trình khuyến công;",
               "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 04/TTr-SCT ngày 18 tháng 3 năm 2025.",
               "+ Kinh phí khuyến công hỗ trợ: 130.000.000 đồng (Bằng chữ: …);"],
        "hd": ["Số: 05/2025/HĐ-KC", "Ninh Thuận, ngày 10 tháng 4 năm 2025",
               "Căn cứ Quyết định số 01/QĐ-UBND ngày 25 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Ninh Thuận phê "
               "duyệt đề án khuyến công “Táo sấy”.",
               "- Kinh phí khuyến công hỗ trợ: 130.000.000 đồng (Bằng chữ: …);",
               "Giá trị hợp đồng (kinh phí khuyến công hỗ trợ): 130.000.000 đồng.",
               "1. Bên A tạm ứng cho Bên B 50% kinh phí khuyến công hỗ trợ, tương ứng 65.000.000 đồng (Bằng chữ: …)."],
        "nt": ["Số: /BB-TTKC", "Khánh Hòa, ngày 25 tháng 10 năm 2025",
               "Căn cứ Quyết định số 01/QĐ-UBND ngày 25 tháng 3 năm 2025 phê duyệt đề án \"Táo sấy\";",
               "Căn cứ Hợp đồng số 05/2025/HĐ-KC ngày 10 tháng 4 năm 2025 giữa Trung tâm và Hộ kinh doanh.",
               "- Kinh phí khuyến công hỗ trợ được thanh toán: 125.000.000 đồng (Bằng chữ: …)."],
        "tl": ["Số: /BB-TTKC", "Khánh Hòa, ngày 05 tháng 11 năm 2025",
               "Hai bên thống nhất thanh lý Hợp đồng số 05/2025/HĐ-KC ngày 10 tháng 4 năm 2025 như sau:",
               "1. Giá trị hợp đồng: 130.000.000 đồng (Bằng chữ: …).",
               "2. Giá trị được nghiệm thu, thanh toán: 125.000.000 đồng (Bằng chữ: …).",
               "3. Bên A đã tạm ứng cho Bên B: 65.000.000 đồng (Bằng chữ: …).",
               "4. Bên A còn phải thanh toán cho Bên B: 60.000.000 đồng (Bằng chữ: …).",
               "5. Bên B phải nộp trả Bên A: 0 đồng (Bằng chữ: Không đồng)."],
        "qt": ["Số: /BC-TTKC", "Khánh Hòa, ngày      tháng     năm 2025",
               "báo cáo quyết toán (phê duyệt tại Quyết định số 01/QĐ-UBND ngày 25 tháng 3 năm 2025; Hợp đồng số "
               "05/2025/HĐ-KC ngày 10 tháng 4 năm 2025)",
               "Số kinh phí đề nghị quyết toán: 125.000.000 đồng (Bằng chữ: …)."],
    }
    d.update(change)
    return [
        _doc("don_de_nghi_ho_tro", "Đơn đề nghị", *d["don"], key="don"),
        _doc("qd_thanh_lap_hoi_dong", "Quyết định thành lập Hội đồng", *d["qd_hd"], number="02/QĐ-SCT",
             on=date(2025, 3, 5), key="qd_hd"),
        *[_doc("phieu_nhan_xet", "Phiếu nhận xét", *d["phieu"], key=f"phieu{i}") for i in range(3)],
        _doc("bien_ban_hop_hoi_dong", "Biên bản họp Hội đồng", *d["bb_hop"], key="bb_hop"),
        _doc("to_trinh_phe_duyet", "Tờ trình", *d["to_trinh"], number="04/TTr-SCT", on=date(2025, 3, 18),
             key="to_trinh"),
        _doc("qd_phe_duyet_de_an", "Quyết định phê duyệt đề án", *d["qd"], number="01/QĐ-UBND",
             on=date(2025, 3, 25), key="qd"),
        _doc("hop_dong_thuc_hien", "Hợp đồng", *d["hd"], key="hd"),
        _doc("bien_ban_nghiem_thu", "Biên bản nghiệm thu", *d["nt"], key="nt"),
        _doc("bien_ban_thanh_ly", "Biên bản thanh lý", *d["tl"], key="tl"),
        _doc("bao_cao_quyet_toan", "Báo cáo quyết toán", *d["qt"], number="03/BC-TTKC", on=date(2025, 11, 18),
             key="qt"),
    ]


def _found(docs: list[DossierDocument]) -> list[tuple[str, str]]:
    return [(p.part, p.message_vi) for p in check_dossier(docs)]


def test_a_coherent_dossier_has_no_finding_and_its_figures_are_read():
    docs = _dossier()
    assert _found(docs) == []
    by_key = {d.key: figures(d) for d in docs}
    # the contract's value is a figure of its own (within the support), as is the council's proposal
    assert by_key["hd"] == {"support": 130_000_000, "contract": 130_000_000, "advance": 65_000_000}
    assert by_key["tl"] == {"contract": 130_000_000, "accepted": 125_000_000, "advanced": 65_000_000,
                            "to_pay": 60_000_000, "to_recover": 0}
    assert by_key["bb_hop"] == {"council": 130_000_000}
    assert by_key["qt"] == {"settlement": 125_000_000}


def test_a_contract_dated_before_the_decision_it_rests_on():
    docs = _dossier(hd=["Số: 05/2025/HĐ-KC", "Ninh Thuận, ngày 20 tháng 3 năm 2025"])
    assert ("hd", "Hợp đồng số 05/2025/HĐ-KC ngày 20/03/2025 trước Quyết định phê duyệt đề án số 01/QĐ-UBND "
                  "ngày 25/03/2025.") in _found(docs)


def test_a_citation_left_unfilled_though_the_cited_document_is_issued():
    docs = _dossier(qd=["Số: 01/QĐ-UBND", "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số …/TTr-SCT "
                                          "ngày …."])
    assert _found(docs) == [("qd", "Quyết định phê duyệt đề án số 01/QĐ-UBND trích dẫn Tờ trình chưa ghi số, ngày, "
                                   "trong khi Tờ trình số 04/TTr-SCT đã ban hành ngày 18/03/2025.")]


def test_a_citation_with_another_number_or_date_than_the_cited_document():
    other_number = _dossier(qd=["Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 03/TTr-SCT ngày 18 tháng 3 "
                                "năm 2025."])
    assert ("qd", "Quyết định phê duyệt đề án số 01/QĐ-UBND trích dẫn Tờ trình số 03/TTr-SCT, nhưng Tờ trình của hồ "
                  "sơ là số 04/TTr-SCT.") in _found(other_number)
    other_day = _dossier(nt=["Khánh Hòa, ngày 25 tháng 10 năm 2025",
                             "Căn cứ Hợp đồng số 05/2025/HĐ-KC ngày 11 tháng 4 năm 2025 giữa Trung tâm và Hộ."])
    assert _found(other_day) == [("nt", "Biên bản nghiệm thu ngày 25/10/2025 trích dẫn Hợp đồng số "
                                        "05/2025/HĐ-KC ngày 11/04/2025, nhưng văn bản đó ngày 10/04/2025.")]


def test_a_document_citing_one_dated_after_it():
    docs = _dossier(to_trinh=["Số: 04/TTr-SCT", "Ninh Thuận, ngày 18 tháng 3 năm 2025",
                              "Hội đồng (thành lập theo Quyết định số 02/QĐ-SCT ngày 20 tháng 3 năm 2025) đã họp."])
    found = _found(docs)
    assert ("to_trinh", "Tờ trình số 04/TTr-SCT ngày 18/03/2025 trích dẫn Quyết định thành lập Hội đồng số 02/QĐ-SCT "
                        "ngày 20/03/2025, sau ngày của chính nó.") in found


def test_a_legal_basis_sharing_the_decisions_series_is_not_taken_for_the_dossiers_decision():
    docs = _dossier(hd=[*_dossier()[8].paragraphs,
                        "Căn cứ Quyết định số 35/QĐ-UBND ngày 09 tháng 01 năm 2021 phê duyệt Chương trình."])
    assert _found(docs) == []


def test_figures_that_disagree_between_documents():
    contract = _dossier(hd=["Số: 05/2025/HĐ-KC", "Ninh Thuận, ngày 10 tháng 4 năm 2025",
                            "Giá trị hợp đồng (kinh phí khuyến công hỗ trợ): 150.000.000 đồng."])
    assert ("hd", "Hợp đồng số 05/2025/HĐ-KC ghi giá trị hợp đồng 150.000.000 đồng, vượt kinh phí khuyến công hỗ "
                  "trợ 130.000.000 đồng tại Quyết định phê duyệt đề án số 01/QĐ-UBND.") in _found(contract)
    support = _dossier(hd=["Số: 05/2025/HĐ-KC", "Ninh Thuận, ngày 10 tháng 4 năm 2025",
                           "- Kinh phí khuyến công hỗ trợ: 120.000.000 đồng (Bằng chữ: …);"])
    assert ("hd", "Hợp đồng số 05/2025/HĐ-KC ghi kinh phí khuyến công hỗ trợ 120.000.000 đồng, Quyết định phê duyệt "
                  "đề án số 01/QĐ-UBND ghi 130.000.000 đồng.") in _found(support)
    accepted = _dossier(qt=["Số: /BC-TTKC", "Số kinh phí đề nghị quyết toán: 128.000.000 đồng."])
    assert _found(accepted) == [("qt", "Báo cáo quyết toán số 03/BC-TTKC ghi số kinh phí quyết toán 128.000.000 "
                                       "đồng, vượt kinh phí hỗ trợ được nghiệm thu, thanh toán 125.000.000 đồng tại "
                                       "Biên bản thanh lý ngày 05/11/2025.")]
    liquidation = _dossier()[-2]
    lines = [line.replace("60.000.000", "65.000.000") for line in liquidation.paragraphs]
    found = _found(_dossier(tl=lines))
    assert any(part == "tl" and "không bằng số còn phải thanh toán 65.000.000 đồng" in text for part, text in found)


def test_the_council_proposes_what_its_members_proposed():
    docs = _dossier(phieu=["Kinh phí khuyến công đề nghị hỗ trợ: 100.000.000 đồng (Bằng chữ: …)."])
    assert ("bb_hop", "Biên bản họp Hội đồng ngày 12/03/2025 ghi kinh phí Hội đồng đề nghị hỗ trợ "
                      "130.000.000 đồng, các Phiếu nhận xét (3 phiếu) đều đề nghị 100.000.000 đồng.") in _found(docs)


def test_a_new_attempt_replaces_the_failed_one_and_an_adjustment_may_change_the_support():
    failed = _doc("bien_ban_nghiem_thu", "Biên bản nghiệm thu", "Khánh Hòa, ngày 20 tháng 10 năm 2025",
                  "- Kinh phí khuyến công hỗ trợ được thanh toán: 0 đồng.", key="nt0")
    docs = _dossier()
    assert _found([*docs[:9], failed, *docs[9:]]) == []
    adjusted = _doc("qd_dieu_chinh", "Quyết định điều chỉnh", "Số: 07/QĐ-UBND", number="07/QĐ-UBND",
                    on=date(2025, 6, 1), key="dc")
    lower = [line.replace("130.000.000", "125.000.000") for line in docs[-2].paragraphs]
    changed = _dossier(tl=lower)
    assert any(p == "tl" for p, _ in _found(changed))
    assert _found([*changed[:9], adjusted, *changed[9:]]) == []


def _proposing(amount: str, council: str) -> list[DossierDocument]:
    """The dossier with the council proposing 100 triệu and the Sở's Tờ trình proposing `amount`."""
    lower = {key: [line.replace("130.000.000", amount) for line in lines] for key, lines in (
        ("qd", _dossier()[7].paragraphs), ("hd", _dossier()[8].paragraphs))}
    return _dossier(
        phieu=["Kinh phí khuyến công đề nghị hỗ trợ: 100.000.000 đồng (Bằng chữ: …)."],
        bb_hop=[_place(date(2025, 3, 12)), "6. Kinh phí khuyến công Hội đồng đề nghị hỗ trợ: 100.000.000 đồng."],
        to_trinh=["Số: 04/TTr-SCT", "Ninh Thuận, ngày 18 tháng 3 năm 2025",
                  f"Hộ kinh doanh đề nghị hỗ trợ 130.000.000 đồng; Hội đồng thẩm định đề xuất hỗ trợ {council} đồng.",
                  f"- Kinh phí khuyến công hỗ trợ: {amount} đồng (Bằng chữ: …);"],
        **lower, nt=[line.replace("125.000.000", amount) for line in _dossier()[9].paragraphs],
        tl=["Số: /BB-TTKC", "Khánh Hòa, ngày 05 tháng 11 năm 2025", f"1. Giá trị hợp đồng: {amount} đồng."],
        qt=["Số: /BC-TTKC", f"Số kinh phí đề nghị quyết toán: {amount} đồng."])


def test_the_so_proposes_the_councils_amount_or_its_own_restating_the_councils():
    assert _found(_proposing("100.000.000", "100.000.000")) == []
    assert _found(_proposing("90.000.000", "100.000.000")) == []  # the Sở may propose less than the council
    assert _found(_proposing("100.000.000", "130.000.000")) == [
        ("to_trinh", "Tờ trình số 04/TTr-SCT ghi kinh phí Hội đồng đề nghị hỗ trợ 130.000.000 đồng, Biên bản họp "
                     "Hội đồng ngày 12/03/2025 ghi 100.000.000 đồng.")]
