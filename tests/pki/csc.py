"""The Cloud Signature Consortium API test server (PyPI ``certomancer-csc-dummy``) on loopback.

It serves every certificate of the test PKI as a credential named ``<arch>/<label>`` and signs
hashes with the matching key, after the client has obtained a SAD bound to those hashes
(``credentials/authorize``). aiohttp runs it on its own event loop in a thread.
"""

from __future__ import annotations

import asyncio
import threading
import warnings
from dataclasses import dataclass


@dataclass
class CscServer:
    url: str
    _loop: asyncio.AbstractEventLoop
    _runner: object
    _thread: threading.Thread

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


def start_csc(certomancer_config) -> CscServer:
    from aiohttp import web
    from csc_dummy.csc_dummy_server import CSCWithCertomancer, DummyServiceParams

    with warnings.catch_warnings():  # the dummy keys its aiohttp app with plain strings
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        csc = CSCWithCertomancer(certomancer_config, service_params=DummyServiceParams(hash_pinning_required=True))
        csc.register_routes()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(csc.app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, name="csc-dummy", daemon=True)
    thread.start()
    return CscServer(url=f"http://127.0.0.1:{port}", _loop=loop, _runner=runner, _thread=thread)
