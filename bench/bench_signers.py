"""Benchmark: sign and verify per signer, with timestamp and revocation data, against today's
keystore signing (PKCS#12 on the server, PAdES B-B), in one run, variants interleaved round by
round. Read medians and the ratio to the keystore B-B baseline.

Every counterpart is real and on loopback: the test PKI (certomancer: OCSP, CRL, RFC 3161 TSA
over HTTP), SoftHSM2 (PKCS#11), certomancer-csc-dummy (CSC API), the SmartCA-shaped gateway and
the browser agent of tests/pki. Network latency to a real CA or phone confirmation is not in
these figures: they show what our side and pyHanko cost per signer.

    .venv/bin/python -m bench.bench_signers [--rounds 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fmt(samples: list[float], base: float) -> str:
    med = statistics.median(samples)
    return f"{med * 1000:8.1f} ms  [{min(samples) * 1000:.1f}–{max(samples) * 1000:.1f}]  ×{med / base:5.2f}"


def _variants(pki, token, csc, smartca, pdf: bytes) -> dict[str, Callable[[], bytes]]:
    from dossier.signing.agent import Ticket, check_returned_pdf, new_token, pdf_digest, prepare_pdf
    from dossier.signing.ltv import LongTermOptions, add_revocation_data
    from dossier.signing.pades import sign_pdf
    from dossier.signing.pkcs11 import Pkcs11Signer, TokenConfig
    from dossier.signing.remote import CscService, RemoteSigner, SmartCaService
    from dossier.signing.signer import Pkcs12Signer
    from dossier.signing.trust import TrustAnchors
    from tests.pki import ARCH, agent
    from tests.pki.smartca import SP_ID, SP_PASSWORD, Account

    lt = LongTermOptions(trust=TrustAnchors.of([pki.root]), tsa_url=pki.tsa_url)
    bt = LongTermOptions(trust=TrustAnchors.of([pki.root]), tsa_url=pki.tsa_url, embed_revocation=False)
    smartca.accounts["bench"] = Account("leader", polls_before_answer=1)

    p12 = pki.signer("leader")._p12  # the PKCS#12 file the server keeps; opened per signature as in production

    def keystore(options=None):
        return lambda: sign_pdf(pdf, Pkcs12Signer(p12, b"in-memory"), long_term=options)

    def pkcs11():
        with Pkcs11Signer(TokenConfig(token.module, token.label, token.key_label), token.pin) as signer:
            return sign_pdf(pdf, signer, long_term=bt)  # the token certificate has no OCSP/CRL URLs

    def csc_remote():
        return sign_pdf(pdf, RemoteSigner(CscService(csc.url, f"{ARCH}/leader")), long_term=lt)

    def smartca_remote():
        service = SmartCaService(smartca.url, SP_ID, SP_PASSWORD, "bench", poll_interval=0.01)
        return sign_pdf(pdf, RemoteSigner(service), long_term=lt)

    def browser_agent():
        prepared = prepare_pdf(pdf, field_name="ChuKyLanhDao", page=0, box=agent.BOX)
        token, digest = new_token()
        now = dt.datetime.now(dt.UTC)
        ticket = Ticket(digest, "bench", pdf_digest(prepared), now, now + dt.timedelta(minutes=5))
        # The official's own key and his agent's TSA (B-T); the server checks, then adds the revocation data.
        returned = agent.sign(prepared, Pkcs12Signer(p12, b"in-memory"), tsa_url=pki.tsa_url, trust_root=pki.root)
        check_returned_pdf(prepared, returned, registered=[pki.cert("leader")], trust=TrustAnchors.of([pki.root]),
                           ticket=ticket, now=dt.datetime.now(dt.UTC))
        return add_revocation_data(returned, lt, field_name="ChuKyLanhDao")

    return {
        "keystore B-B (today)": keystore(),
        "keystore B-T": keystore(bt),
        "keystore B-LT": keystore(lt),
        "PKCS#11 SoftHSM2 B-T": pkcs11,
        "CSC remote B-LT": csc_remote,
        "SmartCA remote B-LT": smartca_remote,
        "browser agent B-LT + checks": browser_agent,
    }


def _run(rounds: int, variants: dict[str, Callable[[], bytes]], verify: Callable[[bytes], object]) -> None:
    signing: dict[str, list[float]] = {name: [] for name in variants}
    checking: dict[str, list[float]] = {name: [] for name in variants}
    for fn in variants.values():  # warm-up: imports, sessions, first connections
        verify(fn())
    for _ in range(rounds):
        for name, fn in variants.items():
            t0 = time.perf_counter()
            signed = fn()
            t1 = time.perf_counter()
            verify(signed)
            signing[name].append(t1 - t0)
            checking[name].append(time.perf_counter() - t1)
    base_sign = statistics.median(signing["keystore B-B (today)"])
    base_check = statistics.median(checking["keystore B-B (today)"])
    print(f"{'signer':30} {'sign (median [min–max], × keystore B-B)':48} verify")
    for name in variants:
        print(f"{name:30} {_fmt(signing[name], base_sign):48} {_fmt(checking[name], base_check)}")


def main(argv: list[str] | None = None) -> int:
    import sys

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    from dossier.signing.verification import verify_pdf
    from tests.pki import LEADER, ORG, start_pki
    from tests.pki.csc import start_csc
    from tests.pki.smartca import start_smartca
    from tests.pki.softhsm import make_token

    util = shutil.which("softhsm2-util")
    if util is None:
        print("softhsm2-util is not installed (Debian: softhsm2); skipped")
        return 0
    pdf = (ROOT / "tests" / "signing" / "data" / "sample.pdf").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        pki = start_pki(Path(tmp) / "pki")
        csc, smartca = start_csc(pki.config), start_smartca(pki)
        try:
            token = make_token(util, Path(tmp) / "hsm", pki, common_name=LEADER, org=ORG)
            variants = _variants(pki, token, csc, smartca, pdf)
            _run(args.rounds, variants, lambda signed: verify_pdf(signed, [pki.root]))
        finally:
            csc.stop()
            smartca.stop()
            pki.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
