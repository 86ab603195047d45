"""Serving the app: gunicorn (sync workers) when installed, else Flask's development server.

gunicorn with 2 sync workers serves the list page about 3.5× faster than the Werkzeug server on
two cores (shared/baselines.md §7). Workers build the app themselves (no preload), so each has
its own database engine: SQLite connections must not cross a fork.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

from dossier.config import Settings, metrics_dir, set_metrics_dir
from dossier.config import settings as process_settings


def prepare_metrics(settings: Settings) -> None:
    """A fresh folder for the workers' metric samples (prometheus_client's multiprocess mode),
    unless PROMETHEUS_MULTIPROC_DIR names one; called before anything imports prometheus_client."""
    if metrics_dir():
        return
    folder = settings.cache() / f"metrics-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)  # samples of an earlier server with this pid
    folder.mkdir(parents=True)
    set_metrics_dir(folder)


def _child_exit(_server: Any, worker: Any) -> None:
    from dossier.metrics import worker_exited

    worker_exited(worker.pid)


def _worker_started(_worker: Any) -> None:
    """gunicorn's post_worker_init: the worker has built its app; what it holds now lives as long as it."""
    from dossier.per_process import settle_after_start

    settle_after_start()


def serve(host: str = "127.0.0.1", port: int = 5000, *, workers: int | None = None,
          config: dict[str, Any] | None = None, settings: Settings | None = None) -> None:
    """Serve until interrupted (with the process's settings unless given others)."""
    settings = settings or process_settings()
    prepare_metrics(settings)
    workers = workers or min(4, (os.cpu_count() or 1) + 1)
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # pragma: no cover - gunicorn is a dependency, but keep the product usable
        from dossier.per_process import settle_after_start
        from web import create_app

        app = create_app(config, settings=settings)
        settle_after_start()
        app.run(host=host, port=port, threaded=True)
        return

    class Application(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "sync")
            self.cfg.set("timeout", 120)  # a first PDF preview starts LibreOffice (~10 s)
            self.cfg.set("accesslog", "-" if settings.access_log else None)
            self.cfg.set("child_exit", _child_exit)
            self.cfg.set("post_worker_init", _worker_started)

        def load(self) -> Any:
            from web import create_app

            return create_app(config, settings=settings)

    Application().run()
