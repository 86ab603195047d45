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
