"""The unit layer stays pure: its modules load nothing that needs a database, a browser or soffice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# Packages whose import means a database session, the web application, PDF conversion or signing.
# (The mapped classes of dossier.model may load: declaring a class opens no connection.)
FORBIDDEN = ("alembic", "psycopg", "flask", "web", "dossier.db", "dossier.services", "dossier.signing",
             "dossier.cli", "pyhanko", "playwright")

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from tests.unit.test_layer import _forbidden
print(json.dumps(_forbidden(sys.modules)))
"""


def unit_modules() -> list[str]:
    return sorted(".".join(path.relative_to(ROOT).with_suffix("").parts)
                  for path in HERE.rglob("*.py") if path.name != "__init__.py")


def test_the_layer_has_the_pure_tests() -> None:
    names = unit_modules()
    assert "tests.unit.workflows.test_workflow_table" in names and "tests.unit.vn.test_words" in names


def _forbidden(modules) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))


def test_no_unit_module_imports_a_database_or_a_converter() -> None:
    import json

    # Every unit module was imported at collection: when the layer runs alone, this process is
    # the proof. With outer layers collected too, a fresh interpreter imports the unit modules only.
    loaded = _forbidden(sys.modules)
    if loaded:
        result = subprocess.run([sys.executable, "-c", PROBE, *unit_modules()],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        loaded = json.loads(result.stdout.splitlines()[-1])
    assert loaded == []


@pytest.mark.parametrize("name", ["db", "users", "demo_build"])
def test_a_unit_test_asking_for_the_database_fails(request: pytest.FixtureRequest, name: str) -> None:
    with pytest.raises(pytest.fail.Exception, match="runs without a database"):
        request.getfixturevalue(name)
