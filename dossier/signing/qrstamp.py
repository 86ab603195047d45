"""Verification code and QR code drawn into the PDF's first page, before the leader signs.

Why in the PDF and not in the DOCX: the signed PDF is the authoritative issued document, and
stamping it leaves the template's ND 30 layout alone (nothing reflows, the signature block
stays where find_signature_box finds it) for every template without changing any of them.
The stamp goes in before the first signature, so the signature covers it: changing the code
afterwards breaks the signature. The QR is drawn as vector squares (segno gives the matrix),
the caption with the same Vietnamese-capable stamp font as the signatures.

Position: bottom margin of page 1 (ND 30 bottom margin is 20-25 mm), aligned with the 30 mm
left margin, below any body text.
"""

from __future__ import annotations

import io
import re
import secrets

import segno
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import StaticStampStyle, TextStamp, TextStampStyle

from dossier.signing.appearance import _InMemoryFontFactory, stamp_font_path
from dossier.signing.errors import SigningError

# Crockford base32: no I, L, O, U (nothing to misread when typed from paper).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: unguessable for a lookup page (and rate-limited there)

QR_SIZE = 44.0  # pt (~15.5 mm)
LEFT = 85.0  # pt: the 30 mm left margin
BOTTOM = 10.0


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed → the stored code ("ab12c-def34" → "AB12CDEF34"; O→0, I/L→1)."""
    raw = re.sub(r"[\s\-]", "", (text or "").upper())
    return raw.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def _qr_content(url: str, size: float) -> RawContent:
    qr = segno.make(url, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    n = len(matrix)
    quiet = 2
    cell = size / (n + 2 * quiet)
    ops = ["q 0 0 0 rg"]
    for r, row in enumerate(matrix):
        y = size - (r + quiet + 1) * cell
        c = 0
        while c < n:  # one rectangle per horizontal run of dark modules
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{(start + quiet) * cell:.3f} {y:.3f} {(c - start) * cell:.3f} {cell:.3f} re")
            else:
                c += 1
    ops.append("f Q")
    return RawContent(" ".join(ops).encode(), box=BoxConstraints(size, size))


def stamp_verification(pdf: bytes, *, code: str, url: str, page: int = 0) -> bytes:
    """Draw the QR (→ ``url``) and "Mã xác thực: XXXXX-XXXXX" into ``page`` (incremental update)."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        qr_style = StaticStampStyle(
            background=_qr_content(url, QR_SIZE), border_width=0, background_opacity=1.0
        )
        qr_style.create_stamp(writer, BoxConstraints(QR_SIZE, QR_SIZE), {}).apply(
            page, int(LEFT), int(BOTTOM)
        )
        font_size = 8
        text = f"Mã xác thực: {display_code(code)}\nKiểm tra văn bản tại: {url}".replace("%", "%%")
        text_style = TextStampStyle(
            stamp_text=text,
            text_box_style=TextBoxStyle(
                font=_InMemoryFontFactory(str(stamp_font_path()), font_size=font_size),
                font_size=font_size,
                text_color=(0.15, 0.15, 0.15),
                leading=font_size + 2,
            ),
            border_width=0,
            inner_content_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(1)
            ),
        )
        TextStamp(writer, text_style, box=BoxConstraints(380, QR_SIZE)).apply(
            page, int(LEFT + QR_SIZE + 4), int(BOTTOM)
        )
        out = io.BytesIO()
        writer.write(out)
    except SigningError:
        raise
    except Exception as exc:  # pyHanko/IO errors on a malformed PDF
        raise SigningError(f"Could not add the verification code to the PDF: {exc}") from exc
    return out.getvalue()
