"""The request's handle on the database and the signed-in user's id."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user

from dossier.model import User
from dossier.services.issuance.port import SigningPort
from dossier.services.uow import Database


def get_db() -> Database:
    """The application's Database (one engine per process)."""
    return current_app.extensions["dossier_db"]


def get_signing_port() -> SigningPort:
    """The application's signing port (PDF makers, signers, stamper), built once by create_app."""
    return current_app.extensions["signing_port"]


def get_job_queue() -> Any:
    """The application's job queue (services.jobs.JobQueue), built once by create_app."""
    return current_app.extensions["job_queue"]


def actor_id() -> int:
    return int(current_user.id)


def load_actor(session) -> User:
    """The signed-in user as an ORM object of `session` (for scoped queries)."""
    from dossier.services.access import load_user

    return load_user(session, actor_id())
