"""Which version of a template is in force: the shipped catalogue (templates_docx/).

The administration pages may later keep uploaded versions in the database; this module is the
one place the generator asks, so that change stays here.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.orm import Session

from dossier.documents.catalog import TemplateSpec, load_catalog


@lru_cache(maxsize=1)
def _shipped() -> dict[str, TemplateSpec]:
    return load_catalog()


def resolve_spec(session: Session, template_id: str) -> TemplateSpec:
    """The active TemplateSpec for `template_id`; KeyError names a missing template."""
    catalog = _shipped()
    if template_id not in catalog:
        raise KeyError(f"template {template_id!r} is declared by the workflow but not in the catalogue")
    return catalog[template_id]


def clear_cache() -> None:
    _shipped.cache_clear()
