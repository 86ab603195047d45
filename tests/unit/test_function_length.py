"""No function over ~60 lines: the developers' guide asks for functions that read top to bottom.

The product, the benchmarks, the templates' helpers and the tests are checked. The template
builder (templates_docx/build_templates.py) is exempt: it writes the documents paragraph by
paragraph. Alembic migrations are history and are not checked. A function that is
genuinely one linear sequence may stay long if it says why in a comment starting with
``# long:`` (in the comment block right above its ``def``, or anywhere inside it).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("dossier", "web", "workflows", "bench", "templates_docx", "tests")
BUILDER = ROOT / "templates_docx" / "build_templates.py"
MAX_LINES = 60
REASON = "# long:"


def _checked_files() -> list[Path]:
    files = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts or path == BUILDER:
                continue
            files.append(path)
    return files


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, length) of each function longer than `limit` lines without a reason."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        length = node.end_lineno - node.lineno + 1
        if length <= limit:
            continue
        above = first - 1  # the comment block right above the def (or its decorators) counts too
        while above > 0 and lines[above - 1].strip().startswith("#"):
            above -= 1
        if any(line.strip().startswith(REASON) for line in lines[above:node.end_lineno]):
            continue
        found.append((node.name, node.lineno, length))
    return found


def test_no_function_is_longer_than_the_limit() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {name} ({length} lines)"
        for path in _checked_files()
        for name, line, length in long_functions(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "functions over ~60 lines (split them or give a '# long:' reason):\n" + "\n".join(offenders)


@pytest.mark.parametrize(("reason", "expected"), [("", ["f"]), ("    # long: one linear script\n", [])])
def test_the_check_finds_a_long_function_unless_it_says_why(reason: str, expected: list[str]) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    source = f"def f():\n{reason}{body}\n\ndef g():\n    return 1\n"
    assert [name for name, _, _ in long_functions(source)] == expected
