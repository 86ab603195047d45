from conftest import build_official_docx, official_context

from dossier.documents.layout import check_layout


def test_conforming_document_passes():
    assert check_layout(build_official_docx()) == []


def test_wrong_margins_font_and_missing_quoc_hieu():
    problems = check_layout(build_official_docx(margins_mm=(20, 20, 20, 15), font="Arial", quoc_hieu=False))
    texts = [p.message_vi for p in problems]
    assert len(problems) == 3, texts
    assert "Lề trái 20 mm, Nghị định 30/2020 yêu cầu 30–35 mm" in texts
    assert any(t.startswith("Phông chữ Arial") and "Times New Roman" in t for t in texts)
    assert any("Thiếu Quốc hiệu" in t for t in texts)


def test_kind_hint_for_don(engine):
    data = engine.render_docx(build_official_docx(templated=True), official_context()).data
    assert check_layout(data) == []
    assert check_layout(data, kind="don") == []


def _signed_docx(keep: bool) -> bytes:
    """Header table, a closing paragraph, the signature table: the two tables borderless, as the
    builder makes them."""
    import io

    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()

    def borderless_table(text: str) -> None:
        table = doc.add_table(rows=1, cols=2)
        table.cell(0, 1).text = text
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "nil")
            borders.append(edge)
        table._tbl.tblPr.append(borders)

    borderless_table("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    doc.add_paragraph("Nội dung.")
    doc.add_paragraph("- Báo giá máy móc thiết bị").paragraph_format.keep_with_next = keep
    borderless_table("GIÁM ĐỐC")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_signature_block_that_may_stand_alone_on_a_page_is_found():
    """The Tờ trình's list of attachments ended in a {%p endfor %} that took its keep-with-next
    away, and the signature went alone onto page 3; the check reads the flag of the last printed
    paragraph before the signature table."""
    import io

    from docx import Document

    from dossier.documents.layout import _check_signature_kept

    loose = _check_signature_kept(Document(io.BytesIO(_signed_docx(keep=False))))
    assert [p.quote for p in loose] == ["- Báo giá máy móc thiết bị"]
    assert "khối chữ ký" in loose[0].message_vi
    assert _check_signature_kept(Document(io.BytesIO(_signed_docx(keep=True)))) == []
