"""Later documents cite the numbers the văn thư gave to earlier ones."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dossier.demo.people import DEMO_PASSWORD
from dossier.model import GeneratedDocument
from dossier.services.issuance import SigningPort, sign_document
from dossier.services.issuance.port import PdfFunction
from dossier.services.issuance.steps import sign_step
from dossier.vn.dates import format_date
from tests.core.helpers import new_dossier, version_of, walk_dossier
from workflows import Status, Trigger


def _document(db, dossier_id: int, template_id: str) -> GeneratedDocument:
    with db.read() as session:
        return session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.template_id == template_id)
            .order_by(GeneratedDocument.id.desc())).first()


def delegate_approval(db, users, on=None) -> None:
    """The administrator sets the Sở Công Thương as the approving authority (organisation setting),
    from the day `on` (today by default): documents dated earlier keep the UBND tỉnh's."""
    import dataclasses
    import datetime as dt

    from dossier.model import Organisation
    from dossier.services import admin
    from dossier.services.approval_authority import DelegationAct
    from dossier.vn.vntime import today_vn

    with db.read() as session:
        sct = session.scalars(select(Organisation).where(Organisation.kind == "so_cong_thuong")).one().id
    data = dataclasses.replace(admin.get_organisation(db, sct).data, approval_authority="so_cong_thuong")
    act = DelegationAct("15/2026/QĐ-UBND", (on or today_vn()) - dt.timedelta(days=10))
    assert admin.update_organisation(db, users["quantri"], sct, data, approval_from=on, approval_act=act)


def test_a_submission_overtaken_by_delegation_is_not_the_director_s_own_proposal(db, province, pdf_maker) -> None:
    """The Sở's Tờ trình to the UBND tỉnh is issued, then the province delegates approval to the
    Sở: its deputy director, who signed that Tờ trình, approves. The decision does not cite it as
    "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình …" (he would act on his own proposal):
    it rests on the council's minutes and the proposal of the Sở's Phòng Quản lý công nghiệp."""
    users = province
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.SUBMITTED_FOR_APPROVAL)
    submission = _document(db, dossier_id, "to_trinh_phe_duyet")
    signed = sign_document(db, port=SigningPort(archive_pdf=PdfFunction(pdf_maker)), actor_id=users["phogiamdoc"],
                           document_id=submission.id, password=DEMO_PASSWORD)  # issued today, the day it is signed

    # The province delegates approval to the Sở (the administrator's setting): its deputy director
    # approves by signing the decision (issue 10), one action, one transaction.
    delegate_approval(db, users)
    sign_step(db, port=SigningPort(archive_pdf=PdfFunction(pdf_maker)), actor_id=users["phogiamdoc"],
              dossier_id=dossier_id, trigger=Trigger.APPROVE, expected_version=version_of(db, dossier_id),
              password=DEMO_PASSWORD)
    decision = json.loads(_document(db, dossier_id, "qd_phe_duyet_de_an").context_json)
    meeting = json.loads(_document(db, dossier_id, "bien_ban_hop_hoi_dong").context_json)["hop"]["ngay"]
    assert decision["can_cu"][-2:] == [
        f"Căn cứ kết quả thẩm định tại Biên bản họp Hội đồng thẩm định {format_date(meeting)};",
        "Theo đề nghị của Trưởng phòng Quản lý công nghiệp."]
    assert signed.number_text.removeprefix("Số: ") not in json.dumps(decision["can_cu"], ensure_ascii=False)
    # issued by the Sở under delegation: its header, its director's authority, its own number
    assert decision["tham_quyen"] == "GIÁM ĐỐC SỞ CÔNG THƯƠNG"
    assert decision["ky"]["dong"][:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], decision["ky"]
    with db.read() as session:
        from dossier.model import Dossier, IssuedDocument

        issued = session.scalars(select(IssuedDocument).where(IssuedDocument.template_id == "qd_phe_duyet_de_an")).one()
        assert issued.number_text.endswith("/QĐ-SCT") and session.get(Dossier, dossier_id).status == "approved"


def test_a_submission_drafted_before_delegation_is_not_issued_after_it(db, province, pdf_maker) -> None:
    """The Sở's Tờ trình to the UBND tỉnh is drafted, then the province delegates approval to the
    Sở before it is signed. Issued now it would read "Sở Công Thương … kính trình Sở Công Thương …":
    signing it, and entering it signed on paper, are refused, naming why and what to do; the
    approval no longer waits for it (its Giám đốc approves on the council's minutes), and the
    archive still does, until the draft is cancelled with a reason."""
    from dossier.errors import Refused
    from dossier.model import Dossier
    from dossier.services.drafts import facts_drafts
    from dossier.services.issuance.paper import register_paper_signature
    from dossier.vn.vntime import now_vn

    users = province
    dossier_id = new_dossier(db, users)
    walk_dossier(db, users, dossier_id, Status.SUBMITTED_FOR_APPROVAL)
    submission = _document(db, dossier_id, "to_trinh_phe_duyet")
    delegate_approval(db, users)
    port = SigningPort(archive_pdf=PdfFunction(pdf_maker))
    for issue in (lambda: sign_document(db, port=port, actor_id=users["phogiamdoc"], document_id=submission.id,
                                        password=DEMO_PASSWORD),
                  lambda: register_paper_signature(db, actor_id=users["vanthu"], document_id=submission.id,
                                                   signer_id=users["phogiamdoc"], issued_on=now_vn().date())):
        with pytest.raises(Refused) as refused:
            issue()
        assert "phê duyệt đề án theo ủy quyền, văn bản này sẽ gửi chính Sở Công Thương" in str(refused.value)
        assert "Hủy dự thảo, ghi rõ lý do" in str(refused.value)
    with db.read() as session:
        waiting = {d.template_id: d for d in facts_drafts(session, session.get(Dossier, dossier_id))}
    assert not waiting["to_trinh_phe_duyet"].issued and not waiting["to_trinh_phe_duyet"].needed

    sign_step(db, port=port, actor_id=users["phogiamdoc"], dossier_id=dossier_id, trigger=Trigger.APPROVE,
              expected_version=version_of(db, dossier_id), password=DEMO_PASSWORD)
    decision = json.loads(_document(db, dossier_id, "qd_phe_duyet_de_an").context_json)
    assert decision["can_cu"][-1] == "Theo đề nghị của Trưởng phòng Quản lý công nghiệp."
    with db.read() as session:
        assert session.get(Dossier, dossier_id).status == Status.APPROVED
