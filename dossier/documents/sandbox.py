"""The one Jinja environment templates are rendered in.

Templates are uploaded by officers, so they are untrusted code (architecture.md B1): docxtpl's
default ``jinja2.Template`` lets ``{{ cycler.__init__.__globals__.os.system(...) }}`` run a shell
command. We render in an ``ImmutableSandboxedEnvironment`` with autoescape on (otherwise docxtpl's
recover-mode XML parser silently drops ``&`` and ``<…>`` from values) and ``StrictUndefined``
(a typo in a field name must fail, not print an empty string). Only ``dossier.vn.filters.FILTERS``
are registered and every default global (range, dict, lipsum, cycler, joiner, namespace) is removed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib.metadata import version as _dist_version

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

MIN_JINJA = (3, 1, 6)  # 3.1.5/3.1.6 fixed sandbox escapes (CVE-2024-56326, CVE-2025-27516)


def _parse_version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def check_jinja_version(found: str | None = None) -> None:
    """Raise RuntimeError when the installed Jinja2 is older than 3.1.6."""
    found = found or _dist_version("Jinja2")
    if _parse_version(found) < MIN_JINJA:
        raise RuntimeError(
            f"Jinja2 {found} is too old: sandbox escapes are fixed only from 3.1.6; upgrade Jinja2"
        )


check_jinja_version()


def default_filters() -> Mapping[str, Callable]:
    """The project's template filters (the contract says these are the only ones)."""
    from dossier.vn.filters import FILTERS

    return FILTERS


# Jinja's builtin filters that reach attributes by name or build markup from data; `attr` is the
# classic sandbox-escape helper (GHSA-cpwx-vrp4-4pq7), the rest are not needed by templates.
_REMOVED_BUILTIN_FILTERS = ("attr", "xmlattr", "map", "select", "reject", "selectattr", "rejectattr",
                            "groupby", "format", "pprint", "urlize", "safe", "tojson")


def make_environment(
    filters: Mapping[str, Callable] | None = None, *, autoescape: bool = True
) -> ImmutableSandboxedEnvironment:
    """Build the sandboxed environment with only our filters and no globals.

    ``autoescape=False`` is for plain-text targets (core properties), where python-docx escapes the
    value itself and XML escaping here would double-escape "&" into "&amp;amp;".
    """
    env = ImmutableSandboxedEnvironment(autoescape=autoescape, undefined=StrictUndefined)
    env.globals.clear()
    for name in _REMOVED_BUILTIN_FILTERS:
        env.filters.pop(name, None)
    env.filters.update(default_filters() if filters is None else filters)
    return env
