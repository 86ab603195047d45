"""What a visible signature looks like (ND 30/2020 Phụ lục I, see docs domain §5.7/§9.3).

* Leader's signature: blue, centred between the title line and the name:
  "Ký bởi: <name>" / "<title>" / "Thời gian ký: 26/11/2026 14:05:09 +07:00",
  or the signer's handwritten-signature PNG when one is supplied.
* Agency seal: the organisation's red seal PNG at actual size over the left third of the leader's
  signature, captioned with the agency name and the signing time in ISO 8601 (+07:00); without an
  image, a red ring with that text (placed by :mod:`dossier.signing.pades`).
* A separate-file annex: the agency's signature at the top right of page 1, text only, black.

Font: pyHanko's default stamp font is Courier (no Vietnamese). We embed Liberation Serif
(metric twin of Times New Roman, full Vietnamese coverage in fonts-liberation2) rescaled to
1000 units/em, because pyHanko 0.38 writes CIDFont /W widths in font units; with the usual
2048 units/em the text comes out letter-spaced ~2× (shared/baselines.md §6).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import BaseStampStyle, StaticStampStyle, TextStampStyle

from dossier.config import settings
from dossier.signing.errors import SigningError
from dossier.signing.stamp_font import PresetGlyphAccumulator
from dossier.vn.vntime import format_iso, format_vn

BLUE = (0.0, 0.2, 0.75)
RED = (0.85, 0.05, 0.05)

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)


def _source_font() -> Path:
    override = settings().stamp_font
    if override and override.is_file():
        return override
    for cand in _FONT_CANDIDATES:
        if Path(cand).is_file():
            return Path(cand)
    fc = shutil.which("fc-match")
    if fc:
        done = subprocess.run([fc, "-f", "%{file}", "Times New Roman"], capture_output=True, timeout=10)
        path = Path(done.stdout.decode(errors="replace").strip())
        if done.returncode == 0 and path.suffix.lower() in (".ttf", ".otf") and path.is_file():
            return path
    raise SigningError(
        "No serif font with Vietnamese glyphs found for the signature stamp; install fonts-liberation2"
    )


def stamp_font_path() -> Path:
    """Liberation Serif rescaled to 1000 units/em, cached by the source file's SHA-256."""
    from dossier.signing.convert import cache_dir

    src = _source_font()
    digest = hashlib.sha256(src.read_bytes()).hexdigest()[:20]
    target = cache_dir() / "fonts" / f"{src.stem}-upem1000-v3-{digest}.ttf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(src))
    # FFTM (FontForge timestamp) is not subsettable; fontTools would log a warning per stamp.
    # The layout tables go too: a stamp's NFC Vietnamese text maps to precomposed glyphs with no
    # shaping, and decompiling GSUB/GPOS to subset them was 80 % of each stamp's font cost.
    for table in ("FFTM", "GSUB", "GPOS", "GDEF"):
        if table in font:
            del font[table]
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".ttf")
    os.close(fd)
    font.save(tmp)
    os.replace(tmp, target)  # atomic: concurrent workers never read a half-written font
    return target


@lru_cache(maxsize=4)
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


@dataclass(frozen=True)
class _InMemoryFontFactory(GlyphAccumulatorFactory):
    """pyHanko's factory opens the font file per stamp and never closes it (a leaked handle
    per signature in a long-running worker); serve the cached bytes from memory instead, and
    embed the process's one subset of the font (`stamp_font`) rather than a subset per stamp."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return PresetGlyphAccumulator(
            writer=writer,
            font_file=self.font_file,
            font_handle=io.BytesIO(_font_bytes(self.font_file)),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


@dataclass(frozen=True)
class Appearance:
    """A visible-signature style. Build with :func:`signature_appearance` / :func:`seal_appearance`
    / :func:`annex_appearance`."""

    kind: str  # "signature" | "seal" | "annex"
    lines: tuple[str, ...]  # template lines; {time_vn} and {time_iso} are filled at signing time
    color: tuple[float, float, float]
    font_size: int = 9
    border_width: int = 0
    image_png: bytes | None = None
    image_size_pt: tuple[float, float] | None = None  # the image's physical size (a seal: actual size)

    def render_text(self, signing_time: dt.datetime) -> str:
        values = {"time_vn": format_vn(signing_time), "time_iso": format_iso(signing_time)}
        return "\n".join(line.format(**values) for line in self.lines)

    @property
    def leading(self) -> float:
        return self.font_size + 2

    def text_size(self, signing_time: dt.datetime) -> tuple[float, float]:
        """Width and height in pt of the text block (the seal image's caption, the annex's text)."""
        from dossier.signing.locate import text_width

        lines = self.render_text(signing_time).split("\n")
        return max(text_width(line, self.font_size) for line in lines) + 8, len(lines) * self.leading + 6

    def stamp_style(self, signing_time: dt.datetime) -> BaseStampStyle:
        if self.image_png is not None and self.kind == "signature":
            return StaticStampStyle(background=_png_content(self.image_png, self.image_size_pt), border_width=0,
                                    background_opacity=1.0)
        if self.image_png is not None:
            return self._seal_image_style(signing_time)
        if self.kind == "annex":  # Times New Roman 10 as the decree says: never shrunk to fit
            return self._text_style(signing_time, background=None, layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MAX, y_align=AxisAlignment.ALIGN_MID,
                inner_content_scaling=InnerScaling.NO_SCALING, margins=Margins.uniform(2)))
        circular = self.kind == "seal"
        return self._text_style(signing_time, background=_circle(self.color, self.border_width) if circular else None,
                                layout=SimpleBoxLayoutRule(
                                    x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                                    # Keep the seal's text inside the inscribed square of the circle.
                                    margins=Margins.uniform(14 if circular else 2)))

    def _text_style(self, signing_time: dt.datetime, *, background, layout: SimpleBoxLayoutRule,
                    background_layout: SimpleBoxLayoutRule | None = None) -> TextStampStyle:
        # GlyphAccumulatorFactory must get the same size as the text box (pyHanko #733).
        font = _InMemoryFontFactory(str(stamp_font_path()), font_size=self.font_size)
        text = self.render_text(signing_time).replace("%", "%%")  # pyHanko %-formats stamp_text
        extra = {"background_layout": background_layout} if background_layout else {}
        return TextStampStyle(
            stamp_text=text,
            text_box_style=TextBoxStyle(font=font, font_size=self.font_size, text_color=self.color,
                                        leading=self.leading),
            border_width=0, background=background, background_opacity=1.0, inner_content_layout=layout, **extra,
        )

    def _seal_image_style(self, signing_time: dt.datetime) -> TextStampStyle:
        """The seal at actual size in the box's top left corner, its caption at the bottom right
        (``pades.seal_layout`` makes the box so that the caption sits under the leader's name)."""
        fixed = InnerScaling.NO_SCALING
        return self._text_style(
            signing_time, background=_png_content(self.image_png, self.image_size_pt),
            background_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MAX,
                                                  inner_content_scaling=fixed),
            layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MAX, y_align=AxisAlignment.ALIGN_MIN,
                                       inner_content_scaling=fixed, margins=Margins.uniform(2)))


def signature_appearance(name: str, title: str | None = None, *, image_png: bytes | None = None,
                         image_size_pt: tuple[float, float] | None = None, font_size: int = 9) -> Appearance:
    """The leader's signature: blue text, or his handwritten-signature PNG (drawn at ``image_size_pt``,
    shrunk to fit between title and name)."""
    lines = [f"Ký bởi: {name}"]
    if title:
        lines.append(title)
    lines.append("Thời gian ký: {time_vn}")
    return Appearance("signature", tuple(_escape(line) for line in lines[:-1]) + (lines[-1],),
                      BLUE, font_size=font_size, image_png=image_png, image_size_pt=image_size_pt)


def seal_appearance(org_name: str, *, image_png: bytes | None = None, image_size_pt: tuple[float, float] | None = None,
                    font_size: int = 7) -> Appearance:
    """The agency's signature: the seal image at actual size with the agency and the ISO 8601 time
    (+07:00) as its caption; without an image, a red ring with that text inside."""
    if image_png is not None:
        lines = (f"Đã ký số: {_escape(org_name.upper())}", "Thời gian ký: {time_iso}")
        return Appearance("seal", lines, RED, font_size=font_size, image_png=image_png,
                          image_size_pt=image_size_pt or (107.7, 107.7))
    lines = (*(_escape(part) for part in _split_name(org_name.upper())), "Đã ký số", "{time_iso}")
    return Appearance("seal", lines, RED, font_size=font_size, border_width=2)


def annex_appearance(org_name: str, number_text: str) -> Appearance:
    """A separate-file annex (ND 30/2020 Phụ lục I, domain §9.3): the agency's signature at the top
    right of its first page, no image, Times New Roman 10 upright black: the main document's number
    and symbol, the agency, the signing time in ISO 8601."""
    number = number_text.removeprefix("Số: ").removeprefix("Số ")
    lines = (f"Kèm theo văn bản số {_escape(number)}", f"Cơ quan: {_escape(org_name)}", "Thời gian ký: {time_iso}")
    return Appearance("annex", lines, (0.0, 0.0, 0.0), font_size=10)


def _circle(color: tuple[float, float, float], width: float) -> RawContent:
    """A seal ring (two concentric circles) drawn with Bézier curves in a 100×100 box."""
    k = 0.5523  # control-point factor for a quarter circle

    def ring(r: float) -> bytes:
        c, d = 50.0, r * k
        return (
            f"{c + r:.2f} {c:.2f} m "
            f"{c + r:.2f} {c + d:.2f} {c + d:.2f} {c + r:.2f} {c:.2f} {c + r:.2f} c "
            f"{c - d:.2f} {c + r:.2f} {c - r:.2f} {c + d:.2f} {c - r:.2f} {c:.2f} c "
            f"{c - r:.2f} {c - d:.2f} {c - d:.2f} {c - r:.2f} {c:.2f} {c - r:.2f} c "
            f"{c + d:.2f} {c - r:.2f} {c + r:.2f} {c - d:.2f} {c + r:.2f} {c:.2f} c S "
        ).encode()

    r, g, b = color
    data = (f"q {r:g} {g:g} {b:g} RG {max(width, 1):g} w ".encode() + ring(48) + b"0.6 w " + ring(43) + b"Q")
    return RawContent(data, box=BoxConstraints(100, 100))


def _split_name(name: str, max_len: int = 22) -> list[str]:
    """Break a long agency name over lines of about ``max_len`` characters (seal text)."""
    return textwrap.wrap(" ".join(name.split()), max_len, break_long_words=False, break_on_hyphens=False) or [""]


def _escape(text: str) -> str:
    # Our own str.format placeholders must not be triggered by braces in names.
    return text.replace("{", "{{").replace("}", "}}")


def _png_content(png: bytes, size_pt: tuple[float, float] | None = None):
    """The PNG as PDF content (its alpha channel becomes the image's soft mask), drawn at ``size_pt``."""
    try:
        from PIL import Image
    except ImportError as exc:
        raise SigningError(
            "A signature image needs Pillow (pip install pillow); use the text appearance instead"
        ) from exc
    from pyhanko.pdf_utils.images import PdfImage

    try:
        image = Image.open(io.BytesIO(png))
        image.load()
        image = image.convert("RGBA")  # palette and grey transparency too
    except Exception as exc:  # Pillow raises many types for a bad file
        raise SigningError("The signature image is not a readable PNG") from exc
    return PdfImage(image, box=BoxConstraints(*size_pt) if size_pt else None)
