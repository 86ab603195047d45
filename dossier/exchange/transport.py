"""How a package leaves this system: a folder the provincial connector reads, or an HTTP gateway.

Both are idempotent by the message's id: delivering the same message twice (a resend after a
crash between sending and recording it) leaves one copy at the other end. A failure that may
pass (the gateway down, a time-out, HTTP 5xx/408/429) raises :class:`DeliveryDeferred` and the
outbox tries again later; a refusal (another 4xx) raises :class:`DeliveryRefused` and is shown
to the văn thư.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dossier.errors import DossierError

RETRYABLE_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})


class DeliveryDeferred(DossierError):
    code = "exchange_deferred"
    message = "Chưa gửi được văn bản điện tử (hệ thống liên thông không phản hồi); hệ thống sẽ gửi lại."


class DeliveryRefused(DossierError):
    code = "exchange_refused"
    message = "Hệ thống liên thông từ chối gói tin văn bản điện tử."


class Transport(Protocol):
    def send(self, message_id: str, organ_id: str, package: bytes) -> None:
        """Deliver ``package`` for the agency ``organ_id``; raise DeliveryDeferred/Refused."""


_SAFE = re.compile(r"[^0-9A-Za-z.\-]")


@dataclass(frozen=True)
class FolderDrop:
    """Writes ``<spool>/<OrganId>/<message id>.edxml`` atomically (temporary file, then rename)."""

    spool: Path

    def send(self, message_id: str, organ_id: str, package: bytes) -> None:
        folder = self.spool / _SAFE.sub("_", organ_id)
        target = folder / f"{_SAFE.sub('_', message_id)}.edxml"
        if target.exists():
            return  # delivered before: the connector reads each file once
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial = folder / f".{target.name}.part"
            with open(partial, "wb") as f:
                f.write(package)
                f.flush()
                os.fsync(f.fileno())
            os.replace(partial, target)
        except OSError as exc:
            raise DeliveryDeferred(f"cannot write to the spool {folder}: {exc}") from exc


@dataclass(frozen=True)
class HttpGateway:
    """POSTs the package to a gateway that takes edXML by HTTP, with the message id as key."""

    url: str
    token: str | None = None
    timeout: float = 30.0

    def send(self, message_id: str, organ_id: str, package: bytes) -> None:
        headers = {"Content-Type": "application/xml; charset=utf-8", "X-Message-Id": message_id,
                   "X-To-Organ-Id": organ_id}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=package, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                response.read()
        except urllib.error.HTTPError as exc:
            self._refused_or_deferred(exc)
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise DeliveryDeferred(f"gateway {self.url} unreachable: {exc}") from exc

    def _refused_or_deferred(self, exc: urllib.error.HTTPError) -> None:
        body = exc.read(2000).decode("utf-8", "replace").strip()
        if exc.code == 409:
            return  # the gateway already has this message id: delivered before
        if exc.code in RETRYABLE_HTTP:
            raise DeliveryDeferred(f"gateway {self.url} answered {exc.code}: {body}") from exc
        raise DeliveryRefused(f"gateway refused the package ({exc.code}): {body}",
                              message=f"Hệ thống liên thông từ chối gói tin (mã {exc.code}): {body[:300]}") from exc


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failure: 30 s doubling, at most 6 hours."""
    return min(30.0 * 2 ** max(0, attempts - 1), 6 * 3600.0)
