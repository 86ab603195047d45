"""DOCX → PDF with LibreOffice, kept warm.

Why a pool: starting LibreOffice costs ~0.8–1 s per document and unoserver needs ~10 s to come
up, while a warm conversion costs ~0.2 s (shared/baselines.md §3). One LibreOffice converts one
document at a time, so we keep one unoserver per core, each with its own user profile (two
``soffice`` processes sharing a profile hand off to each other or fail) and its own ports.

How the unoserver *server* runs: it must run on a Python that has the ``uno`` module, i.e.
Debian's ``/usr/bin/python3`` (python3-uno), not this project's venv. unoserver is pure
standard-library Python, so instead of building a venv and pip-installing into it (needs the
network on first use, and may pick a different unoserver version whose XML-RPC API the client
then rejects), we copy the client's own installed ``unoserver`` package and its dist-info into
a private directory under the cache dir and start ``/usr/bin/python3 -m unoserver.server`` with
``PYTHONPATH`` set to *only* that directory. That works offline, always matches the client's
API version, and never mixes this venv's compiled packages into the system Python.
Override the interpreter with ``DOSSIER_UNO_PYTHON`` (it must be able to ``import uno``).

Processes that never outlive us: each unoserver starts as the leader of its own process group
(LibreOffice inherits the group) through a small reaper prologue (``_REAPER``) that asks the
kernel for a parent-death signal (``prctl(PR_SET_PDEATHSIG)`` through ctypes) and, when it
arrives, SIGKILLs the whole group. So a web worker killed with -9 takes its LibreOffice with
it. The parent-death signal fires when the *thread* that forked the child ends, so instances
are launched from one long-lived launcher thread per process, never from a request's thread.
A clean shutdown (``close``, also at exit) SIGTERMs the group, waits, then SIGKILLs it. A pool
belongs to its process: a forked child that inherited one makes its own and leaves the
parent's alone. Its size is ``Settings.libreoffice_pool`` (``DOSSIER_LIBREOFFICE_POOL``, default
1), not the number of cores.

One pool per server: the processes of ``dossier serve`` / ``run-demo`` (gunicorn's workers, the
job worker) hold no pool; ``default_converter()`` gives them the client of the conversion
service (``convert_service``, ``Settings.converter_url``), which holds the only one. Other
processes (the CLI, the tests) keep a pool of their own.

Failure handling: an instance is health-checked (process alive + XML-RPC ``info`` answers)
before use and restarted if dead; each conversion has a timeout after which the instance is
killed and restarted. When the pool cannot start at all, we fall back to one-shot
``soffice --headless --convert-to pdf`` with a throw-away profile (slow but works).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import functools
import hashlib
import http.client
import logging
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path
from typing import TYPE_CHECKING

from unoserver.client import UnoClient

from dossier.config import settings
from dossier.metrics import timed_conversion
from dossier.per_process import PerProcess
from dossier.signing.errors import ConversionError

if TYPE_CHECKING:
    from dossier.signing.convert_service import ServiceConverter

log = logging.getLogger(__name__)

_PDF_FILTER = "writer_pdf_Export"
# PDF/A-2b: the archival profile accepted for electronic records (fonts embedded, no
# transparency issues, XMP with pdfaid:part=2, conformance B).
_PDFA_OPTIONS = ["SelectPdfVersion=2"]


def cache_dir() -> Path:
    """Per-user cache for derived files (uno site dir, rescaled fonts)."""
    return settings().cache()


def find_soffice() -> str | None:
    """Path of the LibreOffice executable, or None when LibreOffice is not installed."""
    override = settings().soffice
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


@functools.lru_cache(maxsize=8)
def _python_has_uno(python: str) -> bool:
    # Asked once per interpreter and process (a fresh Python importing uno costs ~0.3 s; /health
    # and every pool start ask).
    try:
        done = subprocess.run(
            [python, "-c", "import uno, unohelper"],
            capture_output=True,
            timeout=30,
            env=_clean_env(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def find_uno_python() -> str | None:
    """A Python interpreter that can ``import uno`` (Debian's python3 with python3-uno)."""
    candidates = [settings().uno_python, "/usr/bin/python3", shutil.which("python3")]
    seen: set[str] = set()
    for cand in candidates:
        if not cand or cand in seen:
            continue
        seen.add(cand)
        if os.access(cand, os.X_OK) and _python_has_uno(cand):
            return cand
    return None


def _clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # The system Python must not see this venv (VIRTUALENV/PYTHONHOME/PYTHONPATH would make it
    # import our compiled packages built for another interpreter). This copies the environment
    # for a child process; it reads no setting (those are dossier.config's).
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    if extra:
        env.update(extra)
    return env


def _unoserver_site_dir() -> Path:
    """A directory holding only a copy of the client's unoserver package (see module doc)."""
    import unoserver

    src_pkg = Path(unoserver.__file__).parent
    dist_infos = list(src_pkg.parent.glob("unoserver-*.dist-info"))
    digest = hashlib.sha256()
    for f in sorted(src_pkg.glob("*.py")):
        digest.update(f.name.encode() + f.read_bytes())
    target = cache_dir() / f"uno-site-{digest.hexdigest()[:16]}"
    if (target / "unoserver" / "server.py").exists():
        return target
    tmp = Path(tempfile.mkdtemp(dir=cache_dir(), prefix="uno-site-tmp-"))
    shutil.copytree(src_pkg, tmp / "unoserver", ignore=shutil.ignore_patterns("__pycache__"))
    for info in dist_infos:  # importlib.metadata.version("unoserver") needs it
        shutil.copytree(info, tmp / info.name)
    try:
        os.replace(tmp, target)  # atomic; another process may have won the race
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


# Run by the uno Python in place of ``-m unoserver.server``: argv[1] is our pid, the rest are
# unoserver's arguments. SIGUSR2 is the parent-death signal because unoserver handles TERM, INT
# and HUP itself (it forwards them to LibreOffice); nothing else uses USR2.
_REAPER = """
import ctypes, os, runpy, signal, sys
def reap(signum, frame):
    os.killpg(0, signal.SIGKILL)
signal.signal(signal.SIGUSR2, reap)
ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGUSR2))  # 1 = PR_SET_PDEATHSIG
if os.getppid() != int(sys.argv[1]):  # the parent died before prctl took effect
    reap(None, None)
sys.argv = ["unoserver", *sys.argv[2:]]
runpy.run_module("unoserver.server", run_name="__main__", alter_sys=True)
"""

_launchers: dict[int, concurrent.futures.ThreadPoolExecutor] = {}
_launchers_lock = threading.Lock()


def _launch(cmd: list[str], **popen: object) -> subprocess.Popen[bytes]:
    """Popen from this process's long-lived launcher thread (see the module doc)."""
    with _launchers_lock:
        launcher = _launchers.get(os.getpid())
        if launcher is None:
            launcher = _launchers[os.getpid()] = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="libreoffice-launcher")
    return launcher.submit(subprocess.Popen, cmd, **popen).result()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TimeoutTransport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a socket time-out (the standard transport waits for ever)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):  # type: ignore[override]
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


def _descendants(pid: int) -> list[int]:
    """All descendant pids of ``pid`` (Linux /proc), for killing soffice.bin under oosplash."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out: list[int] = []
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            out.append(child)
            stack.append(child)
    return out


class _Instance:
    """One unoserver + LibreOffice pair with its own profile and ports."""

    def __init__(self, index: int, python: str, soffice: str, work_dir: Path, conversion_timeout: float):
        self.index = index
        self.python = python
        self.soffice = soffice
        self.profile = work_dir / f"profile-{index}"
        self.log_path = work_dir / f"unoserver-{index}.log"
        self.pid_file = work_dir / f"soffice-{index}.pid"
        self.conversion_timeout = conversion_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.started_at = 0.0
        self.ready = False

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        self.stop()
        self.port, uno_port = _free_port(), _free_port()
        while uno_port == self.port:
            uno_port = _free_port()
        # A killed LibreOffice leaves a stale lock in its profile; the profile is ours alone.
        with contextlib.suppress(FileNotFoundError):
            (self.profile / ".lock").unlink()
        self.pid_file.unlink(missing_ok=True)
        cmd = [
            self.python, "-c", _REAPER, str(os.getpid()),
            "--interface", "127.0.0.1", "--port", str(self.port),
            "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port),
            "--user-installation", str(self.profile),
            "--executable", self.soffice,
            "--libreoffice-pid-file", str(self.pid_file),
            # The server kills LibreOffice itself if a conversion hangs (we also time out).
            "--conversion-timeout", str(max(1, int(self.conversion_timeout))),
            "--quiet",
        ]
        env = _clean_env({"PYTHONPATH": str(_unoserver_site_dir())})
        with open(self.log_path, "ab") as logf:
            self.proc = _launch(
                cmd, stdin=subprocess.DEVNULL, stdout=logf, stderr=logf, env=env,
                start_new_session=True,  # so we can kill the whole group, and Ctrl-C stays ours
            )
        self.started_at = time.monotonic()
        self.ready = False
        log.info("unoserver %d starting on port %d (pid %d)", self.index, self.port, self.proc.pid)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def ping(self, timeout: float = 2.0) -> bool:
        if not self.alive():
            return False
        proxy = xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.port}", transport=TimeoutTransport(timeout), allow_none=True
        )
        try:
            info = proxy.info()
        except (OSError, xmlrpc.client.Error, http.client.HTTPException):
            return False
        return isinstance(info, dict) and "api" in info

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if not self.alive():
                raise ConversionError(
                    f"LibreOffice (unoserver instance {self.index}) exited during start-up; "
                    f"see {self.log_path}"
                )
            if self.ping(timeout=max(0.5, min(5.0, deadline - time.monotonic()))):
                self.ready = True
                return
            time.sleep(0.25)
        raise ConversionError(
            f"LibreOffice (unoserver instance {self.index}) did not become ready in time; "
            f"see {self.log_path}"
        )

    def soffice_pids(self) -> list[int]:
        """The LibreOffice processes of this instance (for tests and hard kills)."""
        return _descendants(self.proc.pid) if self.proc is not None else []

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        self.ready = False
        if proc is None:
            return
        if proc.poll() is None:
            # SIGTERM to the whole session: unoserver forwards it, soffice.bin exits.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        # LibreOffice may outlive unoserver if unoserver itself was killed.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    # -- work ------------------------------------------------------------------------------
    def convert(self, docx: bytes, filter_options: list[str]) -> bytes:
        client = UnoClient(server="127.0.0.1", port=str(self.port), host_location="remote")
        result = client.convert(
            indata=docx, convert_to="pdf", filtername=_PDF_FILTER, filter_options=filter_options
        )
        if not isinstance(result, bytes | bytearray) or not bytes(result).startswith(b"%PDF"):
            raise ConversionError("LibreOffice returned something that is not a PDF")
        return bytes(result)


class PdfConverter:
    """A pool of warm LibreOffice instances converting DOCX bytes to PDF bytes.

    Thread-safe: each conversion borrows one instance. Instances start lazily on first use.
    """

    def __init__(
        self,
        size: int | None = None,
        *,
        timeout: float = 60.0,
        start_timeout: float = 90.0,
        soffice: str | None = None,
        uno_python: str | None = None,
        allow_fallback: bool = True,
    ) -> None:
        self.size = max(1, size if size is not None else settings().libreoffice_pool)
        self.pid = os.getpid()  # the only process that may use or stop these instances
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.allow_fallback = allow_fallback
        self._soffice = soffice
        self._uno_python = uno_python
        self._lock = threading.Lock()
        self._instances: list[_Instance] = []
        self._idle: queue.Queue[_Instance] = queue.Queue()
        self._work_dir: Path | None = None
        self._pool_error: str | None = None
        self._closed = False
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=self.size, thread_name_prefix="pdfconv"
        )
        atexit.register(self.close)

    # -- public --------------------------------------------------------------------------
    def status(self) -> str | None:
        """None when conversion can work, else a message for the UI."""
        soffice = self._soffice or find_soffice()
        if soffice is None:
            return (
                "LibreOffice is not installed (no 'soffice' on PATH): PDF conversion is unavailable. "
                "Install libreoffice-writer-nogui and fonts-liberation2."
            )
        return None

    @property
    def pool_error(self) -> str | None:
        """Why the warm pool could not start (conversions then use the slow fallback)."""
        return self._pool_error

    @timed_conversion
    def to_pdf(self, docx_bytes: bytes, *, pdfa: bool = False) -> bytes:
        """Convert a DOCX (bytes) to PDF (bytes); ``pdfa=True`` gives PDF/A-2b."""
        return self.convert(docx_bytes, pdfa=pdfa)

    def convert(self, docx_bytes: bytes, *, pdfa: bool = False) -> bytes:
        """``to_pdf`` without counting it in this process's metrics: the conversion service's
        clients count their conversions, so the service must not count them a second time."""
        if self._closed or self.pid != os.getpid():
            raise ConversionError("The PDF converter has been closed or belongs to another process")
        if not docx_bytes.startswith(b"PK"):
            raise ConversionError("The input is not a DOCX file (no ZIP signature)")
        message = self.status()
        if message:
            raise ConversionError(message)
        options = list(_PDFA_OPTIONS) if pdfa else []
        if self._pool_error is None:
            try:
                return self._convert_pooled(docx_bytes, options)
            except _PoolUnavailable as exc:
                self._pool_error = str(exc)
                log.warning("LibreOffice pool unavailable, using one-shot soffice: %s", exc)
            except ConversionError as exc:
                # An instance that failed to (re)start or crashed twice: the user still gets the
                # document, the slow way, rather than an error for a hiccup of the warm pool.
                if not self.allow_fallback:
                    raise
                log.warning("warm LibreOffice failed (%s); converting with a one-shot soffice", exc)
                return convert_once(docx_bytes, pdfa=pdfa, soffice=self._soffice, timeout=self.timeout)
            if not self.allow_fallback:
                raise ConversionError(f"LibreOffice pool could not start: {self._pool_error}")
        elif not self.allow_fallback:
            raise ConversionError(f"LibreOffice pool could not start: {self._pool_error}")
        return convert_once(docx_bytes, pdfa=pdfa, soffice=self._soffice, timeout=self.timeout)

    def instances(self) -> list[_Instance]:
        return list(self._instances)

    def close(self) -> None:
        """Stop every LibreOffice instance, reap it and remove the profiles (in a forked child
        that inherited the pool: only forget it, the instances are the parent's)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            instances, self._instances = self._instances, []
        if self.pid != os.getpid():
            return
        for inst in instances:
            inst.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self._work_dir is not None:
            shutil.rmtree(self._work_dir, ignore_errors=True)
        with contextlib.suppress(Exception):
            atexit.unregister(self.close)

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------
    def _ensure_pool(self) -> None:
        with self._lock:
            if self._instances:
                return
            soffice = self._soffice or find_soffice()
            python = self._uno_python or find_uno_python()
            if soffice is None:
                raise _PoolUnavailable("LibreOffice (soffice) not found")
            if python is None:
                raise _PoolUnavailable(
                    "no Python with the 'uno' module (install python3-uno or set DOSSIER_UNO_PYTHON)"
                )
            self._work_dir = Path(tempfile.mkdtemp(prefix="dossier-lo-"))
            for i in range(self.size):
                inst = _Instance(i, python, soffice, self._work_dir, self.timeout)
                inst.start()  # all start in parallel; each is awaited when first borrowed
                self._instances.append(inst)
                self._idle.put(inst)

    def _convert_pooled(self, docx: bytes, options: list[str]) -> bytes:
        self._ensure_pool()
        inst = self._idle.get()
        try:
            self._make_healthy(inst)
            future = self._executor.submit(inst.convert, docx, options)
            try:
                return future.result(timeout=self.timeout)
            except concurrent.futures.TimeoutError:
                inst.stop()  # unblocks the worker thread (connection drops)
                raise ConversionError(
                    f"PDF conversion timed out after {self.timeout:.0f} s; LibreOffice was restarted"
                ) from None
            except ConversionError:
                raise
            except (OSError, xmlrpc.client.Error, http.client.HTTPException) as exc:
                alive = inst.ping()
                if not alive:
                    inst.stop()
                    # LibreOffice died under this document (or just before it): one retry on a
                    # fresh instance, so a crash that was not caused by the input is invisible.
                    self._make_healthy(inst)
                    try:
                        return inst.convert(docx, options)
                    except (OSError, xmlrpc.client.Error, http.client.HTTPException) as exc2:
                        inst.stop()
                        raise ConversionError(f"LibreOffice failed to convert the document: {exc2}") from exc2
                raise ConversionError(f"LibreOffice failed to convert the document: {exc}") from exc
        finally:
            self._idle.put(inst)

    def _make_healthy(self, inst: _Instance) -> None:
        # Cheap liveness first; the XML-RPC ping catches a LibreOffice that died while
        # unoserver is still tearing down.
        if inst.ready and inst.alive() and inst.ping():
            return
        if not inst.alive() or inst.ready:
            inst.start()
        try:
            inst.wait_ready(inst.started_at + self.start_timeout)
        except ConversionError as exc:
            inst.stop()
            if not any(i.ready for i in self._instances):
                raise _PoolUnavailable(str(exc)) from exc
            raise


class _PoolUnavailable(Exception):
    pass


def convert_once(
    docx_bytes: bytes, *, pdfa: bool = False, soffice: str | None = None, timeout: float = 120.0
) -> bytes:
    """One-shot ``soffice --headless --convert-to pdf`` with a throw-away profile (~1 s)."""
    exe = soffice or find_soffice()
    if exe is None:
        raise ConversionError("LibreOffice is not installed (no 'soffice' on PATH)")
    with tempfile.TemporaryDirectory(prefix="dossier-soffice-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / "document.docx"
        src.write_bytes(docx_bytes)
        target = "pdf:writer_pdf_Export"
        if pdfa:
            # LibreOffice ≥ 7.4 accepts JSON filter data on the command line.
            target += ':{"SelectPdfVersion":{"type":"long","value":"2"}}'
        cmd = [
            exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
            "--convert-to", target, "--outdir", str(tmpdir / "out"), str(src),
        ]
        try:
            done = subprocess.run(
                cmd, capture_output=True, timeout=timeout, env=_clean_env(), start_new_session=True
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"soffice did not finish within {timeout:.0f} s") from exc
        except OSError as exc:
            raise ConversionError(f"could not run soffice: {exc}") from exc
        out = tmpdir / "out" / "document.pdf"
        if done.returncode != 0 or not out.exists():
            err = (done.stderr or done.stdout).decode(errors="replace").strip()[-500:]
            raise ConversionError(f"soffice could not convert the document (exit {done.returncode}): {err}")
        return out.read_bytes()


# -- module-level convenience (one converter per process) ----------------------------------
def _make_default() -> PdfConverter | ServiceConverter:
    url = settings().converter_url
    if url:
        from dossier.signing.convert_service import ServiceConverter

        return ServiceConverter(url)
    return PdfConverter()


_default: PerProcess[PdfConverter | ServiceConverter] = PerProcess(
    _make_default, stale=lambda c: c._closed or c.pid != os.getpid())


def default_converter() -> PdfConverter | ServiceConverter:
    """This process's converter, made on first use (a forked child makes its own): the client of
    the machine's conversion service when ``Settings.converter_url`` names one, else a pool of
    this process's own."""
    return _default.get()


def shutdown_default_converter() -> None:
    """Stop this process's LibreOffice pool (a server's master before it forks its workers)."""
    _default.close()


def pool_state() -> tuple[str | None, str]:
    """(problem or None, a short description) of this process's PDF conversion, for /health:
    nothing is started (a pool starts on first use)."""
    problem = converter_status()
    if problem:
        return problem, ""
    if settings().converter_url:
        from dossier.signing.convert_service import service_state

        return None, service_state(settings().converter_url)
    if find_uno_python() is None:
        return None, "one-shot soffice only (no Python with uno: no warm pool)"
    pool = _default.peek()
    if pool is None:
        return None, "warm pool starts on first conversion"
    if pool.pool_error:
        return None, f"warm pool unavailable, one-shot soffice: {pool.pool_error[:120]}"
    ready = sum(1 for inst in pool.instances() if inst.ready and inst.alive())
    return None, f"{ready} of {pool.size} warm LibreOffice instance(s) ready"


def to_pdf(docx_bytes: bytes, *, pdfa: bool = False) -> bytes:
    """Convert DOCX bytes to PDF bytes with the process-wide converter pool."""
    return default_converter().to_pdf(docx_bytes, pdfa=pdfa)


def converter_status() -> str | None:
    """None when PDF conversion is available, else a message the UI can show."""
    if find_soffice() is None:
        return (
            "LibreOffice is not installed (no 'soffice' on PATH): PDF conversion is unavailable. "
            "Install libreoffice-writer-nogui and fonts-liberation2."
        )
    return None


if __name__ == "__main__":  # pragma: no cover - manual smoke test
    data = Path(sys.argv[1]).read_bytes()
    with PdfConverter(1) as conv:
        sys.stdout.buffer.write(conv.to_pdf(data))
