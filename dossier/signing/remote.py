"""Remote signing: the key lives at a signing service, we send a hash and get a signature back.

Two shapes of service, one pyHanko external signer (:class:`_HashSigner`, a ``Signer`` with
``async_sign_raw``):

* **CSC** — the Cloud Signature Consortium API v1 (``credentials/info``, ``credentials/authorize``
  → SAD, ``signatures/signHash``), spoken by pyHanko's own ``csc_signer`` client. The PIN or the
  OTP the user receives on the phone authorises exactly the hash being signed.
* **SmartCA** — VNPT SmartCA's flow (``credentials/get_certificate``, ``signatures/sign`` with
  the hash, then ``signatures/sign/{transaction_id}/status`` polled while the user confirms in
  the SmartCA app). Field names follow VNPT's public samples; which status values and encodings
  the production gateway uses must be confirmed against its UAT environment.

Whatever the service returns is checked against the certificate's public key before it goes
into the PDF: a service that signs with another key than the certificate it announced is
refused (:class:`WrongCertificateError`), as is a certificate that is not the one registered for
the user.
"""

from __future__ import annotations

import asyncio
import base64
import time
import uuid
from dataclasses import dataclass
from typing import Protocol

import aiohttp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from pyhanko.sign import signers as ph_signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from dossier.signing import loopsafe
from dossier.signing.errors import CertificateError, SigningError
from dossier.signing.signer import HeldCertificate
from dossier.signing.trust import from_asn1, to_asn1

_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class RemoteSigningError(SigningError):
    """The signing service could not be reached or answered something unusable."""

    code = "remote_signing_failed"
    message = "Dịch vụ ký số từ xa không phản hồi hoặc trả lời không hợp lệ; vui lòng thử lại sau."


class SignatureRefused(RemoteSigningError):
    """The user refused the request on the phone (or the service refused it)."""

    code = "remote_signing_refused"
    message = "Người ký đã từ chối yêu cầu ký trên điện thoại."


class SignatureTimedOut(RemoteSigningError):
    """The user did not confirm within the allowed time."""

    code = "remote_signing_timed_out"
    message = "Hết thời gian chờ người ký xác nhận trên điện thoại; yêu cầu ký đã hủy."


class WrongCertificateError(CertificateError):
    """The service's certificate is not the user's, or its signature is not by that certificate."""

    code = "wrong_certificate"
    message = "Chứng thư số của dịch vụ ký không phải chứng thư đã đăng ký cho người dùng này."


class HashSigningService(Protocol):
    """One user's credential at a remote signing service."""

    async def certificates(self, session: aiohttp.ClientSession) -> tuple[x509.Certificate, list[x509.Certificate]]:
        """The signing certificate and its chain."""
        ...

    async def sign_digest(self, session: aiohttp.ClientSession, digest: bytes, digest_algorithm: str,
                          certificate: x509.Certificate) -> bytes:
        """The raw signature (PKCS#1 v1.5 for RSA) over ``digest``; waits for the user's confirmation."""
        ...


def check_signature(cert: x509.Certificate, signature: bytes, digest: bytes, digest_algorithm: str) -> None:
    """Refuse a signature that the certificate's key did not make over this digest."""
    algo = utils.Prehashed(_HASHES[digest_algorithm]())
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, digest, padding.PKCS1v15(), algo)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, digest, ec.ECDSA(algo))
        else:
            raise WrongCertificateError(f"Unsupported key type in the certificate: {type(key).__name__}")
    except InvalidSignature as exc:
        raise WrongCertificateError(
            "The signing service returned a signature that the certificate's key did not make") from exc


class _HashSigner(ph_signers.Signer):
    """pyHanko external signer: hash locally, sign remotely, check the answer."""

    def __init__(self, service: HashSigningService, cert: x509.Certificate, chain: list[x509.Certificate]) -> None:
        store = SimpleCertificateStore.from_certs([to_asn1(c) for c in chain])
        super().__init__(signing_cert=to_asn1(cert), cert_registry=store)
        self._service = service
        self._cert = cert

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:  # size estimate only: never bother the user's phone for it
            return bytes(self._cert.public_key().key_size // 8 + 16)
        digester = hashes.Hash(_HASHES[digest_algorithm]())
        digester.update(data)
        digest = digester.finalize()
        async with aiohttp.ClientSession() as session:
            signature = await self._service.sign_digest(session, digest, digest_algorithm, self._cert)
        check_signature(self._cert, signature, digest, digest_algorithm)
        return signature


class RemoteSigner(HeldCertificate):
    """A :class:`dossier.signing.signer.Signer` for one credential at a remote service."""

    def __init__(self, service: HashSigningService, *, expected_certificate: x509.Certificate | None = None) -> None:
        cert, chain = loopsafe.call(asyncio.run, _fetch_certificates(service))
        if expected_certificate is not None and cert != expected_certificate:
            raise WrongCertificateError(
                f"The signing service's certificate (serial {cert.serial_number:X}) is not the one registered "
                f"for this user (serial {expected_certificate.serial_number:X})")
        self._cert, self._chain = cert, chain
        self._ph = _HashSigner(service, cert, chain)

    def pyhanko_signer(self) -> ph_signers.Signer:
        return self._ph

    def close(self) -> None:
        pass


async def _fetch_certificates(service: HashSigningService):
    async with aiohttp.ClientSession() as session:
        return await service.certificates(session)


async def _post_json(session: aiohttp.ClientSession, url: str, body: dict, *, timeout: float,
                     headers: dict | None = None) -> dict:
    try:
        async with session.post(url, json=body, headers=headers,
                                timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            if response.status >= 400:
                text = (await response.text())[:300]
                raise RemoteSigningError(f"The signing service answered HTTP {response.status}: {text}")
            return await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise RemoteSigningError(f"The signing service at {url} cannot be reached: {exc}") from exc


# --- CSC API v1 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CscService:
    """A credential at a Cloud Signature Consortium API v1 service."""

    service_url: str  # the part before /csc/v1/...
    credential_id: str
    pin: str | None = None
    otp: str | None = None
    oauth_token: str | None = None
    timeout: float = 30.0

    def _session_info(self):
        from pyhanko.sign.signers.csc_signer import CSCServiceSessionInfo

        return CSCServiceSessionInfo(self.service_url, self.credential_id, oauth_token=self.oauth_token)

    def _headers(self) -> dict | None:
        return {"Authorization": f"Bearer {self.oauth_token}"} if self.oauth_token else None

    async def certificates(self, session):
        from pyhanko.sign.signers.csc_signer import fetch_certs_in_csc_credential

        try:
            info = await fetch_certs_in_csc_credential(session, self._session_info(), timeout=int(self.timeout))
        except Exception as exc:  # pyHanko wraps HTTP and JSON problems in SigningError
            raise RemoteSigningError(f"The CSC credential {self.credential_id!r} cannot be read: {exc}") from exc
        cert = from_asn1(info.signing_cert)
        chain = [from_asn1(c) for c in info.chain if c.dump() != info.signing_cert.dump()]
        return cert, chain

    async def sign_digest(self, session, digest, digest_algorithm, certificate):
        from asn1crypto import algos

        hash_b64 = base64.b64encode(digest).decode()
        base = f"{self.service_url}/csc/v1"
        authorize = {"credentialID": self.credential_id, "numSignatures": 1, "hash": [hash_b64]}
        if self.pin is not None:
            authorize["PIN"] = self.pin
        if self.otp is not None:
            authorize["OTP"] = self.otp
        sad = (await _post_json(session, f"{base}/credentials/authorize", authorize, timeout=self.timeout,
                                headers=self._headers())).get("SAD")
        if not sad:
            raise SignatureRefused("The CSC service did not authorise the signature (no SAD)")
        key_kind = "rsa" if isinstance(certificate.public_key(), rsa.RSAPublicKey) else "ecdsa"
        sign_algo = algos.SignedDigestAlgorithmId(f"{digest_algorithm}_{key_kind}").dotted
        body = {"credentialID": self.credential_id, "SAD": sad, "hash": [hash_b64], "signAlgo": sign_algo}
        answer = await _post_json(session, f"{base}/signatures/signHash", body, timeout=self.timeout,
                                  headers=self._headers())
        try:
            return base64.b64decode(answer["signatures"][0])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise RemoteSigningError(f"The CSC service's answer has no signature: {answer!r:.200}") from exc


# --- VNPT SmartCA shape -----------------------------------------------------------------------


@dataclass(frozen=True)
class SmartCaService:
    """A user's certificate at a SmartCA-shaped gateway (hash signing, confirmation in the app)."""

    base_url: str  # e.g. https://gwsca.vnpt.vn/sca/sp769/v1
    sp_id: str
    sp_password: str
    user_id: str
    serial_number: str | None = None
    poll_interval: float = 10.0
    confirm_timeout: float = 240.0  # VNPT's sample polls 24 × 10 s
    request_timeout: float = 30.0

    def _auth(self) -> dict:
        return {"sp_id": self.sp_id, "sp_password": self.sp_password, "user_id": self.user_id}

    async def certificates(self, session):
        answer = await _post_json(session, f"{self.base_url}/credentials/get_certificate",
                                  {**self._auth(), "serial_number": self.serial_number,
                                   "transaction_id": uuid.uuid4().hex}, timeout=self.request_timeout)
        found = [c for c in answer.get("user_certificates") or []
                 if self.serial_number is None or c.get("serial_number", "").upper() == self.serial_number.upper()]
        if not found:
            raise RemoteSigningError(f"SmartCA has no certificate for user {self.user_id!r}")
        entry = found[0]
        try:
            cert = x509.load_der_x509_certificate(base64.b64decode(entry["cert_data"]))
            chain = [x509.load_der_x509_certificate(base64.b64decode(v))
                     for v in (entry.get("chain_data") or {}).values() if v]
        except (KeyError, ValueError) as exc:
            raise RemoteSigningError(f"SmartCA returned an unreadable certificate: {exc}") from exc
        return cert, chain

    async def sign_digest(self, session, digest, digest_algorithm, certificate):
        transaction_id = uuid.uuid4().hex
        doc_id = uuid.uuid4().hex
        started = await _post_json(session, f"{self.base_url}/signatures/sign", {
            **self._auth(), "serial_number": self.serial_number or format(certificate.serial_number, "x"),
            "transaction_id": transaction_id,
            "sign_files": [{"data_to_be_signed": base64.b64encode(digest).decode(), "doc_id": doc_id,
                            "file_type": "pdf", "sign_type": "hash"}],
        }, timeout=self.request_timeout)
        transaction_id = started.get("transaction_id") or transaction_id
        return await self._wait_for_confirmation(session, transaction_id, doc_id)

    async def _wait_for_confirmation(self, session, transaction_id: str, doc_id: str) -> bytes:
        deadline = time.monotonic() + self.confirm_timeout
        url = f"{self.base_url}/signatures/sign/{transaction_id}/status"
        while True:
            answer = await _post_json(session, url, self._auth(), timeout=self.request_timeout)
            status = answer.get("status")
            if status == "confirmed":
                return _smartca_signature(answer, doc_id)
            if status in ("rejected", "refused", "cancelled"):
                raise SignatureRefused("The signer refused the request in the SmartCA app")
            if status == "expired":
                raise SignatureTimedOut("The signing request expired at SmartCA before it was confirmed")
            if time.monotonic() + self.poll_interval > deadline:
                raise SignatureTimedOut(
                    f"The signer did not confirm in the SmartCA app within {self.confirm_timeout:g} s")
            await asyncio.sleep(self.poll_interval)


def _smartca_signature(answer: dict, doc_id: str) -> bytes:
    for entry in answer.get("signatures") or []:
        if entry.get("doc_id") == doc_id and entry.get("signature_value"):
            try:
                return base64.b64decode(entry["signature_value"])
            except ValueError as exc:
                raise RemoteSigningError("SmartCA returned an unreadable signature") from exc
    raise RemoteSigningError("SmartCA confirmed the transaction but returned no signature for the document")
