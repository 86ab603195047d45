"""A real HTTP server playing the provincial gateway that takes edXML packages by POST.

It keeps one copy per message id (a repeat answers 409, as a gateway that recognises a resend
does), can be taken down and brought back on the same port, and can be told to go down after a
number of packages, to test delivery that breaks off half-way.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Gateway:
    token: str = "gateway-secret"
    received: dict[str, bytes] = field(default_factory=dict)  # message id → package
    deliveries: Counter = field(default_factory=Counter)  # organ id → packages kept
    posts: int = 0  # every POST, repeats included
    down_after: int | None = None  # answer 503 once this many packages are kept
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/edxml"

    def start(self) -> Gateway:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def accept(self, message_id: str, organ_id: str, body: bytes) -> int:
        with self._lock:
            self.posts += 1
            if message_id in self.received:
                return 409
            if self.down_after is not None and len(self.received) >= self.down_after:
                return 503
            self.received[message_id] = body
            self.deliveries[organ_id] += 1
            return 201


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Authorization") != f"Bearer {gateway.token}":
                code = 401
            elif not self.headers.get("X-Message-Id") or not body.startswith(b"<?xml"):
                code = 400
            else:
                code = gateway.accept(self.headers["X-Message-Id"], self.headers.get("X-To-Organ-Id", ""), body)
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    return Handler
