"""A SmartCA-shaped remote signing gateway, written here for the tests (werkzeug, on loopback).

Endpoints as in VNPT's public samples: ``credentials/get_certificate``, ``signatures/sign`` (the
hash), ``signatures/sign/{transaction_id}/status`` (polled). The "phone" is this object: each
user has a behaviour — confirm after N polls, refuse, never answer (time-out), or sign with a
key other than the certificate's — and the signatures are made with the test PKI's real keys.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils
from cryptography.hazmat.primitives.serialization import Encoding

SP_ID, SP_PASSWORD = "so-cong-thuong", "sp-secret"


@dataclass
class Account:
    label: str  # certificate/key label in the test PKI
    behaviour: str = "confirm"  # confirm | refuse | ignore | wrong_key
    polls_before_answer: int = 2


@dataclass
class SmartCaServer:
    pki: object
    accounts: dict[str, Account] = field(default_factory=dict)
    transactions: dict[str, dict] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    url: str = ""
    _server: object = None
    _thread: threading.Thread | None = None

    def app(self, environ, start_response):
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        path = request.path.rstrip("/")
        self.requests.append(path)
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError:
            body = {}
        if (body.get("sp_id"), body.get("sp_password")) != (SP_ID, SP_PASSWORD):
            response = Response(json.dumps({"message": "sai thông tin SP"}), status=401)
        elif path.endswith("/credentials/get_certificate"):
            response = self._certificates(body)
        elif path.endswith("/signatures/sign"):
            response = self._start(body)
        elif path.endswith("/status"):
            response = self._status(path.split("/")[-2])
        else:
            response = Response("not found", status=404)
        response.content_type = "application/json"
        return response(environ, start_response)

    def _certificates(self, body):
        from werkzeug.wrappers import Response

        account = self.accounts.get(body.get("user_id"))
        if account is None:
            return Response(json.dumps({"user_certificates": []}))
        cert = self.pki.cert(account.label)
        b64 = lambda c: base64.b64encode(c.public_bytes(Encoding.DER)).decode()  # noqa: E731
        return Response(json.dumps({"user_certificates": [{
            "service_type": "SMARTCA", "cert_id": account.label, "cert_data": b64(cert),
            "cert_subject": cert.subject.rfc4514_string(), "serial_number": format(cert.serial_number, "x"),
            "chain_data": {"ca_cert": b64(self.pki.issuing_ca), "root_cert": b64(self.pki.root)},
        }]}))

    def _start(self, body):
        from werkzeug.wrappers import Response

        account = self.accounts.get(body.get("user_id"))
        if account is None or not body.get("sign_files"):
            return Response(json.dumps({"message": "không có người dùng"}), status=400)
        tid = body["transaction_id"]
        self.transactions[tid] = {"account": account, "files": body["sign_files"], "polls": 0}
        return Response(json.dumps({"transaction_id": tid, "tran_code": "1"}))

    def _status(self, tid):
        from werkzeug.wrappers import Response

        tx = self.transactions.get(tid)
        if tx is None:
            return Response(json.dumps({"message": "không có giao dịch"}), status=404)
        tx["polls"] += 1
        account = tx["account"]
        if account.behaviour == "ignore" or tx["polls"] <= account.polls_before_answer:
            return Response(json.dumps({"status": "pending"}))
        if account.behaviour == "refuse":
            return Response(json.dumps({"status": "rejected"}))
        key = self.pki.key("other" if account.behaviour == "wrong_key" else account.label)
        signatures = [{"doc_id": f["doc_id"], "signature_value": base64.b64encode(key.sign(
            base64.b64decode(f["data_to_be_signed"]), padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))).decode()}
            for f in tx["files"]]
        return Response(json.dumps({"status": "confirmed", "signatures": signatures}))

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


def start_smartca(pki) -> SmartCaServer:
    from werkzeug.serving import make_server

    gateway = SmartCaServer(pki=pki)
    server = make_server("127.0.0.1", 0, gateway.app, threaded=True)
    gateway.url = f"http://127.0.0.1:{server.server_port}/sca/sp769/v1"
    gateway._server = server
    gateway._thread = threading.Thread(target=server.serve_forever, name="smartca", daemon=True)
    gateway._thread.start()
    return gateway
