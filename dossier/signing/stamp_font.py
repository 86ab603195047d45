"""The stamps' font, subset once per process instead of once per stamp.

pyHanko embeds a visible signature's font by subsetting it to the glyphs of that stamp and
writing the subset anew: measured on issuance (a signature, the QR verification stamp, the seal)
that was the largest part of each stamp's cost, two fontTools passes (subset, save) per stamp.
A stamp's text is Vietnamese in NFC with no shaping (the layout tables are dropped), so its glyphs
are those its characters map to. The font kept here is one subset of the stamp font to the
characters a stamp can print (ASCII and every Vietnamese letter with its tone marks, common
punctuation), glyph ids retained as pyHanko's own subsets retain them, written and compressed
once. A stamp whose text stays within it embeds that stream as it is; any other text (a rare
character in a name) falls back to pyHanko's per-stamp subset, so nothing prints wrongly. Each
stamp still embeds its own copy in its incremental update (~30 KB compressed).
"""

from __future__ import annotations

import io
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache, partial

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng


def _vietnamese_letters() -> str:
    bases = {"a": "a", "ă": "a\u0306", "â": "a\u0302", "e": "e", "ê": "e\u0302", "i": "i", "o": "o",
             "ô": "o\u0302", "ơ": "o\u031b", "u": "u", "ư": "u\u031b", "y": "y"}
    letters = {unicodedata.normalize("NFC", bases[v] + tone) for v in _VOWELS for tone in _TONES}
    letters |= {"đ"}
    return "".join(sorted(letters | {c.upper() for c in letters}))


# what a stamp prints: names, titles, dates, numbers, the organisation's name, the code
REPERTOIRE = frozenset(
    "".join(chr(c) for c in range(0x20, 0x7F)) + _vietnamese_letters() + "–—…“”‘’°·•×№")


@dataclass(frozen=True)
class _Preset:
    gids: frozenset[int]
    compressed: bytes  # the subset font program, Flate-encoded as a PDF stream holds it


@lru_cache(maxsize=4)
def _preset(font_file: str) -> _Preset:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    tt = TTFont(font_file)
    cmap = tt.getBestCmap()
    gids = {0} | {tt.getGlyphID(cmap[ord(ch)]) for ch in REPERTOIRE if ord(ch) in cmap}
    options = subset.Options(layout_closure=False, retain_gids=True)  # as pyHanko subsets TrueType
    options.drop_tables += ["GPOS", "GDEF", "GSUB"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(gids=sorted(gids))
    subsetter.subset(tt)
    out = io.BytesIO()
    tt.save(out)
    return _Preset(frozenset(gids), zlib.compress(out.getvalue()))


def _embed_preset(cidfont, compressed: bytes, writer) -> generic.IndirectObject:
    """`CIDFontType2.set_font_file`, with the font program already written and compressed."""
    stream = generic.StreamObject({generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode")},
                                  encoded_data=compressed)
    ref = writer.add_object(stream)
    cidfont._font_descriptor[generic.pdf_name("/FontFile2")] = ref
    return ref


class PresetGlyphAccumulator(GlyphAccumulator):
    """pyHanko's glyph accumulator that embeds the process's preset subset when it suffices."""

    def __init__(self, *args, font_file: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._font_file = font_file

    def prepare_write(self) -> None:
        if not self._write_prepared and self.use_raw_gids and self.cff_charset is None:
            preset = _preset(self._font_file)
            if set(self._glyphs) <= preset.gids:
                self._subset_created = True  # the preset is the subset: no per-stamp pass
                self.cidfont_obj.set_font_file = partial(_embed_preset, self.cidfont_obj, preset.compressed)
        super().prepare_write()
