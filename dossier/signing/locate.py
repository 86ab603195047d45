"""Find where a signature goes: the blank between the title line and the signer's name.

ND 30/2020 puts the signer's image centred between the title ("GIÁM ĐỐC", "KT. GIÁM ĐỐC /
PHÓ GIÁM ĐỐC") and the name. We read text positions with pypdf's text visitor (pure Python;
pyHanko cannot extract text) and measure string widths with the stamp font, whose metrics are
those of Times New Roman, the font of every official template.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dossier.signing.errors import SignaturePlacementError

Box = tuple[float, float, float, float]

DEFAULT_WIDTH = 170.0  # pt; about 6 cm, the usual width of the signature column's image
MIN_HEIGHT = 24.0


@dataclass
class TextLine:
    """One run of text on a baseline (a cell of the signature table, not the whole row)."""

    text: str
    x0: float
    x1: float
    y: float  # baseline
    size: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


@lru_cache(maxsize=1)
def _metrics():
    from fontTools.ttLib import TTFont

    from dossier.signing.appearance import stamp_font_path

    with TTFont(str(stamp_font_path())) as font:  # read what we need, do not keep the file open
        return dict(font.getBestCmap()), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def text_width(text: str, size: float) -> float:
    cmap, hmtx, upem = _metrics()
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        glyph = cmap.get(ord(ch))
        total += hmtx[glyph][0] if glyph in hmtx else upem // 2
    return total * size / upem


def page_lines(pdf: bytes, page_index: int) -> tuple[list[TextLine], tuple[float, float, float, float]]:
    """Text runs on one page with baseline positions (PDF user space, origin bottom-left)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    if not -len(reader.pages) <= page_index < len(reader.pages):
        raise SignaturePlacementError(f"The document has no page {page_index + 1}")
    page = reader.pages[page_index]
    runs: list[TextLine] = []

    def visit(text, cm, tm, _font, size):  # pypdf visitor signature
        if not text or not text.strip():
            return
        # Position of the text origin: Tm then CTM.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        eff = float(size) * scale
        for i, part in enumerate(text.split("\n")):
            if part.strip():
                lead = len(part) - len(part.lstrip())
                x0 = x + text_width(part[:lead], eff)
                x1 = x0 + text_width(part.strip(), eff)
                runs.append(TextLine(part.strip(), x0, x1, y - i * eff * 1.15, eff))

    page.extract_text(visitor_text=visit)
    box = page.mediabox
    return _merge(runs), (float(box.left), float(box.bottom), float(box.right), float(box.top))


def _merge(runs: list[TextLine]) -> list[TextLine]:
    """Join runs on the same baseline unless a wide gap separates them (table columns)."""
    runs = sorted(runs, key=lambda r: (-round(r.y, 0), r.x0))
    lines: list[TextLine] = []
    for run in runs:
        last = lines[-1] if lines else None
        if last and abs(last.y - run.y) < 1.5 and run.x0 - last.x1 < 2.5 * max(run.size, last.size):
            space = " " if run.x0 - last.x1 > 0.15 * run.size else ""
            lines[-1] = TextLine(last.text + space + run.text, last.x0, max(last.x1, run.x1), last.y,
                                 max(last.size, run.size))
        else:
            lines.append(run)
    return lines


def find_signature_box(pdf: bytes, signer_name: str, *, width: float = DEFAULT_WIDTH,
                       page: int | None = None) -> tuple[int, Box]:
    """Return (page index, (x1, y1, x2, y2)) of the blank between title and ``signer_name``.

    Searches the last page first (the signature block ends the document), then earlier pages.
    Raises :class:`SignaturePlacementError` when the name is not found.
    """
    from pypdf import PdfReader

    n_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    order = [page % n_pages] if page is not None else list(range(n_pages - 1, -1, -1))
    wanted = _norm(signer_name)
    for index in order:
        lines, media = page_lines(pdf, index)
        names = [ln for ln in lines if wanted and wanted in _norm(ln.text)]
        if not names:
            continue
        name = min(names, key=lambda ln: ln.y)  # the lowest occurrence is the signature block
        above = [
            ln for ln in lines
            if ln.y > name.y + name.size * 0.5 and ln.x0 <= name.x1 + 5 and ln.x1 >= name.x0 - 5
        ]
        centre = name.centre
        bottom = name.y + name.size * 0.95  # top of the name's capitals/diacritics
        if above:
            title = min(above, key=lambda ln: ln.y)
            top = title.y - title.size * 0.3  # below the title's descenders
        else:
            top = bottom + 80.0
        if top - bottom < MIN_HEIGHT:
            raise SignaturePlacementError(
                f"Only {top - bottom:.0f} pt between the title and the name of {signer_name!r}: "
                "no room for a signature"
            )
        half = width / 2
        x1 = max(media[0] + 5, centre - half)
        x2 = min(media[2] - 5, x1 + width)
        x1 = max(media[0] + 5, x2 - width)
        return index, (round(x1, 2), round(bottom + 2, 2), round(x2, 2), round(top - 2, 2))
    raise SignaturePlacementError(f"The name {signer_name!r} was not found in the document")
