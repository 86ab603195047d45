"""The workflow diagram page (/quy-trinh) for every signed-in user, and the dossier page's copy.

The layout comes from the table (workflows/diagram.py), the SVG is drawn in Python
(web/diagram.py) and inlined: no script, no external file, nothing the CSP would have to allow.
The table under it says the same in words, for screen readers and for anyone who prefers reading
to following arrows.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, render_template, request
from markupsafe import Markup

from dossier.services.templates import list_templates
from web import diagram
from web.access import ALL_ROLES, requires
from web.db import get_db
from workflows.diagram import table_rows
from workflows.labels import PHASE_LABELS, STATUS_LABELS
from workflows.states import Status
from workflows.table import phase_of

bp = Blueprint("workflow", __name__)


def workflow_svg(current: str | None = None) -> Markup:
    """The diagram with `current` highlighted (escaping is done by diagram.svg itself)."""
    status = current if current in {s.value for s in Status} else None
    return Markup(diagram.svg(status))  # noqa: S704 - built from our own table, every text escaped


def phase_label(status: str) -> str:
    """The Vietnamese name of the phase a stored state belongs to ("" for an unknown key)."""
    return PHASE_LABELS[phase_of(status)] if status in {s.value for s in Status} else ""


def _titles() -> dict[str, str]:
    """Titles of the templates in force (an activated upload may rename one)."""
    return {t.template_id: t.title for t in list_templates(get_db())}


@bp.route("/quy-trinh")
@requires(*ALL_ROLES)
def index() -> Any:
    """The diagram, optionally with a state marked (?trang-thai=in_progress), and the table."""
    current = request.args.get("trang-thai")
    current = current if current in {s.value for s in Status} else None
    return render_template("workflow/index.html", current=current, rows=table_rows(_titles()),
                           statuses=STATUS_LABELS)


@bp.record_once
def _register_global(state: Any) -> None:
    # The dossier page and the inbox include workflow/_dossier.html or call these; registered with the
    # blueprint so that the pages work wherever the blueprint does.
    app: Flask = state.app
    app.jinja_env.globals["workflow_svg"] = workflow_svg
    app.jinja_env.globals["phase_label"] = phase_label
