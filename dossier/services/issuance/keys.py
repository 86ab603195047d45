"""Opening the signer's key before any lock is taken: the cheap checks come first.

A wrong password, a missing or expired certificate are the common failures; they are found
here, in a read transaction, so they never hold the register's lock or burn a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dossier.errors import DossierError
from dossier.services.issuance.failures import signing_failed
from dossier.services.signing_methods import NoSigningMethod
from dossier.signing.errors import SigningError
from dossier.signing.signer import Signer


def open_signer(open_key: Callable[[], Signer], when: dt.datetime, *, seal: bool) -> Signer:
    """Open the key (password or PIN check) and check the certificate is valid at ``when``."""
    from dossier.signing.pades import check_certificate_validity

    try:
        signer = open_key()
    except (DossierError, NoSigningMethod) as exc:  # signing errors, no certificate, signs in browser
        raise signing_failed(exc, seal=seal) from exc
    try:
        check_certificate_validity(signer.certificate, when)
    except SigningError as exc:
        signer.close()
        raise signing_failed(exc, seal=seal, cert=signer.certificate) from exc
    return signer


def certificate_serial(signer: Signer) -> str:
    """The serial as the audit trail records it (hex, upper case)."""
    return format(signer.certificate.serial_number, "X")
