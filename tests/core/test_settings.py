"""The settings object: the environment read once, in one place."""

from __future__ import annotations

import ast
from pathlib import Path

from dossier import config
from dossier.config import ENV, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_from_env_resolves_every_variable(tmp_path: Path) -> None:
    env = {"DOSSIER_INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": "postgres://u@h/db",
           "DOSSIER_TEMPLATES_DIR": str(tmp_path / "t"), "DOSSIER_SECRET_KEY": "k", "DOSSIER_COOKIE_SECURE": "0",
           "DOSSIER_ACCESS_LOG": "1", "DOSSIER_PUBLIC_URL": "https://sct.example.vn/",
           "DOSSIER_SOFFICE": "/x/soffice", "DOSSIER_CACHE_DIR": str(tmp_path / "c"),
           "DOSSIER_TRUST_ROOTS": f"{tmp_path / 'a.pem'}:{tmp_path / 'b.pem'}",
           "DOSSIER_RENDER_START_METHOD": "spawn", "DOSSIER_UNO_PYTHON": "/usr/bin/python3",
           "DOSSIER_STAMP_FONT": str(tmp_path / "f.ttf"), "DOSSIER_LIBREOFFICE_POOL": "2",
           "DOSSIER_CONVERTER_URL": "http://127.0.0.1:8021/"}
    s = Settings.from_env(env)
    assert s.instance_path == tmp_path / "i" and s.database_url == "postgresql+psycopg://u@h/db"
    assert s.templates_dir == tmp_path / "t" and s.secret_key == "k" and s.cookie_secure is False
    assert s.access_log is True and s.public_url == "https://sct.example.vn" and s.soffice == "/x/soffice"
    assert s.trust_roots == (tmp_path / "a.pem", tmp_path / "b.pem") and s.cache_dir == tmp_path / "c"
    assert s.render_start_method == "spawn" and s.stamp_font == tmp_path / "f.ttf"
    assert s.libreoffice_pool == 2 and s.converter_url == "http://127.0.0.1:8021"
    assert set(env) <= set(ENV)


def test_defaults_in_a_checkout(tmp_path: Path) -> None:
    s = Settings.from_env({"HOME": str(tmp_path)})
    assert s.instance_path == ROOT / "instance"
    assert s.database_url == f"sqlite:///{ROOT / 'instance' / 'dossier.sqlite3'}"
    assert s.templates_dir == ROOT / "templates_docx" and (s.templates_dir / "de_an_khuyen_cong").is_dir()
    assert s.cookie_secure is True and s.secret_key is None and s.render_start_method == "forkserver"


def test_installed_settings_are_the_process_defaults(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DOSSIER_TEMPLATES_DIR", str(tmp_path / "env"))
    assert config.settings().templates_dir == tmp_path / "env"
    monkeypatch.setenv("DOSSIER_TEMPLATES_DIR", str(tmp_path / "later"))
    assert config.settings().templates_dir == tmp_path / "env", "read once, not per call"
    config.install(config.settings().replace(templates_dir=tmp_path / "mine"))
    from dossier.documents.catalog import templates_root

    assert templates_root() == tmp_path / "mine"


def test_create_app_keeps_its_settings(tmp_path: Path) -> None:
    from web import create_app

    mine = Settings.from_env({"DOSSIER_INSTANCE_PATH": str(tmp_path), "DOSSIER_SECRET_KEY": "s3cret",
                              "HOME": str(tmp_path)})
    app = create_app({"TESTING": True}, settings=mine)
    assert app.extensions["dossier_settings"] is mine and config.settings() is mine
    assert app.config["SECRET_KEY"] == "s3cret" and app.instance_path == str(tmp_path)
    app.extensions["dossier_db"].dispose()


def test_only_config_reads_the_environment() -> None:
    readers = []
    for folder in ("dossier", "web", "workflows", "templates_docx"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                reads = (isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}
                         and isinstance(node.value, ast.Name) and node.value.id == "os")
                if reads:
                    readers.append(str(path.relative_to(ROOT)))
    # convert.py copies the environment for the LibreOffice child process (no setting read there).
    allowed = {"dossier/config.py", "dossier/signing/convert.py"}
    assert set(readers) <= allowed, sorted(set(readers) - allowed)
