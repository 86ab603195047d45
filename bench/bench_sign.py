"""Benchmark: DOCX → PDF warm (unoserver pool) vs cold (one soffice per document), then sign,
seal and verify. Variants are interleaved round by round so host noise hits them alike;
read medians and ratios (shared/baselines.md §3, §6).

    .venv/bin/python -m bench.bench_sign [--rounds 10]
"""

from __future__ import annotations

import io
import statistics
import sys
from pathlib import Path

from bench.common import converter_missing, median_ms, rounds, timed
from dossier.signing.certs import create_demo_ca, issue_org_seal_certificate, issue_user_certificate
from dossier.signing.convert import PdfConverter, convert_once
from dossier.signing.pades import seal_pdf, sign_pdf, verify_pdf
from dossier.signing.signer import Pkcs12Signer

ORG = "Sở Công Thương tỉnh Hà Giang"
LEADER = "Nguyễn Thị Hồng Nhung"


def _docx(i: int) -> bytes:
    """A distinct small official-style document per round (LibreOffice caches nothing).

    The cold variant uses a fresh temporary profile per call, as the fallback does."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "signing"))
    from conftest import build_sample_docx  # the same document the tests use
    from docx import Document

    doc = Document(io.BytesIO(build_sample_docx()))
    doc.add_paragraph(f"Bản số {i}: kinh phí hỗ trợ {i * 1_000_000:,} đồng.".replace(",", "."))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    n = rounds(__doc__, 10, argv)
    if converter_missing():
        return 1
    docs = [_docx(i) for i in range(n + 1)]
    ca = create_demo_ca(ORG)
    leader = Pkcs12Signer(issue_user_certificate(ca, LEADER, ORG, "Giám đốc", None, password="pw"), "pw")
    sealer = Pkcs12Signer(issue_org_seal_certificate(ca, ORG, password="pw"), "pw")

    names = ("convert warm (pool)", "convert cold (soffice)", "sign (visible)", "seal (visible)",
             "verify (2 sigs)")
    samples: dict[str, list[float]] = {k: [] for k in names}
    with PdfConverter(size=1) as conv:
        startup, _ = timed(lambda: conv.to_pdf(docs[0]))
        print(f"pool start-up → first PDF: {startup:.2f} s")
        for i in range(1, n + 1):
            doc = docs[i]
            dt_warm, pdf = timed(lambda d=doc: conv.to_pdf(d))
            dt_cold, _ = timed(lambda d=doc: convert_once(d))
            dt_sign, signed = timed(lambda p=pdf: sign_pdf(p, leader))
            dt_seal, sealed = timed(lambda s=signed: seal_pdf(s, sealer))
            dt_verify, reports = timed(lambda s=sealed: verify_pdf(s, [ca[1]]))
            assert all(r.bottom_line for r in reports)  # type: ignore[union-attr]
            for key, value in zip(samples, (dt_warm, dt_cold, dt_sign, dt_seal, dt_verify), strict=True):
                samples[key].append(value)

    print(f"\nrounds: {n} (interleaved); median [min–max]")
    for key, values in samples.items():
        print(f"  {key:24s} {median_ms(values)}")
    med = {k: statistics.median(v) for k, v in samples.items()}
    print("\nratios")
    cold_ratio = med["convert cold (soffice)"] / med["convert warm (pool)"]
    print(f"  cold soffice / warm pool:            {cold_ratio:.1f}×")
    warm_total = med["convert warm (pool)"] + med["sign (visible)"] + med["seal (visible)"]
    print(f"  warm convert+sign+seal per document: {warm_total * 1000:.0f} ms")
    print(f"  sign / warm convert:                 {med['sign (visible)'] / med['convert warm (pool)']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
