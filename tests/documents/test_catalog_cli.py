import json

import pytest
from click.testing import CliRunner
from conftest import build_docx, build_official_docx, official_context, write_template_folder

from dossier.cli.templates import check_layout, render, templates
from dossier.documents.catalog import load_catalog, load_sample
from dossier.documents.errors import ManifestError

MANIFEST = """
id = "{tid}"
version = 2
title = "Quyết định phê duyệt"
doc_type = "QĐ"
issuer = "sct"
generated_by = ["approve"]
{fields}
"""
FIELDS = "\n".join(f'[[fields]]\npath = "{p}"\ntype = "{t}"\nrequired = {str(r).lower()}\n'
                   for p, t, r in [("so", "text", False), ("ngay_ky", "date", True), ("can_cu", "list", True),
                                   ("co_so.ten", "text", True), ("hang_muc[].ten", "text", False),
                                   ("hang_muc[].dvt", "text", False), ("hang_muc[].so_luong", "int", False),
                                   ("hang_muc[].don_gia", "money", False),
                                   ("hang_muc[].thanh_tien", "money", False), ("nguoi_ky", "text", True)])


@pytest.fixture
def root(tmp_path):
    write_template_folder(tmp_path, "qd", build_official_docx(templated=True),
                          MANIFEST.format(tid="qd", fields=FIELDS), json.dumps(official_context()))
    return tmp_path


def test_load_catalog_and_env_override(root, monkeypatch):
    spec = load_catalog(root)["qd"]
    assert spec.version == 2 and spec.generated_by == ("approve",) and len(spec.sha256) == 64
    assert load_sample(spec)["so"] == "05"
    monkeypatch.setenv("DOSSIER_TEMPLATES_DIR", str(root))
    assert list(load_catalog()) == ["qd"]


@pytest.mark.parametrize(("bad", "needle"), [
    ('doc_type = "XYZ"', "doc_type"), ('issuer = "bo"', "issuer"), ("version = 0", "version"),
    ("colour = 1", "unknown keys"), ("[[fields]]\npath = \"Co So\"\ntype = \"text\"", "path"),
])
def test_manifest_errors_name_the_file(tmp_path, bad, needle):
    text = MANIFEST.format(tid="qd", fields="")
    key = bad.split(" ")[0]
    lines = [ln for ln in text.splitlines() if not ln.startswith(key + " ")] + [bad]
    if bad.startswith("[["):
        lines = text.splitlines() + [bad]
    write_template_folder(tmp_path, "qd", build_docx(["x"]), "\n".join(lines))
    with pytest.raises(ManifestError, match=needle) as info:
        load_catalog(tmp_path)
    assert "manifest.toml" in str(info.value)


PROFILE = """
[profile]
trich_yeu = "Về việc phê duyệt đề án khuyến công địa phương năm {nam}: {de_an}"
legal_kind = "qd_phe_duyet"
tham_quyen = "ubnd"
recipients = ["Như Điều 3", "kho_bac"]
archive = ["KT"]
"""


def test_the_profile_is_read_from_the_manifest(tmp_path):
    write_template_folder(tmp_path, "qd", build_docx(["x"]), MANIFEST.format(tid="qd", fields="") + PROFILE)
    profile = load_catalog(tmp_path)["qd"].profile
    assert profile.trich_yeu.format(nam=2026, de_an="Máy sấy", co_so="") == (
        "Về việc phê duyệt đề án khuyến công địa phương năm 2026: Máy sấy")
    assert (profile.legal_kind, profile.tham_quyen, profile.kinh_gui) == ("qd_phe_duyet", "ubnd", ())
    assert (profile.recipients, profile.archive, profile.executes) == (("Như Điều 3", "kho_bac"), ("KT",), "ubnd")


@pytest.mark.parametrize(("line", "bad", "needle"), [
    ('trich_yeu = ', '"Năm {nam.__class__}"', "trich_yeu"), ('trich_yeu = ', '"Năm {0}"', "trich_yeu"),
    ('trich_yeu = ', '"Năm {nam!r}"', "trich_yeu"), ('trich_yeu = ', '"Năm {nam"', "trich_yeu"),
    ('legal_kind = ', '"qd_khong_co"', "legal_kind"), ('tham_quyen = ', '"bo"', "tham_quyen"),
    ('recipients = ', '"Như Điều 3"', "recipients"), ('archive = ', '["KT", 1]', "archive"),
])
def test_a_profile_outside_what_the_documents_know_is_refused(tmp_path, line, bad, needle):
    profile = "\n".join(line + bad if ln.startswith(line) else ln for ln in PROFILE.splitlines())
    write_template_folder(tmp_path, "qd", build_docx(["x"]), MANIFEST.format(tid="qd", fields="") + profile)
    with pytest.raises(ManifestError, match=needle) as info:
        load_catalog(tmp_path)
    assert "manifest.toml" in str(info.value)


def test_an_unknown_profile_key_is_refused(tmp_path):
    write_template_folder(tmp_path, "qd", build_docx(["x"]),
                          MANIFEST.format(tid="qd", fields="") + PROFILE + 'signer = "giam_doc"\n')
    with pytest.raises(ManifestError, match="profile has unknown keys"):
        load_catalog(tmp_path)

def test_cli_list_check_render_layout(root, tmp_path):
    runner = CliRunner()
    res = runner.invoke(templates, ["--root", str(root), "list"])
    assert res.exit_code == 0 and "qd\tv2" in res.output
    res = runner.invoke(templates, ["--root", str(root), "check"])
    assert res.exit_code == 0, res.output
    out = tmp_path / "out.docx"
    res = runner.invoke(render, ["qd", "--sample", "-o", str(out), "--root", str(root)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(check_layout, [str(out)])
    assert res.exit_code == 0, res.output
    bad = tmp_path / "bad.docx"
    bad.write_bytes(build_official_docx(font="Arial"))
    res = runner.invoke(check_layout, [str(bad)])
    assert res.exit_code == 1 and "Arial" in res.output


def test_cli_check_fails_on_errors(tmp_path):
    write_template_folder(tmp_path, "qd", build_docx(["{{ khong_khai_bao }}"]),
                          MANIFEST.format(tid="qd", fields=""), "{}")
    res = CliRunner().invoke(templates, ["--root", str(tmp_path), "check", "qd"])
    assert res.exit_code == 1 and "khong_khai_bao" in res.output
