from __future__ import annotations

import pytest

from tests.plans.helpers import setup_programme


@pytest.fixture
def users(db) -> dict[str, int]:
    """The demo province with the 2021–2025 programme's envelopes, plans and councils (no dossiers)."""
    from dossier.demo.seed import seed_province

    ids = seed_province(db)
    setup_programme(db)
    return ids
