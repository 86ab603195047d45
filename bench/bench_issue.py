"""Benchmark: issuing one document end to end, as the leader's "Ký số" + the văn thư's
"Đóng dấu" do it — number from the register, re-render with number/date/signer, DOCX → PDF/A,
QR + verification code, PAdES signature, then the seal — with the warm LibreOffice pool versus
a cold ``soffice`` per document. Also verification of the issued PDF.

Real services on a throw-away SQLite database holding the demo province and its PKI; the two
variants alternate round by round so host noise hits both alike. Medians are what to read.

    .venv/bin/python -m bench.bench_issue [--rounds 8]
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bench.common import converter_missing, council_decision_draft, median_ms, rounds, timed


def _setup(folder: Path, drafts: int):
    from dossier.model import GeneratedDocument

    db, users, dossier_id, _ = council_decision_draft(folder)
    ids = []
    with db.write() as session:
        original = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id,
            GeneratedDocument.template_id == "qd_thanh_lap_hoi_dong")).one()
        ids.append(original.id)
        for part in range(1, drafts):  # copies of the real draft: each issuance needs its own
            copy = GeneratedDocument(**{c: getattr(original, c) for c in (
                "dossier_id", "transition_id", "template_id", "template_version", "title", "filename",
                "sha256", "text_sha256", "context_sha256", "context_json", "engine_version")}, part=part)
            session.add(copy)
            session.flush()
            ids.append(copy.id)
    return db, users, ids


_TIMED = ("convert warm (pool, PDF/A)", "convert cold (soffice, PDF/A)", "sign warm (end to end)",
          "sign cold (end to end)", "seal", "issue warm (sign+seal)", "issue cold (sign+seal)",
          "verify (2 signatures)")


# long: one measurement run read top to bottom: the converter, the timing closures and the
# interleaved warm/cold rounds share state that would only be passed around if split.
def main(argv: list[str] | None = None) -> int:
    n = rounds(__doc__, 8, argv)
    from dossier.demo.people import DEMO_PASSWORD
    from dossier.services.issuance import SigningPort, seal_document, sign_document, verify_issued
    from dossier.services.issuance.port import PdfFunction
    from dossier.signing.convert import PdfConverter, convert_once

    if converter_missing():
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-issue-") as tmp:
        db, users, ids = _setup(Path(tmp), 2 * n + 1)
        converter = PdfConverter(size=1, timeout=120)
        timings: dict[str, list[float]] = {k: [] for k in _TIMED}
        last: dict[str, float] = {}

        def warm(docx: bytes) -> bytes:
            last["convert"], pdf = timed(lambda: converter.to_pdf(docx, pdfa=True))
            return pdf

        def cold(docx: bytes) -> bytes:
            last["convert"], pdf = timed(lambda: convert_once(docx, pdfa=True))
            return pdf

        t0 = time.perf_counter()  # the first issuance also starts the pool and the render workers
        ports = {"warm": SigningPort(archive_pdf=PdfFunction(warm)), "cold": SigningPort(archive_pdf=PdfFunction(cold))}
        first = sign_document(db, port=ports["warm"], actor_id=users["giamdoc"], document_id=ids.pop(),
                              password=DEMO_PASSWORD)
        print(f"first issuance (starts LibreOffice pool + render workers): {time.perf_counter() - t0:.2f} s "
              f"→ {first.number_text}")
        try:
            for _round in range(n):
                for label, port in ports.items():
                    t_sign, signed = timed(lambda p=port: sign_document(
                        db, port=p, actor_id=users["giamdoc"], document_id=ids.pop(), password=DEMO_PASSWORD))
                    t_seal, _ = timed(lambda p=port, s=signed: seal_document(
                        db, port=p, actor_id=users["vanthu"], issued_id=s.issued_id, password=DEMO_PASSWORD))
                    timings[f"convert {label} (pool, PDF/A)" if label == "warm"
                            else "convert cold (soffice, PDF/A)"].append(last["convert"])
                    timings[f"sign {label} (end to end)"].append(t_sign)
                    timings[f"issue {label} (sign+seal)"].append(t_sign + t_seal)
                    timings["seal"].append(t_seal)
                    t_verify, check = timed(lambda p=port, s=signed: verify_issued(
                        db, port=p, code=s.verification_code))
                    timings["verify (2 signatures)"].append(t_verify)
                    assert check.all_valid, check.messages
        finally:
            converter.close()
            db.dispose()
    _print_summary(n, timings)
    return 0


def _print_summary(rounds: int, timings: dict[str, list[float]]) -> None:
    print(f"\nrounds: {rounds} (warm and cold interleaved); median [min–max]")
    for key, values in timings.items():
        print(f"  {key:32s} {median_ms(values)}")
    med = {k: statistics.median(v) for k, v in timings.items()}
    print("\nper issued document")
    print(f"  warm: {med['issue warm (sign+seal)'] * 1000:.0f} ms, of which conversion "
          f"{med['convert warm (pool, PDF/A)'] * 1000:.0f} ms")
    print(f"  cold: {med['issue cold (sign+seal)'] * 1000:.0f} ms, of which conversion "
          f"{med['convert cold (soffice, PDF/A)'] * 1000:.0f} ms")
    print(f"  cold / warm: {med['issue cold (sign+seal)'] / med['issue warm (sign+seal)']:.1f}×")


if __name__ == "__main__":
    raise SystemExit(main())
