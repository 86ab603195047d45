"""The visible text of a generated .docx, for tests that look for a phrase in a document, and
small .docx files built (or edited, as an officer would in Word) for the tests that need one."""
from __future__ import annotations

import io
from collections.abc import Iterable

import docx


def docx_with(base: bytes | None = None, *, paragraphs: Iterable[str] = (), header: Iterable[str] = (),
              footer: Iterable[str] = (), title: str | None = None) -> bytes:
    """`base` (else an empty document) with paragraphs added to the body, header and footer, and
    optionally its core title."""
    document = docx.Document(io.BytesIO(base) if base is not None else None)
    for text in paragraphs:
        document.add_paragraph(text)
    for text in header:
        document.sections[0].header.add_paragraph(text)
    for text in footer:
        document.sections[0].footer.add_paragraph(text)
    if title is not None:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes, *, headers: bool = False) -> str:
    """Paragraphs, then every table cell (then, with `headers`, the section headers), one per line."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    if headers:
        for section in document.sections:
            parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)
