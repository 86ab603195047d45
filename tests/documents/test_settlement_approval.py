"""The Sở's Quyết định phê duyệt quyết toán (issue 10, item 6): the settlement step's second
document, after the Báo cáo quyết toán. Rendered from a dossier walked through an adjustment to
its settlement and archive: it cites the approval and the adjustment by number and date (each
with its issuer as then named), the contract, the liquidation and the Báo cáo, and approves the
settled amount in figures and in words, agreeing with the ledger."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dossier.documents.content import check_document
from dossier.model import Blob, GeneratedDocument, RegisterEntry
from dossier.vn.dates import format_date
from tests.core.helpers import new_dossier, walk_dossier
from tests.docx_text import docx_text
from workflows import Status as S
from workflows import Trigger as T


def test_the_settlement_is_approved_citing_what_it_rests_on(db, users):
    from dossier.services.issuance.paper import numbered_copy
    from dossier.services.ledger import entries_of, position_of

    dossier_id = new_dossier(db, users, year=2025)
    walk_dossier(db, users, dossier_id, S.ADJUSTMENT_PENDING)
    walk_dossier(db, users, dossier_id, S.IN_PROGRESS, dates={T.APPROVE_ADJUSTMENT: date(2025, 8, 12)})
    walk_dossier(db, users, dossier_id, S.SETTLED)
    walk_dossier(db, users, dossier_id, S.ARCHIVED)  # every draft issued on the way, this one too
    with db.read() as session:
        doc = session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id,
            GeneratedDocument.template_id == "qd_phe_duyet_quyet_toan")).one()
        entries = {e.generated_document_id: e for e in session.scalars(
            select(RegisterEntry).where(RegisterEntry.dossier_id == dossier_id))}
        symbols = {session.get(GeneratedDocument, i).template_id: e for i, e in entries.items()}
        copy = numbered_copy(session, entries[doc.id])
        draft = docx_text(session.get(Blob, doc.sha256).data)
        money = position_of(entries_of(session, dossier_id))
    text = docx_text(copy.data, headers=True)
    assert check_document(copy.data) == [], check_document(copy.data)
    number = symbols["qd_phe_duyet_quyet_toan"].symbol
    assert number.endswith("/QĐ-SCT") and f"Số: {number}" in text
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG" in text and f"Khánh Hòa, {format_date(entries[doc.id].issued_on)}" in text
    approval, adjustment, report, liquidation = (symbols[t] for t in (
        "qd_phe_duyet_de_an", "qd_dieu_chinh", "bao_cao_quyet_toan", "bien_ban_thanh_ly"))
    article_1 = next(line for line in text.splitlines() if line.startswith("Điều 1."))
    assert f"Quyết định số {approval.symbol} ngày 25 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Ninh Thuận" in article_1
    assert f"điều chỉnh tại Quyết định số {adjustment.symbol} ngày 12 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh " \
           "Khánh Hòa" in article_1
    # the biên bản its parties signed, entered in the Trung tâm's register on the way
    assert "Hợp đồng số " in article_1 and \
        f"Biên bản thanh lý hợp đồng số {liquidation.symbol} ngày 05 tháng 11 năm 2025" in article_1
    assert f"Xét Báo cáo quyết toán số {report.symbol} {format_date(report.issued_on)} của" in text
    # the Sở reviews and approves a settlement under the Ministry of Finance's rules for it, after
    # khuyến công's own funding circular
    bases = [line for line in text.splitlines() if line.startswith("Căn cứ Thông tư")]
    assert bases[-1] == ("Căn cứ Thông tư số 137/2017/TT-BTC ngày 25 tháng 12 năm 2017 của Bộ trưởng Bộ Tài chính quy "
                         "định xét duyệt, thẩm định, thông báo và tổng hợp quyết toán năm;"), bases
    assert bases[-2].startswith("Căn cứ Thông tư số 28/2018/TT-BTC ")
    assert "Xét Báo cáo quyết toán của" in draft  # drafted before the Báo cáo had its number
    settled = f"{money.settled:,}".replace(",", ".")
    assert f"3. Kinh phí quyết toán được phê duyệt: {settled} đồng (Bằng chữ: Một trăm ba mươi triệu đồng)." in text
    assert f"2. Kinh phí đã cấp: {money.paid:,} đồng".replace(",", ".") in text
    assert "- Sở Tài chính;" in text and "- Kho bạc Nhà nước khu vực XV;" in text
