"""Which version of a template is in force: an activated upload, else the shipped catalogue.

This is the one place the generator asks. An administrator's activated version (table
template_versions) wins over templates_docx/; without one the shipped file is used. A document
records the version number it was made with, and `resolve_spec(..., version=n)` loads exactly that
version again, so regeneration never silently uses a newer template.
"""

from __future__ import annotations

import hashlib
import json
import threading
import tomllib
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.documents.catalog import TemplateSpec, load_catalog, load_sample, parse_manifest
from dossier.model import Blob, TemplateVersion

_ACTIVE_KEY = "template_store.active"  # per-session memo in Session.info: one query per transaction
_DB_CACHE_SIZE = 64


@lru_cache(maxsize=1)
def _shipped() -> dict[str, TemplateSpec]:
    return load_catalog()


def shipped_catalog() -> dict[str, TemplateSpec]:
    """The templates shipped in templates_docx/ (read once per process)."""
    return _shipped()


# Specs built from uploaded versions, keyed by what makes them: the docx sha256, the manifest text
# and the version number. A stored version never changes, so an entry never goes stale; keying on
# content (not on row ids) keeps two databases in one process (tests) from sharing a wrong entry.
_db_specs: OrderedDict[tuple[str, str, int], TemplateSpec] = OrderedDict()
_db_lock = threading.Lock()


@dataclass(frozen=True)
class _Row:
    template_id: str
    version: int
    sha256: str
    manifest_toml: str


def spec_from_upload(template_id: str, version: int, manifest_toml: str, docx: bytes) -> TemplateSpec:
    """A TemplateSpec for uploaded bytes; the store's version number replaces the manifest's. A
    manifest with no [profile] (uploaded before manifests carried one, or written by hand) keeps
    the shipped template's wording."""
    data = tomllib.loads(manifest_toml)
    spec = parse_manifest(data, f"{template_id} (phiên bản {version})", docx)
    shipped = _shipped().get(template_id)
    profile = spec.profile if spec.profile is not None or shipped is None else shipped.profile
    return replace(spec, version=version, profile=profile)


def _db_spec(session: Session, row: _Row) -> TemplateSpec:
    key = (row.sha256, hashlib.sha256(row.manifest_toml.encode()).hexdigest(), row.version)
    with _db_lock:
        spec = _db_specs.get(key)
        if spec is not None:
            _db_specs.move_to_end(key)
            return spec
    docx = session.get(Blob, row.sha256).data  # only on a miss: the bytes are tens of kilobytes
    spec = spec_from_upload(row.template_id, row.version, row.manifest_toml, docx)
    with _db_lock:
        _db_specs[key] = spec
        while len(_db_specs) > _DB_CACHE_SIZE:
            _db_specs.popitem(last=False)
    return spec


_ACTIVE = select(TemplateVersion.template_id, TemplateVersion.version, TemplateVersion.sha256,
                 TemplateVersion.manifest_toml).where(TemplateVersion.status == "active")


def _active_rows(session: Session) -> dict[str, _Row]:
    memo = session.info.get(_ACTIVE_KEY)
    if memo is None:
        rows = session.execute(_ACTIVE)
        memo = {r.template_id: _Row(*r) for r in rows}
        session.info[_ACTIVE_KEY] = memo
    return memo


def forget_active(session: Session) -> None:
    """Drop the session's memo of active versions (after an activation in the same session)."""
    session.info.pop(_ACTIVE_KEY, None)


def resolve_spec(session: Session, template_id: str, version: int | None = None) -> TemplateSpec:
    """The TemplateSpec in force for `template_id`, or exactly `version` when given.

    KeyError names a template that does not exist at all; LookupError a version that does not.
    """
    shipped = _shipped().get(template_id)
    if version is None:
        row = _active_rows(session).get(template_id)
        if row is not None:
            return _db_spec(session, row)
        if shipped is None:
            raise KeyError(f"template {template_id!r} is declared by the workflow but not in the catalogue")
        return shipped
    found = session.execute(
        select(TemplateVersion.template_id, TemplateVersion.version, TemplateVersion.sha256,
               TemplateVersion.manifest_toml)
        .where(TemplateVersion.template_id == template_id, TemplateVersion.version == version)).one_or_none()
    if found is not None:
        return _db_spec(session, _Row(*found))
    if shipped is not None and shipped.version == version:
        return shipped
    if shipped is None:
        raise KeyError(f"template {template_id!r} is not in the catalogue")
    raise LookupError(f"template {template_id!r} has no version {version}")


def sample_for(session: Session, template_id: str) -> dict[str, Any]:
    """The sample data of the version in force (uploaded sample, else the shipped sample.json)."""
    row = session.scalars(select(TemplateVersion).where(TemplateVersion.template_id == template_id,
                                                        TemplateVersion.status == "active")).one_or_none()
    if row is not None:
        return json.loads(row.sample_json)
    return load_sample(_shipped()[template_id])


def clear_cache() -> None:
    _shipped.cache_clear()
    with _db_lock:
        _db_specs.clear()
