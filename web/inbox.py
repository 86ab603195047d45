"""Leaders' inbox: what waits for their decision, oldest first, with the documents to read."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from dossier.services import queries
from web.access import requires
from web.db import get_db, load_actor
from workflows.states import Role
from workflows.table import waits_for

bp = Blueprint("inbox", __name__, url_prefix="/viec-cho-duyet")

# The decisions offered inline for each waiting state, from the table's `waits`: (agree, send back).
DECISIONS = {status.value: (wait.agree.value, wait.send_back.value) for status, wait in waits_for(Role.LEADER).items()}


@bp.route("/")
@requires(Role.LEADER)
def index() -> Any:
    """Dossiers submitted for approval or waiting for an adjustment decision."""
    with get_db().read() as session:
        entries = queries.inbox(session, load_actor(session))
        return render_template("inbox/index.html", entries=entries, decisions=DECISIONS)
