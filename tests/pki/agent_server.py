"""A local signing agent on loopback, playing the Ban Cơ yếu "VGCA Sign Service" for browser tests.

The page POSTs the plugin's parameters (``FileName``, ``FileUploadHandler``, ``JWTToken``) to
``/vgca_sign_approved``; like the real agent, this one downloads the PDF, signs it with a real key
(one PAdES signature in the prepared field, timestamped by the test TSA when given), uploads the
signed file to the handler and answers with the plugin's callback JSON (``Status`` 0 = done,
``FileServer``: what the server said). CORS answers only the page's own origin.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.pki import agent


def _multipart(data: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"signed.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class LocalAgent:
    """``LocalAgent(signer, origin)``: ``url`` to configure as the app's SIGNING_AGENT_URL; ``stop()``."""

    def __init__(self, signer: Any, origin: str, *, tsa_url: str | None = None, trust_root: Any = None) -> None:
        self.signer, self.origin, self.tsa_url, self.trust_root = signer, origin, tsa_url, trust_root
        self.calls: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    def sign_and_upload(self, params: dict) -> dict:
        self.calls.append(params)
        with urllib.request.urlopen(params["FileName"], timeout=60) as response:  # noqa: S310 - loopback
            prepared = response.read()
        signed = agent.sign(prepared, self.signer, tsa_url=self.tsa_url, trust_root=self.trust_root)
        body, content_type = _multipart(signed)
        request = urllib.request.Request(params["FileUploadHandler"], data=body, method="POST",
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
                server = json.loads(response.read())
        except urllib.error.HTTPError as refused:
            server = json.loads(refused.read())
        return {"Status": 0 if server.get("ok") else 14, "Message": server.get("message", ""),
                "FileName": params["FileName"], "FileServer": server,
                "DocumentNumber": server.get("number", "")}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:  # quiet test output
                pass

            def _cors(self) -> None:
                self.send_header("Access-Control-Allow-Origin", outer.origin)
                self.send_header("Access-Control-Allow-Methods", "POST")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
                self.send_header("Access-Control-Allow-Private-Network", "true")

            def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
                self.send_response(204)
                self._cors()
                self.end_headers()

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                params = json.loads(self.rfile.read(length) or b"{}")
                answer = outer.sign_and_upload(params) if self.path == "/vgca_sign_approved" else {"Status": 28}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
