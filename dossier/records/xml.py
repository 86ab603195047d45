"""A hồ sơ điện tử as XML: the file's Phụ lục VI fields, then each document's, in the file's order.

Layout (docs/RECORDS.md)::

    <HoSo>                      the file's fields (FileCode, Title, Maintenance …)
      <VanBanList>
        <VanBan>…</VanBan>      one per document, its 16 fields in Phụ lục VI's order
      </VanBanList>
    </HoSo>

Written from the field definitions of ``dossier.records.metadata`` and read back through them
(numbers as integers), so what is written and what is read are one definition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from dossier.records.metadata import FILE, OUTGOING, Field

ROOT, LIST, ITEM = "HoSo", "VanBanList", "VanBan"


def build(file_fields: Mapping[str, Any], documents: Sequence[Mapping[str, Any]]) -> bytes:
    root = etree.Element(ROOT)
    _write(root, FILE, file_fields)
    listing = etree.SubElement(root, LIST)
    for doc in documents:
        _write(etree.SubElement(listing, ITEM), OUTGOING, doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write(parent: etree._Element, spec: Sequence[Field], values: Mapping[str, Any]) -> None:
    for f in spec:
        value = values.get(f.tag)
        if f.kind == "G":
            for group in (value or []) if f.repeated else [value or {}]:
                _write(etree.SubElement(parent, f.tag), f.children, group)
        else:
            etree.SubElement(parent, f.tag).text = "" if value is None else str(value)


def read(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the file's fields, each document's fields in order); entities are never resolved."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    if root.tag != ROOT:
        raise ValueError(f"not a hồ sơ XML: root element {root.tag!r}")
    listing = root.find(LIST)
    docs = [_read(item, OUTGOING) for item in (listing if listing is not None else [])]
    return _read(root, FILE), docs


def _read(element: etree._Element, spec: Sequence[Field]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in spec:
        found = element.findall(f.tag)
        if f.kind == "G":
            groups = [_read(e, f.children) for e in found]
            values[f.tag] = groups if f.repeated else (groups[0] if groups else {})
            continue
        text = found[0].text or "" if found else ""
        values[f.tag] = int(text) if f.kind == "N" and text.isdigit() else text
    return values
