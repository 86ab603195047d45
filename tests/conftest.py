"""Shared fixtures: real databases (a SQLite file, and PostgreSQL when TEST_DATABASE_URL is set).

Tests that need a database take `db`; it is parametrised over the engines available, so the same
test runs on SQLite and on PostgreSQL. In CI (CI=true) PostgreSQL is required: a missing URL or
an unreachable server fails the run instead of skipping.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dossier.config import normalise_url

PG_URL = os.environ.get("TEST_DATABASE_URL")
IN_CI = os.environ.get("CI") == "true"


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not PG_URL:
        raise pytest.UsageError("CI=true but TEST_DATABASE_URL is not set: the suite must also run on PostgreSQL")
    # One data key for the session, as a deployment sets DOSSIER_DATA_KEY for all its nodes: the
    # demo database built once is copied into many tests' instance folders, and its encrypted
    # columns (CCCD, bank accounts) must stay readable there and in the servers tests start.
    from cryptography.fernet import Fernet

    os.environ.setdefault("DOSSIER_DATA_KEY", Fernet.generate_key().decode())


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Each test starts from the environment it sets: forget the settings an earlier one installed."""
    from dossier import config

    config.reset()
    yield
    config.reset()


def require_program(name: str) -> str:
    """Path of a system program; skip without it on a user's machine, fail in CI."""
    path = shutil.which(name)
    if path:
        return path
    if IN_CI:
        pytest.fail(f"{name} is required in CI but is not installed")
    pytest.skip(f"{name} is not installed")


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    if PG_URL:
        params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dossier.db.engine import make_engine
    from dossier.db.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_template() -> str:
    from dossier.db.engine import make_engine
    from dossier.db.migrate import upgrade

    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"dossier_tpl_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(_with_db(normalise_url(PG_URL), name))
    upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _with_db(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        path = tmp_path / "dossier.sqlite3"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    template = request.getfixturevalue("_pg_template")
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"dossier_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return _with_db(normalise_url(PG_URL), name)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):  # what it checks does not depend on the database
        metafunc.parametrize("database_url", [pytest.param("sqlite", id="sqlite")], indirect=True)
        return
    metafunc.parametrize("database_url", _backends(), indirect=True)


@pytest.fixture
def db(database_url: str):
    from dossier.services.uow import Database

    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, _sqlite_template: Path):
    """A SQLite-only database, for tests about SQLite itself (pragmas, file copies)."""
    from dossier.services.uow import Database

    path = tmp_path / "only.sqlite3"
    shutil.copy(_sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


_DEMO: dict[str, threading.Thread] = {}


def _demo_folder(config: pytest.Config) -> Path:
    """Where the run's one demo build lives: above every xdist worker's own temporary folder."""
    base = config._tmp_path_factory.getbasetemp()  # the tmp_path_factory fixture's own object
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _needs_demo(item: pytest.Item) -> bool:
    return "demo_build" in getattr(item, "fixturenames", ())


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start `dossier demo` in a child process as soon as the tests are known, when some need it:
    the workers run other tests meanwhile. The first worker to take the lock starts it; the lock
    is held until it ends, so `demo_build` waits for it wherever it is asked for."""
    if session.config.option.collectonly or not any(_needs_demo(item) for item in session.items):
        return
    folder = _demo_folder(session.config)
    lock = open(folder / "demo-instance.lock", "a")  # noqa: SIM115 - released by the thread below
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()  # another worker is building it
        return
    if (folder / "demo-instance.out").exists():
        lock.close()
        return
    instance = folder / "demo-instance"
    instance.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DOSSIER_INSTANCE_PATH"] = str(instance)
    build = subprocess.Popen([sys.executable, "-m", "dossier", "demo"], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def finish() -> None:
        output, _ = build.communicate()
        if build.returncode == 0:
            _checkpoint(instance / "dossier.sqlite3")
            (folder / "demo-instance.out").write_text(output, encoding="utf-8")
        else:
            (folder / "demo-instance.failed").write_text(output, encoding="utf-8")
        lock.close()

    _DEMO["build"] = threading.Thread(target=finish, name="demo-build", daemon=True)
    _DEMO["build"].start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker whose own tests are done still finishes the build it started: the other workers'
    tests on the demo may be waiting for it (killing it would fail them)."""
    build = _DEMO.get("build")
    if build is not None:
        build.join()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests on the demo last, the slow ones first within each part (a stable sort: the rest keep
    their order): under pytest-xdist the demo builds in the background while the workers run the
    other tests, and no worker is left alone at the end with a wheel build or a browser walk."""
    items.sort(key=lambda item: (_needs_demo(item), item.get_closest_marker("slow") is None))


@pytest.fixture(scope="session")
def demo_build(request: pytest.FixtureRequest) -> tuple[Path, str]:
    """`dossier demo` run once per test run, as a user runs it: (SQLite file, what it printed).

    Walking the demo's dozens of dossiers through the real workflow takes a while, so every test
    that wants the demo province copies this file instead of building its own. It is started in
    the background when the tests are collected (above); if it was not, it is built here.
    """
    folder = _demo_folder(request.config)
    instance, printed, failed = folder / "demo-instance", folder / "demo-instance.out", folder / "demo-instance.failed"
    with open(folder / "demo-instance.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail("dossier demo failed:\n" + failed.read_text(encoding="utf-8")[-3000:])
        if not printed.exists():
            instance.mkdir(exist_ok=True)
            _, output = _build_demo(instance)
            printed.write_text(output, encoding="utf-8")
    return instance / "dossier.sqlite3", printed.read_text(encoding="utf-8")


def _build_demo(instance: Path) -> tuple[Path, str]:
    from click.testing import CliRunner

    from dossier.cli import main

    result = CliRunner().invoke(main, ["demo"], env={"DOSSIER_INSTANCE_PATH": str(instance), "DATABASE_URL": None})
    assert result.exit_code == 0, result.output
    _checkpoint(instance / "dossier.sqlite3")
    return instance / "dossier.sqlite3", result.output


def _checkpoint(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as conn:  # fold the WAL into the file so that a plain copy is complete
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="session")
def demo_sqlite(demo_build: tuple[Path, str]) -> Path:
    return demo_build[0]


@pytest.fixture
def users(db) -> dict[str, int]:
    """The demo province without dossiers: organisations, users (by login), programmes, councils."""
    from dossier.demo.seed import seed_province

    return seed_province(db)


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory):
    """A real test PKI (CA, OCSP, CRL, RFC 3161 TSA) served over HTTP on loopback (tests/pki)."""
    import logging

    from tests.pki import start_pki

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = start_pki(tmp_path_factory.mktemp("pki"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def soft_token(tmp_path_factory: pytest.TempPathFactory, test_pki):
    """A SoftHSM2 token with the leader's key generated inside it and its certificate (tests/pki/softhsm.py)."""
    from tests.pki import LEADER, ORG
    from tests.pki.softhsm import make_token, module_path

    util = require_program("softhsm2-util")
    if module_path() is None:
        pytest.fail("softhsm2-util is installed but libsofthsm2.so was not found")
    return make_token(util, tmp_path_factory.mktemp("softhsm"), test_pki, common_name=LEADER, org=ORG)


@pytest.fixture(scope="session")
def csc_server(test_pki):
    """certomancer-csc-dummy serving the test PKI's credentials over the CSC API v1 (tests/pki/csc.py)."""
    from tests.pki.csc import start_csc

    server = start_csc(test_pki.config)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def smartca_server(test_pki):
    """A SmartCA-shaped gateway with a simulated phone per user (tests/pki/smartca.py)."""
    from tests.pki.smartca import start_smartca

    server = start_smartca(test_pki)
    yield server
    server.stop()
