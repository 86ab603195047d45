"""Generate the documents a workflow step declares, inside the step's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from importlib.metadata import version
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dossier.documents.bounded import render_document, repeat_items
from dossier.documents.catalog import TemplateSpec
from dossier.documents.context import addressed_to_its_issuer, build_context
from dossier.documents.plaindata import canonical_json, plain_context
from dossier.documents.snapshot import DossierSnapshot
from dossier.model import Blob, Dossier, GeneratedDocument, TransitionRecord, User
from dossier.services.coherence import remember_text
from dossier.services.snapshot import load_snapshot, preview_snapshot
from dossier.services.template_store import resolve_spec
from dossier.vn.text import nfc
from workflows import Step, steps_for

ENGINE_VERSION = f"docxtpl {version('docxtpl')}; python-docx {version('python-docx')}; jinja2 {version('jinja2')}"


_KNOWN = select(Blob.sha256).where(Blob.sha256.in_(bindparam("keys", expanding=True)))


def store_blobs(session: Session, blobs: Mapping[str, bytes]) -> None:
    """Content-addressed: identical bytes are stored once and never overwritten. One read for
    all of them, of their keys only (a blob that exists is not loaded to learn that it does)."""
    if not blobs:
        return
    known = set(session.scalars(_KNOWN, {"keys": list(blobs)}))
    for sha256, data in blobs.items():
        if sha256 not in known:
            session.add(Blob(sha256=sha256, size=len(data), data=data))


def store_blob(session: Session, sha256: str, data: bytes) -> None:
    store_blobs(session, {sha256: data})


def _filename(title: str, dossier: Dossier, part: int, muc: dict[str, Any] | None) -> str:
    suffix = f" - {muc.get('ho_ten')}" if muc and muc.get("ho_ten") else (f" - {part + 1}" if part else "")
    name = nfc(f"{title} - {dossier.code}{suffix}.docx")
    return "".join(ch for ch in name if ch not in '/\\:*?"<>|')


def step_templates(session: Session, step: Step, snapshot: DossierSnapshot) -> list[TemplateSpec]:
    """The templates `step` makes on the path of the dossier of `snapshot`: the step's documents
    but one its issuer would send to itself (the Sở's Tờ trình when it approves by delegation).
    Generation and the step's form both ask here, so the form never announces what is not made."""
    specs = (resolve_spec(session, template_id) for template_id in step.documents)
    return [spec for spec in specs if not addressed_to_its_issuer(snapshot, spec)]


def documents_to_make(session: Session, dossier: Dossier, trigger: str, actor: User | None,
                      on: date) -> list[TemplateSpec]:
    """What firing `trigger` on `on` would make for `dossier`, told before it is fired: the
    templates of the trigger's row from the dossier's status (the rows a trigger routes between
    make the same documents)."""
    rows = steps_for(trigger)
    step = next((row for row in rows if dossier.status in row.sources), rows[0])
    if not step.documents:
        return []
    return step_templates(session, step, preview_snapshot(session, dossier, trigger, on, actor))


def generate_step_documents(session: Session, dossier: Dossier, step: Step, record: TransitionRecord,
                            actor: User) -> list[GeneratedDocument]:
    """Render and store every document of `step` (but one its issuer would send to itself: the
    Sở's Tờ trình when it approves by delegation); any failure propagates and rolls back the step.
    The rows are added, not flushed: the step's audit event flushes them with its own."""
    snapshot = load_snapshot(session, dossier, record, actor)  # one read for all the step's documents
    parts = []
    for spec in step_templates(session, step, snapshot):
        context = build_context(snapshot, spec)
        for part, muc in enumerate(_taking_part(spec, context)):
            # made plain once: what the worker renders is what is stored (its canonical JSON)
            stored_context = plain_context({**context, "muc": muc} if muc is not None else context)
            # a row that signs issues its drafts in this transaction: their text comes with the render
            # (from the tree it wrote), for the content check that runs before their number
            parts.append((spec, part, muc, stored_context,
                          render_document(spec, stored_context, plain=True, paragraphs=step.signs)))
    store_blobs(session, {rendered.sha256: rendered.data for *_, rendered in parts})
    for *_, rendered in parts:
        if rendered.paragraphs is not None:
            remember_text(rendered.sha256, rendered.paragraphs)
    documents = []
    for spec, part, muc, stored_context, rendered in parts:
        document = GeneratedDocument(
            dossier_id=dossier.id, transition_id=record.id, template_id=spec.id,
            template_version=spec.version, part=part, title=spec.title,
            filename=_filename(spec.title, dossier, part, muc), sha256=rendered.sha256,
            text_sha256=rendered.text_sha256, context_sha256=rendered.context_sha256,
            context_json=canonical_json(stored_context), engine_version=ENGINE_VERSION,
            template_sha256=spec.sha256,
        )
        session.add(document)
        documents.append(document)
    return documents  # written by the step's next flush, with its audit event (transitions.fire)


def _taking_part(spec, context: dict[str, Any]) -> list[Any]:
    """[None] for a single document; else the repeated items, less those marked as not taking
    part (a council secretary who does not vote fills in no evaluation sheet)."""
    if not spec.repeat_over:
        return [None]
    return [item for item in repeat_items(spec, context)
            if not (isinstance(item, dict) and item.get("bieu_quyet") is False)]


def regenerate(session: Session, document: GeneratedDocument) -> bytes:
    """Render a stored document again from its recorded context and template version."""
    from dossier.documents.bounded import render_document

    # Exactly the version the document was made with (an uploaded one, or the shipped file);
    # LookupError when that version no longer exists, never a silent render with a newer one.
    spec = resolve_spec(session, document.template_id, version=document.template_version)
    if spec.version != document.template_version:
        raise LookupError(f"template {spec.id} is now version {spec.version}, "
                          f"the document used version {document.template_version}")
    if document.template_sha256 and spec.sha256 != document.template_sha256:
        raise LookupError(f"template {spec.id} version {spec.version} has changed since the document was made "
                          "(its file differs): give the edited template a new version number")
    import json

    return render_document(spec, json.loads(document.context_json)).data
