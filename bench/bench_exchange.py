"""Benchmark: building and sending the edXML packages of one decision to ten recipient agencies,
beside a baseline measured in the same run.

Real services on a throw-away SQLite database holding the demo province and its PKI: a Quyết
định thành lập Hội đồng is signed (by the Phó Giám đốc, whose name the fixed PDF carries) and
sealed once (that PDF stands in for LibreOffice, which is not what is measured); its Nơi nhận
lists ten agencies of the directory. Each round then does what the product does for it —
`queue_issued` in one transaction (the message from the issued document, ten packages built,
stored as blobs, ten outbox rows) and `send_pending` through the HTTP transport to a real
gateway on loopback (tests/gateway.py: one thread per request, keeps one copy per message id),
then the same again sent as the worker's job does it (`send_one` per unit) — and the
baseline: the same ten packages built by the bare edxml builder (lxml, no database) and
POSTed as they are with urllib to the same gateway, fresh message ids.
Rounds alternate the two sides so host noise hits both alike; medians are what to read.

    .venv/bin/python -m bench.bench_exchange [--rounds 15]
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import delete, func, select

from bench.common import council_decision_draft, median_ms, rounds, timed

RECIPIENTS = 10
SAMPLE_PDF = Path(__file__).resolve().parents[1] / "tests" / "signing" / "data" / "sample.pdf"


def _setup(folder: Path):
    """(db, issued id) of one sealed decision whose Nơi nhận names ten agencies of the directory."""
    from dossier.demo.people import DEMO_PASSWORD
    from dossier.model import GeneratedDocument, Organisation, OutboxMessage
    from dossier.services import exchange
    from dossier.services.issuance import SigningPort, seal_document, sign_document
    from dossier.services.issuance.port import PdfFunction

    db, users, _, draft = council_decision_draft(folder)
    names = [f"Ủy ban nhân dân xã Số {i}" for i in range(1, RECIPIENTS + 1)]
    with db.write() as session:  # the decision is addressed to ten agencies (its Nơi nhận, before signing)
        document = session.get(GeneratedDocument, draft)
        context = json.loads(document.context_json)
        context["noi_nhan"] = ["Như Điều 3;", *(f"{name};" for name in names), "Lưu: VT, QLCN."]
        document.context_json = json.dumps(context, ensure_ascii=False)
        sct = session.scalars(select(Organisation.id).where(Organisation.code == "sct-kh")).one()
        exchange.add_agency(session, organ_id="000.00.12.H41", name="Sở Công Thương tỉnh Khánh Hòa",
                            organisation_id=sct)
        for i, name in enumerate(names, start=1):
            exchange.add_agency(session, organ_id=f"001.40.{i:02d}.H41", name=name)
    pdf = SAMPLE_PDF.read_bytes()
    signed = sign_document(db, port=SigningPort(archive_pdf=PdfFunction(lambda _docx: pdf)),
                           actor_id=users["phogiamdoc"], document_id=draft, password=DEMO_PASSWORD)
    seal_document(db, port=SigningPort(), actor_id=users["vanthu"], issued_id=signed.issued_id,
                  password=DEMO_PASSWORD)
    with db.read() as session:  # the sealing queued one package per agency, as the product does
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == RECIPIENTS
    return db, signed.issued_id


# long: one measurement run read top to bottom: the decision's packages, the timing closures of the
# product's and the baseline's paths (interleaved rounds, so they share the machine's state), the report.
def main(argv: list[str] | None = None) -> int:
    n = rounds(__doc__, 15, argv)
    from dossier.exchange import edxml
    from dossier.exchange.message import Organ
    from dossier.exchange.transport import HttpGateway
    from dossier.model import IssuedDocument, OutboxMessage
    from dossier.services import exchange
    from dossier.services.exchange.agencies import agency_of, match_recipients
    from dossier.services.exchange.outbox import due_ids, send_one
    from dossier.services.exchange.packages import message_for, recipient_lines
    from dossier.vn.vntime import now_vn
    from tests.gateway import Gateway

    gateway = Gateway().start()
    transport = HttpGateway(gateway.url, gateway.token, timeout=10)
    timings: dict[str, list[float]] = {k: [] for k in (
        "product: queue (10 built, stored)", "product: send 10 (HTTP)", "product: build + send",
        "job units: send_one ×10 (HTTP)",
        "baseline: edxml.build ×10", "baseline: bare POST ×10", "baseline: build + POST")}
    with tempfile.TemporaryDirectory(prefix="bench-exchange-") as tmp:
        db, issued_id = _setup(Path(tmp))
        with db.read() as session:  # the baseline's input: the same message, read once
            issued = session.get(IssuedDocument, issued_id)
            sender = agency_of(session, issued.organisation_id)
            message = message_for(session, issued, sender, now_vn())
            agencies, _ = match_recipients(session, recipient_lines(issued))
            organs = [Organ(a.organ_id, a.name) for a in agencies]
        assert len(organs) == RECIPIENTS, organs

        def queue() -> int:
            with db.write() as session:  # the previous round's rows out of the way (one per agency), untimed
                session.execute(delete(OutboxMessage))
            t0 = time.perf_counter()
            with db.write() as session:
                issued = session.get(IssuedDocument, issued_id)
                queued = len(exchange.queue_issued(session, issued, now_vn()))
            return time.perf_counter() - t0, queued

        def bare_build() -> list[bytes]:
            return [edxml.build(dataclasses.replace(message, to=(o,))) for o in organs]

        def bare_post(packages: list[bytes]) -> None:
            for organ, package in zip(organs, packages, strict=True):
                request = urllib.request.Request(gateway.url, data=package, method="POST", headers={
                    "Content-Type": "application/xml; charset=utf-8", "X-Message-Id": str(uuid.uuid4()),
                    "X-To-Organ-Id": organ.organ_id, "Authorization": f"Bearer {gateway.token}"})
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()

        try:
            for _ in range(2):  # warm both sides (imports, lxml, the connection pool's first connect)
                queue()
                exchange.send_pending(db, transport)
                bare_post(bare_build())
            for _ in range(n):
                t_queue, queued = queue()
                t_send, report = timed(lambda: exchange.send_pending(db, transport))
                assert queued == len(report.sent) == RECIPIENTS, (queued, report)
                t_queue_again, _ = queue()  # the job's path: one unit per message (2 commits each)
                ids = due_ids(db)
                t_units, outcomes = timed(lambda i=ids: [send_one(db, transport, k) for k in i])
                assert outcomes == ["sent"] * RECIPIENTS, outcomes
                t_build, packages = timed(bare_build)
                t_post, _ = timed(lambda p=packages: bare_post(p))
                for key, value in zip(timings, (t_queue, t_send, t_queue + t_send, t_units, t_build, t_post,
                                                t_build + t_post), strict=True):
                    timings[key].append(value)
        finally:
            db.dispose()
            gateway.stop()
    print(f"one decision to {RECIPIENTS} recipient agencies, {n} rounds (interleaved); median [min–max]")
    for key, values in timings.items():
        print(f"  {key:36s} {median_ms(values)}")
    med = {k: statistics.median(v) for k, v in timings.items()}
    print(f"  package size: {len(packages[0]):,} bytes (PDF {len(message.attachments[0].data):,} bytes, base64)")
    print(f"product ÷ baseline (build + send): {med['product: build + send'] / med['baseline: build + POST']:.2f}×; "
          f"queue ÷ bare build {med['product: queue (10 built, stored)'] / med['baseline: edxml.build ×10']:.2f}×, "
          f"send ÷ bare POST {med['product: send 10 (HTTP)'] / med['baseline: bare POST ×10']:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
