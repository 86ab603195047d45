"""Content checks on a rendered document's text: what must never reach a signature.

Finds what a missing value leaves behind (``None``, a literal "Ông/Bà"), citations whose number
or date was never filled in ("Tờ trình số …/TTr-SCT ngày …"), and Căn cứ lines citing a text
issued after the document's own date (or not yet in force on it), a date printed empty
("ngày      tháng      năm" in the body), and a Nơi nhận "Như Điều N" whose article does not
say who carries the decision out. Proper hand-fill blanks
("…… giờ …… phút", "ngày …… tháng …… năm ……") are allowed: officers fill those by hand.

Pure: the checks read text (paragraphs in reading order) and the legal-bases library only;
``document_paragraphs`` turns a .docx into that text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date

from lxml import etree

from dossier.vn.legal_bases import Library, load_library

from .checks import Problem
from .ooxml import W

_GAP = r"[…. \u00a0]"  # what a blank is written with: ellipses, dots, spaces
_NONE = re.compile(r"\bNone\b")
_HONORIFIC = re.compile(r"\b(?:Ông|ông)\s*/\s*(?:Bà|bà)\b")
_ACTS = r"(?:Quyết định|Tờ trình|Hợp đồng|Biên bản|Công văn|Thông báo|Giấy mời|Nghị quyết|Kế hoạch)"
# "Tờ trình số …/TTr-SCT", "Quyết định số …" — a cited act with no number.
_NO_NUMBER = re.compile(rf"(?<!Kèm theo )\b{_ACTS} số{_GAP}*(?:/|{_GAP}*$|{_GAP}*[,;.)]|{_GAP}+(?:ngày|của)\b)")
# "ngày …" not followed by "tháng": a date that should have been printed, not a hand-fill form.
_NO_DATE = re.compile(rf"\bngày(?:{_GAP}*…{_GAP}*|{_GAP}+\.{{3,}}{_GAP}*)(?!{_GAP}*tháng)(?=[,;.)]|\s|$)")
# "do  cấp": who issued a paper left out, with no blank to fill it in by hand.
_NO_ISSUER = re.compile(r"\bdo\s+cấp\b")
# "ngày      tháng      năm": an empty date printed in the body (the draft's place–date line has its year)
_BLANK_DATE = re.compile(r"\bngày\s+tháng\s+năm(?!\s*\d)")
# "Nơi nhận: - Như Điều 3;" must name the article that says who carries the decision out
_AS_ARTICLE = re.compile(r"^- Như Điều (\d+)\s*;")
# "sản phẩm chính: .": a label printed with nothing after it.
_EMPTY_LABEL = re.compile(r":\s*[.;](?=\s|$)")
# "3.04%": a decimal written with a point; Vietnamese writes 3,04 %.
_DECIMAL_POINT = re.compile(r"\b\d+\.\d{1,2}\s?%")
# "… đồng. ký hợp đồng": a sentence cut by a full stop where a comma was meant.
_CUT_SENTENCE = re.compile(r"\bđồng\. (?=[a-zà-ỹđ])")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DATE_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_PLACE_DATE = re.compile(r"^[^\d,]{2,40}, ngày\s+(.{0,24}?)\s*tháng\s+(.{0,24}?)\s*năm\s+(\d{4})")
_CITING = ("Căn cứ", "Theo đề nghị")


def document_paragraphs(docx: bytes) -> list[str]:
    """Every paragraph's text in reading order, table cells included: exactly the text
    python-docx's ``Paragraph.text`` gives (tests/documents/test_content.py compares the two on
    every shipped template's sample).

    Only the main part is read (opening the whole package, styles and media included, cost 3.6×
    as much), with plain lxml elements: python-docx's element classes and its XPath per paragraph
    and per run cost 5× this walk, and the content check reads the new draft at each issuance."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"), _PARSER)
    return body_paragraphs(root)


def body_paragraphs(document: etree._Element) -> list[str]:
    """`document_paragraphs` of a main part's root element already parsed (w:document): the render
    gives the text of what it just wrote from its own tree, parsed with the same settings."""
    return [_paragraph_text(p) for p in document.find(_BODY).iter(_P)]


# python-docx's parser settings (docx.oxml.parser), without its element classes.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_BODY, _P, _R, _HYPERLINK, _T, _BR, _BR_TYPE = (W + "body", W + "p", W + "r", W + "hyperlink", W + "t", W + "br",
                                                 W + "type")
# What python-docx's run text gives for a run's other children (CT_R.text): w:t is its text, w:br a
# newline when it breaks a line ("textWrapping", the default) and nothing for a page or column break.
_RUN_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _paragraph_text(p: etree._Element) -> str:
    """CT_P.text: the paragraph's own runs and its hyperlinks' runs (direct children only), in order."""
    out: list[str] = []
    for child in p:
        if child.tag == _R:
            _run_text(child, out)
        elif child.tag == _HYPERLINK:
            for run in child.iterchildren(_R):
                _run_text(run, out)
    return "".join(out)


def _run_text(run: etree._Element, out: list[str]) -> None:
    for e in run:
        tag = e.tag
        if tag == _T:
            out.append(e.text or "")
        elif tag == _BR:
            if e.get(_BR_TYPE, "textWrapping") == "textWrapping":
                out.append("\n")
        else:
            char = _RUN_CHARS.get(tag)
            if char is not None:
                out.append(char)


def _error(i: int, vi: str, en: str, quote: str) -> Problem:
    return Problem("error", "body", i, vi, en, quote.strip()[:160])


def document_date(paragraphs: Sequence[str]) -> tuple[date | None, int | None]:
    """The date of the place–date line (ô số 4): the full date, or only its year on a draft."""
    for text in paragraphs:
        found = _PLACE_DATE.match(" ".join(text.split()))
        if found:
            day, month, year = found.group(1).strip(), found.group(2).strip(), int(found.group(3))
            if day.isdigit() and month.isdigit():
                return date(year, int(month), int(day)), year
            return None, year
    return None, None


def _cited_dates(text: str) -> list[date]:
    found = [(int(d), int(m), int(y)) for d, m, y in _DATE_WORDS.findall(text)]
    found += [(int(d), int(m), int(y)) for d, m, y in _DATE_SLASH.findall(text)]
    days = []
    for d, m, y in found:
        try:
            days.append(date(y, m, d))
        except ValueError:
            continue
    return days


# What a paragraph may not print: the pattern, the Vietnamese finding, its English detail (in this order).
_PLACEHOLDER_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (_NONE, "Có chữ «None» (thiếu dữ liệu)", "'None' printed for a missing value"),
    (_HONORIFIC, "Có «Ông/Bà» chưa chọn (danh xưng phải là dữ liệu của người)",
     "literal 'Ông/Bà' (the honorific is data on the person)"),
    (_NO_NUMBER, "Trích dẫn văn bản chưa có số", "a cited document has no number"),
    (_NO_DATE, "Có «ngày …» chưa điền (không phải chỗ viết tay ngày … tháng … năm …)", "an unfilled date 'ngày …'"),
    (_BLANK_DATE, "Có ngày để trống (không có chỗ viết tay «ngày …… tháng …… năm ……»)",
     "an empty date 'ngày  tháng  năm'"),
    (_EMPTY_LABEL, "Có mục để trống sau dấu hai chấm («…: .»): thiếu dữ liệu, không có chỗ viết tay",
     "a label with nothing after it ('…: .')"),
    (_DECIMAL_POINT, "Số thập phân viết bằng dấu chấm (3.04%); tiếng Việt dùng dấu phẩy (3,04%)",
     "a decimal written with a point"),
    (_CUT_SENTENCE, "Câu bị ngắt bằng dấu chấm giữa chừng («đồng. ký …»)",
     "a sentence cut by a full stop ('đồng. ký …')"),
    (_NO_ISSUER, "Thiếu cơ quan cấp («do … cấp» bị bỏ trống, không có chỗ viết tay)",
     "the issuing body is missing ('do  cấp')"),
)


# The nine at once: most paragraphs print none of them, and one search of the alternation costs
# about half the nine searches (the check reads every paragraph of each draft issued).
_ANY_PLACEHOLDER = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _, _ in _PLACEHOLDER_RULES))


def _placeholders(i: int, text: str) -> list[Problem]:
    if not _ANY_PLACEHOLDER.search(text):
        return []
    return [_error(i, message, detail, text) for pattern, message, detail in _PLACEHOLDER_RULES
            if pattern.search(text)]


def _basis_not_in_force(text: str, on: date, library: Library) -> list[str]:
    return [b.number for b in library.bases.values()
            if b.kind != "luat" and b.number in text and not b.in_force(on)
            and not (b.valid_to is not None and b.valid_to < on)]


def _later_bases(i: int, text: str, on: date | None, year: int | None, library: Library) -> list[Problem]:
    if not text.startswith(_CITING) or year is None:
        return []
    later = [d for d in _cited_dates(text) if (d > on if on else d.year > year)]
    if later:
        when = on.strftime("%d/%m/%Y") if on else f"năm {year}"
        return [_error(i, f"Căn cứ văn bản ngày {later[0]:%d/%m/%Y}, sau ngày của văn bản này ({when})",
                       f"cites a text dated {later[0].isoformat()}, after the document's date", text)]
    pending = _basis_not_in_force(text, on, library) if on else []
    if pending:
        return [_error(i, f"Căn cứ {pending[0]} chưa có hiệu lực vào ngày {on:%d/%m/%Y}",
                       f"cites {pending[0]}, not yet in force on {on.isoformat()}", text)]
    return []


def _recipients_as_article(paragraphs: Sequence[str]) -> list[Problem]:
    """"- Như Điều 3;" in the Nơi nhận when Điều 3 is not the article that charges who carries out
    the decision ("… chịu trách nhiệm thi hành Quyết định này")."""
    texts = [" ".join(p.split()) for p in paragraphs]
    problems = []
    for i, text in enumerate(texts):
        found = _AS_ARTICLE.match(text)
        if not found:
            continue
        article = next((t for t in texts if t.startswith(f"Điều {found.group(1)}.")), "")
        if "thi hành" not in article:
            problems.append(_error(i, f"Nơi nhận «Như Điều {found.group(1)}» nhưng Điều {found.group(1)} không quy "
                                      "định trách nhiệm thi hành", "the recipients refer to an article that does "
                                      "not say who carries the decision out", text))
    return problems


def check_content(paragraphs: Sequence[str], *, on: date | None = None,
                  library: Library | None = None) -> list[Problem]:
    """What in the text must not reach a signature; ``on`` overrides the place–date line's date."""
    lib = library or load_library()
    printed, year = document_date(paragraphs)
    day = on or printed
    year = day.year if day else year
    problems: list[Problem] = []
    for i, raw in enumerate(paragraphs):
        text = " ".join(raw.split())
        if not text:
            continue
        problems += _placeholders(i, text)
        problems += _later_bases(i, text, day, year, lib)
    return problems + _recipients_as_article(paragraphs)


def check_document(docx: bytes, *, on: date | None = None) -> list[Problem]:
    """`check_content` on a .docx file's text."""
    return check_content(document_paragraphs(docx), on=on)
