"""The kinds of job: each one a Handler that names its units, does one, and offers a result.

A handler is idempotent by construction: the runner records each finished unit (`job_items`)
in the same transaction as the unit's own writes, and a run that resumes skips recorded units.
A unit whose work spans several transactions of its own (``transactional=False``: the demo walks
a dossier step by step) must find and continue what an interrupted run left.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class JobContext:
    """What a handler knows of its job: id, parameters (JSON) and who asked for it."""

    job_id: int
    params: dict[str, Any]
    actor_id: int | None
    db: Any = field(repr=False, default=None)  # the Database, for non-transactional units


@dataclass(frozen=True)
class ResultFile:
    filename: str
    mimetype: str
    data: bytes
    dossier_ids: tuple[int, ...] = ()  # whose personal data the file holds (its download is logged)


@dataclass(frozen=True)
class Handler:
    """One kind of job.

    units:    the unit keys, in order (from the params frozen at enqueue time)
    unit:     do one unit; gets the runner's write session (None when not transactional) and
              returns a JSON-able value the runner stores with the unit
    summary:  a Vietnamese sentence on the finished job, from the units' values
    result:   the file to download, assembled from the units' values (None: no file)
    """

    kind: str
    units: Callable[[JobContext], list[str]]
    unit: Callable[[Session | None, JobContext, str], Any]
    summary: Callable[[JobContext, dict[str, Any]], str]
    result: Callable[[Session, JobContext, dict[str, Any]], ResultFile] | None = None
    transactional: bool = True


HANDLERS: dict[str, Handler] = {}


def register(handler: Handler) -> Handler:
    HANDLERS[handler.kind] = handler
    return handler


def handler_for(kind: str) -> Handler | None:
    return HANDLERS.get(kind)


# Work nobody asks for by a click: every worker's sweeper calls these on each round with the
# database and the queue, and they enqueue a job when there is something to do (the exchange
# outbox: packages due). A hook must be cheap when there is nothing to do, and safe to run on
# several workers at once.
PERIODIC: dict[str, Callable[[Any, Any], Any]] = {}


def register_periodic(name: str, hook: Callable[[Any, Any], Any]) -> None:
    PERIODIC[name] = hook


def context_of(job: Any, db: Any = None) -> JobContext:
    return JobContext(job.id, json.loads(job.params_json or "{}"), job.created_by_id, db)
