"""Template catalogue: folders ``templates_docx/<id>/{template.docx, manifest.toml, sample.json}``.

The manifest says what data a template needs; the checks (checks.py) compare it with the tags
the .docx really uses, and the sample is what the admin preview and the tests render.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import string
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.config import settings
from dossier.vn.legal_bases import load_library

from .errors import ManifestError
from .profiles import AUTHORITIES, EXECUTORS, TRICH_YEU_NAMES, Profile

# Phụ lục III, Nghị định 30/2020 (domain.md §5.3); "CV" is our tag for công văn (no type name);
# "" marks a document that carries no number at all (Đơn, Đề án, Phiếu nhận xét).
DOC_TYPES = frozenset(
    ["", "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB",
     "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "CV", "ĐƠN", "PL"]
)
# A document with no number (Đơn, Đề án, Phiếu) has no "Nơi nhận" either; Biên bản and Hợp đồng
# are signed by their parties and not distributed.
_KIND_BY_TYPE = {"": "don", "BB": "bien_ban", "HĐ": "hop_dong", "QĐ": "quyet_dinh", "TTr": "to_trinh",
                 "BC": "bao_cao", "TB": "cong_van", "GM": "cong_van"}
ISSUERS = frozenset({"ubnd", "sct", "ttkc", "co_so", "hoi_dong"})
FIELD_TYPES = frozenset({"text", "money", "date", "int", "bool", "list", "percent"})

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME = r"[a-z_][a-z0-9_]*"
PATH_RE = re.compile(rf"^{_NAME}(\[\])?(\.{_NAME}(\[\])?)*$")
_TOP_KEYS = {"id", "version", "title", "doc_type", "issuer", "generated_by", "repeat_over", "repeat_as",
             "fields", "description", "kind", "profile"}
_FIELD_KEYS = {"path", "type", "required", "example", "description"}
# A profile's list fields (kinh_gui, recipients, the archive's units) are those whose default is a
# tuple; the others are strings.
_PROFILE_LISTS = tuple(f.name for f in dataclasses.fields(Profile) if isinstance(f.default, tuple))
_PROFILE_TEXTS = tuple(f.name for f in dataclasses.fields(Profile) if f.name not in _PROFILE_LISTS)


@dataclass(frozen=True)
class FieldSpec:
    """One declared context field, e.g. ``co_so.ten`` or ``hang_muc[].don_gia``."""

    path: str
    type: str
    required: bool = False
    example: Any = None
    description: str = ""


@dataclass(frozen=True)
class TemplateSpec:
    """A loaded template: its manifest plus the .docx bytes and their sha256."""

    id: str
    version: int
    title: str
    doc_type: str
    issuer: str
    generated_by: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    docx: bytes = field(repr=False, compare=False)
    sha256: str = ""
    repeat_over: str | None = None
    directory: Path | None = None
    kind: str | None = None  # layout kind hint for layout.py ("don", "bien_ban", …)
    # What a workflow document says beyond the dossier (the manifest's [profile]); None for the
    # plan documents and reports, whose wording their services give.
    profile: Profile | None = None

    @property
    def sample_path(self) -> Path | None:
        """Path of sample.json, if this spec was loaded from a folder."""
        return self.directory / "sample.json" if self.directory else None

    @property
    def layout_kind(self) -> str:
        """The layout checker's kind: the manifest's own, else what the document type implies."""
        if self.kind:
            return self.kind
        return _KIND_BY_TYPE.get(self.doc_type, "default")

    def declared_paths(self) -> set[str]:
        """All declared field paths, normalised without "[]" ("hang_muc[].ten" → "hang_muc.ten")."""
        return {f.path.replace("[]", "") for f in self.fields}


def templates_root(root: Path | str | None = None) -> Path:
    """Templates folder: the argument, else the settings' (DOSSIER_TEMPLATES_DIR or the shipped one)."""
    if root is not None:
        return Path(root)
    return settings().templates_dir


def _fail(where: Path | str, message: str) -> ManifestError:
    return ManifestError(f"{where}: {message}", message_vi=f"{where}: tệp mô tả mẫu không hợp lệ ({message})")


def _require(ok: object, where: Path | str, message: str) -> None:
    if not ok:
        raise _fail(where, message)


def _known_keys(where: Path | str, table: dict[str, Any], allowed: set[str], what: str) -> None:
    unknown = set(table) - allowed
    _require(not unknown, where, f"{what}unknown keys {sorted(unknown)}")


def _parse_field(where: Path | str, index: int, raw: Any) -> FieldSpec:
    _require(isinstance(raw, dict), where, f"fields[{index}] must be a table")
    _known_keys(where, raw, _FIELD_KEYS, f"fields[{index}] has ")
    path = raw.get("path")
    _require(isinstance(path, str) and PATH_RE.match(path), where,
             f"fields[{index}].path {path!r} is not a dotted snake_case path")
    ftype = raw.get("type")
    _require(ftype in FIELD_TYPES, where, f"field {path!r}: type {ftype!r} is not one of {sorted(FIELD_TYPES)}")
    required = raw.get("required", False)
    _require(isinstance(required, bool), where, f"field {path!r}: required must be true or false")
    description = raw.get("description", "")
    _require(isinstance(description, str), where, f"field {path!r}: description must be a string")
    return FieldSpec(path, ftype, required, raw.get("example"), description)


def _trich_yeu(where: Path | str, text: Any) -> str:
    """The trích yếu, a str.format pattern naming only {de_an}, {co_so}, {nam}: an uploaded manifest
    must not reach attributes or indices through it ("{de_an.__class__}")."""
    _require(isinstance(text, str) and text.strip(), where, "profile.trich_yeu is missing")
    try:
        named = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise _fail(where, f"profile.trich_yeu {text!r}: {exc}") from None
    bad = [name for name, spec, conv in named if spec or conv or name not in TRICH_YEU_NAMES]
    _require(not bad, where, "profile.trich_yeu may name only "
             f"{', '.join('{' + n + '}' for n in sorted(TRICH_YEU_NAMES))}, not {bad}")
    return text


def _parse_profile(where: Path | str, raw: Any) -> Profile | None:
    """The [profile] table (see dossier.documents.profiles.Profile), every value checked."""
    if raw is None:
        return None
    _require(isinstance(raw, dict), where, "profile must be a table ([profile])")
    _known_keys(where, raw, {*_PROFILE_LISTS, *_PROFILE_TEXTS}, "profile has ")
    for key in _PROFILE_LISTS:
        value = raw.get(key, [])
        _require(isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value), where,
                 f"profile.{key} must be a list of non-empty strings")
    for key in _PROFILE_TEXTS:
        _require(isinstance(raw.get(key, ""), str), where, f"profile.{key} must be a string")
    legal_kind = raw.get("legal_kind") or None
    _require(legal_kind is None or legal_kind in load_library().document_kinds, where,
             f"profile.legal_kind {legal_kind!r} is not a document kind of the legal bases library "
             f"{sorted(load_library().document_kinds)}")
    _require(raw.get("tham_quyen", "") in AUTHORITIES, where,
             f"profile.tham_quyen {raw.get('tham_quyen')!r} is not one of {list(AUTHORITIES)}")
    _require(raw.get("executes", "ubnd") in EXECUTORS, where,
             f"profile.executes {raw.get('executes')!r} is not one of {list(EXECUTORS)}")
    lists = {key: tuple(raw[key]) for key in _PROFILE_LISTS if key in raw}
    return Profile(**{**raw, **lists, "trich_yeu": _trich_yeu(where, raw.get("trich_yeu")),
                      "legal_kind": legal_kind})


def parse_manifest(data: dict[str, Any], where: Path | str, docx: bytes = b"",
                   directory: Path | None = None) -> TemplateSpec:
    """Validate a parsed manifest and build the spec; errors name ``where`` (the file)."""
    _known_keys(where, data, _TOP_KEYS, "")
    tid = data.get("id")
    _require(isinstance(tid, str) and _ID_RE.match(tid), where, f"id {tid!r} must be lowercase snake_case ASCII")
    if directory is not None:
        _require(directory.name == tid, where, f"id {tid!r} differs from the folder name {directory.name!r}")
    version = data.get("version")
    _require(isinstance(version, int) and not isinstance(version, bool) and version >= 1, where,
             f"version {version!r} must be an integer ≥ 1")
    title = data.get("title")
    _require(isinstance(title, str) and title.strip(), where, "title (Vietnamese) is missing")
    doc_type = data.get("doc_type")
    _require(doc_type in DOC_TYPES, where,
             f"doc_type {doc_type!r} is not a Phụ lục III abbreviation {sorted(DOC_TYPES)}")
    issuer = data.get("issuer")
    _require(issuer in ISSUERS, where, f"issuer {issuer!r} is not one of {sorted(ISSUERS)}")
    generated_by = data.get("generated_by", [])
    _require(isinstance(generated_by, list) and all(isinstance(t, str) for t in generated_by), where,
             "generated_by must be a list of workflow trigger names")
    _require(data.get("repeat_as", "muc") == "muc", where,
             "repeat_as must be \"muc\": the repeated item is always given to the template as muc")
    repeat_over = data.get("repeat_over")
    _require(repeat_over is None or (isinstance(repeat_over, str) and PATH_RE.match(repeat_over)), where,
             f"repeat_over {repeat_over!r} must be a dotted context path")
    raw_fields = data.get("fields", [])
    _require(isinstance(raw_fields, list), where, "fields must be an array of tables ([[fields]])")
    fields = tuple(_parse_field(where, i, f) for i, f in enumerate(raw_fields))
    seen: set[str] = set()
    for f in fields:
        _require(f.path not in seen, where, f"field {f.path!r} is declared twice")
        seen.add(f.path)
    kind = data.get("kind")
    _require(kind is None or isinstance(kind, str), where, "kind must be a string")
    return TemplateSpec(
        id=tid, version=version, title=title, doc_type=doc_type, issuer=issuer,
        generated_by=tuple(generated_by), fields=fields, docx=docx,
        sha256=hashlib.sha256(docx).hexdigest(), repeat_over=repeat_over, directory=directory,
        kind=kind, profile=_parse_profile(where, data.get("profile")),
    )


def _read(path: Path, loads: Callable[[str], Any], invalid: type[ValueError], syntax: str) -> Any:
    """A manifest or sample file parsed; a missing or unreadable one is a ManifestError naming it."""
    try:
        return loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(path, "file is missing") from None
    except invalid as exc:
        raise _fail(path, f"not valid {syntax}: {exc}") from None


def load_template(directory: Path) -> TemplateSpec:
    """Load one template folder (manifest.toml + template.docx)."""
    manifest = directory / "manifest.toml"
    docx_path = directory / "template.docx"
    data = _read(manifest, tomllib.loads, tomllib.TOMLDecodeError, "TOML")
    if not docx_path.is_file():
        raise _fail(docx_path, "file is missing")
    return parse_manifest(data, manifest, docx_path.read_bytes(), directory)


def load_catalog(root: Path | str | None = None) -> dict[str, TemplateSpec]:
    """Load every ``<root>/<id>/manifest.toml``; see :func:`templates_root` for the default root."""
    base = templates_root(root)
    if not base.is_dir():
        return {}
    catalog: dict[str, TemplateSpec] = {}
    for manifest in sorted(base.glob("*/manifest.toml")):
        spec = load_template(manifest.parent)
        catalog[spec.id] = spec
    return catalog


def load_sample(spec: TemplateSpec) -> dict[str, Any]:
    """The template's sample.json (the preview/test context)."""
    path = spec.sample_path
    if path is None:
        raise ManifestError(f"template {spec.id!r} was not loaded from a folder; it has no sample.json")
    data = _read(path, json.loads, json.JSONDecodeError, "JSON")
    if not isinstance(data, dict):
        raise _fail(path, "the sample must be a JSON object")
    return data
