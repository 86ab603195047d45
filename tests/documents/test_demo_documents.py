"""The demo's documents, all of them (issue 10, item 7 and "the same check over every document
of the demo finds nothing"): the demo as `dossier demo` builds it — the seed's Ninh Thuận
programme 2021–2025 carried on by the merged Khánh Hòa — every dossier with the documents of every
step it went through, every plan document, each passing the product's content check
(`dossier check-document`); and the documents before 1 July 2025 printing Ninh Thuận's bodies,
those after it Khánh Hòa's, from the same organisation rows."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.docx_text import docx_text

MERGER = date(2025, 7, 1)


@pytest.fixture(scope="module")
def demo(demo_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from dossier.services.uow import Database

    path = tmp_path_factory.mktemp("demo-documents") / "demo.sqlite3"
    shutil.copy(demo_sqlite, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


def _documents(session: Any) -> Iterator[tuple[str, bytes]]:
    """(label, .docx) of every document of the demo: each step's drafts, their issued versions,
    and the plans' documents."""
    from dossier.model import Blob, Dossier, GeneratedDocument, IssuedDocument, PlanDocument

    codes = dict(session.execute(select(Dossier.id, Dossier.code)).all())
    issued = {i.generated_document_id: i for i in session.scalars(select(IssuedDocument))}
    for doc in session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)):
        label = f"{codes[doc.dossier_id]} {doc.template_id}#{doc.id}"
        yield label, session.get(Blob, doc.sha256).data
        if doc.id in issued:
            yield f"{label} ({issued[doc.id].number_text})", session.get(Blob, issued[doc.id].docx_sha256).data
    for doc in session.scalars(select(PlanDocument).order_by(PlanDocument.id)):
        yield f"kế hoạch {doc.filename}#{doc.id}", session.get(Blob, doc.sha256).data


def test_every_demo_dossier_has_the_documents_of_its_steps(demo: Any) -> None:
    from dossier.model import Dossier, GeneratedDocument, PlanDocument, TransitionRecord
    from workflows.table import steps_for

    with demo.read() as session:
        made = {(d.transition_id, d.template_id) for d in session.scalars(select(GeneratedDocument))}
        missing = []
        records = session.scalars(select(TransitionRecord).order_by(TransitionRecord.id)).all()
        for record in records:
            step = next(s for s in steps_for(record.trigger)
                        if record.from_status in s.sources and s.dest == record.to_status)
            missing += [f"{record.dossier_id} {record.trigger} {t}" for t in step.documents
                        if (record.id, t) not in made]
        assert not missing, missing[:20]
        dossiers = session.scalar(select(func.count()).select_from(Dossier))
        assert dossiers >= 80 and len({r.dossier_id for r in records}) >= dossiers - 1  # all but the draft
        assert len(made) > 800
        plan_templates = set(session.scalars(select(PlanDocument.template_id)))
        assert {"bang_tong_hop_de_an", "to_trinh_ke_hoach", "qd_phe_duyet_ke_hoach"} <= plan_templates


def test_the_content_check_finds_nothing_in_any_document_of_the_demo(demo: Any) -> None:
    """Each document alone (`dossier check-document FILE`), and every dossier's documents across
    each other (`dossier check-document --dossier CODE`): dates, citations, figures."""
    from dossier.documents.content import check_document
    from dossier.model import Dossier
    from dossier.services.coherence import check_stored_dossier

    found: dict[str, list[str]] = {}
    checked = 0
    with demo.read() as session:
        for label, docx in _documents(session):
            checked += 1
            problems = check_document(docx)
            if problems:
                found[label] = [str(p) for p in problems]
        dossiers = session.scalars(select(Dossier).order_by(Dossier.id)).all()
        for dossier in dossiers:
            findings = check_stored_dossier(session, dossier.id)
            if findings:
                found[dossier.code] = [str(f) for f in findings]
    assert checked > 800 and len(dossiers) >= 80
    assert not found, f"{len(found)} of {checked} documents or dossiers: " + json.dumps(
        dict(list(found.items())[:15]), ensure_ascii=False, indent=1)


def test_the_plans_decisions_cite_their_proposals_by_the_number_they_were_entered_with(demo: Any) -> None:
    """Every plan Tờ trình and Quyết định of the demo is in the register; each Quyết định cites the
    Tờ trình of its đợt by that number and date."""
    from dossier.model import Blob, PlanDocument, RegisterEntry
    from dossier.vn.dates import format_date

    with demo.read() as session:
        entries = {e.plan_document_id: e for e in session.scalars(
            select(RegisterEntry).where(RegisterEntry.plan_document_id.is_not(None)))}
        docs = session.scalars(select(PlanDocument).where(PlanDocument.template_id.in_(
            ("to_trinh_ke_hoach", "qd_phe_duyet_ke_hoach"))).order_by(PlanDocument.id)).all()
        assert docs and all(d.id in entries for d in docs)
        decisions = [d for d in docs if d.template_id == "qd_phe_duyet_ke_hoach"]
        assert len(decisions) >= 6
        for decision in decisions:
            [proposal] = [d for d in docs if d.template_id == "to_trinh_ke_hoach" and d.plan_id == decision.plan_id
                          and d.batch_id == decision.batch_id]
            entry = entries[proposal.id]
            assert entry.symbol.endswith("/TTr-SCT") and entries[decision.id].symbol.endswith("/QĐ-UBND")
            text = docx_text(session.get(Blob, decision.sha256).data)
            assert f"tại Tờ trình số {entry.symbol} {format_date(entry.issued_on)}" in text


def _header(data: bytes) -> tuple[str, str]:
    """The issuer's block (ô số 1–2) and the place–date line (ô số 4) of a document's header table."""
    import io

    import docx

    cells = [cell.text for row in docx.Document(io.BytesIO(data)).tables[0].rows for cell in row.cells]
    return cells[0], next((c for c in cells if ", ngày" in c), "")


def _issued_by(session: Any, kind: str) -> tuple[list[str], list[tuple[date, str, str, str]]]:
    """The one body of `kind` (its names by version) and each document it issues: (date,
    template, issuer block, place–date line)."""
    from dossier.model import Blob, GeneratedDocument, Organisation, TransitionRecord

    [body] = session.scalars(select(Organisation).where(Organisation.kind == kind)).all()
    names = [v.name for v in body.versions]
    found = []
    for doc in session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)):
        if (json.loads(doc.context_json).get("co_quan") or {}).get("ten_day_du") in names:
            on = session.get(TransitionRecord, doc.transition_id).on
            found.append((on, doc.template_id, *_header(session.get(Blob, doc.sha256).data)))
    return names, found


@pytest.mark.parametrize(("kind", "before", "after"), [
    ("ubnd_tinh", "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN", "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA"),
    ("so_cong_thuong", "UBND TỈNH NINH THUẬN\nSỞ CÔNG THƯƠNG", "UBND TỈNH KHÁNH HÒA\nSỞ CÔNG THƯƠNG"),
])
def test_a_document_before_the_merger_prints_ninh_thuan_and_after_it_khanh_hoa(demo: Any, kind: str, before: str,
                                                                             after: str) -> None:
    with demo.read() as session:
        names, documents = _issued_by(session, kind)
    assert any("Ninh Thuận" in n for n in names) and any("Khánh Hòa" in n for n in names)
    earlier = [d for d in documents if d[0] < MERGER]
    later = [d for d in documents if d[0] >= MERGER]
    assert len(earlier) > 20 and len(later) >= 3, (len(earlier), len(later))
    for on, template_id, issuer, place_date in earlier:
        assert issuer.startswith(before) and place_date.startswith("Ninh Thuận, ngày"), (on, template_id, issuer)
    for on, template_id, issuer, place_date in later:
        assert issuer.startswith(after) and place_date.startswith("Khánh Hòa, ngày"), (on, template_id, issuer)


def test_one_dossier_crosses_the_merger(demo: Any) -> None:
    """The 2025 táo sấy đề án (Hộ kinh doanh Trung Tuấn, domain.md §6): approved by the UBND tỉnh
    Ninh Thuận in March 2025, accepted under the merged Khánh Hòa in October, by the same rows."""
    from dossier.model import Blob, Dossier, GeneratedDocument, TransitionRecord

    with demo.read() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.title.like("%chế biến táo sấy"))).one()
        docs = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier.id)
                               .order_by(GeneratedDocument.id)).all()
        by_template = {d.template_id: d for d in docs}
        decision, acceptance = by_template["qd_phe_duyet_de_an"], by_template["bien_ban_nghiem_thu"]
        assert session.get(TransitionRecord, decision.transition_id).on < MERGER
        assert session.get(TransitionRecord, acceptance.transition_id).on >= MERGER
        decision_text = docx_text(session.get(Blob, decision.sha256).data)
        acceptance_text = docx_text(session.get(Blob, acceptance.sha256).data)
        issuers = {d.template_id: _header(session.get(Blob, d.sha256).data) for d in docs}
    assert issuers["qd_phe_duyet_de_an"][0].startswith("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN")
    assert issuers["qd_phe_duyet_de_an"][1].startswith("Ninh Thuận, ngày")
    assert issuers["bien_ban_nghiem_thu"][1].startswith("Khánh Hòa, ngày")
    # the April 2025 contract is cited with the party that signed it, the Ninh Thuận centre
    assert "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận" in acceptance_text
    assert "Ninh Thuận" in decision_text and "huyện" not in acceptance_text


def test_each_register_of_the_demo_numbers_its_documents_in_date_order(demo: Any) -> None:
    """A register's numbers follow its documents' issue dates within a year (domain.md §5.4: in the
    order of issue, from 01 on 1 January), although the demo walks dossier after dossier: it takes
    their steps and the plans' documents together, the earliest day first."""
    from dossier.model import RegisterEntry

    with demo.read() as session:
        entries = session.execute(select(RegisterEntry.organisation_id, RegisterEntry.year, RegisterEntry.series,
                                         RegisterEntry.number, RegisterEntry.issued_on, RegisterEntry.symbol)
                                  .order_by(RegisterEntry.organisation_id, RegisterEntry.year,
                                            RegisterEntry.series, RegisterEntry.number)).all()
    registers: dict[tuple[int, int, str], list[Any]] = {}
    for entry in entries:
        registers.setdefault(entry[:3], []).append(entry)
    assert len(registers) >= 6 and len(entries) >= 300
    for key, numbered in registers.items():
        assert [e.number for e in numbered] == list(range(1, len(numbered) + 1)), key
        late = [(a.symbol, a.issued_on, b.symbol, b.issued_on) for a, b in zip(numbered, numbered[1:], strict=False)
                if b.issued_on < a.issued_on]
        assert not late, (key, late[:3])
