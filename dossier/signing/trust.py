"""Trust anchors as configuration: which roots (and known intermediates) a province accepts.

A province trusts the Ban Cơ yếu Chính phủ root (official-use certificates, Nghị định
68/2024/NĐ-CP) and the public CAs it accepts (VNPT-CA, Viettel-CA, …); the demo CA is trusted
only in the demo. The administrator decides: the list comes from the database and from
configured PEM files (see :mod:`dossier.services.pki`), never from the operating system's TLS
store. This module turns that list into pyHanko validation contexts, one per purpose:

* ``for_signing``: fetch OCSP/CRL over the network and refuse when the status is unknown
  (hard-fail), so a revoked or unverifiable certificate never signs (PAdES B-LT);
* ``at_signing_time``: check a signature with the revocation data embedded in the file, at the
  time its RFC 3161 timestamp proves (long-term validation: a later revocation does not undo a
  signature made before it);
* ``now``: check the certificate's status today (the document may still be valid, but an
  officer wants to know that the certificate was revoked since).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko_certvalidator import ValidationContext


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def from_asn1(cert: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


@dataclass(frozen=True)
class TrustAnchors:
    """Roots a signature must chain to, plus intermediates that help build the path."""

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, roots: Iterable[x509.Certificate],
           intermediates: Iterable[x509.Certificate] = ()) -> TrustAnchors:
        return cls(tuple(roots), tuple(intermediates))

    def _context(self, **kwargs) -> ValidationContext:
        if not self.roots:
            # An empty list would make pyHanko fall back to the OS store: trust nothing instead.
            raise ValueError("no trust anchors are configured")
        return ValidationContext(trust_roots=[to_asn1(c) for c in self.roots],
                                 other_certs=[to_asn1(c) for c in self.intermediates], **kwargs)

    def for_signing(self, *, extra_certs: Iterable[x509.Certificate] = ()) -> ValidationContext:
        """Online, hard-fail: used while signing to fetch and embed the chain's revocation data."""
        # The context owns its default fetchers, so pyHanko closes their HTTP session itself.
        ctx = self._context(allow_fetching=True, revocation_mode="hard-fail")
        for cert in extra_certs:
            ctx.certificate_registry.register(to_asn1(cert))
        return ctx

    def offline(self, *, at: dt.datetime | None = None, crls: Iterable = (), ocsps: Iterable = (),
                certs: Iterable = (), revocation_mode: str = "soft-fail") -> ValidationContext:
        """No network: the data given (usually the file's DSS) is all there is."""
        ctx = self._context(allow_fetching=False, moment=at, crls=list(crls), ocsps=list(ocsps),
                            revocation_mode=revocation_mode)
        for cert in certs:
            ctx.certificate_registry.register(cert)
        return ctx

    def online(self, *, at: dt.datetime | None = None) -> ValidationContext:
        """Fetch the current revocation status; hard-fail so that "trusted" means "known good"."""
        return self._context(allow_fetching=True, moment=at, revocation_mode="hard-fail")
