import pytest
from conftest import build_docx, build_official_docx, official_context

from dossier.documents.catalog import parse_manifest
from dossier.documents.checks import check_template

FIELDS = [
    {"path": "so", "type": "text"}, {"path": "ngay_ky", "type": "date"},
    {"path": "can_cu", "type": "list"}, {"path": "co_so.ten", "type": "text", "required": True},
    {"path": "hang_muc[].ten", "type": "text"}, {"path": "hang_muc[].dvt", "type": "text"},
    {"path": "hang_muc[].so_luong", "type": "int"}, {"path": "hang_muc[].don_gia", "type": "money"},
    {"path": "hang_muc[].thanh_tien", "type": "money"}, {"path": "nguoi_ky", "type": "text"},
]


def spec_for(docx, fields=FIELDS, **extra):
    return parse_manifest({"id": "qd", "version": 1, "title": "Quyết định", "doc_type": "QĐ",
                           "issuer": "sct", "fields": fields, **extra}, "manifest.toml", docx)


def test_good_template_has_no_problems():
    assert check_template(spec_for(build_official_docx(templated=True)), official_context()) == []


def test_undeclared_variables_in_every_part():
    docx = build_docx(["{{ co_so.ten }} {{ co_so.dia_chi }}"], header=["{{ dau_trang }}"],
                      footer=["{{ chan_trang }}"], title="{{ tieu_de }}")
    found = {(p.part, p.message_en) for p in check_template(spec_for(docx), official_context())}
    msgs = " ".join(m for _, m in found)
    for name in ("co_so.dia_chi", "dau_trang", "chan_trang", "tieu_de"):
        assert name in msgs
    assert "'co_so.ten'" not in msgs
    assert any(part.startswith("/docProps/core.xml") for part, _ in found)


def test_loop_variables_are_local_and_muc_is_implied():
    docx = build_docx(["{%p for h in hang_muc %}", "{{ loop.index }} {{ h.ten }} {{ h.mau }}",
                       "{%p endfor %}", "{{ muc.ho_ten }}"])
    spec = spec_for(docx, repeat_over="hoi_dong.thanh_vien",
                    fields=[*FIELDS, {"path": "hoi_dong.thanh_vien[].ho_ten", "type": "text"}])
    msgs = [p.message_en for p in check_template(spec, None) if p.severity == "error"]
    assert msgs == ["variable 'hang_muc.mau' is not declared in the manifest"]


@pytest.mark.parametrize("text", ["{{ x.__class__ }}", "{{ x|attr('y') }}", "{{ x.mro }}",
                                  "{{ cycler.__init__.__globals__ }}"])
def test_internals_rejected_at_check_time(text):
    problems = check_template(spec_for(build_docx([text])), None)
    assert any("internals" in p.message_en for p in problems)


def test_split_tags_smart_quotes_and_unbalanced():
    problems = check_template(spec_for(build_docx(["Xin {{ co_so.ten", "}} ạ", "{{ “a” }}"])), None)
    assert any("not closed in the same paragraph" in p.message_en and p.quote == "Xin {{ co_so.ten"
               for p in problems)
    assert any(p.severity == "warning" and "smart quotes" in p.message_en for p in problems)
    unbalanced = check_template(spec_for(build_docx(["{% if so %}", "x"])), None)
    assert any("syntax error" in p.message_en for p in unbalanced)


def test_sample_missing_required_and_render_failure():
    docx = build_official_docx(templated=True)
    ctx = official_context()
    del ctx["co_so"]
    msgs = [p.message_en for p in check_template(spec_for(docx), ctx)]
    assert "sample.json lacks required field 'co_so.ten'" in msgs
    assert any("co_so" in m for m in msgs if "lacks" not in m)


def test_straight_quotes_in_the_printed_words_are_found_not_those_of_a_tag():
    """Vietnamese official text quotes a name with “ ”: the templates quoted the đề án's name with
    '"' in the Đơn, the Giấy mời, the QĐ thành lập, the Tờ trình … (issue 10, the rendered pages)."""
    docx = build_docx(['thực hiện đề án "{{ co_so.ten }}"', "{{ co_so.ten if so == \"1\" else '' }}"])
    found = [p for p in check_template(spec_for(docx), None) if "straight quotes" in p.message_en]
    assert [p.paragraph for p in found] == [0] and found[0].severity == "warning"


def test_no_shipped_template_quotes_with_straight_quotes():
    from dossier.documents.catalog import load_catalog

    for spec in load_catalog().values():
        assert not [p for p in check_template(spec, {}) if "straight quotes" in p.message_en], spec.id
