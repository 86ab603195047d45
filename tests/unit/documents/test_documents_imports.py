"""dossier/documents/ imports nothing of services, web, the CLI or the database session."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("dossier.services", "dossier.db", "dossier.cli", "web", "flask", "sqlalchemy")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_no_documents_module_imports_a_forbidden_layer():
    found = {f"{p.name}: {name}" for p in (ROOT / "dossier" / "documents").glob("*.py")
             for name in _imports(p) if _forbidden(name)}
    assert not found, sorted(found)


def test_importing_the_documents_package_loads_no_service_nor_web_module():
    modules = [f"dossier.documents.{p.stem}" for p in (ROOT / "dossier" / "documents").glob("*.py")
               if p.stem != "__init__"]
    code = (f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
            "print('\\n'.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert len(modules) > 10
    leaked = [m for m in loaded.stdout.split() if m.startswith(("dossier.services", "dossier.db", "dossier.cli"))
              or m == "web" or m.startswith(("web.", "flask"))]
    assert not leaked, leaked
