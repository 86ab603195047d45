import datetime as dt
import io
import unicodedata
import zipfile

import pytest
from conftest import body_text, build_docx, build_official_docx, official_context, open_docx
from docxtpl import DocxTemplate

from dossier.documents.errors import ContextError, TemplateRejected, TemplateRenderError
from dossier.documents.sandbox import check_jinja_version, make_environment

PAYLOAD = "{{ cycler.__init__.__globals__.os.system('touch %s') }}"


def test_jinja_version_floor():
    check_jinja_version()
    with pytest.raises(RuntimeError, match="too old"):
        check_jinja_version("3.1.5")


def test_env_has_only_our_filters_and_no_globals():
    from dossier.vn.filters import FILTERS

    env = make_environment()
    assert env.globals == {}
    assert set(FILTERS) <= set(env.filters)
    assert "attr" not in env.filters and "safe" not in env.filters


def test_renders_body_table_and_reopens(engine):
    result = engine.render_docx(build_official_docx(templated=True), official_context(), template_id="qd")
    text = body_text(result.data)
    assert "Máy số 20" in text and "{{" not in text and "{%" not in text
    assert result.template_id == "qd" and len(result.sha256) == 64


@pytest.mark.parametrize("value", ['A & B <C> "Đ"', "Kế hoạch & Tài chính <KHTC>"])
def test_autoescape_round_trip(engine, value):
    docx = build_docx(["Đơn vị: {{ x }}"], header=["{{ x }}"], title="{{ x }}")
    doc = open_docx(engine.render_docx(docx, {"x": value}).data)
    assert doc.paragraphs[-1].text == f"Đơn vị: {value}"
    assert doc.sections[0].header.paragraphs[-1].text == value
    assert doc.core_properties.title == value


@pytest.mark.parametrize("where", ["body", "header", "title"])
def test_ssti_payload_refused(engine, tmp_path, where):
    canary = tmp_path / "CANARY"
    payload = PAYLOAD % canary
    kwargs = {"body": {"paragraphs": [payload]}, "header": {"header": [payload]},
              "title": {"title": payload}}[where]
    with pytest.raises(TemplateRejected) as info:
        engine.render_docx(build_docx(**kwargs), {}, template_id="evil")
    assert "evil" in str(info.value) and info.value.message_vi
    assert not canary.exists()


def test_attr_filter_refused(engine):
    with pytest.raises((TemplateRejected, TemplateRenderError)):
        engine.render_docx(build_docx(["{{ 'a'|attr('__class__') }}"]), {})


def test_memoised_document_xml_identical_to_stock_docxtpl(engine):
    docx, ctx = build_official_docx(templated=True), official_context()
    first = engine.render_docx(docx, ctx)
    second = engine.render_docx(docx, ctx)  # served from the compiled-part cache
    assert engine.cache.hits > 0
    stock = DocxTemplate(io.BytesIO(docx))
    stock.render(ctx, make_environment(), autoescape=True)
    buf = io.BytesIO()
    stock.save(buf)

    def doc_xml(data):
        return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")

    assert doc_xml(first.data) == doc_xml(buf.getvalue()) == doc_xml(second.data)


def test_output_is_deterministic(engine):
    from dossier.documents.engine import TemplateEngine

    docx, ctx = build_official_docx(templated=True), official_context()
    a = engine.render_docx(docx, ctx)
    b = TemplateEngine().render_docx(docx, ctx)  # fresh cache, too
    assert a.data == b.data and a.sha256 == b.sha256 and a.text_sha256 == b.text_sha256
    assert a.context_sha256 == b.context_sha256


def test_undefined_variable_names_template_and_paragraph(engine):
    docx = build_docx(["Mở đầu", "Kính gửi {{ co_so.ten_sai }} về việc hỗ trợ", "Kết"])
    with pytest.raises(TemplateRenderError) as info:
        engine.render_docx(docx, {"co_so": {"ten": "X"}}, template_id="to_trinh")
    err = info.value
    assert err.template_id == "to_trinh" and err.part == "/word/document.xml"
    assert "Kính gửi {{ co_so.ten_sai }} về việc hỗ trợ" in err.paragraph
    assert "ten_sai" in str(err)


def test_syntax_error_quotes_paragraph(engine):
    with pytest.raises(TemplateRenderError) as info:
        engine.render_docx(build_docx(["A", "Điều {% if x %} chưa đóng", "B"]), {"x": 1})
    assert info.value.paragraph == "Điều {% if x %} chưa đóng"


@pytest.mark.parametrize("bad", [{"tien": 1.5}, {"ngay": dt.date(2026, 1, 5)}, {"o": object()}, {1: "x"}])
def test_context_must_be_plain(engine, bad):
    with pytest.raises(ContextError):
        engine.render_docx(build_docx(["x"]), bad)


def test_output_is_nfc(engine):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    docx = build_docx([unicodedata.normalize("NFD", "Họ tên: ") + "{{ ten }}"])
    text = open_docx(engine.render_docx(docx, {"ten": nfd}).data).paragraphs[-1].text
    assert text == unicodedata.normalize("NFC", "Họ tên: Nguyễn Thị Hồng")
