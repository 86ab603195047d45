"""The dossier's archive zip: index, documents, attachments, history, ledger, audit verification."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dossier.errors import NotFound
from dossier.model import GeneratedDocument, TransitionRecord, User
from dossier.services.attachments import add_attachment
from dossier.services.bundle import export_bundle
from tests.plans.helpers import walk

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_bundle_holds_everything_and_the_audit_verification(db, users) -> None:
    dossier_id = walk(db, users, 2026, "G1", 0, 290, 130, "liquidated", documents=True)
    add_attachment(db, users["chuyenvien"], dossier_id, filename="Báo giá thiết bị.pdf", data=PDF)
    bundle = export_bundle(db, users["chuyenvien"], dossier_id)
    z = zipfile.ZipFile(io.BytesIO(bundle.data))
    names = z.namelist()
    with db.read() as session:
        documents = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).all()
        steps = session.scalars(select(TransitionRecord).where(TransitionRecord.dossier_id == dossier_id)).all()
    assert {"README.txt", "MUC_LUC.xlsx", "lich_su.csv", "so_kinh_phi.csv", "nhat_ky_kiem_toan.json",
            "sha256sums.txt"} <= set(names)
    docs = [n for n in names if n.startswith("van_ban/")]
    assert len(docs) == len(documents) > 5 and all(n.endswith(".docx") for n in docs)
    assert "dinh_kem/01 - Báo giá thiết bị.pdf" in names and z.read("dinh_kem/01 - Báo giá thiết bị.pdf") == PDF
    # every file is listed with its checksum, and the checksums hold
    sums = dict(reversed(line.split("  ", 1)) for line in z.read("sha256sums.txt").decode().splitlines())
    for name in names:
        if name not in ("README.txt", "MUC_LUC.xlsx", "sha256sums.txt"):
            assert hashlib.sha256(z.read(name)).hexdigest() == sums[name], name
    history = list(csv.reader(io.StringIO(z.read("lich_su.csv").decode("utf-8-sig"))))
    assert len(history) == len(steps) + 1 and history[0][2] == "Bước"
    ledger_rows = list(csv.reader(io.StringIO(z.read("so_kinh_phi.csv").decode("utf-8-sig"))))
    assert [r[1] for r in ledger_rows[1:]][:3] == ["Kinh phí khuyến công được phê duyệt", "Giá trị hợp đồng",
                                                   "Tạm ứng"]
    audit = json.loads(z.read("nhat_ky_kiem_toan.json"))
    assert audit["verification"]["chain_ok"] and audit["verification"]["dossier_events_ok"]
    assert bundle.chain_ok and "nguyên vẹn" in bundle.chain_text
    actions = [e["action"] for e in audit["events"]]
    assert actions[0] == "dossier.create" and "transition.liquidate" in actions and "attachment.add" in actions
    assert all(e["hash_ok"] for e in audit["events"])
    readme = z.read("README.txt").decode()
    assert "HỒ SƠ LƯU TRỮ ĐỀ ÁN KHUYẾN CÔNG" in readme and "nguyên vẹn" in readme
    index = load_workbook(io.BytesIO(z.read("MUC_LUC.xlsx"))).active
    listed = [index.cell(row=r, column=4).value for r in range(4, 4 + len(names) - 3)]
    assert set(listed) == set(names) - {"README.txt", "MUC_LUC.xlsx", "sha256sums.txt"}


def test_another_bodys_dossier_is_not_exported(db, users) -> None:
    dossier_id = walk(db, users, 2026, "G1", 0, 290, 130, "approved")
    with db.read() as session:  # an officer of the Trung tâm sees only its own dossiers
        outsider = session.scalars(select(User).where(User.username == "ttkc")).one()
        outsider_id = outsider.id
    with pytest.raises(NotFound):
        export_bundle(db, outsider_id, dossier_id)


def test_documents_signed_on_paper_are_kept_with_their_number_date_and_signer(db, users) -> None:
    """The walk signs on paper (issuance.paper): the archive file must say which number and date each
    such document bears, not only hold its blank-numbered draft."""
    from dossier.model import RegisterEntry
    from tests.docx_text import docx_text

    dossier_id = walk(db, users, 2026, "G1", 0, 290, 130, "approved", documents=True)
    with db.read() as session:
        entries = session.scalars(select(RegisterEntry).where(RegisterEntry.dossier_id == dossier_id)
                                  .order_by(RegisterEntry.id)).all()
        numbered = [(e.symbol, e.issued_on, e.signer_name) for e in entries]
    assert [symbol.split("/")[1] for symbol, _, _ in numbered] == ["QĐ-SCT", "GM-SCT", "TTr-SCT", "QĐ-UBND"]
    z = zipfile.ZipFile(io.BytesIO(export_bundle(db, users["chuyenvien"], dossier_id).data))
    copies = sorted(n for n in z.namelist() if n.startswith("van_ban_ky_giay/"))
    assert len(copies) == len(numbered)
    for name, (symbol, issued_on, signer) in zip(copies, numbered, strict=True):
        text = docx_text(z.read(name), headers=True)
        assert f"Số: {symbol}" in text and f"ngày {issued_on:%d} tháng {issued_on.month} năm {issued_on.year}" in text
        assert signer in text and "Số:    /" not in text, name
    readme = z.read("README.txt").decode()
    assert "(giờ Việt Nam)" in readme and "(UTC)" not in readme
    decision = next(line for line in readme.splitlines() if numbered[-1][0] in line)
    assert "Văn bản ký trên giấy" in decision and f"({numbered[-1][1]:%d/%m/%Y})" in decision
