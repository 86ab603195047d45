"""The unit layer stays pure: its modules load nothing that needs a database, a browser or soffice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# Packages whose import means a database, the web application, PDF conversion or signing.
FORBIDDEN = ("sqlalchemy", "alembic", "psycopg", "flask", "web", "dossier.db", "dossier.model",
             "dossier.services", "dossier.signing", "dossier.cli", "pyhanko", "playwright")

PROBE = """
import importlib, json, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
forbidden = tuple(sys.argv[1].split(","))
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in forbidden or m.startswith(forbidden))))
"""


def unit_modules() -> list[str]:
    return sorted(".".join(path.relative_to(ROOT).with_suffix("").parts)
                  for path in HERE.rglob("*.py") if path.name != "__init__.py")


def test_the_layer_has_the_pure_tests() -> None:
    names = unit_modules()
    assert "tests.unit.workflows.test_workflow_table" in names and "tests.unit.vn.test_words" in names


def test_no_unit_module_imports_a_database_or_a_converter() -> None:
    import json

    result = subprocess.run([sys.executable, "-c", PROBE, ",".join(FORBIDDEN), *unit_modules()],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


@pytest.mark.parametrize("name", ["db", "users", "demo_build"])
def test_a_unit_test_asking_for_the_database_fails(request: pytest.FixtureRequest, name: str) -> None:
    with pytest.raises(pytest.fail.Exception, match="runs without a database"):
        request.getfixturevalue(name)
