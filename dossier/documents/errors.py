"""Errors raised by the document engine.

Every error carries an English message (``str(exc)``, for logs and developers) and a Vietnamese
``message_vi`` for the UI. They are deliberately plain (picklable, no custom ``__init__`` state
beyond keyword attributes) so they survive the trip back from a render worker process.
"""

from __future__ import annotations


class DocumentError(Exception):
    """Base class of all document-engine errors."""

    message_vi: str = "Lỗi khi xử lý văn bản."

    def __init__(self, message: str, *, message_vi: str | None = None) -> None:
        super().__init__(message)
        if message_vi is not None:
            self.message_vi = message_vi

    def __reduce__(self):  # keep message_vi across pickling (worker → parent)
        return (_rebuild, (type(self), self.args[0] if self.args else "", self.__dict__))


def _rebuild(cls: type[DocumentError], message: str, state: dict) -> DocumentError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(state)
    return exc


class ManifestError(DocumentError):
    """A template manifest (manifest.toml) or sample.json is invalid."""

    message_vi = "Tệp mô tả mẫu (manifest.toml) không hợp lệ."


class ContextError(DocumentError):
    """The rendering context is not plain JSON data."""

    message_vi = "Dữ liệu đưa vào mẫu không hợp lệ."


class TemplateRenderError(DocumentError):
    """The template failed while rendering (syntax error, missing variable …).

    Attributes ``template_id``, ``part`` (e.g. "/word/document.xml") and ``paragraph`` (the text of
    the paragraph that holds the faulty tag) say where.
    """

    message_vi = "Mẫu văn bản bị lỗi khi điền dữ liệu."
    template_id: str = ""
    part: str = ""
    paragraph: str = ""


class TemplateRejected(DocumentError):
    """The template tried something the sandbox forbids (reaching Python internals)."""

    message_vi = "Mẫu văn bản bị từ chối vì chứa lệnh không được phép."
    template_id: str = ""


class RenderTimeout(DocumentError):
    """Rendering took longer than the wall-clock limit and the worker was killed."""

    message_vi = "Quá thời gian tạo văn bản; mẫu có thể chứa vòng lặp quá lớn."


class RenderFailed(DocumentError):
    """The render worker died (memory/CPU limit) or produced an oversized document."""

    message_vi = "Không tạo được văn bản (vượt giới hạn tài nguyên)."


class PreflightError(DocumentError):
    """An uploaded .docx failed a structural safety check (see preflight.py)."""

    message_vi = "Tệp .docx tải lên không an toàn hoặc bị hỏng."
    code: str = "preflight"
