"""The visible text of a generated .docx, for tests that look for a phrase in a document."""
from __future__ import annotations

import io

import docx


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
