"""Sandboxed, memoised, deterministic docxtpl rendering.

Why a DocxTemplate subclass: stock docxtpl re-serialises each part, re-runs the ``patch_xml``
regexes (17 % of its time) and recompiles the XML as a Jinja template (27 %) on every render
(baselines.md §1). The patched source and compiled template depend only on the template bytes, so
we memoise them per (template sha256, part name). The body XML produced is byte-identical to stock
docxtpl with the same environment (tests/documents/test_engine.py checks it).

Other differences from stock docxtpl, each on purpose:
- core properties are rendered in a sandboxed environment *without* autoescape (python-docx
  escapes them itself; stock would double-escape "&" with autoescape on);
- footnotes are rendered once per part (stock re-renders them once per section, which would
  evaluate tags that came from *data* on the second pass);
- all rendered text is NFC-normalised;
- the package is written with fixed zip timestamps so output is byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import Environment, Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SecurityError
from lxml import etree

from dossier.per_process import PerProcess

from .catalog import TemplateSpec
from .errors import TemplateRejected, TemplateRenderError
from .ooxml import (
    FOOTER_RT,
    FOOTNOTES_CT,
    HEADER_RT,
    deterministic_save,
    iter_paragraphs,
    paragraph_text,
)
from .plaindata import context_sha256, plain_context
from .sandbox import make_environment

CORE_PART = "/docProps/core.xml"
# String core properties that may hold tags (docxtpl renders a subset; we render all of them so a
# tag cannot hide in one we skip).
PROPERTY_NAMES = ("author", "category", "comments", "content_status", "identifier", "keywords",
                  "language", "last_modified_by", "subject", "title", "version")
FIXED_MODIFIED = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class RenderedDocument:
    """A generated .docx and the hashes that make it reproducible and explainable."""

    data: bytes
    sha256: str
    context_sha256: str
    template_id: str
    template_version: int
    text_sha256: str
    # content.document_paragraphs of `data`, when the caller asked for it (a draft its step issues:
    # the content check reads its text, taken here from the tree just written, not parsed again)
    paragraphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class _Compiled:
    source: str  # patched XML with one paragraph per line: used to quote the faulty paragraph
    template: Template


class PartCache:
    """Small thread-safe LRU of compiled parts keyed by (template sha256, part name)."""

    def __init__(self, maxsize: int = 512) -> None:
        self._data: OrderedDict[tuple[str, str], _Compiled] = OrderedDict()
        self._lock = threading.Lock()
        self.maxsize = maxsize
        self.hits = self.misses = 0

    def get(self, key: tuple[str, str]) -> _Compiled | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple[str, str], value: _Compiled) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _template_lineno(exc: BaseException) -> int | None:
    """Line of the template source where ``exc`` happened (Jinja rewrites tracebacks so that
    frames of template code carry the template line and the filename "<template>")."""
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    lineno = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _annotate(exc: BaseException, source: str, part: str) -> None:
    """Attach the part name and the text of the paragraph holding the faulty tag."""
    if getattr(exc, "docx_part", None):
        return
    exc.docx_part = part  # type: ignore[attr-defined]
    lineno = _template_lineno(exc)
    lines = source.splitlines()
    if lineno and 0 < lineno <= len(lines):
        text = html.unescape(_TAG_RE.sub("", lines[lineno - 1])).strip()
        exc.docx_paragraph = text  # type: ignore[attr-defined]


class MemoDocxTemplate(DocxTemplate):
    """DocxTemplate that memoises patch_xml + Jinja compile per (template sha256, part)."""

    def __init__(self, docx: bytes, sha256: str, cache: PartCache, text_env: Environment) -> None:
        super().__init__(io.BytesIO(docx))
        self._docx_bytes = docx
        self._sha = sha256
        self._cache = cache
        self._text_env = text_env

    def init_docx(self, reload: bool = True) -> None:
        # python-docx mutates the package while rendering, so each render opens the bytes afresh.
        if not self.docx or (self.is_rendered and reload):
            self.docx = Document(io.BytesIO(self._docx_bytes))
            self.is_rendered = False

    def _compiled(self, part_name: str, env: Environment, load: Callable[[], str],
                  patch: bool = True) -> _Compiled:
        key = (self._sha, part_name)
        hit = self._cache.get(key)
        if hit is None:
            xml = load()
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.patch_xml(xml)) if patch else xml
            try:
                hit = _Compiled(source, env.from_string(source))
            except TemplateError as exc:
                _annotate(exc, source, part_name)
                raise
            self._cache.put(key, hit)
        return hit

    def _render_compiled(self, compiled: _Compiled, part_name: str, context: Mapping) -> str:
        try:
            dst = compiled.template.render(context)
        except Exception as exc:
            _annotate(exc, compiled.source, part_name)
            raise
        # Same post-processing as DocxTemplate.render_xml_part.
        dst = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst)
        dst = dst.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return _nfc(self.resolve_listing(dst))

    def build_xml(self, context, jinja_env=None):
        part = self.docx._part
        self.current_rendering_part = part
        name = str(part.partname)
        compiled = self._compiled(name, jinja_env, self.get_xml)
        return self._render_compiled(compiled, name, context)

    def build_headers_footers_xml(self, context, uri, jinja_env=None):
        for rel_key, part in self.get_headers_footers(uri):
            self.current_rendering_part = part
            name = str(part.partname)
            compiled = self._compiled(name, jinja_env, lambda p=part: self.get_part_xml(p))
            # get_part_xml serialises without an XML declaration, so stock always uses utf-8.
            yield rel_key, self._render_compiled(compiled, name, context).encode("utf-8")

    def render_properties(self, context, jinja_env=None):
        props = self.docx.core_properties
        for prop in PROPERTY_NAMES:
            initial = getattr(props, prop)
            if not initial or ("{" not in initial):
                continue  # nothing to render; saves a compile per property
            compiled = self._compiled(f"{CORE_PART}#{prop}", self._text_env,
                                      lambda v=initial: v, patch=False)
            try:
                rendered = compiled.template.render(context)
            except Exception as exc:
                exc.docx_part = CORE_PART  # type: ignore[attr-defined]
                exc.docx_paragraph = f"{prop}: {initial}"  # type: ignore[attr-defined]
                raise
            setattr(props, prop, _nfc(rendered))

    def render_footnotes(self, context, jinja_env=None):
        for part in self.docx.part.package.parts:
            if part.content_type == FOOTNOTES_CT:
                name = str(part.partname)
                compiled = self._compiled(name, jinja_env, lambda p=part: p.blob.decode("utf-8"))
                part._blob = self._render_compiled(compiled, name, context).encode("utf-8")


def text_sha256_of(document) -> str:
    """sha256 of the visible text of body (with tables), headers, footers and footnotes."""
    h = hashlib.sha256()
    roots: list[tuple[str, Any]] = [("/word/document.xml", document.element.body)]
    for rel in sorted(document.part.rels.values(), key=lambda r: str(r.target_ref)):
        if not rel.is_external and rel.reltype in (HEADER_RT, FOOTER_RT):
            roots.append((str(rel.target_part.partname), rel.target_part.element))
    for part in document.part.package.parts:
        if part.content_type == FOOTNOTES_CT:
            roots.append((str(part.partname), etree.fromstring(part.blob)))
    for name, root in roots:
        h.update(f"\x00{name}\x00".encode())
        for p in iter_paragraphs(root):
            h.update(paragraph_text(p).encode("utf-8") + b"\n")
    return h.hexdigest()


def _paragraphs(document) -> tuple[str, ...]:
    from .content import body_paragraphs  # content's checks import this module

    return tuple(body_paragraphs(document.element))


class TemplateEngine:
    """Renders templates in-process. Use bounded.render_document for untrusted templates."""

    def __init__(self, filters: Mapping[str, Callable] | None = None, *, cache_size: int = 512) -> None:
        self.env = make_environment(filters)
        self.text_env = make_environment(filters, autoescape=False)
        self.cache = PartCache(cache_size)

    def render(self, spec: TemplateSpec, context: Mapping[str, Any]) -> RenderedDocument:
        """Render a catalogue template with a plain-data context."""
        return self.render_docx(spec.docx, context, template_id=spec.id,
                                template_version=spec.version, template_sha256=spec.sha256)

    def render_docx(self, docx: bytes, context: Mapping[str, Any], *, template_id: str = "(upload)",
                    template_version: int = 0, template_sha256: str | None = None,
                    paragraphs: bool = False) -> RenderedDocument:
        """Render raw template bytes (e.g. an upload being previewed) with a plain-data context;
        `paragraphs`: with the text of its body's paragraphs (RenderedDocument.paragraphs)."""
        plain = plain_context(context)
        sha = template_sha256 or hashlib.sha256(docx).hexdigest()
        tpl = MemoDocxTemplate(docx, sha, self.cache, self.text_env)
        try:
            tpl.init_docx()
            has_core = any(r.reltype == RT.CORE_PROPERTIES for r in tpl.docx.part.package.rels.values())
            tpl.render(plain, self.env)
        except SecurityError as exc:
            raise _rejected(exc, template_id) from None
        except (TemplateError, etree.XMLSyntaxError, ValueError, TypeError, KeyError,
                IndexError, ArithmeticError, AttributeError) as exc:
            raise _render_error(exc, template_id) from None
        if not has_core:
            # python-docx made a fresh core.xml stamped "now"; pin it so output is reproducible.
            tpl.docx.core_properties.modified = FIXED_MODIFIED
            tpl.docx.core_properties.created = FIXED_MODIFIED
        data = deterministic_save(tpl.docx)
        return RenderedDocument(
            data=data, sha256=hashlib.sha256(data).hexdigest(), context_sha256=context_sha256(plain),
            template_id=template_id, template_version=template_version,
            text_sha256=text_sha256_of(tpl.docx),
            paragraphs=_paragraphs(tpl.docx) if paragraphs else None,
        )


def _where(exc: BaseException) -> tuple[str, str]:
    return getattr(exc, "docx_part", "") or "", getattr(exc, "docx_paragraph", "") or ""


def _rejected(exc: SecurityError, template_id: str) -> TemplateRejected:
    part, para = _where(exc)
    err = TemplateRejected(
        f"template {template_id!r} was refused by the sandbox: {exc} (in {part or '?'}, "
        f"paragraph «{para}»)",
        message_vi=f"Mẫu «{template_id}» chứa lệnh không được phép (đoạn: «{para}»).",
    )
    err.template_id, err.part, err.paragraph = template_id, part, para  # type: ignore[attr-defined]
    return err


def _render_error(exc: BaseException, template_id: str) -> TemplateRenderError:
    part, para = _where(exc)
    message = getattr(exc, "message", None) or str(exc)
    err = TemplateRenderError(
        f"template {template_id!r} failed in {part or '?'}: {type(exc).__name__}: {message}; "
        f"paragraph: «{para}»",
        message_vi=f"Mẫu «{template_id}» bị lỗi ({message}) tại đoạn: «{para}».",
    )
    err.template_id, err.part, err.paragraph = template_id, part, para
    return err


_default_engine = PerProcess(TemplateEngine)


def default_engine() -> TemplateEngine:
    """Process-wide engine (one compiled-part cache per process)."""
    return _default_engine.get()
