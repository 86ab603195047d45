"""The layers' import rules, checked over every module of the product (ast: no import runs).

    web and CLI → services → documents / model / workflows / vn / signing

* documents, workflows, vn and signing import nothing of the services, the web, the CLI, the
  demo or the database session (dossier.db, sqlalchemy): they are pure and testable alone.
  workflows may use dossier.vn (pure formatting: money, percentages) and dossier.errors.
* dossier.services imports nothing of the web, the CLI or the demo.
* the web reaches the database, the document engine and signing only through the services;
  the CLI builds no queries of its own (it may run migrations, load the demo and use the
  engine's and the verifier's file tools, which need no database).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PURE = ("dossier/documents", "dossier/vn", "dossier/signing", "dossier/exchange", "workflows")
RULES: dict[str, tuple[str, ...]] = {
    **{layer: ("dossier.services", "dossier.db", "dossier.cli", "dossier.demo", "web", "flask", "click",
               "sqlalchemy") for layer in PURE},
    "dossier/services": ("web", "flask", "click", "dossier.cli", "dossier.demo"),
    "web": ("dossier.db", "dossier.documents", "dossier.signing", "dossier.demo", "dossier.cli", "sqlalchemy"),
    "dossier/cli": ("sqlalchemy", "web.db", "web.access"),
}
# Where a layer may import a forbidden name for good: what, and why.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("web/errors.py", "sqlalchemy.orm.exc"): "StaleDataError is an exception the web turns into a page",
    ("dossier/cli/web.py", "web.server"): "dossier serve starts the web application",
}
def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """Absolute names a module imports, relative imports resolved, at any depth (function-local too)."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _hits(name: str, forbidden: tuple[str, ...]) -> str | None:
    return next((f for f in forbidden if name == f or name.startswith(f + ".")), None)


def _layer(rel: str) -> str | None:
    return next((layer for layer in sorted(RULES, key=len, reverse=True) if rel.startswith(layer + "/")), None)


def violations() -> dict[tuple[str, str], str]:
    """(file, imported module) → the rule it breaks."""
    found: dict[tuple[str, str], str] = {}
    for folder in ("dossier", "web", "workflows"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            layer = _layer(rel)
            if layer is None:
                continue
            for name in _imports(path):
                rule = _hits(name, RULES[layer])
                allowed = any(r == rel and (name == e or name.startswith(e + ".")) for r, e in EXCEPTIONS)
                if rule and not allowed:
                    found[(rel, name)] = f"{layer} must not import {rule}"
    # `from a.b import c` yields a.b and a.b.c: name the module once
    return {(rel, name): why for (rel, name), why in found.items()
            if not any(r == rel and name.startswith(other + ".") for r, other in found)}


def test_every_module_keeps_to_its_layer() -> None:
    broken = violations()
    assert not broken, "\n".join(f"{rel}: imports {name} ({why})" for (rel, name), why in sorted(broken.items()))


@pytest.mark.parametrize(("rel", "name"), [("dossier/documents/x.py", "dossier.services.facts"),
                                           ("workflows/x.py", "sqlalchemy.orm"), ("web/x.py", "dossier.signing")])
def test_the_rules_catch_a_violation(rel: str, name: str) -> None:
    assert _hits(name, RULES[_layer(rel)])
