"""A WSGI app for the fault tests: the product's render pool and LibreOffice pool behind gunicorn.

Only what the tests need to drive the two pools from a real gunicorn worker; everything it calls
(dossier.documents.bounded.default_pool, dossier.signing.convert.default_converter) is the code
the web application uses. `FAULTS_RENDER_IN_MASTER=1` renders once while the app loads, which with
`--preload` happens in gunicorn's master before it forks, as `dossier run-demo` did while seeding.
"""

from __future__ import annotations

import io
import os

from flask import Flask

RUNAWAY = '{% for a in "x" * 100000 %}{% for b in "x" * 100000 %}{{ b }}{% endfor %}{% endfor %}'
MEMORY_BOMB = '{{ "x" * 3000000000 }}'


def docx_with(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def create() -> Flask:
    from dossier.documents.bounded import default_pool
    from dossier.documents.errors import DocumentError
    from dossier.signing.convert import default_converter

    if os.environ.get("FAULTS_RENDER_IN_MASTER") == "1":
        default_pool().render_docx(docx_with("Xin chào {{ ten }}"), {"ten": "Khánh Hòa"})
    app = Flask(__name__)

    def render(text: str) -> tuple[str, int]:
        try:
            result = default_pool().render_docx(docx_with(text), {"ten": "Khánh Hòa"})
        except DocumentError as exc:
            return f"refused: {exc}", 422
        return f"rendered {len(result.data)} bytes in {os.getpid()}", 200

    app.add_url_rule("/healthz", "health", lambda: "ok")
    app.add_url_rule("/render", "render", lambda: render("Xin chào {{ ten }}"))
    app.add_url_rule("/slow-render", "slow", lambda: render(RUNAWAY))
    app.add_url_rule("/bomb", "bomb", lambda: render(MEMORY_BOMB))

    @app.get("/convert")
    def convert() -> tuple[bytes, int, dict]:
        pdf = default_converter().to_pdf(docx_with("Quyết định phê duyệt đề án khuyến công"))
        return pdf, 200, {"Content-Type": "application/pdf"}

    return app
