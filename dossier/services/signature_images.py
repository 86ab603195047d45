"""Signature and seal images: uploaded by an administrator, versioned, drawn at signing.

Each upload is checked by its content (``dossier.signing.images.check_image``: a real PNG,
within the size limits, transparent, blue for a signature, red for a seal), stored
content-addressed and becomes the owner's next version; older versions stay, so the audit trail
says which image each document was drawn with (the image itself is inside the signed PDF). At
signing, :func:`leader_appearance` and :func:`seal_appearance_for` give the appearance with the
owner's current image, or None (the text appearance) when he has none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier.errors import NotFound, ValidationFailed
from dossier.model import Blob, Organisation, SignatureImage, User
from dossier.services import audit
from dossier.services.documents import store_blob
from dossier.services.uow import Database
from dossier.signing.images import PT_PER_MM, SEAL, SIGNATURE, ImageRefused, check_image

KIND_LABELS = {SIGNATURE: "ảnh chữ ký", SEAL: "ảnh con dấu"}


@dataclass(frozen=True)
class ImageRow:
    id: int
    kind: str
    version: int
    width_mm: float
    height_mm: float
    png_sha256: str


def _row(image: SignatureImage) -> ImageRow:
    return ImageRow(image.id, image.kind, image.version, image.width_mm,
                    round(image.width_mm * image.height_px / image.width_px, 1), image.png_sha256)


def _owner_filter(kind: str, user_id: int | None, organisation_id: int | None):
    owner = (SignatureImage.user_id == user_id) if user_id is not None else \
        (SignatureImage.organisation_id == organisation_id)
    return owner, SignatureImage.kind == kind


def _owner_check(session: Session, kind: str, user_id: int | None, organisation_id: int | None) -> str:
    if (user_id is None) == (organisation_id is None):
        raise ValueError("an image belongs to exactly one user or one organisation")
    if kind == SIGNATURE and user_id is not None:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("Không tìm thấy người dùng.")
        return user.username
    if kind == SEAL and organisation_id is not None:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFound("Không tìm thấy đơn vị.")
        return org.code
    raise ValidationFailed({"file": "Ảnh chữ ký thuộc về một người ký; ảnh con dấu thuộc về một cơ quan."})


def upload_image(db: Database, *, actor_id: int, kind: str, data: bytes, width_mm: float | None = None,
                 user_id: int | None = None, organisation_id: int | None = None) -> ImageRow:
    """Check ``data`` by its content and make it the owner's next version (one transaction, audited)."""
    try:
        facts = check_image(data, kind, width_mm=width_mm)
    except ImageRefused as exc:
        raise ValidationFailed({"file": exc.message}) from exc
    sha = hashlib.sha256(data).hexdigest()
    with db.write() as session:
        owner = _owner_check(session, kind, user_id, organisation_id)
        last = session.scalar(select(func.max(SignatureImage.version)).where(
            *_owner_filter(kind, user_id, organisation_id)))
        store_blob(session, sha, data)
        image = SignatureImage(user_id=user_id, organisation_id=organisation_id, kind=kind, version=(last or 0) + 1,
                               png_sha256=sha, width_px=facts.width_px, height_px=facts.height_px,
                               width_mm=facts.width_mm, uploaded_by_id=actor_id)
        session.add(image)
        session.flush()
        audit.append(session, actor_id=actor_id, action="signature_image.upload", object_type="signature_image",
                     object_id=image.id, payload={"kind": kind, "owner": owner, "version": image.version,
                                                  "png": sha, "width_mm": f"{facts.width_mm:g}"})
        return _row(image)


def current(session: Session, kind: str, *, user_id: int | None = None,
            organisation_id: int | None = None) -> SignatureImage | None:
    """The owner's newest version of ``kind``, or None."""
    query = select(SignatureImage).where(*_owner_filter(kind, user_id, organisation_id))
    return session.scalars(query.order_by(SignatureImage.version.desc()).limit(1)).first()


def versions(db: Database, kind: str, *, user_id: int | None = None,
             organisation_id: int | None = None) -> list[ImageRow]:
    with db.read() as session:
        query = select(SignatureImage).where(*_owner_filter(kind, user_id, organisation_id))
        return [_row(i) for i in session.scalars(query.order_by(SignatureImage.version.desc()))]


def image_png(db: Database, image_id: int) -> bytes:
    with db.read() as session:
        image = session.get(SignatureImage, image_id)
        if image is None:
            raise NotFound("Không tìm thấy ảnh.")
        return session.get(Blob, image.png_sha256).data


def _size_pt(image: SignatureImage) -> tuple[float, float]:
    width = image.width_mm * PT_PER_MM
    return width, width * image.height_px / image.width_px


def leader_appearance(session: Session, user: User, name: str, title: str | None):
    """(appearance with the leader's current signature image, its audit note) or (None, None)."""
    from dossier.signing.appearance import signature_appearance

    image = current(session, SIGNATURE, user_id=user.id)
    if image is None:
        return None, None
    png = session.get(Blob, image.png_sha256).data
    note = {"signature_image": image.png_sha256, "signature_image_version": image.version}
    return signature_appearance(name, title, image_png=png, image_size_pt=_size_pt(image)), note


def seal_appearance_for(session: Session, organisation: Organisation, name: str):
    """(appearance with the organisation's current seal image at actual size, its audit note) or (None, None)."""
    from dossier.signing.appearance import seal_appearance

    image = current(session, SEAL, organisation_id=organisation.id)
    if image is None:
        return None, None
    png = session.get(Blob, image.png_sha256).data
    note = {"seal_image": image.png_sha256, "seal_image_version": image.version}
    return seal_appearance(name, image_png=png, image_size_pt=_size_pt(image)), note
