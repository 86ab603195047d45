"""Template versions through the web: upload → report → preview → activate; the next document uses
the new version, older documents still regenerate from theirs; hostile uploads are refused whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.admin.conftest import MARKER, TEMPLATE, edited_docx, upload
from tests.web.conftest import approve, sign_submission


def docx_text(data: bytes) -> str:
    from dossier.documents.parts import template_parts

    return "\n".join(p for part in template_parts(data) for p in part.paragraphs)


def _versions(db: Any) -> list[tuple[int, str, bool]]:
    from dossier.model import TemplateVersion

    with db.read() as session:
        return list(session.execute(select(TemplateVersion.version, TemplateVersion.status, TemplateVersion.valid)
                                    .where(TemplateVersion.template_id == TEMPLATE).order_by(TemplateVersion.version)))


def _decision_docs(db: Any) -> list[Any]:
    from dossier.model import GeneratedDocument

    with db.read() as session:
        return list(session.scalars(select(GeneratedDocument).where(GeneratedDocument.template_id == TEMPLATE)
                                    .order_by(GeneratedDocument.id)))


def _approve(as_user: Any, db: Any, dossier_id: int) -> None:
    """The Sở signs its Tờ trình; the UBND tỉnh's leader approves by signing the decision (issue 10)."""
    sign_submission(as_user, db, dossier_id)
    response = approve(as_user, db, dossier_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_upload_report_preview_activate_then_new_documents_use_it(app: Any, as_user: Any, web_db: Any,
                                                                  ids: dict) -> None:
    from dossier.services.documents import regenerate

    admin = as_user("quantri")
    older = _decision_docs(web_db)
    assert older and all(d.template_version == 1 for d in older)  # made by the demo from the shipped file

    response = upload(admin, edited_docx())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/2"
    assert _versions(web_db) == [(2, "draft", True)]
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kết quả kiểm tra" in page and "Kích hoạt phiên bản 2" in page and "Bản nháp" in page
    preview = admin.get(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/2/xem-truoc.docx")
    assert preview.status_code == 200 and "attachment" in preview.headers["Content-Disposition"]
    text = docx_text(preview.data)
    assert MARKER in text and "{{" not in text  # filled with the sample data
    assert MARKER in docx_text(admin.get(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/2/mau.docx").data)

    # A draft changes nothing yet.
    listing = admin.get("/quan-tri/mau-van-ban").get_data(as_text=True)
    assert "chờ kích hoạt" in listing

    assert admin.post(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/2/kich-hoat").status_code == 302
    assert _versions(web_db) == [(2, "active", True)]
    again = admin.post(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/2/kich-hoat")
    assert again.status_code == 422 and "đang được áp dụng" in again.get_data(as_text=True)

    _approve(as_user, web_db, ids["status"]["submitted_for_approval"])
    newest = _decision_docs(web_db)[-1]
    assert newest.template_version == 2
    from dossier.model import Blob

    with web_db.read() as session:
        assert MARKER in docx_text(session.get(Blob, newest.sha256).data)
        # Older documents name their version and are rendered from it, byte for byte.
        for doc in older:
            data = regenerate(session, session.get(type(doc), doc.id))
            assert MARKER not in docx_text(data)
            assert docx_text(data) == docx_text(session.get(Blob, doc.sha256).data)
        again = regenerate(session, session.get(type(newest), newest.id))
        assert MARKER in docx_text(again)

    # A third version retires the second; both stay.
    assert upload(admin, edited_docx(body=MARKER + " – lần 3")).status_code == 302
    admin.post(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/3/kich-hoat")
    assert _versions(web_db) == [(2, "retired", True), (3, "active", True)]
    detail = admin.get(f"/quan-tri/mau-van-ban/{TEMPLATE}").get_data(as_text=True)
    assert "Đã thay thế" in detail and "mẫu gốc" in detail


def test_pdf_preview_says_clearly_when_libreoffice_is_missing(web_db: Any, tmp_path: Path) -> None:
    from tests.web.conftest import login, make_app

    app = make_app(web_db, tmp_path, CONVERTER_STATUS=lambda: "soffice not found")
    client = app.test_client()
    login(client, "quantri")
    response = client.get(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/1/xem-truoc.pdf")
    assert response.status_code == 503
    assert "chưa cài LibreOffice" in response.get_data(as_text=True)


def test_pdf_preview_with_libreoffice(as_user: Any) -> None:
    from tests.conftest import require_program

    require_program("soffice")
    admin = as_user("quantri")
    assert upload(admin, edited_docx()).status_code == 302
    response = admin.get(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/2/xem-truoc.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Content-Type"] == "application/pdf"


def _refused(response: Any) -> str:
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Không nhận phiên bản vừa tải lên" in html and "Chưa có gì được lưu hay kích hoạt" in html
    return html


@pytest.mark.parametrize("where", ["body", "header", "title"])
def test_injection_payloads_are_refused_at_upload(where: str, as_user: Any, web_db: Any, tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    payload = "{{ cycler.__init__.__globals__.os.system('touch " + str(canary) + "') }}"
    admin = as_user("quantri")
    html = _refused(upload(admin, edited_docx(**{"body": None, where: payload})))
    assert "bên trong hệ thống" in html  # the report says what is wrong…
    assert "cycler.__init__.__globals__.os.system(&#39;touch" in html  # …and quotes the paragraph
    assert not canary.exists()
    assert _versions(web_db) == []
    from dossier.model import AuditEvent

    with web_db.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last.action == "admin.template_upload_refused" and json.loads(last.payload_json)["errors"] >= 1
    # The template in force is still the shipped one.
    assert "Đang dùng phiên bản <strong>1</strong>" in admin.get(f"/quan-tri/mau-van-ban/{TEMPLATE}").get_data(
        as_text=True)


def test_other_python_internals_are_refused(as_user: Any, web_db: Any) -> None:
    admin = as_user("quantri")
    _refused(upload(admin, edited_docx(body="{{ ''.__class__.__mro__[1].__subclasses__() }}")))
    _refused(upload(admin, edited_docx(body="{{ co_quan.ten|attr('format') }}")))
    assert _versions(web_db) == []


def test_broken_uploads_get_a_report_naming_the_place(as_user: Any, web_db: Any) -> None:
    admin = as_user("quantri")
    html = _refused(upload(admin, b"day khong phai tep Word"))
    assert "template.docx" in html
    html = _refused(upload(admin, edited_docx(), filename="mau.doc"))
    assert "đuôi .docx" in html
    html = _refused(upload(admin, edited_docx(body="Kính gửi: {{ bien_chua_khai_bao }} và các đơn vị")))
    assert "«bien_chua_khai_bao» chưa được khai báo" in html
    assert "«Kính gửi: {{ bien_chua_khai_bao }} và các đơn vị»" in html  # the paragraph, quoted
    html = _refused(upload(admin, edited_docx(), manifest=b"id = [khong hop le"))
    assert "manifest.toml" in html and "TOML" in html
    html = _refused(upload(admin, edited_docx(), manifest=b'id = "khac"\nversion = 1\n'))
    assert "manifest.toml" in html
    html = _refused(upload(admin, edited_docx(), sample=b"{khong phai json"))
    assert "sample.json" in html
    html = _refused(upload(admin, edited_docx(), sample=b"{}"))
    assert "sample.json thiếu trường bắt buộc" in html
    html = _refused(admin.post(f"/quan-tri/mau-van-ban/{TEMPLATE}/tai-len", data={"comment": "x"},
                               content_type="multipart/form-data"))
    assert "Chưa chọn tệp mẫu" in html
    assert _versions(web_db) == []
    assert admin.post("/quan-tri/mau-van-ban/khong_co_mau/tai-len", data={},
                      content_type="multipart/form-data").status_code == 404


def test_a_version_that_failed_its_checks_cannot_be_activated(as_user: Any, web_db: Any, ids: dict) -> None:
    from dossier.model import Blob, TemplateVersion
    from dossier.model.base import utcnow

    data = edited_docx()
    with web_db.write() as session:  # as a future "keep failed drafts" mode would store it
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        session.merge(Blob(sha256=sha, size=len(data), data=data))
        session.flush()
        session.add(TemplateVersion(template_id=TEMPLATE, version=2, sha256=sha, manifest_toml="", sample_json="{}",
                                    status="draft", valid=False, report_json="[]",
                                    uploaded_by_id=ids["users"]["quantri"], uploaded_at=utcnow()))
    response = as_user("quantri").post(f"/quan-tri/mau-van-ban/{TEMPLATE}/phien-ban/2/kich-hoat")
    assert response.status_code == 422 and "chưa qua kiểm tra" in response.get_data(as_text=True)
    assert _versions(web_db) == [(2, "draft", False)]
    with web_db.read() as session:
        assert session.scalar(select(func.count()).select_from(TemplateVersion)
                              .where(TemplateVersion.status == "active")) == 0


def test_an_uploaded_manifest_without_a_profile_keeps_the_shipped_wording() -> None:
    """Versions uploaded before manifests carried a [profile] (or a manifest written by hand) keep
    the shipped template's trích yếu and Nơi nhận; an uploaded [profile] is the upload's own."""
    from dossier.services.template_store import shipped_catalog, spec_from_upload

    shipped = shipped_catalog()[TEMPLATE]
    assert shipped.directory is not None and shipped.profile is not None
    text = (shipped.directory / "manifest.toml").read_text(encoding="utf-8")
    without = text[:text.index("\n# What the document says")] + text[text.index("\n[[fields]]"):]
    assert "[profile]" not in without
    spec = spec_from_upload(TEMPLATE, 2, without, shipped.docx)
    assert spec.profile == shipped.profile and spec.version == 2
    own = text.replace('archive = ["KT"]', 'archive = ["KT", "TH"]')
    assert spec_from_upload(TEMPLATE, 3, own, shipped.docx).profile.archive == ("KT", "TH")
