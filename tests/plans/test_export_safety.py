"""No formula typed by a user comes alive in an export (issue 13 items 2 and 6).

Every user-typed field that reaches a spreadsheet or a CSV gets a formula payload: the dossier's
title, the beneficiary's name and commune, the content group, the ledger's reference and note, the
name of whoever wrote an entry, an attachment's file name, a generated document's title, the
register's abstract, signer, recipients and organisation. Every export is then opened: no .xlsx
cell is a formula (nor an <f> element in the sheet XML), no CSV field starts like one, the payload
text is still there (as text), and amounts are still numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from dossier.services.cells import TRIGGERS
from tests.web.conftest import app, as_user, ids, web_db  # noqa: F401 (fixtures)
from tests.web.test_access_walk import _issued_row

PAYLOADS = ['=HYPERLINK("http://evil.example/","click")', "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+2",
            "\r=1+2", "＝1+2", "＋1+1", "－1+1", "＠SUM(1)", "=cmd|' /C calc'!A0"]


def _plant(db: Any, ids: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """A payload in every user-typed field of an in-progress dossier of the Sở, its ledger, its files."""
    from dossier.model import (
        Attachment,
        Blob,
        ContentGroup,
        Dossier,
        GeneratedDocument,
        LedgerEntry,
        Organisation,
        User,
    )

    payload = iter(PAYLOADS * 3)
    dossier_id = ids["status"]["in_progress"]
    with db.write() as session:
        d = session.get(Dossier, dossier_id)
        d.title = next(payload)
        d.beneficiary.name, d.beneficiary.commune = next(payload), next(payload)
        if d.content_group is not None:
            session.get(ContentGroup, d.content_group_id).name = next(payload)
        entries = session.scalars(select(LedgerEntry).where(LedgerEntry.dossier_id == dossier_id)).all()
        assert entries, "the in-progress demo dossier has ledger entries"
        session.get(User, entries[0].actor_id).full_name = next(payload)
        # ledger rows are append-only: add one carrying payloads, as an officer would type them
        session.add(LedgerEntry(dossier_id=dossier_id, kind=entries[0].kind, amount=1_000_000,
                                entry_date=entries[0].entry_date, reference=next(payload), note=next(payload),
                                source=entries[0].source, actor_id=ids["users"]["chuyenvien"]))
        pdf = b"%PDF-1.4 payload"
        session.merge(Blob(sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), data=pdf))
        session.flush()
        long_name = "Bản kê khai " + "rất dài " * 22 + ".pdf"
        for name in ("=1+2.pdf", long_name):
            session.add(Attachment(dossier_id=dossier_id, filename=name, content_type="application/pdf",
                                   size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(),
                                   uploaded_by_id=ids["users"]["chuyenvien"]))
        doc = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).first()
        doc.title = next(payload)
        sct = session.scalars(select(Organisation).where(Organisation.code == "sct-kh")).one()
        _issued_row(session, doc, sct.id, ids["users"]["giamdoc"], hashlib.sha256(pdf).hexdigest(),
                    abstract=next(payload), signer_name=next(payload), recipients=next(payload))
        sct.name = next(payload)
        year = d.plan.year if d.plan else None
    return {"dossier_id": dossier_id, "year": year, "long_name": long_name}


def _check_xlsx(data: bytes, where: str) -> list[str]:
    """The text of every cell; fails on any formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), (where, name)
    texts = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (where, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value[:1] in TRIGGERS:
                        assert cell.quotePrefix, (where, cell.coordinate, cell.value)
    return texts


def _check_csv(data: bytes, where: str) -> list[str]:
    fields = [f for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for f in row]
    for f in fields:
        assert f[:1] not in TRIGGERS, (where, f)
    return fields


def _payloads_seen(texts: list[str]) -> set[str]:
    return {p for p in PAYLOADS if any(p in t for t in texts)}


def test_no_formula_comes_alive_in_any_export(as_user: Any, web_db: Any, ids: dict[str, Any]) -> None:  # noqa: F811
    planted = _plant(web_db, ids)
    client = as_user("chuyenvien")
    year = f"?nam={planted['year']}" if planted["year"] else ""
    seen: set[str] = set()
    for url in (f"/bao-cao/xuat.xlsx{year}", f"/bao-cao/xuat.xlsx?theo=commune{year.replace('?', '&')}",
                f"/bao-cao/so-theo-doi.xlsx{year}", f"/bao-cao/so-kinh-phi.xlsx{year}", "/so-van-ban-di/xuat.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        seen |= _payloads_seen(_check_xlsx(response.data, url))
    register_csv = client.get("/so-van-ban-di/xuat.csv")
    seen |= _payloads_seen(_check_csv(register_csv.data, "register csv"))
    bundle = client.get(f"/bao-cao/ho-so/{planted['dossier_id']}/luu-tru.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as z:
        seen |= _payloads_seen(_check_xlsx(z.read("MUC_LUC.xlsx"), "MUC_LUC.xlsx"))
        for name in ("lich_su.csv", "so_kinh_phi.csv"):
            seen |= _payloads_seen(_check_csv(z.read(name), name))
        names = z.namelist()
    # the payloads are kept as text (with a leading apostrophe in CSV), not dropped
    assert len(seen) >= 8, sorted(seen)
    # amounts stay numbers
    ledger = load_workbook(io.BytesIO(client.get(f"/bao-cao/so-kinh-phi.xlsx{year}").data)).active
    amounts = [row[4].value for row in ledger.iter_rows(min_row=4) if isinstance(row[0].value, int)]
    assert amounts and all(isinstance(a, int) for a in amounts)
    # issue 13 item 6: a long attachment name keeps its extension inside the bundle
    long_paths = [n for n in names if n.startswith("dinh_kem/") and "rất dài" in n]
    assert long_paths and all(n.endswith(".pdf") and len(n.split("/", 1)[1]) <= 150 for n in long_paths), long_paths
    assert any(n.endswith("=1+2.pdf") for n in names)  # a file name is not a cell: kept as typed


def test_csv_exports_name_their_charset_once(as_user: Any) -> None:  # noqa: F811
    response = as_user("chuyenvien").get("/so-van-ban-di/xuat.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_cells_module_keeps_numbers_and_plain_text() -> None:
    from dossier.services.cells import csv_field

    assert csv_field(-5) == -5 and csv_field(1_000_000) == 1_000_000 and csv_field(None) is None
    assert csv_field("Hộ kinh doanh Ánh Dương") == "Hộ kinh doanh Ánh Dương"
    assert csv_field("=1+2") == "'=1+2" and csv_field("＠x") == "'＠x" and csv_field("\t=1") == "'\t=1"
