import io
import zipfile

import pytest
from conftest import build_docx

from dossier.documents.errors import PreflightError
from dossier.documents.preflight import PreflightLimits, preflight


def _members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {i.filename: z.read(i) for i in z.infolist()}


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in members:
            z.writestr(name, blob)
    return buf.getvalue()


def _code(data: bytes, limits=None) -> str:
    with pytest.raises(PreflightError) as info:
        preflight(data, limits)
    assert str(info.value) and info.value.message_vi
    return info.value.code


def test_clean_docx_passes():
    data = build_docx(["Xin chào {{ ten }}"])
    assert preflight(data) is None  # no PreflightError under the real limits …
    members = len(_members(data))
    assert preflight(data, PreflightLimits(max_members=members)) is None
    # … while the same file one member over a limit is refused: the pass above was a real check
    assert _code(data, PreflightLimits(max_members=members - 1)) == "too_many_members"


def test_not_a_zip_and_truncated():
    assert _code(b"%PDF-1.7 not a docx") == "not_zip"
    data = build_docx(["x"])
    assert _code(data[: len(data) // 2]) == "not_zip"


def test_zip_bomb():
    members = list(_members(build_docx(["x"])).items()) + [("word/media/big.bin", b"\0" * (60 << 20))]
    assert _code(_zip(members)) in {"member_too_large", "ratio_too_high"}
    small = PreflightLimits(max_total_bytes=1 << 20)
    members = list(_members(build_docx(["x"])).items()) + [("word/pad.bin", b"ab" * (1 << 20))]
    assert _code(_zip(members), small) == "total_too_large"


def test_too_many_members():
    members = list(_members(build_docx(["x"])).items()) + [(f"word/x{i}.txt", b"") for i in range(10_000)]
    assert _code(_zip(members)) == "too_many_members"


def test_vba_project_and_macro_content_type():
    members = _members(build_docx(["x"]))
    assert _code(_zip([*members.items(), ("word/vbaProject.bin", b"\0" * 10)])) == "macro"
    ct = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.document.main+xml\"/><Override "
        b"PartName=\"/word/x.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml")
    assert _code(_zip([*{**members, "[Content_Types].xml": ct}.items()])) == "macro"


def test_doctype_entities_rejected():
    members = _members(build_docx(["x"]))
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            + members["word/document.xml"].split(b"?>", 1)[1])
    assert _code(_zip([*{**members, "word/document.xml": bomb}.items()])) == "doctype"


def test_external_attached_template_rejected_but_hyperlink_ok():
    members = _members(build_docx(["x"]))
    rels = members["word/_rels/document.xml.rels"]
    ext = rels.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats'
                       b'.org/officeDocument/2006/relationships/attachedTemplate" Target="http://evil.example/t'
                       b'.dotm" TargetMode="External"/></Relationships>')
    assert _code(_zip([*{**members, "word/_rels/document.xml.rels": ext}.items()])) == "external_relationship"
    link = rels.replace(b"</Relationships>", b'<Relationship Id="rId98" Type="http://schemas.openxmlformats'
                        b'.org/officeDocument/2006/relationships/hyperlink" Target="https://moit.gov.vn" '
                        b'TargetMode="External"/></Relationships>')
    preflight(_zip([*{**members, "word/_rels/document.xml.rels": link}.items()]))


def test_bad_names():
    members = list(_members(build_docx(["x"])).items())
    assert _code(_zip([*members, ("../evil.xml", b"<a/>")])) == "bad_member_name"
    assert _code(_zip([*members, ("/abs.xml", b"<a/>")])) == "bad_member_name"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, blob in members:
            z.writestr(name, blob)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z.writestr("word/document.xml", b"<dup/>")
    assert _code(buf.getvalue()) == "duplicate_member"


def test_not_word():
    members = _members(build_docx(["x"]))
    ct = members["[Content_Types].xml"].replace(b"document.main+xml", b"template.main+xml")
    assert _code(_zip([*{**members, "[Content_Types].xml": ct}.items()])) == "not_wordprocessing"
