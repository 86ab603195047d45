"""The unit layer: pure functions only, no database, no LibreOffice, no web server.

The fixtures of the outer layers are shadowed here by ones that fail, so a test that needs a
database says so at once and belongs in tests/core, tests/documents … instead. What the unit
modules import is checked by test_layer.py.
"""

from __future__ import annotations

import pytest

OUTER_FIXTURES = ("db", "database_url", "sqlite_db", "users", "demo_build", "demo_sqlite")


def _refuse(name: str):
    @pytest.fixture(name=name)
    def refused():
        pytest.fail(f"tests/unit runs without a database or LibreOffice: a test that takes `{name}` "
                    "belongs in an outer layer (tests/core, tests/documents …)")

    return refused


for _name in OUTER_FIXTURES:
    globals()[f"_refuse_{_name}"] = _refuse(_name)
