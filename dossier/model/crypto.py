"""Columns encrypted at rest: the beneficiary's ID and bank account numbers (Luật 91/2025/QH15).

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`, already a dependency for signing) with
a key from DOSSIER_DATA_KEY, else a key generated once into instance/data_key (0600). A copy of
the database alone (a backup, a dump) does not show these numbers; the key is backed up apart.

Stored as "enc1:<token>"; a value without the prefix (a row written before the column was
encrypted, or by a bulk import) is read as it is and encrypted when it is written again.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

PREFIX = "enc1:"
_lock = threading.Lock()
_fernet: dict[str, Fernet] = {}


def data_key() -> bytes:
    """The configured key, else the instance's key file (created on first use)."""
    from dossier.config import settings

    current = settings()
    if current.data_key:
        return current.data_key.encode()
    path = current.instance() / "data_key"
    return _key_file(path)


def _key_file(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    key = Fernet.generate_key()
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def fernet() -> Fernet:
    key = data_key()
    with _lock:
        if key not in _fernet:
            _fernet[key] = Fernet(key)
        return _fernet[key]


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(stored: str | None) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return fernet().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as exc:
        raise RuntimeError("an encrypted column cannot be read with this data key (DOSSIER_DATA_KEY)") from exc


class EncryptedText(TypeDecorator[str]):
    """Text encrypted on the way in, decrypted on the way out."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        if value is None:
            return None
        return value if value.startswith(PREFIX) else encrypt(value)

    def process_result_value(self, value: str | None, dialect: object) -> str:
        return decrypt(value)


def mask(value: str, keep: int = 4) -> str:
    """"•••••••• 1234": enough to recognise a number, not to use it."""
    value = (value or "").strip()
    if not value:
        return ""
    return "•" * max(len(value) - keep, 4) + value[-keep:]
