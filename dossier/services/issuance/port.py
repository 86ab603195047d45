"""The signing port: everything issuance needs from outside the database, built once at start-up.

Issuance needs four things it must not choose for itself: a PDF maker (DOCX → PDF/A-2b for the
copy that gets signed, plain PDF for reading), the signers (whose key signs, for a leader and
for an organisation's seal), the stamper that draws the verification code and QR, and a few
settings (the public address the QR leads to, the trust-root files). ``create_app`` and the
CLI build one ``SigningPort`` and pass it down to every issuance service; nothing in the call
path reads the environment or a module-level default.

A signer is one object implementing ``dossier.signing.signer.Signer`` (certificate, chain, a
pyHanko signer, close). Where it comes from is a ``SignerSource`` — the server keystore
(PKCS#12 in the database), a PKCS#11 token or HSM, a remote signing service (CSC, SmartCA) —
and ``SignerChoice`` picks the source per user (personal signature) and per organisation (the
seal) from the owner's registered signing method (``services.signing_methods``); without one,
the server keystore signs. An official registered for the browser agent signs on his own
machine, so no server-side source exists for him: ``BrowserAgentSource`` says so in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from dossier.config import Settings
from dossier.errors import DossierError
from dossier.model import Organisation, User
from dossier.services.pki import DatabaseKeystore, NoCertificate
from dossier.signing.signer import Signer

DEFAULT_PUBLIC_URL = "http://localhost:5000"
KEYSTORE = "keystore"  # the server keystore: a password-protected PKCS#12 per owner
WAITING_SOURCES = frozenset({"csc", "smartca"})  # remote services: the official confirms on his phone


class PdfMaker(Protocol):
    """DOCX bytes → PDF bytes; ``status()`` says why it cannot convert now (None when it can)."""

    def __call__(self, docx: bytes) -> bytes: ...

    def status(self) -> str | None: ...


class Stamper(Protocol):
    """Draws the verification code and its QR (leading to ``url``) into the unsigned PDF."""

    def __call__(self, pdf: bytes, *, code: str, url: str) -> bytes: ...


class SignerSource(Protocol):
    """Where one kind of key lives. ``secret`` is what the signer typed (password, PIN)."""

    def user_signer(self, session: Session, user: User, secret: str) -> Signer: ...

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer: ...


class LibreOfficePdf:
    """The production PDF maker: the pool of LibreOffice processes (``dossier.signing.convert``).

    ``status`` may be replaced (tests say "not installed"); the module is looked up at call
    time so the pool starts only when a PDF is first needed.
    """

    def __init__(self, *, pdfa: bool, status: Callable[[], str | None] | None = None) -> None:
        self.pdfa = pdfa
        self._status = status

    def __call__(self, docx: bytes) -> bytes:
        from dossier.signing import convert

        return convert.to_pdf(docx, pdfa=self.pdfa)

    def status(self) -> str | None:
        if self._status is not None:
            return self._status()
        from dossier.signing import convert

        return convert.converter_status()


class PdfFunction:
    """A plain function as a PDF maker, always available (tests, benchmarks, a fixed converter)."""

    def __init__(self, make: Callable[[bytes], bytes]) -> None:
        self._make = make

    def __call__(self, docx: bytes) -> bytes:
        return self._make(docx)

    def status(self) -> str | None:
        return None


def _stamp(pdf: bytes, *, code: str, url: str) -> bytes:
    from dossier.signing.qrstamp import stamp_verification

    return stamp_verification(pdf, code=code, url=url)


class SignsInBrowser(DossierError):
    """The owner's key is on his own machine (browser agent): the server cannot sign for him."""

    code = "signs_in_browser"
    message = ("Chứng thư số của bạn được đăng ký để ký bằng công cụ ký số trên máy tính của bạn "
               "(thiết bị ký số qua phần mềm ký của Ban Cơ yếu), nên máy chủ không ký thay được.")


class BrowserAgentSource:
    """The ``agent`` source: refuses server-side signing with the reason (see SignsInBrowser)."""

    def user_signer(self, session: Session, user: User, secret: str) -> Signer:
        raise SignsInBrowser(f"user {user.username} signs with the browser agent")

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer:
        raise SignsInBrowser(f"organisation {organisation.code} seals with the browser agent")


def all_signer_sources(smartca: Any = None) -> SignerChoice:
    """Every source by its ``signing_methods`` name, chosen by each owner's registered method.

    ``smartca`` is the province's SmartCA gateway account (``signing_methods.SmartCaGateway``),
    None when the province has none.
    """
    from dossier.services import signing_methods as methods

    remote = methods.RemoteSource(smartca)
    return SignerChoice(
        sources={KEYSTORE: DatabaseKeystore(), "pkcs11": methods.TokenSource(), "csc": remote, "smartca": remote,
                 "agent": BrowserAgentSource()},
        user_source=methods.user_source,
        seal_source=methods.seal_source,
    )


def _everyone_uses_the_keystore(_session: Session, _owner: User | Organisation) -> str:
    return KEYSTORE


@dataclass(frozen=True)
class SignerChoice:
    """The signer sources by name, and which one signs for a given user or organisation."""

    sources: Mapping[str, SignerSource] = field(default_factory=lambda: {KEYSTORE: DatabaseKeystore()})
    user_source: Callable[[Session, User], str] = _everyone_uses_the_keystore
    seal_source: Callable[[Session, Organisation], str] = _everyone_uses_the_keystore

    def _source(self, name: str) -> SignerSource:
        try:
            return self.sources[name]
        except KeyError:
            raise NoCertificate(f"signer source {name!r} is not configured on this server") from None

    def waits_for_user(self, session: Session, user: User) -> bool:
        """Whether the user's signer waits for him elsewhere (a phone): then no lock is held meanwhile."""
        return self.user_source(session, user) in WAITING_SOURCES

    def waits_for_seal(self, session: Session, organisation: Organisation) -> bool:
        """The same for the organisation's seal: a remote seal is made with no row locked."""
        return self.seal_source(session, organisation) in WAITING_SOURCES

    def user_signer(self, session: Session, user: User, secret: str) -> Signer:
        return self._source(self.user_source(session, user)).user_signer(session, user, secret)

    def seal_signer(self, session: Session, organisation: Organisation, secret: str) -> Signer:
        return self._source(self.seal_source(session, organisation)).seal_signer(session, organisation, secret)


@dataclass(frozen=True)
class SigningPort:
    """One object holding the outside world of issuance; see the module docstring."""

    signers: SignerSource = field(default_factory=all_signer_sources)
    archive_pdf: PdfMaker = field(default_factory=lambda: LibreOfficePdf(pdfa=True))
    preview_pdf: PdfMaker = field(default_factory=lambda: LibreOfficePdf(pdfa=False))
    stamp: Stamper = _stamp
    public_url: str = DEFAULT_PUBLIC_URL  # the address citizens reach; the QR leads under it
    trust_files: tuple[Path, ...] = ()  # PEM/DER files of trusted roots, besides the database's
    trust_folder: Path | None = None  # <instance>/trust: read at each verification (drop-in roots)
    preview_cache: Path | None = None  # PDF previews kept by the DOCX's sha256; None: not kept
    tsa_url: str | None = None  # RFC 3161 TSA: signatures and seals become PAdES B-LT (issue 11)

    def verification_url(self, code: str) -> str:
        return f"{self.public_url.rstrip('/')}/xac-thuc/{code}"


def long_term_options(port: SigningPort, session: Session | None) -> Any:
    """PAdES B-LT when a TSA is configured (``dossier.signing.ltv.LongTermOptions``): the timestamp,
    and the chain's revocation data checked against the configured trust anchors, so a revoked
    certificate cannot sign. None: B-B, as before."""
    if not port.tsa_url:
        return None
    from dossier.services.pki import trust_roots
    from dossier.signing.ltv import LongTermOptions
    from dossier.signing.trust import TrustAnchors

    roots = trust_roots(session, files=port.trust_files, folder=port.trust_folder)
    return LongTermOptions(trust=TrustAnchors.of(roots), tsa_url=port.tsa_url)


def build_signing_port(
    *,
    instance_path: Path,
    public_url: str | None = None,
    trust_files: Sequence[Path] = (),
    signers: SignerSource | None = None,
    smartca: Any = None,
    archive_pdf: PdfMaker | None = None,
    converter_status: Callable[[], str | None] | None = None,
    tsa_url: str | None = None,
) -> SigningPort:
    """A port assembled from its parts (the tests build theirs here; a process, from its settings,
    with :func:`signing_port_from`).

    ``instance_path``, ``public_url`` and ``trust_files`` come from ``dossier.config.Settings``
    (DOSSIER_INSTANCE_PATH, DOSSIER_PUBLIC_URL, DOSSIER_TRUST_ROOTS); ``converter_status``
    replaces LibreOffice's own check (tests), ``archive_pdf`` the converter for signing;
    ``smartca`` the SmartCA gateway account, when the province has one.
    """
    return SigningPort(
        signers=signers or all_signer_sources(smartca),
        archive_pdf=archive_pdf or LibreOfficePdf(pdfa=True, status=converter_status),
        preview_pdf=LibreOfficePdf(pdfa=False, status=converter_status),
        public_url=(public_url or DEFAULT_PUBLIC_URL).rstrip("/"),
        trust_files=tuple(trust_files),
        trust_folder=instance_path / "trust",
        preview_cache=instance_path / "cache" / "pdf",
        tsa_url=tsa_url,
    )



def signing_port_from(
    settings: Settings,
    *,
    archive_pdf: PdfMaker | None = None,
    converter_status: Callable[[], str | None] | None = None,
    preview_cache: Path | None = None,
) -> SigningPort:
    """The port the settings say: the one place the CLI, the web app and the PDF jobs build theirs.

    The instance folder, public URL, trust roots, time-stamp authority and SmartCA account
    (DOSSIER_INSTANCE_PATH, DOSSIER_PUBLIC_URL, DOSSIER_TRUST_ROOTS, DOSSIER_TSA_URL,
    DOSSIER_SMARTCA_*) are read here, so no caller can leave one out. ``archive_pdf`` and
    ``converter_status`` stand in for LibreOffice (the web app's test configuration),
    ``preview_cache`` moves the preview PDFs (the web app's PDF_CACHE_DIR).
    """
    from dossier.services.signing_methods import smartca_gateway

    port = build_signing_port(instance_path=settings.instance(), public_url=settings.public_url,
                              trust_files=settings.trust_roots, tsa_url=settings.tsa_url,
                              smartca=smartca_gateway(settings), archive_pdf=archive_pdf,
                              converter_status=converter_status)
    return port if preview_cache is None else replace(port, preview_cache=preview_cache)

__all__ = [
    "KEYSTORE",
    "BrowserAgentSource",
    "LibreOfficePdf",
    "PdfFunction",
    "PdfMaker",
    "SignerChoice",
    "SignerSource",
    "SignsInBrowser",
    "SigningPort",
    "Stamper",
    "build_signing_port",
    "signing_port_from",
    "all_signer_sources",
    "long_term_options",
]
