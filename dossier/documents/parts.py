"""Template sources per part, patched exactly as docxtpl will see them (for checks.py)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from .engine import CORE_PART, PROPERTY_NAMES
from .ooxml import ENDNOTES_CT, FOOTER_RT, FOOTNOTES_CT, HEADER_RT, iter_paragraphs, paragraph_text


@dataclass(frozen=True)
class PartSource:
    """One templated part: its raw paragraphs and the patched Jinja source docxtpl compiles."""

    name: str  # "/word/document.xml", "/word/header1.xml", "/docProps/core.xml#title" …
    paragraphs: tuple[str, ...]  # visible text per paragraph, before patching
    source: str  # patched source, one paragraph per line (as engine.MemoDocxTemplate compiles it)
    rendered: bool = True  # False for parts docxtpl never renders (endnotes): tags there are errors


def template_parts(docx: bytes) -> list[PartSource]:
    """All parts that can hold template tags, in a stable order."""
    doc = Document(io.BytesIO(docx))
    patcher = DocxTemplate(io.BytesIO(docx))

    def patched(xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))

    def texts(root) -> tuple[str, ...]:
        return tuple(paragraph_text(p) for p in iter_paragraphs(root))

    body = doc.element.body
    out = [PartSource("/word/document.xml", texts(body),
                      patched(etree.tostring(body, encoding="unicode")))]
    rels = sorted(doc.part.rels.values(), key=lambda r: str(r.target_ref))
    for rel in rels:
        if not rel.is_external and rel.reltype in (HEADER_RT, FOOTER_RT):
            el = etree.fromstring(rel.target_part.blob)
            out.append(PartSource(str(rel.target_part.partname), texts(el),
                                  patched(etree.tostring(el, encoding="unicode"))))
    for part in doc.part.package.parts:
        if part.content_type in (FOOTNOTES_CT, ENDNOTES_CT):
            el = etree.fromstring(part.blob)
            out.append(PartSource(str(part.partname), texts(el), patched(part.blob.decode("utf-8")),
                                  rendered=part.content_type == FOOTNOTES_CT))
    props = doc.core_properties
    for prop in PROPERTY_NAMES:
        value = getattr(props, prop) or ""
        if value:
            out.append(PartSource(f"{CORE_PART}#{prop}", (value,), value))
    return out
