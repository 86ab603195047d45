"""Benchmark: DOCX → PDF/A through the machine's conversion service (what every process of
`dossier serve` / `run-demo` uses since issue 14 item 5) against a pool inside the process (what
each of them kept before, and the CLI keeps), and the memory LibreOffice holds for a server of
2 web workers and a job worker: three pools of their own before, one service now.

The document is a real draft (the QĐ thành lập Hội đồng of a dossier walked to appraisal); the two
variants alternate round by round so host noise hits both alike. Memory is RSS and PSS (shared
pages split between the processes that map them) of each LibreOffice tree (unoserver, oosplash,
soffice.bin) after it converted, from /proc/<pid>/smaps_rollup.

    .venv/bin/python -m bench.bench_convert_service [--rounds 20]
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from bench.common import converter_missing, council_decision_draft, median_ms, rounds, timed

WORKERS = 3  # 2 gunicorn workers + the job worker, each with a pool of 1 before


def _draft(folder: Path) -> bytes:
    from dossier.model import GeneratedDocument
    from dossier.services import queries

    db, _users, _dossier, draft_id = council_decision_draft(folder)
    try:
        with db.read() as session:
            return queries.blob_bytes(session, session.get(GeneratedDocument, draft_id).sha256)
    finally:
        db.dispose()


def _memory(pids: list[int]) -> tuple[float, float]:
    """(RSS, PSS) in MiB summed over `pids`."""
    rss = pss = 0
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        fields = {line.split(":")[0]: int(line.split()[1]) for line in lines[1:] if line.endswith("kB")}
        rss, pss = rss + fields.get("Rss", 0), pss + fields.get("Pss", 0)
    return rss / 1024, pss / 1024


def _pool_pids(converter) -> list[int]:  # noqa: ANN001 - a PdfConverter
    return [p for inst in converter.instances() if inst.proc is not None for p in [inst.proc.pid, *inst.soffice_pids()]]


def main(argv: list[str] | None = None) -> int:
    n = rounds(__doc__, 20, argv)
    from dossier.cli.convert import ConversionService
    from dossier.signing.convert import PdfConverter
    from dossier.signing.convert_service import ServiceConverter

    if converter_missing():
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-convert-service-") as tmp:
        docx = _draft(Path(tmp))
    pools = [PdfConverter(size=1, allow_fallback=False) for _ in range(WORKERS)]
    service = ConversionService()
    client = ServiceConverter(service.start(), allow_fallback=False)
    try:
        for pool in pools:  # each process's pool warms up on its first document
            pool.to_pdf(docx, pdfa=True)
        client.to_pdf(docx, pdfa=True)
        samples: dict[str, list[float]] = {"in-process pool": [], "conversion service": []}
        for _ in range(n):
            samples["in-process pool"].append(timed(lambda: pools[0].to_pdf(docx, pdfa=True))[0])
            samples["conversion service"].append(timed(lambda: client.to_pdf(docx, pdfa=True))[0])
        before = _memory([p for pool in pools for p in _pool_pids(pool)])
        state = client.state()
        instances = _memory([*state["unoserver"], *state["libreoffice"]])
        own = _memory([state["pid"]])
    finally:
        service.stop()
        for pool in pools:
            pool.close()
    print(f"DOCX → PDF/A of a {len(docx) // 1024} KiB draft, {n} rounds interleaved; median [min–max]")
    for name, values in samples.items():
        print(f"  {name:20s} {median_ms(values)}")
    ratio = statistics.median(samples["conversion service"]) / statistics.median(samples["in-process pool"])
    fastest = min(samples["conversion service"]) / min(samples["in-process pool"])
    print(f"  service / in-process: {ratio:.2f}× (medians), {fastest:.2f}× (fastest of each, the least noisy)")
    print("\nLibreOffice memory for 2 web workers + 1 job worker (RSS / PSS, MiB)")
    print(f"  before, a pool per process ({WORKERS} instances): {before[0]:.0f} / {before[1]:.0f}")
    print(f"  now, one service (1 instance): {instances[0]:.0f} / {instances[1]:.0f}, "
          f"+ the service's own Python {own[0]:.0f} / {own[1]:.0f}")
    print(f"  saved: {before[0] - instances[0] - own[0]:.0f} MiB RSS, {before[1] - instances[1] - own[1]:.0f} MiB PSS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
