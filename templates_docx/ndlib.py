"""Nghị định 30/2020/NĐ-CP layout helpers for building the shipped Word templates with python-docx.

Used only by ``build_templates.py``. Every Jinja tag handed to these helpers is written as ONE
run (one ``<w:r>``) so docxtpl never meets a tag split across runs. All text is NFC-normalised.

Page: A4 portrait, margins 20/20/30/15 mm (top/bottom/left/right), Times New Roman everywhere
(docDefaults, every style, the theme), body 14 pt justified, first-line indent 1.27 cm, spacing
6 pt before each paragraph, line spacing 1.15; page numbers centred in the header, not on page 1.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell

FONT = "Times New Roman"
PAGE_TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5  # A4 width minus left 30 mm and right 15 mm = 16.5 cm
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)

# Header table (ô 1-4 of the ND 30 layout): left = agency, right = Quốc hiệu / Tiêu ngữ.
# As in the Word files agencies actually issue, the header table reaches 0.8 cm into the (30 mm)
# left margin: agency names such as "SỞ CÔNG THƯƠNG KHÁNH HÒA" (6.95 cm in 13 pt) then fit on one
# line while the right column keeps room for the 9.6 cm Quốc hiệu line. Its right edge is the
# right text edge.
HEADER_INDENT_CM = -0.8
HEADER_LEFT_CM = 7.2
HEADER_RIGHT_CM = PAGE_TEXT_WIDTH_CM - HEADER_INDENT_CM - HEADER_LEFT_CM  # 10.1 cm
# Width of "Độc lập - Tự do - Hạnh phúc" in Times New Roman Bold 14 pt (measured with the
# metric-compatible Liberation Serif Bold advance widths): the rule under it has this length.
TIEU_NGU_WIDTH_CM = 6.05
AGENCY_RULE_CM = 2.2  # about 1/3-1/2 of a typical agency-name line
TITLE_RULE_CM = 4.0  # short rule under the trích yếu

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Paragraph styles (ids are the names without spaces). Officers see these names in Word.
S_BODY = "Normal"
S_HEAD = "ND30 Dau trang"  # header block text, 13 pt centred, no spacing
S_TITLE = "ND30 Ten loai"  # tên loại / trích yếu, 14 bold centred
S_RULE = "ND30 Duong ke"  # empty 1 pt paragraph carrying a bottom border (the short rules)
S_TABLE = "ND30 Bang"  # table text 12 pt
S_SIGN = "ND30 Chu ky"  # signature block, 14 bold centred
S_RECIP = "ND30 Noi nhan"  # "Nơi nhận" list, 11 pt
S_HEADING = "ND30 Muc"  # section headings inside the body (I., 1., Điều ...), bold, no indent


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# --------------------------------------------------------------------------- low level XML


def _set_rfonts(rpr) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn("w:" + attr), FONT)


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn("w:" + k), str(v))
    return el


def _twips(cm: float) -> int:
    return int(round(cm * 1440 / 2.54))


_PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def bottom_border(paragraph, size_eighths: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = _el("w:pBdr")
    pbdr.append(_el("w:bottom", val="single", sz=size_eighths, space=1, color="000000"))
    ppr.insert_element_before(pbdr, *_PPR_AFTER_PBDR)


# --------------------------------------------------------------------------- document set-up


def new_document(title: str):
    doc = Document()
    _fonts_everywhere(doc)
    _styles(doc)
    _page(doc)
    _no_stretch_before_breaks(doc)
    cp = doc.core_properties
    cp.title = nfc(title)
    cp.author = "Hồ sơ Khuyến công"
    cp.last_modified_by = "Hồ sơ Khuyến công"
    cp.comments = "Mẫu văn bản theo Nghị định 30/2020/NĐ-CP; sinh bởi templates_docx/build_templates.py"
    cp.subject = ""
    cp.keywords = ""
    cp.category = ""
    cp.language = "vi-VN"
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    # remove the template's sample paragraph(s)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def _no_stretch_before_breaks(doc) -> None:
    """A justified line ending in a line break is set flush left, not stretched across the page
    (Word's and LibreOffice's "do not expand lines ending with a manual break"): an article's heading
    sits on the line above its text in one paragraph (`dieu_with_text`)."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _fonts_everywhere(doc) -> None:
    styles_el = doc.styles.element
    # docDefaults: Times New Roman 14 pt, Vietnamese
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _set_rfonts(rpr)
    for tag in ("w:sz", "w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    rpr.append(_el("w:sz", val=28))
    rpr.append(_el("w:szCs", val=28))
    rpr.append(_el("w:lang", val="vi-VN", eastAsia="en-US", bidi="ar-SA"))
    # every style that names a font: force TNR, drop theme references
    for rfonts in styles_el.iter(qn("w:rFonts")):
        for attr in list(rfonts.attrib):
            del rfonts.attrib[attr]
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            rfonts.set(qn("w:" + attr), FONT)
    # the theme's major/minor fonts too (nothing should refer to them, but Word shows them)
    for part in doc.part.package.parts:
        if part.content_type.endswith("theme+xml"):
            blob = part.blob.decode("utf-8")
            blob = re.sub(r'(<a:latin typeface=")[^"]*(")', r"\1" + FONT + r"\2", blob)
            part._blob = blob.encode("utf-8")
    # colour black everywhere (headings in the default template are blue)
    for color in list(styles_el.iter(qn("w:color"))):
        color.set(qn("w:val"), "000000")
        for attr in ("themeColor", "themeShade", "themeTint"):
            if color.get(qn("w:" + attr)) is not None:
                del color.attrib[qn("w:" + attr)]


def _pstyle(doc, name, *, size=14, bold=None, italic=None, align=None, first=None, left=None,
            before=0.0, after=0.0, line=1.0, keep_next=False, base="Normal"):
    styles = doc.styles
    st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        st.base_style = styles[base]
        st.quick_style = True
    f = st.font
    f.name = FONT
    f.size = Pt(size)
    f.bold = bold
    f.italic = italic
    _set_rfonts(st.element.get_or_add_rPr())
    pf = st.paragraph_format
    if align is not None:
        pf.alignment = ALIGN[align]
    pf.first_line_indent = None if first is None else Cm(first)
    if left is not None:
        pf.left_indent = Cm(left)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    pf.keep_with_next = keep_next or None
    pf.widow_control = True
    return st


def _styles(doc) -> None:
    _pstyle(doc, "Normal", size=14, align="justify", first=1.27, before=6, after=0, line=1.15)
    _pstyle(doc, S_HEAD, size=13, align="center", first=0, left=0, before=0, after=0, line=1.0)
    _pstyle(doc, S_TITLE, size=14, bold=True, align="center", first=0, left=0, before=0, after=0,
            line=1.0, keep_next=True)
    _pstyle(doc, S_RULE, size=1, align="center", first=0, before=0, after=0, line=1.0, keep_next=True)
    _pstyle(doc, S_TABLE, size=12, align="left", first=0, left=0, before=2, after=2, line=1.0)
    _pstyle(doc, S_SIGN, size=14, bold=True, align="center", first=0, left=0, before=0, after=0, line=1.0)
    _pstyle(doc, S_RECIP, size=11, align="left", first=0, left=0, before=0, after=0, line=1.0)
    _pstyle(doc, S_HEADING, size=14, bold=True, align="justify", first=1.27, before=6, after=0,
            line=1.15, keep_next=True)
    hdr = _pstyle(doc, "Header", size=13, align="center", first=0, left=0, before=0, after=0, line=1.0)
    hdr.font.bold = False


def _page(doc) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width = Mm(210)
    sec.page_height = Mm(297)
    sec.top_margin = Mm(20)
    sec.bottom_margin = Mm(20)
    sec.left_margin = Mm(30)
    sec.right_margin = Mm(15)
    sec.header_distance = Mm(10)
    sec.footer_distance = Mm(10)
    sec.gutter = Mm(0)
    sec.different_first_page_header_footer = True
    # page number (Arabic, 13 pt, centred) in the header of pages 2..n; page 1 header stays empty
    hp = sec.header.paragraphs[0]
    hp.style = doc.styles["Header"]
    fld = _el("w:fldSimple", instr=" PAGE ")
    r = _el("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    hp._p.append(fld)
    fp = sec.first_page_header.paragraphs[0]
    fp.style = doc.styles["Header"]


# --------------------------------------------------------------------------- paragraphs and runs


def _add_runs(p, runs, *, size=None):
    """runs: str (plain) or (text, flags) with flags in {"b", "i", "bi", "u"} or (text, flags, size)."""
    for item in runs:
        if isinstance(item, str):
            text, flags, sz = item, "", None
        elif len(item) == 2:
            (text, flags), sz = item, None
        else:
            text, flags, sz = item
        r = p.add_run(nfc(text))
        if "b" in flags:
            r.bold = True
        if "i" in flags:
            r.italic = True
        if "u" in flags:
            r.underline = True
        if sz or size:
            r.font.size = Pt(sz or size)
    return p


def _leads_in(runs) -> bool:
    """Whether a body paragraph is a heading or a lead-in: all its text bold ("Kết quả kiểm tra:",
    "BÊN A (Bên giao): …", "2. Căn cứ xây dựng đề án"), or ending in a colon ("Kính gửi:", "Trong
    đó:"). Such a line never stays at the foot of a page without what it introduces."""
    items = [(r, "") if isinstance(r, str) else r[:2] for r in runs]
    text = "".join(t for t, _ in items).strip()
    if not text:
        return False
    return text.endswith(":") or all("b" in flags for t, flags in items if t.strip())


def _follows_a_table(container) -> bool:
    """Whether a paragraph added to the body now would print right after a table (the {%p %} tag
    paragraphs between them are removed on render)."""
    body = getattr(getattr(container, "element", None), "body", None)
    if body is None:
        return False
    for element in reversed(list(body.iterchildren())):
        if element.tag == qn("w:sectPr"):
            continue
        if element.tag == qn("w:tbl"):
            return True
        if element.tag != qn("w:p") or not "".join(element.itertext()).strip().startswith("{%p"):
            return False
    return False


def para(container, *runs, style=S_BODY, align=None, first=None, left=None, before=None, after=None,
         keep_next=None, size=None):
    """A paragraph of `runs`; a heading or lead-in of the body keeps with the next one unless
    `keep_next` says otherwise."""
    if keep_next is None and style == S_BODY and _leads_in(runs):
        keep_next = True
    if (keep_next or (keep_next is None and style == S_HEADING)) and _follows_a_table(container):
        after_table(container)
    p = container.add_paragraph(style=style)
    pf = p.paragraph_format
    if align is not None:
        pf.alignment = ALIGN[align]
    if first is not None:
        pf.first_line_indent = Cm(first)
    if left is not None:
        pf.left_indent = Cm(left)
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next is not None:
        pf.keep_with_next = keep_next
    return _add_runs(p, runs, size=size)


def ctl(container, tag: str, style=S_BODY):
    """A paragraph holding only a docxtpl paragraph-level tag ({%p ... %}); removed on render."""
    assert tag.startswith("{%p ") and tag.endswith("%}"), tag
    p = container.add_paragraph(style=style)
    p.add_run(tag)
    return p


def rule(container, width_cm: float, avail_cm: float, before=3.0):
    """Centred short horizontal rule: an empty 1 pt paragraph with a bottom border."""
    p = container.add_paragraph(style=S_RULE)
    ind = max((avail_cm - width_cm) / 2.0, 0.0)
    pf = p.paragraph_format
    pf.left_indent = Cm(ind)
    pf.right_indent = Cm(ind)
    pf.first_line_indent = Cm(0)
    pf.space_before = Pt(before)  # keeps the rule clear of the descenders/dots-below of the line above
    bottom_border(p)
    return p


def heading(container, *runs, first=1.27):
    return para(container, *runs, style=S_HEADING, first=first)


def loop_lines(container, loop: str, item_runs, *, style=S_BODY, **kw):
    """{%p for ... %} / one paragraph / {%p endfor %}."""
    ctl(container, "{%p " + loop + " %}", style=style)
    para(container, *item_runs, style=style, **kw)
    ctl(container, "{%p endfor %}", style=style)


def money_words(expr: str):
    """Runs for 'X đồng (Bằng chữ: …)'."""
    return ["{{ " + expr + "|tien }}", " đồng (Bằng chữ: ", "{{ " + expr + "|bang_chu }}", ")"]


# --------------------------------------------------------------------------- tables


def _tbl_pr(tbl):
    return tbl._tbl.tblPr


def make_table(container, widths_cm, *, borders=True, cell_margin_cm=0.1, align_center=True, indent_cm=None):
    """A table whose widths are set three times: tblW, tblGrid/gridCol (LibreOffice) and tcW (Word)."""
    table = container.add_table(rows=0, cols=len(widths_cm))
    tbl = table._tbl
    tblPr = _tbl_pr(table)
    for tag in ("w:tblStyle", "w:tblW", "w:tblLayout", "w:tblBorders", "w:tblCellMar", "w:jc", "w:tblInd"):
        for old in tblPr.findall(qn(tag)):
            tblPr.remove(old)
    total = sum(_twips(w) for w in widths_cm)
    order = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
             "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
             "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"]

    def put(el):
        idx = order.index("w:" + el.tag.split("}")[1])
        tblPr.insert_element_before(el, *order[idx + 1:])

    put(_el("w:tblW", w=total, type="dxa"))
    if align_center and indent_cm is None:
        put(_el("w:jc", val="center"))
    if indent_cm is not None:
        put(_el("w:jc", val="left"))
        put(_el("w:tblInd", w=_twips(indent_cm), type="dxa"))
    bdr = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            bdr.append(_el("w:" + side, val="single", sz=4, space=0, color="000000"))
        else:
            bdr.append(_el("w:" + side, val="nil"))
    put(bdr)
    put(_el("w:tblLayout", type="fixed"))
    mar = _el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        w = _twips(cell_margin_cm) if side in ("left", "right") else 0
        mar.append(_el("w:" + side, w=w, type="dxa"))
    put(mar)
    grid = tbl.tblGrid
    for gc in grid.findall(qn("w:gridCol")):
        grid.remove(gc)
    for w in widths_cm:
        grid.append(_el("w:gridCol", w=_twips(w)))
    table._nd30_widths = list(widths_cm)
    return table


def add_row(table, *, header=False, cant_split=True):
    row = table.add_row()
    trPr = row._tr.get_or_add_trPr()
    if cant_split:
        trPr.append(_el("w:cantSplit"))
    if header:
        trPr.append(_el("w:tblHeader"))
    for cell, w in zip(row.cells, table._nd30_widths, strict=True):
        tcPr = cell._tc.get_or_add_tcPr()
        tcW = tcPr.find(qn("w:tcW"))
        if tcW is None:
            tcW = _el("w:tcW")
            tcPr.insert(0, tcW)
        tcW.set(qn("w:w"), str(_twips(w)))
        tcW.set(qn("w:type"), "dxa")
        cell.paragraphs[0].style = table.part.document.styles[S_TABLE]
    return row


def cell_text(cell, *runs, align="left", style=S_TABLE, size=None, first=True):
    """Write runs into a cell: the first call fills the existing empty paragraph."""
    if first:
        p = cell.paragraphs[0]
        p.style = cell.part.document.styles[style]
    else:
        p = cell.add_paragraph(style=style)
    p.paragraph_format.alignment = ALIGN[align]
    return _add_runs(p, runs, size=size)


def v_center(cell):
    tcPr = cell._tc.get_or_add_tcPr()
    tcPr.append(_el("w:vAlign", val="center"))


def header_row(table, labels, size=None):
    row = add_row(table, header=True)
    for cell, label in zip(row.cells, labels, strict=True):
        cell_text(cell, (label, "b"), align="center", size=size)
        v_center(cell)
    return row


def loop_rows(table, loop: str, cells, aligns, size=None):
    """{%tr for … %} row, the item row, {%tr endfor %} row."""
    r1 = add_row(table)
    cell_text(r1.cells[0], "{%tr " + loop + " %}")
    r2 = add_row(table)
    for cell, content, al in zip(r2.cells, cells, aligns, strict=True):
        runs = content if isinstance(content, list | tuple) else [content]
        cell_text(cell, *runs, align=al, size=size)
    r3 = add_row(table)
    cell_text(r3.cells[0], "{%tr endfor %}")
    return r2


def total_row(table, label: str, span: int, values, aligns, size=None):
    """Bold total row: the label spans the first `span` columns."""
    row = add_row(table)
    cells = row.cells
    if span > 1:
        merged = cells[0].merge(cells[span - 1])
        tcW = merged._tc.tcPr.find(qn("w:tcW"))
        tcW.set(qn("w:w"), str(sum(_twips(w) for w in table._nd30_widths[:span])))
        tcW.set(qn("w:type"), "dxa")
    else:
        merged = cells[0]
    cell_text(merged, (label, "b"), align="center", size=size)
    # after a merge python-docx's row.cells repeats the merged cell; take the distinct tail
    rest = [_Cell(tc, table) for tc in row._tr.tc_lst[1:]]
    for cell, val, al in zip(rest, values, aligns, strict=True):
        runs = val if isinstance(val, list | tuple) else [val]
        runs = [(r, "b") if isinstance(r, str) else r for r in runs]
        if runs:
            cell_text(cell, *runs, align=al, size=size)
    return row


# --------------------------------------------------------------------------- ND 30 blocks


def agency_header(doc, *, show_number=True, number_optional=False):
    """Ô 1-4: borderless 2x2 table. Row 1: agency (parent, name, rule) | Quốc hiệu, Tiêu ngữ, rule.
    Row 2: "Số: …" | italic place-date line, so both sit on the same baseline."""
    t = make_table(doc, [HEADER_LEFT_CM, HEADER_RIGHT_CM], borders=False, cell_margin_cm=0.0,
                   indent_cm=HEADER_INDENT_CM)
    r1 = add_row(t, cant_split=True)
    left, right = r1.cells
    # left: parent body (upright 13, may be empty), issuing body (bold 13), short rule
    cell_text(left, "{%p if co_quan.ten_chu_quan %}", style=S_HEAD, align="center")
    cell_text(left, "{{ co_quan.ten_chu_quan }}", style=S_HEAD, align="center", first=False)
    cell_text(left, "{%p endif %}", style=S_HEAD, align="center", first=False)
    cell_text(left, ("{{ co_quan.ten }}", "b"), style=S_HEAD, align="center", first=False)
    rule(left, AGENCY_RULE_CM, HEADER_LEFT_CM)
    # right: Quốc hiệu 13 bold, Tiêu ngữ 14 bold, full-length rule
    cell_text(right, ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), style=S_HEAD, align="center")
    cell_text(right, ("Độc lập - Tự do - Hạnh phúc", "b", 14), style=S_HEAD, align="center", first=False)
    rule(right, TIEU_NGU_WIDTH_CM, HEADER_RIGHT_CM)
    r2 = add_row(t, cant_split=True)
    left, right = r2.cells
    if show_number:
        if number_optional:
            cell_text(left, "{%p if so_ky_hieu %}", style=S_HEAD, align="center")
            cell_text(left, "{{ so_ky_hieu }}", style=S_HEAD, align="center", first=False)
            cell_text(left, "{%p endif %}", style=S_HEAD, align="center", first=False)
            cell_text(left, "", style=S_HEAD, align="center", first=False)
        else:
            cell_text(left, "{{ so_ky_hieu }}", style=S_HEAD, align="center")
    for p in left.paragraphs:
        p.paragraph_format.space_before = Pt(6)
    cell_text(right, ("{{ dia_danh_ngay }}", "i", 14), style=S_HEAD, align="center")
    right.paragraphs[0].paragraph_format.space_before = Pt(6)
    return t


def national_header_centered(doc):
    """Quốc hiệu + Tiêu ngữ centred on the page (đơn, văn bản của tổ chức/cá nhân không có cơ quan)."""
    para(doc, ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b", 13), style=S_HEAD, align="center")
    para(doc, ("Độc lập - Tự do - Hạnh phúc", "b", 14), style=S_HEAD, align="center")
    rule(doc, TIEU_NGU_WIDTH_CM, PAGE_TEXT_WIDTH_CM)


def title_block(doc, title: str, trich_yeu_runs=None, *, before=18, rule_after=True):
    para(doc, (title, "b"), style=S_TITLE, before=before)
    if trich_yeu_runs:
        para(doc, *[(r, "b") if isinstance(r, str) else r for r in trich_yeu_runs], style=S_TITLE)
    if rule_after:
        rule(doc, TITLE_RULE_CM, PAGE_TEXT_WIDTH_CM)


def authority_and_bases(doc, *, authority="{{ tham_quyen }}"):
    """Issuing authority line (UPPERCASE bold centred), Căn cứ lines (italic), 'QUYẾT ĐỊNH:'."""
    para(doc, (authority, "b"), style=S_TITLE, before=12, after=6)
    loop_lines(doc, "for l in can_cu", [("{{ l }}", "i")])
    para(doc, ("QUYẾT ĐỊNH:", "b"), style=S_TITLE, before=12, after=6)


def dieu(doc, number: int, *runs, keep_next=None):
    """'Điều n.' bold, then body text on the same paragraph (`keep_next` for an article's heading
    alone: never left at the foot of a page without its first line)."""
    return para(doc, (f"Điều {number}. ", "b"), *runs, keep_next=keep_next)


def dieu_with_text(doc, number: int, title: str, *runs):
    """An article's heading on its own line and its text under it, as one paragraph: a line break,
    then a tab to the first-line indent. For the last article before the signature table: its
    heading's keep-with-next LibreOffice does not honour when the text goes over to the next page
    with the table it keeps with (a contract's "Điều 7. Điều khoản chung" stood alone at the foot
    of a page); a heading inside its text's paragraph cannot be left behind."""
    p = para(doc, (f"Điều {number}. ", "b"), (title, "b"))
    p.add_run().add_break()
    p.add_run().add_tab()
    p.paragraph_format.tab_stops.add_tab_stop(Cm(1.27))
    _add_runs(p, runs)
    p.paragraph_format.keep_with_next = None  # what it keeps with is the signature (_keep_last_with_next)
    return p


def after_table(doc):
    """An empty 1 pt paragraph closing a table that a heading follows. LibreOffice ignores
    keep-with-next on the first paragraph after a table: a contract's "Điều 2. Giá trị hợp đồng"
    after its equipment table stood alone at the foot of a page, its text on the next. Second after
    the table, the heading keeps with its text again (this paragraph stays behind, unseen)."""
    p = doc.add_paragraph(style=S_BODY)
    pf = p.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing, pf.first_line_indent = Pt(0), Pt(0), Pt(1), Cm(0)
    pf.keep_with_next = True
    return p


def _title_lines(cell, lines_runs, note=None, *, first=True):
    """The signer's title lines, centred (a ("loop", "for …", line) entry repeats one line), and an
    italic note under them; False once anything is written (the cell's first paragraph is used)."""
    for lr in lines_runs:
        if isinstance(lr, tuple) and lr and lr[0] == "loop":
            _, loop, item = lr
            cell_text(cell, "{%p " + loop + " %}", style=S_SIGN, align="center", first=first)
            cell_text(cell, item, style=S_SIGN, align="center", first=False)
            cell_text(cell, "{%p endfor %}", style=S_SIGN, align="center", first=False)
        else:
            runs = lr if isinstance(lr, list) else [lr]
            cell_text(cell, *runs, style=S_SIGN, align="center", first=first)
        first = False
    if note:
        cell_text(cell, (note, "i"), style=S_SIGN, align="center", first=first, size=13)
        cell.paragraphs[-1].runs[-1].bold = False
        first = False
    return first


def _sig_cell(cell, *, lines_runs, name_runs, note=None, date_runs=None):
    first = True
    if date_runs:
        cell_text(cell, *date_runs, style=S_SIGN, align="center")
        cell.paragraphs[0].runs[-1].bold = False
        first = False
    first = _title_lines(cell, lines_runs, note, first=first)
    for _ in range(4):  # room for the signature (and the seal on its left third)
        cell_text(cell, "", style=S_SIGN, align="center", first=first)
        first = False
    cell_text(cell, *name_runs, style=S_SIGN, align="center", first=False)


def signature_block(doc, *, with_recipients=True, right_lines=None, right_name=None, note=None,
                    before=12, date_in_block=False):
    """Ô 7 + 9b: left 'Nơi nhận:' list, right signer (ky.dong lines UPPERCASE bold, space, name)."""
    _keep_last_with_next(doc)
    t = make_table(doc, [7.5, PAGE_TEXT_WIDTH_CM - 7.5], borders=False, cell_margin_cm=0.0)
    row = add_row(t, cant_split=True)
    left, right = row.cells
    if with_recipients:
        cell_text(left, ("Nơi nhận:", "bi", 12), style=S_RECIP, align="left")
        left.paragraphs[0].paragraph_format.space_before = Pt(before)
        cell_text(left, "{%p for n in noi_nhan %}", style=S_RECIP, first=False)
        cell_text(left, "{{ n }}", style=S_RECIP, first=False)
        cell_text(left, "{%p endfor %}", style=S_RECIP, first=False)
        cell_text(left, "", style=S_RECIP, first=False)
    else:
        cell_text(left, "", style=S_RECIP)
    _sig_cell(
        right,
        lines_runs=right_lines or [("loop", "for d in ky.dong", "{{ d }}")],
        name_runs=right_name or ["{{ ky.ho_ten }}"],
        note=note,
        date_runs=[("{{ dia_danh_ngay }}", "i")] if date_in_block else None,
    )
    _space_above(right, before)
    return t


def _space_above(cell, points: float) -> None:
    """Space above a cell's text. The signer's lines open with a {%p for %} that rendering removes
    with its spacing (the title then stood a line above "Nơi nhận:" beside it), and spacing on the
    repeated line would open every line: such a cell gets an empty 1 pt paragraph carrying it (a
    cell's top margin, tried first, LibreOffice does not print)."""
    first = cell.paragraphs[0]
    if not first.text.startswith("{%p"):
        first.paragraph_format.space_before = Pt(points)
        return
    spacer = first.insert_paragraph_before("", style=first.style)
    spacer.paragraph_format.space_before = Pt(points - 1)
    spacer.paragraph_format.line_spacing = Pt(1)


def _keep_last_with_next(doc):
    """The closing paragraph moves to the next page together with the signature table.

    The body's last paragraph is often a docxtpl tag ({%p endfor %}, {%p endif %}) that rendering
    removes, and with it the flag: a Tờ trình ending in its list of attachments, or a Phiếu ending
    in an {%p if %}, then printed its signature block alone on a new page. So the flag goes on the
    paragraphs back to the last one printed whatever the data: a trailing if/else or loop is flagged
    whole (each repetition keeps with the next, the last with the signature), and the paragraph
    before it too, for when the block renders nothing."""
    from docx.text.paragraph import Paragraph

    depth = 0  # how many trailing {%p for/if %} blocks we are inside, walking back
    for element in reversed(doc.element.body.findall(qn("w:p"))):
        paragraph = Paragraph(element, doc)
        paragraph.paragraph_format.keep_with_next = True
        text = paragraph.text.strip()
        if text.startswith(("{%p endfor", "{%p endif")):
            depth += 1
        elif text.startswith(("{%p for", "{%p if")):
            depth -= 1
        elif depth == 0 and not text.startswith("{%p"):
            break  # the last paragraph that prints whatever the blocks after it render


def two_signatures(doc, left_title_runs, left_name, right_title_runs, right_name, *, before=12,
                   left_note=None, right_note=None):
    """Two signers side by side (THƯ KÝ | CHỦ TỌA, ĐẠI DIỆN BÊN A | ĐẠI DIỆN BÊN B …).
    Three rows (titles / room for signature and seal / names) so both names sit on one line."""
    _keep_last_with_next(doc)
    half = PAGE_TEXT_WIDTH_CM / 2
    t = make_table(doc, [half, half], borders=False, cell_margin_cm=0.0)
    titles = add_row(t, cant_split=True)
    for cell, lines, note in ((titles.cells[0], left_title_runs, left_note), (titles.cells[1], right_title_runs, right_note)):
        _title_lines(cell, lines, note)
        _space_above(cell, before)
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    space = add_row(t, cant_split=True)
    trPr = space._tr.get_or_add_trPr()
    trPr.append(_el("w:trHeight", val=_twips(2.2), hRule="atLeast"))
    for c in space.cells:
        c.paragraphs[0].style = doc.styles[S_SIGN]
        c.paragraphs[0].paragraph_format.keep_with_next = True
    names = add_row(t, cant_split=True)
    cell_text(names.cells[0], left_name, style=S_SIGN, align="center")
    cell_text(names.cells[1], right_name, style=S_SIGN, align="center")
    return t


# --------------------------------------------------------------------------- saving


def save_deterministic(doc, path) -> None:
    """Save with fixed zip timestamps and member order so re-running the builder gives identical bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    with open(path, "wb") as fh:
        fh.write(out.getvalue())
