"""The wheel carries the product: built from the checkout, installed into a fresh venv, run elsewhere.

Offline: the wheel is built with the test environment's setuptools (--no-build-isolation) and
installed without its dependencies (--no-deps --no-index); the fresh venv borrows those from
the test environment through a .pth file. What the wheel itself must bring — the code, the Word
templates, the migrations, the data files, the web's templates — comes only from the wheel: the
commands run in another folder, with no DOSSIER_* variable and no PYTHONPATH, so nothing can be
found in the checkout.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI") == "true"
# What a checkout holds besides the source: never copied into the build.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "instance", "test-artifacts", "build", "dist", "*.egg-info",
                                    "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "bench")

# One wheel and one venv for the module: under xdist its tests stay on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


def _setuptools_can_build() -> None:
    import setuptools

    if int(setuptools.__version__.split(".")[0]) < 77:
        message = f"setuptools {setuptools.__version__} < 77 in the test environment (pip install -e '.[test]')"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    _setuptools_can_build()
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DOSSIER_") and k not in ("PYTHONPATH", "DATABASE_URL", "VIRTUAL_ENV")}
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(tmp / "dist"), str(source)], cwd=tmp, env=env)
    wheel = next((tmp / "dist").glob("ho_so_khuyen_cong-*.whl"))

    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp, env=env)
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=tmp, env=env).stdout.strip())
    # The dependencies, from the test environment (a plain path: its editable-install hooks stay off).
    borrowed = [p for p in {*site.getsitepackages(), sysconfig.get_path("purelib")} if Path(p).is_dir()]
    (purelib / "borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          str(wheel)], cwd=tmp, env=env)

    home = tmp / "home"
    elsewhere = tmp / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    run_env = {**env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
               "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}
    return {"wheel": wheel, "venv": venv, "python": python, "dossier": venv / "bin" / "dossier",
            "home": home, "cwd": elsewhere, "env": run_env}


def test_the_wheel_holds_templates_migrations_and_data(installed: dict) -> None:
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    shipped = sorted(p.parent.name for p in (ROOT / "templates_docx").glob("*/manifest.toml"))
    for tid in shipped:
        for part in ("template.docx", "manifest.toml", "sample.json"):
            assert f"dossier/templates_docx/{tid}/{part}" in names
    assert "dossier/templates_docx/FIELDS.md" in names
    assert not any(n.startswith("dossier/templates_docx/") and n.endswith(".py") for n in names), "builder stays"
    assert any(n.startswith("dossier/db/migrations/versions/") for n in names)
    assert "dossier/data/support_caps.toml" in names and "web/templates/base.html" in names


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: dict) -> None:
    code = ("import dossier, web, workflows; from dossier.config import settings; s = settings(); "
            "print(dossier.__file__, web.__file__, workflows.__file__, s.templates_dir, s.instance_path, sep='\\n')")
    out = _run([str(installed["python"]), "-c", code], cwd=installed["cwd"], env=installed["env"]).stdout.split()
    venv = str(installed["venv"])
    assert all(line.startswith(venv) for line in out[:4]), out
    assert out[3].endswith("dossier/templates_docx")
    assert out[4] == str(installed["home"] / "data" / "ho-so-khuyen-cong")


def test_templates_check_and_render_a_sample(installed: dict) -> None:
    dossier, cwd, env = str(installed["dossier"]), installed["cwd"], installed["env"]
    checked = _run([dossier, "templates", "check"], cwd=cwd, env=env).stdout
    assert "de_an_khuyen_cong: OK" in checked
    out = cwd / "de_an.docx"
    _run([dossier, "render", "de_an_khuyen_cong", "--sample", "-o", str(out)], cwd=cwd, env=env)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Hộ kinh doanh Trung Tuấn" in text and "{{" not in text


def test_the_demo_loads(installed: dict) -> None:
    done = _run([str(installed["dossier"]), "demo", "--quiet"], cwd=installed["cwd"], env=installed["env"],
                timeout=900)
    assert "Demo users" in done.stdout
    database = installed["home"] / "data" / "ho-so-khuyen-cong" / "dossier.sqlite3"
    assert database.is_file() and database.stat().st_size > 100_000
