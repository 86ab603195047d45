"""The process's settings: one frozen object read from the environment once.

Only :meth:`Settings.from_env` reads ``os.environ``. The entry points build it: the ``dossier``
command at start and :func:`web.create_app` (which uses the process's settings unless given its
own), and install it with :func:`install`; code below them receives the values it needs as
arguments, or, for process-wide defaults (the template catalogue, the render pool, the PDF
converter, the stamp font), asks :func:`settings`. Every environment variable the product reads
is named in ``ENV`` below, so this file is the whole list.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dossier.per_process import PerProcess

PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent  # the checkout, when running from one (see _in_checkout)
APP_NAME = "ho-so-khuyen-cong"

# Variable → what it sets (the README's configuration table repeats this).
ENV = {
    "DOSSIER_INSTANCE_PATH": "instance folder: SQLite database, secret key, caches, trust/",
    "DATABASE_URL": "PostgreSQL URL (default: SQLite in the instance folder)",
    "DOSSIER_TEMPLATES_DIR": "Word templates folder (default: the templates shipped with the package)",
    "DOSSIER_SECRET_KEY": "Flask secret key (also SECRET_KEY; default: generated into the instance)",
    "DOSSIER_COOKIE_SECURE": "0 sends the session cookie over plain HTTP",
    "DOSSIER_ACCESS_LOG": "any value: gunicorn writes an access log to stdout",
    "DOSSIER_PUBLIC_URL": "address citizens reach for the QR verification page",
    "DOSSIER_TRUST_ROOTS": "extra trusted root certificate files, separated by the path separator",
    "DOSSIER_TSA_URL": "RFC 3161 timestamp authority: signatures become PAdES B-LT (timestamp + revocation data)",
    "DOSSIER_SMARTCA_URL": "SmartCA gateway base URL for remote signing (with DOSSIER_SMARTCA_SP_ID/_SP_PASSWORD)",
    "DOSSIER_SMARTCA_SP_ID": "the province's service-provider id at the SmartCA gateway",
    "DOSSIER_SMARTCA_SP_PASSWORD": "the province's service-provider password at the SmartCA gateway",
    "DOSSIER_RENDER_START_METHOD": "multiprocessing start method of the render workers (forkserver)",
    "DOSSIER_SOFFICE": "LibreOffice executable",
    "DOSSIER_UNO_PYTHON": "a Python that can import uno (Debian's python3-uno)",
    "DOSSIER_LIBREOFFICE_POOL": "warm LibreOffice instances of the conversion service, or of a process converting "
                                "on its own (default 1)",
    "DOSSIER_CONVERTER_URL": "the machine's PDF conversion service (`dossier convert-service`, e.g. "
                             "http://127.0.0.1:8021): every process converts through it (default: `dossier serve` "
                             "and `run-demo` start one for their processes; other commands keep their own pool)",
    "DOSSIER_CACHE_DIR": "cache for derived files (default: $XDG_CACHE_HOME/ho-so-khuyen-cong)",
    "DOSSIER_STAMP_FONT": "TrueType font of the signature stamp",
    "DOSSIER_PROXY_HOPS": "number of trusted reverse proxies in front of the app (X-Forwarded-For; default 0)",
    "DOSSIER_CHECKPOINT_ORG": "code of the organisation whose seal signs audit checkpoints (default: the Sở)",
    "DOSSIER_CHECKPOINT_PASSWORD_FILE": "file holding the password of that seal, for the daily checkpoint",
    "DOSSIER_CHECKPOINT_DIR": "folder of the append-only checkpoint file (default: instance/audit)",
    "DOSSIER_METRICS_TOKEN": "bearer token that may read /metrics from another machine (default: loopback only)",
    "PROMETHEUS_MULTIPROC_DIR": "folder of the gunicorn workers' metric samples (default: set by `dossier serve`)",
    "DOSSIER_DATA_KEY": "Fernet key encrypting ID and bank numbers at rest (default: generated into instance/data_key)",
    "DOSSIER_EXCHANGE_URL": "gateway taking edXML packages by HTTP POST (default: drop them in the spool folder)",
    "DOSSIER_EXCHANGE_TOKEN": "bearer token sent to that gateway",
    "DOSSIER_EXCHANGE_SPOOL": "folder the provincial connector reads packages from (default: instance/exchange/out)",
    "DOSSIER_EXCHANGE_INBOUND_TOKEN": "bearer token the connector sends with status messages (unset: no endpoint)",
    "DOSSIER_QUEUE_URL": "job queue: redis://host:6379/0 or postgresql://… for workers on other machines "
                         "(default: a SQLite file in the instance folder, for a worker on this machine)",
    "DOSSIER_QUEUE_NAME": "name of the queue in that store (default ho-so-khuyen-cong); nodes sharing jobs use one",
    "DOSSIER_JOB_STALE_SECONDS": "a running job silent this long (its worker died) goes back to the queue (default 60)",
}


@dataclass(frozen=True)
class Settings:
    """Everything the product reads from its environment, resolved to values."""

    instance_path: Path
    database_url: str
    templates_dir: Path
    cache_dir: Path
    secret_key: str | None = None
    cookie_secure: bool = True
    access_log: bool = False
    public_url: str = "http://localhost:5000"
    trust_roots: tuple[Path, ...] = ()
    render_start_method: str = "forkserver"
    soffice: str | None = None
    uno_python: str | None = None
    libreoffice_pool: int = 1
    converter_url: str | None = None
    stamp_font: Path | None = None
    tsa_url: str | None = None
    smartca_url: str | None = None
    signing_agent_url: str = "https://127.0.0.1:8987"  # the official's local signing agent (Ban Cơ yếu)
    smartca_sp_id: str | None = None
    smartca_sp_password: str | None = None
    proxy_hops: int = 0
    checkpoint_org: str | None = None
    checkpoint_password_file: Path | None = None
    checkpoint_dir: Path | None = None
    data_key: str | None = None
    exchange_url: str | None = None
    exchange_token: str | None = None
    exchange_spool: Path | None = None
    exchange_inbound_token: str | None = None
    queue_url: str | None = None
    queue_name: str = APP_NAME
    job_stale_seconds: float = 60.0
    metrics_token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the variables named in ``ENV`` (``environ`` defaults to ``os.environ``)."""
        env = os.environ if environ is None else environ
        instance = Path(env.get("DOSSIER_INSTANCE_PATH") or default_instance_path(env))
        url = env.get("DATABASE_URL")
        cache = env.get("DOSSIER_CACHE_DIR") or Path(
            env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP_NAME
        return cls(
            instance_path=instance,
            database_url=normalise_url(url) if url else sqlite_url(instance),
            templates_dir=Path(env.get("DOSSIER_TEMPLATES_DIR") or shipped_templates_dir()),
            cache_dir=Path(cache),
            secret_key=env.get("DOSSIER_SECRET_KEY") or env.get("SECRET_KEY") or None,
            cookie_secure=env.get("DOSSIER_COOKIE_SECURE", "1") != "0",
            access_log=bool(env.get("DOSSIER_ACCESS_LOG")),
            public_url=(env.get("DOSSIER_PUBLIC_URL") or "http://localhost:5000").rstrip("/"),
            trust_roots=tuple(Path(p) for p in env.get("DOSSIER_TRUST_ROOTS", "").split(os.pathsep) if p.strip()),
            render_start_method=env.get("DOSSIER_RENDER_START_METHOD") or "forkserver",
            soffice=env.get("DOSSIER_SOFFICE") or None,
            uno_python=env.get("DOSSIER_UNO_PYTHON") or None,
            libreoffice_pool=max(1, int(env.get("DOSSIER_LIBREOFFICE_POOL") or 1)),
            converter_url=(env.get("DOSSIER_CONVERTER_URL") or "").rstrip("/") or None,
            stamp_font=Path(env["DOSSIER_STAMP_FONT"]) if env.get("DOSSIER_STAMP_FONT") else None,
            tsa_url=env.get("DOSSIER_TSA_URL") or None,
            smartca_url=env.get("DOSSIER_SMARTCA_URL") or None,
            signing_agent_url=(env.get("DOSSIER_SIGNING_AGENT_URL") or "https://127.0.0.1:8987").rstrip("/"),
            smartca_sp_id=env.get("DOSSIER_SMARTCA_SP_ID") or None,
            smartca_sp_password=env.get("DOSSIER_SMARTCA_SP_PASSWORD") or None,
            proxy_hops=int(env.get("DOSSIER_PROXY_HOPS") or 0),
            checkpoint_org=env.get("DOSSIER_CHECKPOINT_ORG") or None,
            checkpoint_password_file=_path(env.get("DOSSIER_CHECKPOINT_PASSWORD_FILE")),
            checkpoint_dir=_path(env.get("DOSSIER_CHECKPOINT_DIR")),
            data_key=env.get("DOSSIER_DATA_KEY") or None,
            exchange_url=env.get("DOSSIER_EXCHANGE_URL") or None,
            exchange_token=env.get("DOSSIER_EXCHANGE_TOKEN") or None,
            exchange_spool=_path(env.get("DOSSIER_EXCHANGE_SPOOL")),
            exchange_inbound_token=env.get("DOSSIER_EXCHANGE_INBOUND_TOKEN") or None,
            queue_url=env.get("DOSSIER_QUEUE_URL") or None,
            queue_name=env.get("DOSSIER_QUEUE_NAME") or APP_NAME,
            job_stale_seconds=float(env.get("DOSSIER_JOB_STALE_SECONDS") or 60),
            metrics_token=env.get("DOSSIER_METRICS_TOKEN") or None,
        )

    def replace(self, **changes: object) -> Settings:
        """A copy with some values changed (tests, and create_app's INSTANCE_PATH override)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def instance(self) -> Path:
        """The instance folder, created on first use."""
        self.instance_path.mkdir(parents=True, exist_ok=True)
        return self.instance_path

    def cache(self) -> Path:
        """The cache folder, created on first use."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return self.cache_dir


def metrics_dir() -> str | None:
    """PROMETHEUS_MULTIPROC_DIR, read when asked: `web.server.serve` sets it before its workers
    fork (prometheus_client reads it itself; the product only needs to know whether it is set)."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def set_metrics_dir(path: Path) -> None:
    """Put the workers' metric samples in `path` (before prometheus_client is first imported)."""
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)


def set_converter_url(url: str | None) -> None:
    """Hand the conversion service's address to the processes started after this (`dossier serve`
    does before it starts its job worker; its gunicorn workers get it in their Settings)."""
    if url:
        os.environ["DOSSIER_CONVERTER_URL"] = url
    else:
        os.environ.pop("DOSSIER_CONVERTER_URL", None)


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _in_checkout() -> bool:
    """True when running from the source tree (editable install or PYTHONPATH), not a wheel."""
    return (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "templates_docx").is_dir()


def default_instance_path(env: Mapping[str, str]) -> Path:
    """<checkout>/instance in a checkout; else the user's data folder ($XDG_DATA_HOME/…)."""
    if _in_checkout():
        return REPO_ROOT / "instance"
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_NAME


def shipped_templates_dir() -> Path:
    """The Word templates that come with the product.

    The wheel carries the repository's top-level templates_docx/ inside the package
    (``dossier/templates_docx``, see pyproject.toml); a checkout has only the top-level folder.
    """
    packaged = Path(str(resources.files("dossier"))) / "templates_docx"
    if packaged.is_dir():
        return packaged
    return REPO_ROOT / "templates_docx"


def sqlite_url(instance: Path) -> str:
    return f"sqlite:///{instance / 'dossier.sqlite3'}"


def normalise_url(url: str) -> str:
    """Accept the common postgres:// and postgresql:// forms and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


_current = PerProcess(Settings.from_env)


def settings() -> Settings:
    """The process's settings: the installed ones, else built from the environment once."""
    return _current.get()


def install(new: Settings) -> Settings:
    """Make ``new`` the process's settings (the entry points call this once)."""
    _current.replace(new)
    return new


def reset() -> None:
    """Forget the process's settings; the next :func:`settings` reads the environment again."""
    _current.replace(None)


# Kept for callers that only need one value.
def instance_path() -> Path:
    """The instance folder (SQLite database, keys, caches), created if missing."""
    return settings().instance()


def database_url() -> str:
    """DATABASE_URL selects PostgreSQL; the embedded default is SQLite in the instance folder."""
    current = settings()
    if current.database_url.startswith("sqlite:///"):
        current.instance()  # SQLite creates the file, not its folder
    return current.database_url
