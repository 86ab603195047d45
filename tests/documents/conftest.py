"""Fixtures for the document-engine tests: .docx files built with python-docx at test time."""

from __future__ import annotations

import importlib
import io
import sys
import types
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tests.docx_text import docx_with

try:  # the vn engineer delivers dossier.vn.filters; until then a stub with the contract's names
    importlib.import_module("dossier.vn.filters")
except ImportError:
    def _tien(v):
        return f"{int(v):,}".replace(",", ".")

    _stub = types.ModuleType("dossier.vn.filters")
    _stub.FILTERS = {
        "tien": _tien, "bang_chu": lambda v: f"{v} đồng", "ngay": lambda v: f"ngày {v}",
        "ngay_so": lambda v: str(v), "phan_tram": lambda v: str(v).replace(".", ","),
        "hoa": lambda v: str(v).upper(), "so_thu_tu": lambda v: f"{int(v):02d}",
    }
    sys.modules["dossier.vn.filters"] = _stub


def build_docx(
    paragraphs: list[str] = (),
    *,
    header: list[str] = (),
    footer: list[str] = (),
    title: str | None = None,
) -> bytes:
    """A small .docx: paragraphs, optional header/footer text and core title."""
    return docx_with(paragraphs=paragraphs, header=header, footer=footer, title=title)


def build_table_docx(rows: list[list[str]], before: list[str] = (), after: list[str] = ()) -> bytes:
    """A .docx with paragraphs, then a table with the given rows, then paragraphs."""
    doc = Document()
    for text in before:
        doc.add_paragraph(text)
    t = doc.add_table(rows=0, cols=len(rows[0]))
    for cells in rows:
        r = t.add_row()
        for i, c in enumerate(cells):
            r.cells[i].text = c
    for text in after:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def open_docx(data: bytes):
    """Re-open rendered bytes with python-docx."""
    return Document(io.BytesIO(data))


def body_text(data: bytes) -> str:
    doc = open_docx(data)
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            out.append(" | ".join(c.text for c in row.cells))
    return "\n".join(out)


def _set_run_font(run, name="Times New Roman", size=14, bold=None, italic=None):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), name)
    run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


# long: it lays a decision out top to bottom, paragraph by paragraph, as the template builder does.
def build_official_docx(
    *,
    margins_mm=(20, 20, 30, 15),  # top, bottom, left, right
    font="Times New Roman",
    quoc_hieu=True,
    n_can_cu=6,
    n_lines=20,
    templated=False,
) -> bytes:
    """A decision laid out per Nghị định 30/2020 (like baselines.md §1's make_template.py).

    With ``templated=True`` it holds docxtpl tags (Số, ngày, căn cứ, a 20-line budget table)."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(margins_mm[0]), Mm(margins_mm[1])
    sec.left_margin, sec.right_margin = Mm(margins_mm[2]), Mm(margins_mm[3])
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:eastAsia"), font)

    def para(text, bold=None, italic=None, size=14, align=None):
        p = doc.add_paragraph()
        run = p.add_run(text)
        _set_run_font(run, font, size, bold, italic)
        if align is not None:
            p.alignment = align
        return p

    hdr = doc.add_table(rows=1, cols=2)
    left, right = hdr.rows[0].cells
    left.text = ""
    _set_run_font(left.paragraphs[0].add_run("SỞ CÔNG THƯƠNG"), font, 13, True)
    left.add_paragraph()
    num = "Số: {{ so }}/QĐ-SCT" if templated else "Số: 05/QĐ-SCT"
    _set_run_font(left.paragraphs[1].add_run(num), font, 13)
    if quoc_hieu:
        _set_run_font(right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), font, 13, True)
        p2 = right.add_paragraph()
        _set_run_font(p2.add_run("Độc lập - Tự do - Hạnh phúc"), font, 14, True)
    else:
        _set_run_font(right.paragraphs[0].add_run("VĂN BẢN"), font, 13, True)
        _set_run_font(right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc"), font, 14, True)
    date = "Gia Lai, {{ ngay_ky | ngay }}" if templated else "Gia Lai, ngày 05 tháng 01 năm 2026"
    para(date, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("QUYẾT ĐỊNH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("Về việc phê duyệt đề án khuyến công địa phương", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("GIÁM ĐỐC SỞ CÔNG THƯƠNG", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if templated:
        para("{%p for cc in can_cu %}")
        para("{{ cc }};", italic=True)
        para("{%p endfor %}")
    else:
        for i in range(n_can_cu):
            para(f"Căn cứ Nghị định số {i + 1}/2025/NĐ-CP;", italic=True)
    para("QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    body = "Điều 1. Phê duyệt đề án cho {{ co_so.ten }}." if templated else "Điều 1. Phê duyệt đề án."
    para(body)
    for k in range(2, 6):
        para(f"Điều {k}. Nội dung điều khoản số {k} của quyết định này.")
    tbl = doc.add_table(rows=1, cols=6)
    for i, h in enumerate(["STT", "Nội dung", "ĐVT", "Số lượng", "Đơn giá", "Thành tiền"]):
        tbl.rows[0].cells[i].text = h
    if templated:
        rows = [["{%tr for h in hang_muc %}", "", "", "", "", ""],
                ["{{ loop.index }}", "{{ h.ten }}", "{{ h.dvt }}", "{{ h.so_luong }}",
                 "{{ h.don_gia | tien }}", "{{ h.thanh_tien | tien }}"],
                ["{%tr endfor %}", "", "", "", "", ""]]
    else:
        rows = [[str(i), f"Hạng mục {i}", "cái", "1", "1.000", "1.000"] for i in range(1, n_lines + 1)]
    for cells in rows:
        r = tbl.add_row()
        for i, c in enumerate(cells):
            r.cells[i].text = c
    sig = doc.add_table(rows=1, cols=2)
    nl, sg = sig.rows[0].cells
    _set_run_font(nl.paragraphs[0].add_run("Nơi nhận:"), font, 12, True, True)
    _set_run_font(nl.add_paragraph().add_run("- Như Điều 3;"), font, 11)
    _set_run_font(nl.add_paragraph().add_run("- Lưu: VT, QLCN."), font, 11)
    _set_run_font(sg.paragraphs[0].add_run("GIÁM ĐỐC"), font, 14, True)
    _set_run_font(sg.add_paragraph().add_run(""), font, 14)
    name = "{{ nguoi_ky }}" if templated else "Nguyễn Văn An"
    _set_run_font(sg.add_paragraph().add_run(name), font, 14, True)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def official_context() -> dict:
    return {
        "so": "05",
        "ngay_ky": "2026-01-05",
        "can_cu": [f"Căn cứ Nghị định số {i}/2025/NĐ-CP của Chính phủ" for i in range(1, 7)],
        "co_so": {"ten": "HTX Mây tre đan Phú Vinh & Cộng sự <PV>"},
        "hang_muc": [
            {"ten": f"Máy số {i}", "dvt": "cái", "so_luong": i, "don_gia": 1_500_000,
             "thanh_tien": 1_500_000 * i}
            for i in range(1, 21)
        ],
        "nguoi_ky": "Nguyễn Văn An",
    }


def write_template_folder(root: Path, tid: str, docx: bytes, manifest: str, sample: str = "{}") -> Path:
    folder = root / tid
    folder.mkdir(parents=True)
    (folder / "template.docx").write_bytes(docx)
    (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    (folder / "sample.json").write_text(sample, encoding="utf-8")
    return folder


@pytest.fixture
def engine():
    from dossier.documents.engine import TemplateEngine

    return TemplateEngine()
