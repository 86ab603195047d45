"""Structural safety checks on an uploaded .docx before docxtpl or python-docx sees it.

architecture.md B2: python-docx parses with ``huge_tree=True`` (no libxml2 size guard), a 418 KB
upload inflating to 384 MiB took ~800 MB of memory, and external relationships (a remote
``attachedTemplate``) would travel into every generated document. So before anything parses the
upload we check the zip structure, stream-decompress with our own byte counters (header sizes can
lie), parse each XML part with defusedxml rejecting any DOCTYPE, and refuse macros and external
targets other than hyperlinks.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from .errors import PreflightError

MAIN_DOCUMENT_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class PreflightLimits:
    """Caps for an uploaded template (generous for real templates, which are 20–500 KB)."""

    max_upload_bytes: int = 20 << 20
    max_members: int = 1000
    max_member_bytes: int = 50 << 20
    max_total_bytes: int = 100 << 20
    max_ratio: int = 200  # uncompressed/compressed, checked for members over 1 MiB
    ratio_floor_bytes: int = 1 << 20


def _reject(code: str, message: str, message_vi: str) -> PreflightError:
    err = PreflightError(message, message_vi=message_vi)
    err.code = code
    return err


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        norm = posixpath.normpath(name)
        if (name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/")[0]
                or ".." in name.split("/") or norm.startswith("..")):
            raise _reject("bad_member_name", f"zip member name {name!r} is absolute or contains '..'",
                          f"Tệp chứa thành phần có tên không hợp lệ: {name}")
        key = name.lower()  # OPC part names are case-insensitive
        if key in seen:
            raise _reject("duplicate_member", f"zip member {name!r} appears twice",
                          f"Tệp chứa hai thành phần trùng tên: {name}")
        seen.add(key)
        if info.flag_bits & 0x1:
            raise _reject("encrypted_member", f"zip member {name!r} is encrypted",
                          f"Tệp chứa thành phần bị mã hóa: {name}")
        if posixpath.basename(key) == "vbaproject.bin":
            raise _reject("macro", f"zip member {name!r} is a VBA macro project",
                          "Tệp chứa macro (vbaProject.bin); chỉ chấp nhận .docx không có macro.")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: PreflightLimits,
                 total: int) -> tuple[bytes | None, int]:
    """Stream one member counting real bytes; keep the bytes only of XML parts."""
    keep = info.filename.lower().endswith((".xml", ".rels"))
    chunks: list[bytes] = []
    size = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if size > limits.max_member_bytes:
                    raise _reject("member_too_large",
                                  f"zip member {info.filename!r} inflates beyond "
                                  f"{limits.max_member_bytes} bytes",
                                  f"Thành phần {info.filename} quá lớn khi giải nén.")
                if total + size > limits.max_total_bytes:
                    raise _reject("total_too_large",
                                  f"the package inflates beyond {limits.max_total_bytes} bytes",
                                  "Tệp quá lớn khi giải nén (nghi ngờ «bom zip»).")
                if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(info.compress_size, 1):
                    raise _reject("ratio_too_high",
                                  f"zip member {info.filename!r} has a compression ratio above "
                                  f"{limits.max_ratio}:1",
                                  f"Thành phần {info.filename} có tỷ lệ nén bất thường (nghi ngờ «bom zip»).")
                if keep:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise _reject("corrupt_member", f"zip member {info.filename!r} is corrupt: {exc}",
                      f"Thành phần {info.filename} bị hỏng.") from None
    return (b"".join(chunks) if keep else None), size


def _parse(name: str, data: bytes):
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise _reject("doctype", f"XML part {name!r} contains a DOCTYPE/entity declaration",
                      f"Thành phần {name} chứa khai báo DOCTYPE (không được phép).") from None
    except ParseError as exc:
        raise _reject("bad_xml", f"XML part {name!r} is not well-formed: {exc}",
                      f"Thành phần {name} không phải XML hợp lệ.") from None


def _check_content_types(root) -> None:
    types = [el.get("ContentType", "") for el in root if el.tag in (CT_NS + "Override", CT_NS + "Default")]
    for ct in types:
        low = ct.lower()
        if "macroenabled" in low or "vbaproject" in low:
            raise _reject("macro", f"content type {ct!r} is macro-enabled",
                          "Tệp có macro (.docm); chỉ chấp nhận .docx không có macro.")
    if MAIN_DOCUMENT_CT not in types:
        raise _reject("not_wordprocessing",
                      "[Content_Types].xml does not declare a WordprocessingML main document",
                      "Tệp không phải văn bản Word (.docx).")


def _check_relationships(name: str, root) -> None:
    for rel in root.iter(REL_NS + "Relationship"):
        if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK_RT:
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            raise _reject("external_relationship",
                          f"{name}: external relationship {kind!r} to {rel.get('Target')!r} is not allowed",
                          f"Tệp liên kết ra ngoài ({kind}: {rel.get('Target')}); hãy xóa liên kết này.")


def preflight(data: bytes, limits: PreflightLimits | None = None) -> None:
    """Raise PreflightError (with ``code`` and ``message_vi``) if ``data`` is not a safe .docx."""
    limits = limits or PreflightLimits()
    if len(data) > limits.max_upload_bytes:
        raise _reject("upload_too_large", f"upload is {len(data)} bytes, over {limits.max_upload_bytes}",
                      "Tệp tải lên quá lớn.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _reject("not_zip", "the upload is not a zip/.docx file (or it is truncated)",
                      "Tệp không phải .docx hợp lệ (hoặc bị cắt cụt).") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise _reject("too_many_members", f"the zip has {len(infos)} members, over {limits.max_members}",
                          f"Tệp chứa quá nhiều thành phần ({len(infos)}).")
        _check_names(infos)
        total = 0
        xml_parts: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            blob, size = _read_member(zf, info, limits, total)
            total += size
            if blob is not None:
                xml_parts[info.filename] = blob
    parsed = {name: _parse(name, blob) for name, blob in xml_parts.items()}
    if "[Content_Types].xml" not in parsed:
        raise _reject("not_wordprocessing", "the zip has no [Content_Types].xml",
                      "Tệp không phải văn bản Word (.docx).")
    _check_content_types(parsed["[Content_Types].xml"])
    for name, root in parsed.items():
        if name.endswith(".rels"):
            _check_relationships(name, root)
