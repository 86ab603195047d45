"""Template administration: upload a new version → checks → preview on sample data → activate.

An uploaded .docx is untrusted code (architecture.md B1, B2). Before anything is stored it goes
through the structural preflight (zip/XML bombs, macros, external links), the manifest parser and
check_template (split tags, undeclared variables, tags reaching Python internals), and the sample
is rendered in the bounded worker pool, never in the web process. An upload with any error is
refused and nothing is kept but an audit line, so an injection attempt leaves a trace and no
bytes; a clean upload becomes a *draft* with its report and the preview rendered during the
checks. Activation retires the version in force; rows are never edited otherwise or deleted.

The checks and the render run before the write transaction: they take seconds, and SQLite has
one writer. The version number is assigned inside the transaction (unique per template).
"""

from __future__ import annotations

import json
import logging
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier.documents.checks import Problem
from dossier.documents.errors import DocumentError, PreflightError
from dossier.errors import NotFound, Refused
from dossier.model import TemplateVersion
from dossier.model.base import utcnow
from dossier.services import audit
from dossier.services.documents import store_blob
from dossier.services.template_store import forget_active, shipped_catalog, spec_from_upload
from dossier.services.uow import Database

log = logging.getLogger(__name__)

MAX_MANIFEST_BYTES = 256 * 1024
MAX_SAMPLE_BYTES = 2 * 1024 * 1024
SOURCE_SHIPPED = "shipped"


@dataclass(frozen=True)
class Finding:
    """One line of a validation report, plain data (stored as JSON, shown as a table)."""

    severity: str  # "error" blocks the upload; "warning" is shown and does not
    part: str
    paragraph: int | None
    message_vi: str
    quote: str = ""

    @classmethod
    def of(cls, problem: Problem, severity: str | None = None) -> Finding:
        return cls(severity or problem.severity, problem.part, problem.paragraph, problem.message_vi, problem.quote)


def _error(part: str, message_vi: str, quote: str = "") -> Finding:
    return Finding("error", part, None, message_vi, quote)


@dataclass(frozen=True)
class UploadResult:
    """What an upload produced: the stored draft's version, or None when it was refused."""

    template_id: str
    version: int | None
    findings: tuple[Finding, ...]

    @property
    def accepted(self) -> bool:
        return self.version is not None


@dataclass(frozen=True)
class VersionRow:
    template_id: str
    version: int
    source: str  # "shipped" or "upload"
    status: str  # draft / active / retired (the shipped file: active when no upload is)
    sha256: str
    filename: str
    valid: bool
    comment: str = ""
    uploaded_by: str = ""
    uploaded_at: datetime | None = None
    activated_by: str = ""
    activated_at: datetime | None = None
    findings: tuple[Finding, ...] = ()
    has_preview: bool = False


@dataclass(frozen=True)
class TemplateSummary:
    template_id: str
    title: str
    doc_type: str
    generated_by: tuple[str, ...]
    active_version: int
    active_source: str
    versions: int
    drafts: int


@dataclass
class TemplateDetail:
    summary: TemplateSummary
    versions: list[VersionRow] = field(default_factory=list)


# -- reading -------------------------------------------------------------------------------------

def _template_ids(session: Session) -> list[str]:
    uploaded = set(session.scalars(select(TemplateVersion.template_id).distinct()))
    return sorted(set(shipped_catalog()) | uploaded)


def _rows(session: Session, template_id: str) -> list[TemplateVersion]:
    return list(session.scalars(select(TemplateVersion).where(TemplateVersion.template_id == template_id)
                                .order_by(TemplateVersion.version.desc())))


def _findings(raw: str) -> tuple[Finding, ...]:
    return tuple(Finding(**f) for f in json.loads(raw or "[]"))


def _version_row(row: TemplateVersion) -> VersionRow:
    return VersionRow(
        row.template_id, row.version, "upload", row.status, row.sha256, row.filename, row.valid, row.comment,
        row.uploaded_by.full_name, row.uploaded_at, row.activated_by.full_name if row.activated_by else "",
        row.activated_at, _findings(row.report_json), row.preview_sha256 is not None)


def _summary(session: Session, template_id: str, rows: list[TemplateVersion]) -> TemplateSummary:
    from dossier.services.template_store import resolve_spec

    spec = resolve_spec(session, template_id)
    active = next((r for r in rows if r.status == "active"), None)
    shipped = 1 if template_id in shipped_catalog() else 0
    return TemplateSummary(template_id, spec.title, spec.doc_type, spec.generated_by, spec.version,
                           "upload" if active else SOURCE_SHIPPED, len(rows) + shipped,
                           sum(1 for r in rows if r.status == "draft"))


def list_templates(db: Database) -> list[TemplateSummary]:
    """Every template (shipped or uploaded) with the version in force."""
    with db.read() as session:
        return [_summary(session, tid, _rows(session, tid)) for tid in _template_ids(session)]


def template_detail(db: Database, template_id: str) -> TemplateDetail:
    """One template and all its versions, newest first; the shipped file is the last row."""
    with db.read() as session:
        rows = _rows(session, template_id)
        shipped = shipped_catalog().get(template_id)
        if not rows and shipped is None:
            raise NotFound(f"Không có mẫu văn bản «{template_id}».")
        detail = TemplateDetail(_summary(session, template_id, rows), [_version_row(r) for r in rows])
        if shipped is not None and not any(r.version == shipped.version for r in rows):
            in_force = not any(r.status == "active" for r in rows)
            detail.versions.append(VersionRow(
                template_id, shipped.version, SOURCE_SHIPPED, "active" if in_force else "retired",
                shipped.sha256, "template.docx", True, "Mẫu gốc kèm theo phần mềm (templates_docx/)."))
        return detail


def get_version(db: Database, template_id: str, version: int) -> VersionRow:
    for row in template_detail(db, template_id).versions:
        if row.version == version:
            return row
    raise NotFound(f"Mẫu «{template_id}» không có phiên bản {version}.")


def _uploaded(session: Session, template_id: str, version: int) -> TemplateVersion | None:
    return session.scalars(select(TemplateVersion).where(TemplateVersion.template_id == template_id,
                                                         TemplateVersion.version == version)).one_or_none()


def version_docx(db: Database, template_id: str, version: int) -> tuple[bytes, str]:
    """The template file of one version (to edit it in Word and upload the next version)."""
    from dossier.services.template_store import resolve_spec

    with db.read() as session:
        try:
            spec = resolve_spec(session, template_id, version=version)
        except LookupError as exc:  # KeyError is a LookupError too
            raise NotFound(f"Mẫu «{template_id}» không có phiên bản {version}.") from exc
        return spec.docx, f"{template_id} - phiên bản {version}.docx"


def preview_docx(db: Database, template_id: str, version: int) -> tuple[bytes, str]:
    """The version rendered on its sample data (kept from the checks; rendered now for the shipped file)."""
    from dossier.model import Blob

    with db.read() as session:
        row = _uploaded(session, template_id, version)
        if row is not None and row.preview_sha256:
            return session.get(Blob, row.preview_sha256).data, f"Xem trước - {template_id} - phiên bản {version}.docx"
    shipped = shipped_catalog().get(template_id)
    if row is None and shipped is not None and shipped.version == version:
        from dossier.documents.catalog import load_sample

        return _render_sample(shipped, load_sample(shipped)).data, f"Xem trước - {template_id} - mẫu gốc.docx"
    raise NotFound(f"Mẫu «{template_id}» phiên bản {version} không có bản xem trước.")


def _render_sample(spec: Any, sample: dict[str, Any]) -> Any:
    from dossier.documents.bounded import render_document, repeat_items

    context = dict(sample)
    if spec.repeat_over and "muc" not in context:
        items = repeat_items(spec, context)
        context["muc"] = items[0] if items else {}
    return render_document(spec, context)


# -- upload --------------------------------------------------------------------------------------

def _previous_texts(db: Database, template_id: str) -> tuple[str, str]:
    """Manifest and sample of the version in force: the defaults of an upload."""
    with db.read() as session:
        row = session.scalars(select(TemplateVersion).where(TemplateVersion.template_id == template_id,
                                                            TemplateVersion.status == "active")).one_or_none()
        if row is not None:
            return row.manifest_toml, row.sample_json
    shipped = shipped_catalog()[template_id]
    assert shipped.directory is not None
    return ((shipped.directory / "manifest.toml").read_text(encoding="utf-8"),
            (shipped.directory / "sample.json").read_text(encoding="utf-8"))


def _decode(data: bytes | None, limit: int, part: str, findings: list[Finding]) -> str | None:
    if data is None:
        return None
    if len(data) > limit:
        findings.append(_error(part, f"Tệp {part} quá lớn (tối đa {limit // 1024} KB)."))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        findings.append(_error(part, f"Tệp {part} phải là văn bản mã hóa UTF-8."))
        return None


def _validate(template_id: str, docx: bytes, manifest: str, sample_text: str
              ) -> tuple[list[Finding], bytes | None]:
    """All checks; returns the findings and the preview rendered on the sample (None on failure)."""
    from dossier.documents.bounded import render_document
    from dossier.documents.checks import check_template
    from dossier.documents.layout import check_layout
    from dossier.documents.preflight import preflight

    try:
        preflight(docx)
    except PreflightError as exc:
        return [_error("template.docx", exc.message_vi)], None
    try:
        spec = spec_from_upload(template_id, 0, manifest, docx)
    except tomllib.TOMLDecodeError as exc:
        return [_error("manifest.toml", f"Tệp manifest.toml không đúng cú pháp TOML: {exc}")], None
    except DocumentError as exc:
        return [_error("manifest.toml", exc.message_vi)], None
    if spec.id != template_id:
        return [_error("manifest.toml", f"manifest.toml khai báo id «{spec.id}», khác mẫu đang cập nhật "
                                        f"«{template_id}».")], None
    try:
        sample = json.loads(sample_text)
    except json.JSONDecodeError as exc:
        return [_error("sample.json", f"Tệp sample.json không đúng cú pháp JSON: {exc}")], None
    if not isinstance(sample, dict):
        return [_error("sample.json", "sample.json phải là một đối tượng JSON ({…}).")], None
    rendered: list[bytes] = []

    def render(s: Any, context: Any) -> Any:  # the bounded pool, and keep the result as the preview
        result = render_document(s, context)
        rendered.append(result.data)
        return result

    findings = _merge([Finding.of(p) for p in check_template(spec, sample, render=render)])
    if any(f.severity == "error" for f in findings) or not rendered:
        return findings, None
    # Layout departures from ND 30 are reported but do not block: the checker is strict and a
    # province may have good reasons (the shipped plan templates trip it too).
    findings += [Finding.of(p, "warning") for p in check_layout(rendered[0], kind=spec.layout_kind)]
    return findings, rendered[0]


_INTERNAL = "Thẻ truy cập vào bên trong hệ thống"


def _merge(findings: list[Finding]) -> list[Finding]:
    """One line per paragraph that reaches Python internals (the checker reports each name), and no
    "undeclared variable" noise for that same paragraph: the admin needs the reason, once."""
    hostile: dict[tuple[str, int | None], list[str]] = {}
    for f in findings:
        if f.message_vi.startswith(_INTERNAL):
            hostile.setdefault((f.part, f.paragraph), []).append(f.message_vi.split("(", 1)[1].split(")", 1)[0])
    out: list[Finding] = []
    for f in findings:
        key = (f.part, f.paragraph)
        if key not in hostile:
            out.append(f)
        elif f.message_vi.startswith(_INTERNAL) and hostile[key]:
            names = ", ".join(dict.fromkeys(hostile.pop(key)))
            hostile[key] = []
            out.append(Finding(f.severity, f.part, f.paragraph,
                               f"{_INTERNAL} ({names}): không được phép; mẫu bị từ chối vì lý do an toàn.", f.quote))
    return out


def upload_version(db: Database, actor_id: int, template_id: str, docx: bytes, *, filename: str = "",
                   manifest: bytes | None = None, sample: bytes | None = None, comment: str = "") -> UploadResult:
    """Check an uploaded .docx (with an optional new manifest.toml / sample.json) and keep it as a draft.

    Refused uploads (any error) store nothing but an audit event; the findings say why.
    """
    import hashlib

    if template_id not in shipped_catalog():
        with db.read() as session:
            if not _rows(session, template_id):
                raise NotFound(f"Không có mẫu văn bản «{template_id}».")
    findings: list[Finding] = []
    if not docx:
        findings.append(_error("template.docx", "Chưa chọn tệp mẫu (.docx)."))
    elif not filename.lower().endswith(".docx"):
        findings.append(_error("template.docx", "Tệp mẫu phải có đuôi .docx (Word 2007 trở lên, không có macro)."))
    manifest_text = _decode(manifest, MAX_MANIFEST_BYTES, "manifest.toml", findings)
    sample_text = _decode(sample, MAX_SAMPLE_BYTES, "sample.json", findings)
    preview = None
    if not findings:
        default_manifest, default_sample = _previous_texts(db, template_id)
        manifest_text = manifest_text if manifest_text is not None else default_manifest
        sample_text = sample_text if sample_text is not None else default_sample
        findings, preview = _validate(template_id, docx, manifest_text, sample_text)
    ok = preview is not None and not any(f.severity == "error" for f in findings)
    sha = hashlib.sha256(docx).hexdigest()
    with db.write() as session:
        version = None
        if ok:
            version = _next_version(session, template_id)
            store_blob(session, sha, docx)
            preview_sha = hashlib.sha256(preview).hexdigest()
            store_blob(session, preview_sha, preview)
            session.add(TemplateVersion(
                template_id=template_id, version=version, sha256=sha, filename=filename[:255],
                manifest_toml=manifest_text, sample_json=sample_text, status="draft", valid=True,
                report_json=json.dumps([f.__dict__ for f in findings], ensure_ascii=False),
                preview_sha256=preview_sha, comment=comment.strip()[:500], uploaded_by_id=actor_id,
                uploaded_at=utcnow()))
            session.flush()
        audit.append(session, actor_id=actor_id,
                     action="admin.template_upload" if ok else "admin.template_upload_refused",
                     object_type="template", object_id=template_id,
                     payload={"version": version, "sha256": sha, "filename": filename[:255],
                              "errors": sum(f.severity == "error" for f in findings),
                              "warnings": sum(f.severity == "warning" for f in findings)})
    if not ok:
        log.warning("template upload refused: %s (%s), %d finding(s)", template_id, sha[:12], len(findings))
    return UploadResult(template_id, version, tuple(findings))


def _next_version(session: Session, template_id: str) -> int:
    """Above every version ever used, uploaded or shipped: a number is never given twice."""
    highest = session.scalar(select(func.max(TemplateVersion.version))
                             .where(TemplateVersion.template_id == template_id)) or 0
    shipped = shipped_catalog().get(template_id)
    return max(highest, shipped.version if shipped else 0) + 1


# -- activation ----------------------------------------------------------------------------------

def activate_version(db: Database, actor_id: int, template_id: str, version: int) -> None:
    """Put a checked version in force; the one in force before is retired (kept, never deleted).

    Documents generated from now on use it; documents already generated keep theirs.
    """
    with db.write() as session:
        row = session.scalars(select(TemplateVersion).where(TemplateVersion.template_id == template_id,
                                                            TemplateVersion.version == version)
                              .with_for_update()).one_or_none()
        if row is None:
            raise NotFound(f"Mẫu «{template_id}» không có phiên bản tải lên số {version}.")
        if not row.valid:
            raise Refused([f"Phiên bản {version} chưa qua kiểm tra (có lỗi trong báo cáo kiểm tra) nên không "
                           "được kích hoạt. Hãy sửa mẫu và tải lên phiên bản mới."])
        if row.status == "active":
            raise Refused([f"Phiên bản {version} đang được áp dụng."])
        previous = [r for r in _rows(session, template_id) if r.status == "active"]
        for r in previous:
            r.status = "retired"
        session.flush()  # retire first: at no point are two versions active
        row.status, row.activated_by_id, row.activated_at = "active", actor_id, utcnow()
        audit.append(session, actor_id=actor_id, action="admin.template_activate", object_type="template",
                     object_id=template_id,
                     payload={"version": version, "sha256": row.sha256,
                              "retired": [r.version for r in previous]})
        forget_active(session)

