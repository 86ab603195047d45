"""Job queues for the tests: Huey over a SQLite file, and over the Redis at 127.0.0.1:6379 (the
production store; required in CI), each test with a queue name of its own."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from dossier.config import Settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def queue_settings(tmp_path: Path, store: str) -> Settings:
    name = f"test-{uuid.uuid4().hex[:10]}"
    if store == "redis":
        if not redis_available():
            if os.environ.get("CI") == "true":
                pytest.fail(f"Redis is required in CI ({REDIS_URL})")
            pytest.skip(f"no Redis at {REDIS_URL}")
        url = REDIS_URL
    else:
        url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    return Settings.from_env({"DOSSIER_INSTANCE_PATH": str(tmp_path / "instance"), "DOSSIER_QUEUE_URL": url,
                              "DOSSIER_QUEUE_NAME": name})


@pytest.fixture(params=["sqlite", "redis"])
def queue_store(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def job_queue(tmp_path: Path, queue_store: str):
    from dossier.services.jobs import JobQueue

    queue = JobQueue.from_settings(queue_settings(tmp_path, queue_store))
    yield queue
    queue.huey.flush()


@pytest.fixture
def sqlite_queue(tmp_path: Path):
    from dossier.services.jobs import JobQueue

    queue = JobQueue.from_settings(queue_settings(tmp_path, "sqlite"))
    yield queue
    queue.huey.flush()
