"""Where things live: the instance folder and the database URL."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def instance_path() -> Path:
    """The instance folder (SQLite database, keys, caches); DOSSIER_INSTANCE_PATH overrides it."""
    path = Path(os.environ.get("DOSSIER_INSTANCE_PATH", REPO_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """DATABASE_URL selects PostgreSQL; the embedded default is SQLite in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_url(url)
    return f"sqlite:///{instance_path() / 'dossier.sqlite3'}"


def normalise_url(url: str) -> str:
    """Accept the common postgres:// and postgresql:// forms and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
