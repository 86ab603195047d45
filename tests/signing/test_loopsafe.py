"""Signing and verifying work even when the calling thread runs an event loop (async servers,
Playwright's sync API): pyHanko's sync API would otherwise fail inside asyncio.run()."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dossier.signing import certs, pades
from dossier.signing.signer import Pkcs12Signer

SAMPLE = Path(__file__).with_name("data") / "sample.pdf"


def test_sign_and_verify_inside_a_running_event_loop() -> None:
    key, cert = certs.create_demo_ca("CA thử nghiệm")
    p12 = certs.issue_user_certificate(certs.CertificateAuthority(key, cert), "Nguyễn Thị Hồng Nhung",
                                       "Sở Công Thương", "Phó Giám đốc", None, password="x", valid_days=30)

    async def inside_a_loop() -> list:
        signed = pades.sign_pdf(SAMPLE.read_bytes(), Pkcs12Signer(p12, "x"),
                                name_in_document="Nguyễn Thị Hồng Nhung", reason="Phê duyệt", location="Khánh Hòa",
                                contact="")
        return pades.verify_pdf(signed, [cert])

    # A fresh thread, so that the test does not depend on what else runs in this one.
    with ThreadPoolExecutor(max_workers=1) as executor:
        reports = executor.submit(asyncio.run, inside_a_loop()).result()
    assert len(reports) == 1 and reports[0].intact and reports[0].trusted
