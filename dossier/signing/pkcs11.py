"""Signing with a key held in a PKCS#11 module: a USB token or an HSM (pyHanko + python-pkcs11).

The key never leaves the module: pyHanko sends the digest to the token (C_Sign) and gets the
signature back. The PIN is typed by the signer for each signature and is only ever passed to
C_Login; nothing stores it. The certificate is read from the token (as on the Ban Cơ yếu,
VNPT-CA and Viettel-CA tokens, which carry it beside the key), or given by the caller when the
token holds only the key.

Tested against SoftHSM2 (Debian ``softhsm2``), a real PKCS#11 module, with a token the tests
initialise.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cryptography import x509
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import pkcs11 as ph_pkcs11
from pyhanko.sign import signers as ph_signers

from dossier.signing.errors import SigningError, WrongPasswordError
from dossier.signing.signer import HeldCertificate
from dossier.signing.trust import from_asn1, to_asn1


class TokenError(SigningError):
    """The PKCS#11 module, the token or the key on it cannot be used."""

    code = "token_unusable"
    message = "Không dùng được thiết bị ký số (USB token/HSM): kiểm tra thiết bị đã cắm và đúng chứng thư."


class WrongPinError(WrongPasswordError):
    """The token refused the PIN (or the PIN is locked)."""

    code = "wrong_pin"
    message = "Mã PIN của thiết bị ký số không đúng (hoặc đã bị khóa)."


@dataclass(frozen=True)
class TokenConfig:
    """Where one signer's key is: module path, token label, key (and certificate) label."""

    module: str
    token_label: str
    key_label: str
    cert_label: str | None = None  # default: the key's label


# PKCS#11 keeps the login per application and token, not per session: while one signature of
# this process is logged in, a second C_Login fails (CKR_USER_ALREADY_LOGGED_IN) and closing the
# last session logs the other out. So one signature at a time per token in a process; every PIN is
# still checked by the token itself. Other processes are other applications to the module.
TOKEN_WAIT_SECONDS = 60.0
_token_locks: dict[tuple[str, str], threading.Lock] = {}
_token_locks_guard = threading.Lock()


def _token_lock(config: TokenConfig) -> threading.Lock:
    with _token_locks_guard:
        return _token_locks.setdefault((config.module, config.token_label), threading.Lock())


class TokenBusyError(TokenError):
    code = "token_busy"
    message = "Thiết bị ký số đang được dùng cho chữ ký khác; hãy thử lại sau ít phút."


def _open_session(config: TokenConfig, pin: str):
    import pkcs11.exceptions as p11_errors

    try:
        return ph_pkcs11.open_pkcs11_session(config.module, token_criteria=TokenCriteria(label=config.token_label),
                                             user_pin=pin)
    except (p11_errors.PinIncorrect, p11_errors.PinLenRange, p11_errors.PinInvalid) as exc:
        raise WrongPinError("The token refused the PIN") from exc
    except p11_errors.PinLocked as exc:
        raise WrongPinError("The token's PIN is locked; ask the CA to unlock it") from exc
    except (p11_errors.PKCS11Error, ph_pkcs11.PKCS11Error, OSError, RuntimeError) as exc:
        raise TokenError(f"The token {config.token_label!r} cannot be opened: {exc}") from exc


class Pkcs11Signer(HeldCertificate):
    """A :class:`dossier.signing.signer.Signer` whose key stays in a PKCS#11 module."""

    def __init__(self, config: TokenConfig, pin: str, *, certificate: x509.Certificate | None = None,
                 chain: list[x509.Certificate] | None = None) -> None:
        self._config = config
        self._session = None
        self._lock = _token_lock(config)
        if not self._lock.acquire(timeout=TOKEN_WAIT_SECONDS):
            raise TokenBusyError(f"The token {config.token_label!r} stayed busy for {TOKEN_WAIT_SECONDS:.0f} s")
        self._locked = True
        try:
            self._session = _open_session(config, pin)
        except BaseException:
            self._release()
            raise
        try:
            self._ph = ph_pkcs11.PKCS11Signer(
                self._session, key_label=config.key_label,
                cert_label=None if certificate else (config.cert_label or config.key_label),
                signing_cert=to_asn1(certificate) if certificate else None,
                ca_chain=[to_asn1(c) for c in chain] if chain is not None else None,
                other_certs_to_pull=None if chain is None else (),  # None: every certificate on the token
            )
            cert = self._ph.signing_cert  # fetched now, so a missing key or certificate fails here
            if cert is None:
                raise TokenError("The token has no certificate for this key")
        except SigningError:
            self.close()
            raise
        except Exception as exc:  # python-pkcs11 and pyHanko raise many error types here
            self.close()
            raise TokenError(f"The key {config.key_label!r} cannot be used on the token: {exc}") from exc
        self._cert = from_asn1(cert)
        self._chain = [from_asn1(c) for c in (self._ph.cert_registry or ()) if from_asn1(c) != self._cert]

    def pyhanko_signer(self) -> ph_signers.Signer:
        return self._ph

    def close(self) -> None:
        session, self._session = self._session, None
        try:
            if session is not None:
                session.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self._locked:
            self._locked = False
            self._lock.release()

    def __enter__(self) -> Pkcs11Signer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
