"""One LibreOffice pool for every process of a server: the conversion service and its client.

Why: a pool per process made every gunicorn worker and every job worker start its own
LibreOffice (~200 MB each; 2 web workers and a job worker held three for one machine's two
cores). The service is one process holding one ``PdfConverter`` (``Settings.libreoffice_pool``
instances, default 1); every other process of the server converts through it over XML-RPC on a
loopback port (the standard library's server and client: no new dependency, the same protocol
unoserver speaks one level down).

Why a process of its own rather than the unoserver ports themselves: an instance converts one
document at a time, is restarted when it dies, and is killed when a conversion hangs. Only the
process that started it may do that (it owns the process group and the parent-death signal), so
the borrowing, the health checks and the time-outs stay in one place, ``PdfConverter``, and the
clients only send bytes. A client killed with -9 mid-conversion only drops its connection: the
service finishes that document, fails to answer, and serves the next.

Processes that never outlive the server: the service is started by ``dossier serve`` /
``run-demo`` (``dossier.cli.convert``) with a parent-death signal, and its LibreOffice instances
have theirs (``convert._REAPER``): SIGTERM, SIGINT or the server's death stop the pool, and a
SIGKILL of the service takes its instances with it.

A client whose service does not answer (not started, restarting) converts with a one-shot
``soffice`` as a pool that cannot start does, and says so in the log; a conversion the service
refuses or that times out is a ``ConversionError`` with the service's message.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import signal
import socketserver
import threading
import xmlrpc.client
from typing import Any
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

from dossier.metrics import timed_conversion
from dossier.signing.convert import PdfConverter, TimeoutTransport, convert_once, converter_status
from dossier.signing.errors import ConversionError

log = logging.getLogger(__name__)

# A client waits for the documents queued before its own in the service, then for its own
# (each at most the pool's 60 s time-out): longer than a gunicorn worker's 120 s time-out, so
# a web request is cut by gunicorn first and a job worker waits it out.
CLIENT_TIMEOUT = 180.0


class _Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.debug("conversion service: " + format, *args)


class _Server(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    """One thread per client connection; the pool's queue lets one document per instance through."""

    daemon_threads = True
    allow_reuse_address = True  # a restarted service takes the same port back at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client killed or timed out mid-conversion: its answer has nowhere to go.
        log.info("conversion service: a client went away before its answer (%s)", client_address)


def serve_conversions(port: int, *, size: int | None = None) -> None:
    """Serve conversions on 127.0.0.1:``port`` until SIGTERM or SIGINT, then stop the pool."""
    pool = PdfConverter(size)
    server = _Server(("127.0.0.1", port), requestHandler=_Handler, allow_none=True, logRequests=False)

    def convert(data: xmlrpc.client.Binary, pdfa: bool) -> xmlrpc.client.Binary:
        try:
            return xmlrpc.client.Binary(pool.convert(data.data, pdfa=bool(pdfa)))
        except ConversionError as exc:
            raise xmlrpc.client.Fault(1, str(exc)) from exc

    server.register_function(convert, "convert")
    server.register_function(lambda: _pool_state(pool), "state")

    def stop(_signum: int, _frame: Any) -> None:
        # shutdown() waits for serve_forever, which runs in this (the main) thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("conversion service on 127.0.0.1:%d, %d LibreOffice instance(s)", port, pool.size)
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
        pool.close()


def _pool_state(pool: PdfConverter) -> dict[str, Any]:
    ready = sum(1 for inst in pool.instances() if inst.ready and inst.alive())
    procs = [proc for proc in (inst.proc for inst in pool.instances()) if proc is not None]  # one read each
    return {"size": pool.size, "ready": ready, "pool_error": pool.pool_error or "", "pid": os.getpid(),
            "unoserver": [proc.pid for proc in procs],
            "libreoffice": sorted(p for inst in pool.instances() for p in inst.soffice_pids())}


class ServiceConverter:
    """The client of the machine's conversion service, in ``PdfConverter``'s place.

    Holds no connection between calls (each call is one HTTP request on loopback), so it is
    safe across threads; it belongs to its process only so that a forked child makes its own.
    """

    def __init__(self, url: str, *, timeout: float = CLIENT_TIMEOUT, allow_fallback: bool = True) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.allow_fallback = allow_fallback
        self.pid = os.getpid()
        self._closed = False

    @property
    def pool_error(self) -> str | None:
        return None  # the pool is the service's: see service_state

    def status(self) -> str | None:
        return converter_status()

    @timed_conversion
    def to_pdf(self, docx_bytes: bytes, *, pdfa: bool = False) -> bytes:
        """Convert a DOCX (bytes) to PDF (bytes) in the service; ``pdfa=True`` gives PDF/A-2b."""
        if not docx_bytes.startswith(b"PK"):
            raise ConversionError("The input is not a DOCX file (no ZIP signature)")
        message = self.status()
        if message:
            raise ConversionError(message)
        try:
            result = self._proxy(self.timeout).convert(xmlrpc.client.Binary(docx_bytes), pdfa)
        except xmlrpc.client.Fault as exc:
            raise ConversionError(exc.faultString) from exc
        except TimeoutError as exc:
            # The service is busy, not gone: a one-shot soffice here would only add to its load.
            raise ConversionError(f"the PDF conversion service did not answer within {self.timeout:.0f} s") from exc
        except (ConnectionError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            if not self.allow_fallback:
                raise ConversionError(f"the PDF conversion service at {self.url} is unreachable: {exc}") from exc
            log.warning("PDF conversion service at %s unreachable (%s); converting with a one-shot soffice",
                        self.url, exc)
            return convert_once(docx_bytes, pdfa=pdfa)
        return bytes(result.data)

    def state(self, timeout: float = 2.0) -> dict[str, Any] | None:
        """The service's pool (size, ready instances, LibreOffice pids), None when it does not answer."""
        try:
            return dict(self._proxy(timeout).state())
        except (OSError, http.client.HTTPException, xmlrpc.client.Error):
            return None

    def close(self) -> None:
        self._closed = True  # nothing to stop: the instances are the service's

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"{self.url}/RPC2", transport=TimeoutTransport(timeout),
                                         allow_none=True)


def service_state(url: str) -> str:
    """A short description of the conversion service for /health (bounded: 2 s)."""
    state = ServiceConverter(url).state()
    if state is None:
        return "conversion service not answering: one-shot soffice until it is back"
    if state["pool_error"]:
        return f"conversion service without warm pool, one-shot soffice: {state['pool_error'][:120]}"
    if not state["ready"]:
        return "conversion service up; its warm pool starts on first conversion"
    return f"{state['ready']} of {state['size']} warm LibreOffice instance(s) ready in the conversion service"


def main(argv: list[str] | None = None) -> None:
    """``python -m dossier.signing.convert_service --port P [--exit-with PID]``, which ``dossier
    serve`` starts: the ``dossier`` command would load every area of the product (~90 MB of
    memory for the service instead of ~26)."""
    parser = argparse.ArgumentParser(description="the machine's PDF conversion service")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--exit-with", type=int, help="stop when this process (the server) dies")
    args = parser.parse_args(argv)
    if args.exit_with:
        from dossier.child_processes import die_with_parent

        die_with_parent(args.exit_with)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("unoserver").setLevel(logging.WARNING)  # three lines per document otherwise
    serve_conversions(args.port)


if __name__ == "__main__":
    main()
