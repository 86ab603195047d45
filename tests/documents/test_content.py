"""The content check on real .docx files rendered from the shipped templates: the samples pass,
the same templates rendered with the faults of issue 10 are caught, and `dossier check-layout`
judges a Biên bản as a biên bản (no Nơi nhận asked)."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml

from dossier.cli import main
from dossier.documents.bounded import render_document, render_documents
from dossier.documents.catalog import load_catalog, load_sample
from dossier.documents.content import check_document, document_paragraphs
from dossier.documents.layout import check_layout, document_kind
from dossier.documents.ooxml import W_NS, W
from dossier.vn.legal_bases import bases_for


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _render(catalog, template_id: str, change=None) -> bytes:
    spec = catalog[template_id]
    context = copy.deepcopy(load_sample(spec))
    if change:
        change(context)
    return render_documents(spec, context)[0].data  # a Phiếu per member: the first


@pytest.mark.parametrize("template_id", ["to_trinh_phe_duyet", "qd_phe_duyet_de_an", "hop_dong_thuc_hien",
                                         "bien_ban_hop_hoi_dong", "bien_ban_nghiem_thu"])
def test_the_samples_are_clean(catalog, template_id: str) -> None:
    assert [str(p) for p in check_document(_render(catalog, template_id))] == []


def test_none_and_a_literal_honorific_are_found_in_a_biên_bản(catalog) -> None:
    def fault(c):
        c["hop"]["gio_ket_thuc"] = None
        c["hop"]["chu_toa"]["ho_ten"] = "Ông/Bà Nguyễn Thị Hồng Nhung"
    found = check_document(_render(catalog, "bien_ban_hop_hoi_dong", fault))
    messages = {p.message_en for p in found}
    assert messages == {"'None' printed for a missing value",
                        "literal 'Ông/Bà' (the honorific is data on the person)"}
    assert any("None" in p.quote for p in found) and any("Hồng Nhung" in p.quote for p in found)


def test_an_unresolved_citation_is_found_in_a_decision(catalog) -> None:
    def fault(c):
        c["can_cu"][-1] = "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số …/TTr-SCT ngày …."
    found = check_document(_render(catalog, "qd_phe_duyet_de_an", fault))
    assert {p.message_en for p in found} == {"a cited document has no number", "an unfilled date 'ngày …'"}


def test_a_march_2025_tờ_trình_citing_later_texts_is_faulted(catalog) -> None:
    def fault(c):
        c["dia_danh_ngay"] = "Khánh Hòa, ngày 25 tháng 03 năm 2025"
        c["can_cu"] = bases_for("to_trinh", "2026-01-10", province="Khánh Hòa")
    data = _render(catalog, "to_trinh_phe_duyet", fault)
    quoted = " ".join(p.quote for p in check_document(data))
    assert "235/2025/NĐ-CP" in quoted and "15/2025/NQ-HĐND" in quoted and "Luật Ngân sách nhà nước" in quoted

    def rebuilt(c):  # the same Tờ trình with the library's Căn cứ for its own date passes
        c["dia_danh_ngay"] = "Khánh Hòa, ngày 25 tháng 03 năm 2025"
        c["can_cu"] = bases_for("to_trinh", "2025-03-25", province="Khánh Hòa")
    assert check_document(_render(catalog, "to_trinh_phe_duyet", rebuilt)) == []


def test_the_hand_fill_blanks_of_a_form_are_allowed(catalog) -> None:
    def blanks(c):
        c["hop"]["gio_bat_dau"] = "…… giờ …… phút"
        c["hop"]["gio_ket_thuc"] = "…… giờ …… phút"
    data = _render(catalog, "bien_ban_hop_hoi_dong", blanks)
    assert any("…… giờ …… phút" in t for t in document_paragraphs(data))
    assert check_document(data) == []


@pytest.mark.parametrize(("template_id", "kind"), [("bien_ban_hop_hoi_dong", "bien_ban"),
                                                   ("bien_ban_thanh_ly", "bien_ban"),
                                                   ("hop_dong_thuc_hien", "hop_dong"),
                                                   ("to_trinh_phe_duyet", "to_trinh"),
                                                   ("qd_phe_duyet_de_an", "quyet_dinh"),
                                                   ("phieu_nhan_xet", "phieu"), ("de_an_khuyen_cong", "de_an"),
                                                   ("bang_tong_hop_de_an", "bang")])
def test_layout_rules_follow_the_document_kind(catalog, template_id: str, kind: str) -> None:
    data = _render(catalog, template_id)
    assert document_kind(data) == kind
    assert not any("Nơi nhận" in p.message_vi for p in check_layout(data))
    if kind in ("phieu", "de_an", "bang"):  # neither numbered nor sent: nothing to ask of them
        assert check_layout(data) == [], kind


def test_the_cli_checks_a_file_and_exits_1_on_a_fault(catalog, tmp_path: Path) -> None:
    clean, faulty = tmp_path / "clean.docx", tmp_path / "faulty.docx"
    clean.write_bytes(_render(catalog, "bien_ban_hop_hoi_dong"))
    faulty.write_bytes(_render(catalog, "bien_ban_hop_hoi_dong",
                               lambda c: c["hop"].__setitem__("gio_ket_thuc", None)))
    runner = CliRunner()
    ok = runner.invoke(main, ["check-document", str(clean)])
    assert ok.exit_code == 0 and ok.output.startswith("OK")
    bad = runner.invoke(main, ["check-document", str(faulty)])
    assert bad.exit_code == 1 and "None" in bad.output
    layout = runner.invoke(main, ["check-layout", str(clean)])
    assert "Nơi nhận" not in layout.output


def _python_docx_paragraphs(docx: bytes) -> list[str]:
    """The text python-docx gives each paragraph of the main part: what `document_paragraphs`
    read before its own walk of the XML, and must still give."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = parse_xml(package.read("word/document.xml")).body
    return [p.text for p in body.iter(W + "p")]


def test_the_paragraphs_read_are_python_docx_s_on_every_shipped_sample(catalog) -> None:
    rendered = [r.data for spec in catalog.values() for r in render_documents(spec, copy.deepcopy(load_sample(spec)))]
    assert len(rendered) >= len(catalog)
    for data in rendered:
        assert document_paragraphs(data) == _python_docx_paragraphs(data)


def test_the_paragraphs_read_are_python_docx_s_on_what_word_may_write() -> None:
    """Runs in hyperlinks, tabs, breaks of each kind, a non-breaking hyphen, an empty w:t; runs
    inside w:ins or a field, which python-docx's paragraph text leaves out; a table cell."""
    run = ('<w:r><w:t xml:space="preserve"> a </w:t><w:tab/><w:t/><w:br/><w:t>b</w:t><w:br w:type="page"/>'
           '<w:br w:type="textWrapping"/><w:cr/><w:noBreakHyphen/><w:ptab w:relativeTo="margin" '
           'w:alignment="right" w:leader="none"/><w:softHyphen/><w:t>c</w:t></w:r>')
    body = (f'<w:p>{run}<w:hyperlink r:id="rId1"><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>'
            f'<w:ins w:id="1"><w:r><w:t>chèn</w:t></w:r></w:ins><w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
            f'</w:fldSimple><!-- ghi chú --><w:r><w:t>d</w:t></w:r></w:p><w:p/>'
            f'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" '
           f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\n  <w:body>{body}'
           f'</w:body>\n</w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", xml.encode("utf-8"))
    data = buffer.getvalue()
    assert document_paragraphs(data) == _python_docx_paragraphs(data)
    assert document_paragraphs(data)[0] == " a \t\nb\n\n-\tcliên kếtd"
    assert document_paragraphs(data)[1:] == ["", "ô"]


# One paragraph for each placeholder rule, printing it and nothing else.
_FAULTED = {
    "'None' printed for a missing value": "Giờ kết thúc: None",
    "literal 'Ông/Bà' (the honorific is data on the person)": "Ông/Bà Nguyễn Thị Hồng Nhung, Chủ tịch Hội đồng",
    "a cited document has no number": "Căn cứ kết quả thẩm định tại Quyết định số /QĐ-SCT",
    "an unfilled date 'ngày …'": "Hợp đồng được ký ngày …",
    "an empty date 'ngày  tháng  năm'": "Biên bản lập ngày   tháng   năm",
    "a label with nothing after it ('…: .')": "Sản phẩm chính: .",
    "a decimal written with a point": "Tỷ lệ hỗ trợ 3.04% tổng kinh phí",
    "a sentence cut by a full stop ('đồng. ký …')": "Kinh phí 500.000.000 đồng. ký hợp đồng trong tháng",
    "the issuing body is missing ('do  cấp')": "Giấy chứng nhận đăng ký kinh doanh do  cấp",
}


def test_each_placeholder_rule_is_found_through_the_search_of_all_of_them() -> None:
    from dossier.documents.content import _PLACEHOLDER_RULES, check_content

    assert set(_FAULTED) == {detail for _, _, detail in _PLACEHOLDER_RULES}
    for detail, text in _FAULTED.items():
        assert [p.message_en for p in check_content([text])] == [detail], text
    assert check_content(["Kinh phí hỗ trợ 500.000.000 đồng, tỷ lệ 3,04 %."]) == []


def test_the_paragraphs_a_render_gives_are_those_read_from_its_bytes_on_every_shipped_sample(catalog) -> None:
    """A step that issues its draft takes the draft's text from the render (RenderedDocument.paragraphs,
    from the tree it just wrote) for the content check: exactly what reading the stored bytes gives."""
    from dossier.documents.bounded import repeat_items

    checked = 0
    for spec in catalog.values():
        context = copy.deepcopy(load_sample(spec))
        contexts = [{**context, "muc": item} for item in repeat_items(spec, context)] if spec.repeat_over else [context]
        for one in contexts:
            rendered = render_document(spec, one, paragraphs=True)
            assert rendered.paragraphs == tuple(document_paragraphs(rendered.data)), spec.id
            checked += 1
        assert render_document(spec, contexts[0]).paragraphs is None  # asked for only
    assert checked >= len(catalog)
