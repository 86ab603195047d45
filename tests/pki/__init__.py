"""A real test PKI on loopback: root and issuing CA, OCSP responder, CRLs and an RFC 3161 TSA.

Certomancer (the test PKI pyHanko's own suite uses) builds the certificates from a configuration
written here with dates relative to today, and its Animator (a WSGI app) answers OCSP, CRL and
timestamp requests; werkzeug serves it on 127.0.0.1 on a free port, in a thread. The URLs in
the certificates (AIA, CRL distribution points) point at that server, so pyHanko fetches
revocation data over real HTTP exactly as it would from a Vietnamese CA.

The server's clock can be moved (``PkiServer.clock``): the responders then answer as they would
at that moment, which lets a test sign today and check a revocation that happens "later".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ARCH = "vn-test"
ORG = "Sở Công Thương tỉnh Hà Giang"
LEADER = "Nguyễn Thị Hồng Nhung"

# label → (common name, organisation unit); every one is issued by the issuing CA "ca".
SIGNERS = {
    "leader": (LEADER, "Ban Giám đốc"),
    "leader-revoked": (LEADER, "Ban Giám đốc"),     # revoked yesterday
    "leader-later": (LEADER, "Ban Giám đốc"),       # revoked one day from now
    "other": ("Trần Văn Bình", "Phòng Kế hoạch"),
    "seal": (ORG, None),
}
KEYS = ("root", "ca", "ocsp", "tsa", *SIGNERS)


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _usage(*names: str) -> dict:
    return {"id": "key_usage", "critical": True, "smart-value": {"schema": "key-usage", "params": list(names)}}


def _config(prefix: str, now: dt.datetime) -> dict:
    long = {"valid-from": _iso(now - dt.timedelta(days=3650)), "valid-to": _iso(now + dt.timedelta(days=3650))}
    short = {"valid-from": _iso(now - dt.timedelta(days=30)), "valid-to": _iso(now + dt.timedelta(days=700))}
    leaf_ext = [
        _usage("digital_signature", "non_repudiation"),
        {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url",
                                                          "params": {"crl-repo-names": ["ca"]}}},
        {"id": "authority_information_access", "smart-value": {"schema": "aia-urls",
                                                               "params": {"ocsp-responder-names": ["ca"]}}},
    ]
    entities = {"root": {"common-name": "Test Root CA (Ban Cơ yếu thử nghiệm)"},
                "ca": {"common-name": "Test Issuing CA"},
                "ocsp": {"common-name": "Test OCSP Responder"},
                "tsa": {"common-name": "Test Time Stamping Authority"}}
    certs: dict = {
        "root": {"subject": "root", "issuer": "root", "validity": long, "extensions": [
            {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
            _usage("digital_signature", "key_cert_sign", "crl_sign")]},
        "ca": {"issuer": "root", "validity": long, "extensions": [
            {"id": "basic_constraints", "critical": True, "value": {"ca": True, "path-len-constraint": 0}},
            _usage("digital_signature", "key_cert_sign", "crl_sign"),
            {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url",
                                                              "params": {"crl-repo-names": ["root"]}}}]},
        "ocsp": {"issuer": "ca", "validity": long, "extensions": [
            _usage("digital_signature"),
            {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
            {"id": "ocsp_no_check"}]},
        "tsa": {"issuer": "root", "validity": long, "extensions": [
            _usage("digital_signature"),
            {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
            {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url",
                                                              "params": {"crl-repo-names": ["root"]}}}]},
    }
    for label, (cn, unit) in SIGNERS.items():
        entities[label] = {"common-name": cn, **({"organizational-unit-name": unit} if unit else {})}
        certs[label] = {"subject": label, "issuer": "ca", "validity": short, "extensions": leaf_ext}
    certs["leader-revoked"]["revocation"] = {"revoked-since": _iso(now - dt.timedelta(days=1)),
                                             "reason": "key_compromise"}
    certs["leader-later"]["revocation"] = {"revoked-since": _iso(now + dt.timedelta(days=1)),
                                           "reason": "key_compromise"}
    return {
        "external-url-prefix": prefix,
        "keysets": {ARCH: {"path-prefix": "keys", "keys": {k: {"path": f"{k}.key.pem"} for k in KEYS}}},
        "pki-architectures": {ARCH: {
            "keyset": ARCH,
            "entity-defaults": {"country-name": "VN", "organization-name": ORG},
            "entities": entities,
            "certs": certs,
            "services": {
                "ocsp": {"ca": {"for-issuer": "ca", "responder-cert": "ocsp", "signing-key": "ocsp"}},
                "crl-repo": {"root": {"for-issuer": "root", "signing-key": "root",
                                      "simulated-update-schedule": "P30D"},
                             "ca": {"for-issuer": "ca", "signing-key": "ca", "simulated-update-schedule": "P7D"}},
                "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
            },
        }},
    }


def _write_keys(directory: Path) -> dict[str, rsa.RSAPrivateKey]:
    directory.mkdir(parents=True, exist_ok=True)
    keys = {}
    for label in KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (directory / f"{label}.key.pem").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        keys[label] = key
    return keys


@dataclass
class PkiServer:
    """The running test PKI. ``clock`` (UTC) is the time the responders answer at; None = now."""

    url: str
    config: object  # certomancer's CertomancerConfig (the CSC dummy serves the same PKI)
    arch: object
    animator: object
    keys: dict
    _server: object
    _thread: threading.Thread

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    def cert(self, label: str) -> x509.Certificate:
        from certomancer.registry import CertLabel

        return x509.load_der_x509_certificate(self.arch.get_cert(CertLabel(label)).dump())

    @property
    def root(self) -> x509.Certificate:
        return self.cert("root")

    @property
    def issuing_ca(self) -> x509.Certificate:
        return self.cert("ca")

    def key(self, label: str) -> rsa.RSAPrivateKey:
        return self.keys[label]

    def signer(self, label: str):
        """A PKCS#12 signer (software key) for one of the test certificates."""
        from dossier.signing.signer import Pkcs12Signer

        return Pkcs12Signer.from_key_and_cert(self.key(label), self.cert(label), [self.issuing_ca, self.root])

    def set_clock(self, moment: dt.datetime | None) -> None:
        self.animator.fixed_time = moment

    @contextlib.contextmanager
    def clock(self, moment: dt.datetime):
        """The responders answer as at ``moment`` inside the block."""
        self.set_clock(moment)
        try:
            yield
        finally:
            self.set_clock(None)

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


def start_pki(directory: Path) -> PkiServer:
    """Generate keys in ``directory``, build the PKI and serve it on a free loopback port."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import ArchLabel, CertomancerConfig
    from werkzeug.serving import make_server

    keys = _write_keys(directory / "keys")
    holder: dict = {}

    def app(environ, start_response):  # the animator exists only once the port is known
        return holder["animator"](environ, start_response)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    config = CertomancerConfig(_config(url, now), key_search_dir=str(directory))
    arch = config.get_pki_arch(ArchLabel(ARCH))
    animator = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    holder["animator"] = animator
    thread = threading.Thread(target=server.serve_forever, name="test-pki", daemon=True)
    thread.start()
    return PkiServer(url=url, config=config, arch=arch, animator=animator, keys=keys, _server=server, _thread=thread)
