"""Small OOXML helpers shared by the engine, checks and layout modules: namespaces, text of
paragraphs, and a deterministic package writer."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
HEADER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"

# Zip timestamps would otherwise be "now" (zipfile.writestr with a name), so two renders of the
# same template and context would differ byte for byte.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def paragraph_text(p: etree._Element) -> str:
    """Visible text of one w:p (tabs and breaks become \\t and \\n)."""
    out = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if node.tag == W + "t":
            out.append(node.text or "")
        elif node.tag == W + "tab":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def iter_paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    """Every paragraph under ``root`` in document order, including those in tables."""
    return root.iter(W + "p")


def deterministic_save(document) -> bytes:
    """Serialise a python-docx Document like ``Document.save`` but with fixed zip timestamps."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        def write(uri, blob: bytes) -> None:
            info = zipfile.ZipInfo(uri.membername, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, blob)

        write(CONTENT_TYPES_URI, _ContentTypesItem.from_parts(parts).blob)
        write(PACKAGE_URI.rels_uri, package.rels.xml)
        for part in parts:
            write(part.partname, part.blob)
            if len(part.rels):
                write(part.partname.rels_uri, part.rels.xml)
    return buf.getvalue()
