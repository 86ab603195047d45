"""Errors raised by the document engine, members of the product's error family (dossier.errors).

Every error carries an English ``detail`` (also ``str(exc)``, for logs and developers), a
Vietnamese ``message`` for the UI (``message_vi`` is the same text) and a stable ``code``. They
are deliberately plain (picklable, no custom ``__init__`` state beyond keyword attributes) so
they survive the trip back from a render worker process.
"""

from __future__ import annotations

from dossier.errors import DossierError


class DocumentError(DossierError):
    """Base class of all document-engine errors."""

    code = "document"
    message = "Lỗi khi xử lý văn bản."

    def __init__(self, text: str, *, message_vi: str | None = None) -> None:
        super().__init__(text, message=message_vi, detail=text)

    @property
    def message_vi(self) -> str:
        """The Vietnamese message (the name the engine's callers have always used)."""
        return self.message

    def __reduce__(self):  # keep message_vi across pickling (worker → parent)
        return (_rebuild, (type(self), self.args[0] if self.args else "", self.__dict__))


def _rebuild(cls: type[DocumentError], message: str, state: dict) -> DocumentError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(state)
    return exc


class ManifestError(DocumentError):
    """A template manifest (manifest.toml) or sample.json is invalid."""

    code = "manifest_invalid"
    message = "Tệp mô tả mẫu (manifest.toml) không hợp lệ."


class ContextError(DocumentError):
    """The rendering context is not plain JSON data."""

    code = "context_invalid"
    message = "Dữ liệu đưa vào mẫu không hợp lệ."


class TemplateRenderError(DocumentError):
    """The template failed while rendering (syntax error, missing variable …).

    Attributes ``template_id``, ``part`` (e.g. "/word/document.xml") and ``paragraph`` (the text of
    the paragraph that holds the faulty tag) say where.
    """

    code = "template_failed"
    message = "Mẫu văn bản bị lỗi khi điền dữ liệu."
    template_id: str = ""
    part: str = ""
    paragraph: str = ""


class TemplateRejected(DocumentError):
    """The template tried something the sandbox forbids (reaching Python internals)."""

    code = "template_rejected"
    message = "Mẫu văn bản bị từ chối vì chứa lệnh không được phép."
    template_id: str = ""


class RenderTimeout(DocumentError):
    """Rendering took longer than the wall-clock limit and the worker was killed."""

    code = "render_timeout"
    message = "Quá thời gian tạo văn bản; mẫu có thể chứa vòng lặp quá lớn."


class RenderFailed(DocumentError):
    """The render worker died (memory/CPU limit) or produced an oversized document."""

    code = "render_failed"
    message = "Không tạo được văn bản (vượt giới hạn tài nguyên)."


class PreflightError(DocumentError):
    """An uploaded .docx failed a structural safety check (see preflight.py)."""

    code = "preflight"  # preflight.py sets a finer code per check ("zip_bomb", …)
    message = "Tệp .docx tải lên không an toàn hoặc bị hỏng."
