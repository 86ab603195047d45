"""Layout checks against Nghị định 30/2020/NĐ-CP (domain.md §5.1, §5.2).

Messages name the value found and the rule, in Vietnamese for officers and English for logs.
"""

from __future__ import annotations

import io
import re
import unicodedata

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .checks import Problem
from .ooxml import W

A4_TWIPS = (11906, 16838)
PAGE_TOLERANCE_TWIPS = 60  # ≈1 mm: Word and python-docx round mm differently
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
MARGIN_VI = {"top": "Lề trên", "bottom": "Lề dưới", "left": "Lề trái", "right": "Lề phải"}
FONT = "Times New Roman"
BODY_SIZE_PT = (13, 14)
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
_PLACE_DATE = re.compile(r"^[^\d,]{2,40}, ngày .{0,6}tháng .{0,6}năm")
# "PHỤ LỤC", "Phụ lục II": the heading of an annex (ND 30/2020 Phụ lục III, mẫu 2.1), which comes
# after the signature block on a page of its own, then its title and "(Kèm theo …)".
_ANNEX = re.compile(r"^PHỤ LỤC(?:\s+[IVXLC\d]+)?$", re.IGNORECASE)

# Which elements each kind of document has (Đơn has no number and no "Nơi nhận"; Biên bản and
# Hợp đồng are signed by the parties and are not distributed with "Nơi nhận").
KINDS = {
    "default": {"number": True, "recipients": True},
    "quyet_dinh": {"number": True, "recipients": True},
    "to_trinh": {"number": True, "recipients": True},
    "cong_van": {"number": True, "recipients": True},
    "bao_cao": {"number": True, "recipients": True},
    "bien_ban": {"number": True, "recipients": False},
    "hop_dong": {"number": True, "recipients": False},
    "don": {"number": False, "recipients": False},
    # the beneficiary's Đề án, a council member's Phiếu nhận xét, a plan's Bảng tổng hợp: not
    # văn bản hành chính of a register, so neither a number nor a Nơi nhận
    "de_an": {"number": False, "recipients": False},
    "phieu": {"number": False, "recipients": False},
    "bang": {"number": False, "recipients": False},
}


# A document's kind from its title (ô số 5a), for a file checked without --kind.
_TITLES = (("BIÊN BẢN", "bien_ban"), ("HỢP ĐỒNG", "hop_dong"), ("ĐƠN ", "don"), ("QUYẾT ĐỊNH", "quyet_dinh"),
           ("TỜ TRÌNH", "to_trinh"), ("BÁO CÁO", "bao_cao"), ("THÔNG BÁO", "cong_van"), ("GIẤY MỜI", "cong_van"),
           ("PHIẾU ", "phieu"), ("ĐỀ ÁN", "de_an"), ("BẢNG TỔNG HỢP", "bang"))


def document_kind(docx: bytes) -> str:
    """The KINDS key of a document by its title; "default" when the title is none of them."""
    doc = Document(io.BytesIO(docx))
    for p in doc.element.body.iter(W + "p"):
        text = _norm(Paragraph(p, doc._body).text)
        if not text or text in (QUOC_HIEU, TIEU_NGU) or not text.isupper():
            continue
        for title, kind in _TITLES:
            if text.startswith(title) or text == title.strip():
                return kind
    return "default"


def _problem(where: str, vi: str, en: str, paragraph: int | None = None, quote: str = "") -> Problem:
    return Problem("error", where, paragraph, vi, en, quote)


def _norm(text: str) -> str:
    # "HOÀ" and "HÒA" are both in use; compare without tone-mark placement differences.
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text.replace("HOÀ", "HÒA").replace("–", "-")


def _check_page(doc) -> list[Problem]:
    problems = []
    for i, sec in enumerate(doc.sections):
        where = f"section {i + 1}"
        w, h = sec.page_width.twips, sec.page_height.twips
        dims = sorted((w, h))
        if any(abs(a - b) > PAGE_TOLERANCE_TWIPS for a, b in zip(dims, A4_TWIPS, strict=True)):
            problems.append(_problem(where, f"Khổ giấy {sec.page_width.mm:.0f}×{sec.page_height.mm:.0f} mm, "
                                     "Nghị định 30/2020 yêu cầu A4 (210×297 mm)",
                                     f"page size {w}×{h} twips, A4 is 11906×16838"))
        for side, (lo, hi) in MARGINS_MM.items():
            mm = getattr(sec, f"{side}_margin").mm
            if not lo - 0.5 <= mm <= hi + 0.5:
                problems.append(_problem(where, f"{MARGIN_VI[side]} {mm:.0f} mm, Nghị định 30/2020 yêu cầu "
                                         f"{lo}–{hi} mm",
                                         f"{side} margin {mm:.0f} mm, required {lo}–{hi} mm"))
    return problems


def _theme_fonts(doc) -> dict[str, str]:
    from lxml import etree

    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme"):
            root = etree.fromstring(rel.target_part.blob)
            a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
            out = {}
            for kind, key in (("majorFont", "major"), ("minorFont", "minor")):
                el = root.find(f".//{a}{kind}/{a}latin")
                if el is not None:
                    out[key] = el.get("typeface", "")
            return out
    return {}


def _fonts_of(rfonts, theme: dict[str, str]) -> set[str]:
    found = set()
    for attr in ("ascii", "hAnsi"):
        name = rfonts.get(qn(f"w:{attr}"))
        theme_ref = rfonts.get(qn(f"w:{attr}Theme"))
        if theme_ref:
            resolved = theme.get("major" if theme_ref.startswith("major") else "minor")
            found.add(resolved or f"(phông theo chủ đề {theme_ref})")
        elif name:
            found.add(name)
    return found


def _check_fonts(doc) -> list[Problem]:
    theme = _theme_fonts(doc)
    counts: dict[str, int] = {}
    styles_root = doc.styles.element
    body = doc.element.body
    # Only styles the document really uses: Word's default template defines dozens (Calibri
    # headings, Courier macro text) that never show.
    used = {"Normal"} | {el.get(qn("w:val")) for el in body.iter(W + "pStyle", W + "rStyle")}
    for style in styles_root.iter(W + "style"):
        if style.get(qn("w:styleId")) in used:
            for rfonts in style.iter(W + "rFonts"):
                for font in _fonts_of(rfonts, theme):
                    counts.setdefault(font, 0)
    for rfonts in body.iter(W + "rFonts"):
        for font in _fonts_of(rfonts, theme):
            counts[font] = counts.get(font, 0) + 1
    problems = []
    for font, n in sorted(counts.items()):
        if font != FONT:
            where = f"{n} đoạn/lượt chữ" if n else "kiểu (style) văn bản"
            problems.append(_problem("fonts", f"Phông chữ {font} ({where}), Nghị định 30/2020 yêu cầu {FONT}",
                                     f"font {font!r} used ({n} runs), required {FONT}"))
    normal = doc.styles["Normal"].font
    size = normal.size.pt if normal.size is not None else None
    if size is None:
        defaults = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        size = int(defaults.get(qn("w:val"))) / 2 if defaults is not None else 10.0
    if not BODY_SIZE_PT[0] <= size <= BODY_SIZE_PT[1]:
        problems.append(_problem("styles", f"Cỡ chữ nội dung {size:g}, Nghị định 30/2020 yêu cầu 13–14",
                                 f"body font size {size:g} pt, required 13–14"))
    return problems


def _flag(par: Paragraph, attr: str) -> bool:
    runs = [r for r in par.runs if r.text.strip()]
    if not runs:
        return False
    for run in runs:
        value = getattr(run.font, attr)
        if value is None and run.style is not None:
            value = getattr(run.style.font, attr)
        if value is None and par.style is not None:
            value = getattr(par.style.font, attr)
        if not value:
            return False
    return True


def _find(paragraphs, predicate) -> tuple[int, Paragraph] | None:
    for i, p in enumerate(paragraphs):
        if predicate(_norm(p.text)):
            return i, p
    return None


def _main_part(doc) -> tuple[list, list]:
    """The body's top-level elements before its first annex, and those from it on: the
    document's own elements (its signature block last) are looked for in the first only."""
    children = list(doc.element.body)
    for i, el in enumerate(children):
        if el.tag == W + "p" and i and _ANNEX.match(_norm(Paragraph(el, doc._body).text)):
            return children[:i], children[i:]
    return children, []


def _paragraphs(doc, elements) -> list[Paragraph]:
    """Every paragraph of `elements` in reading order, table cells included."""
    return [Paragraph(p, doc._body) for el in elements for p in el.iter(W + "p")]


def _starts_page(doc, heading, before) -> bool:
    """Whether an annex heading begins a new page: a page break before it, a page break ending
    the paragraph before it, or a section ending there."""
    if Paragraph(heading, doc._body).paragraph_format.page_break_before:
        return True
    if before is None or before.tag != W + "p":
        return False
    breaks = [br for br in before.iter(W + "br") if br.get(qn("w:type")) == "page"]
    return bool(breaks) or before.find(f"{W}pPr/{W}sectPr") is not None


def _check_annexes(doc, annex: list) -> list[Problem]:
    """Each annex starts on a page of its own and says what it goes with ("(Kèm theo …)")."""
    problems = []
    children = list(doc.element.body)
    for el in annex:
        if el.tag != W + "p" or not _ANNEX.match(_norm(Paragraph(el, doc._body).text)):
            continue
        heading = _norm(Paragraph(el, doc._body).text)
        at = children.index(el)
        if not _starts_page(doc, el, children[at - 1] if at else None):
            problems.append(_problem("body", f"«{heading}» phải bắt đầu ở trang mới (sau khối chữ ký)",
                                     "an annex does not start on a new page", None, heading))
        following = [_norm(Paragraph(p, doc._body).text) for p in children[at + 1:at + 5] if p.tag == W + "p"]
        if not any(t.startswith("(Kèm theo") for t in following):
            problems.append(_problem("body", f"«{heading}» thiếu dòng «(Kèm theo … số … ngày …)»",
                                     "an annex does not say which document it goes with", None, heading))
    return problems


def _check_elements(doc, number: bool, recipients: bool) -> list[Problem]:
    main, annex = _main_part(doc)
    paras = _paragraphs(doc, main)
    problems = []
    qh = _find(paras, lambda t: t == QUOC_HIEU)
    if qh is None:
        problems.append(_problem("body", f"Thiếu Quốc hiệu «{QUOC_HIEU}»", "Quốc hiệu is missing"))
    elif not _flag(qh[1], "bold"):
        problems.append(_problem("body", "Quốc hiệu phải in đậm", "Quốc hiệu is not bold", qh[0], qh[1].text))
    tn = _find(paras, lambda t: t == TIEU_NGU)
    if tn is None:
        problems.append(_problem("body", f"Thiếu Tiêu ngữ «{TIEU_NGU}»", "Tiêu ngữ is missing"))
    elif not _flag(tn[1], "bold"):
        problems.append(_problem("body", "Tiêu ngữ phải in đậm", "Tiêu ngữ is not bold", tn[0], tn[1].text))
    if number and _find(paras, lambda t: t.startswith("Số:") or t.startswith("Số :")) is None:
        problems.append(_problem("body", "Thiếu dòng số, ký hiệu «Số: …»", "no 'Số:' number line"))
    pd = _find(paras, lambda t: bool(_PLACE_DATE.match(t)))
    if pd is None:
        problems.append(_problem("body",
                                 "Thiếu dòng địa danh, ngày tháng năm («<Địa danh>, ngày … tháng … năm …»)",
                                 "no place–date line"))
    elif not _flag(pd[1], "italic"):
        problems.append(_problem("body", "Dòng địa danh, ngày tháng năm phải in nghiêng",
                                 "place–date line is not italic", pd[0], pd[1].text))
    tail = [(i, p) for i, p in enumerate(paras) if p.text.strip()][-15:]
    has_signature = any(
        p.text.strip().isupper() and _flag(p, "bold") and any(j > i for j, _ in tail[k + 1:])
        and not _norm(p.text).startswith(QUOC_HIEU)
        for k, (i, p) in enumerate(tail)
    )
    if not has_signature:
        problems.append(_problem("body",
                                 "Thiếu khối chữ ký (chức vụ in hoa, đậm, và họ tên người ký) ở cuối văn bản",
                                 "no signature block near the end"))
    if recipients:
        nn = _find(paras, lambda t: t.startswith("Nơi nhận"))
        if nn is None:
            problems.append(_problem("body", "Thiếu «Nơi nhận:»", "no 'Nơi nhận:' block"))
        elif not (_flag(nn[1], "bold") and _flag(nn[1], "italic")):
            problems.append(_problem("body", "«Nơi nhận:» phải in đậm, nghiêng",
                                     "'Nơi nhận:' is not bold italic",
                                     nn[0], nn[1].text))
    return problems + _check_annexes(doc, annex)


def _borderless(tbl) -> bool:
    borders = tbl.find(W + "tblPr/" + W + "tblBorders")
    return borders is not None and all(side.get(W + "val") in ("nil", "none") for side in borders)


def _keeps_with_next(par: Paragraph) -> bool:
    style = par.style
    value = par.paragraph_format.keep_with_next
    while value is None and style is not None:
        value, style = style.paragraph_format.keep_with_next, style.base_style
    return bool(value)


def _check_signature_kept(doc) -> list[Problem]:
    """The signature block never stands alone on a page: the body's last paragraph before it keeps
    with the next (ô 7 follows the text it signs). The block is the last borderless table after
    the header's, before any annex (which has pages of its own)."""
    children, _ = _main_part(doc)
    tables = [i for i, el in enumerate(children) if el.tag == W + "tbl" and _borderless(el)]
    if len(tables) < 2:
        return []
    before = [Paragraph(el, doc._body) for el in children[tables[0] + 1:tables[-1]] if el.tag == W + "p"]
    last = next((p for p in reversed(before) if p.text.strip()), None)
    if last is None or _keeps_with_next(last):
        return []
    return [_problem("body", "Đoạn cuối trước khối chữ ký không «giữ với đoạn sau»: khối chữ ký có thể "
                     "sang trang một mình", "the paragraph before the signature block does not keep with "
                     "next: the block may stand alone on a page", None, last.text[:160])]


def check_layout(docx: bytes, *, kind: str | None = None, number: bool | None = None,
                 recipients: bool | None = None) -> list[Problem]:
    """Where ``docx`` departs from ND 30/2020; ``kind`` (see KINDS) says which elements it needs
    (by default the kind its title names: a Biên bản is not asked for a "Nơi nhận")."""
    preset = KINDS.get(kind or document_kind(docx), KINDS["default"])
    doc = Document(io.BytesIO(docx))
    return (_check_page(doc) + _check_fonts(doc) + _check_signature_kept(doc)
            + _check_elements(doc, preset["number"] if number is None else number,
                              preset["recipients"] if recipients is None else recipients))
