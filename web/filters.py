"""Jinja filters and globals: Vietnamese formatting from dossier.vn and workflows.labels only."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request, url_for
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from dossier.model.crypto import mask
from dossier.vn.dates import format_date, short_date
from dossier.vn.numbers import format_money, format_percent, percent
from dossier.vn.vntime import VN_TZ, format_vn
from dossier.vn.words import amount_in_words
from workflows.labels import ROLE_LABELS, status_label, trigger_label
from workflows.states import Role


def money(value: Any) -> str:
    return format_money(int(value or 0))


def local_time(value: datetime | None) -> str:
    """dd/mm/yyyy hh:mm in Vietnam time (stored in UTC)."""
    if value is None:
        return ""
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def vn_seconds(value: datetime | None) -> str:
    """dd/mm/yyyy hh:mm:ss +07:00: a signing time in Vietnam time, to the second."""
    return format_vn(value) if value else ""


def share(part: int, whole: int) -> str:
    """part / whole as a percent, "44,83" (vn.numbers: exact, half-up, like every other percentage)."""
    return format_percent(percent(int(part or 0), int(whole)))


def vn_date(value: date | str | None) -> str:
    return short_date(value) if value else ""


def role_labels(roles: frozenset[Role]) -> str:
    return ", ".join(ROLE_LABELS[r] for r in sorted(roles))


def has_any(*roles: Role) -> bool:
    """Whether the signed-in user holds one of `roles` (navigation only; views enforce access)."""
    from flask_login import current_user

    return current_user.is_authenticated and bool(current_user.roles & set(roles))


@functools.lru_cache(maxsize=64)
def _options(items: tuple[tuple[Any, str], ...], selected: Any, width: int | None) -> Markup:
    parts = []
    for value, text in items:
        shown = do_truncate(None, text, width, leeway=5) if width else text  # as |truncate(width)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(shown)}</option>')
    return Markup("".join(parts))


def options(items: Any, selected: Any = None, width: int | None = None) -> Markup:
    """The <option>s of a menu — (value, text) pairs, a mapping (an enum key gives its value) or
    plain strings — with `selected` marked. Kept per (menu, choice): the list page's five menus
    were a third of its rendering. A tuple (the menus kept per process are) is looked up by
    identity, without walking its items again."""
    if type(items) is not tuple:
        return _options(_pairs(items), selected, width)
    key = (id(items), selected, width)
    hit = _BY_IDENTITY.get(key)
    if hit is not None and hit[0] is items:
        return hit[1]
    markup = _options(_pairs(items), selected, width)
    if len(_BY_IDENTITY) >= 256:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[key] = (items, markup)  # the tuple is kept too: its id is not reused meanwhile
    return markup


def _pairs(items: Any) -> tuple[tuple[Any, str], ...]:
    pairs = items.items() if isinstance(items, Mapping) else items
    pairs = ((i, i) if isinstance(i, str) else i for i in pairs)
    return tuple((getattr(v, "value", v), str(t)) for v, t in pairs)


_BY_IDENTITY: dict[tuple[int, Any, int | None], tuple[tuple, Markup]] = {}


@functools.lru_cache(maxsize=64)
def status_badge(status: str) -> Markup:
    """<span class="badge st-…">label</span>, as the status_badge macro writes it (one per row)."""
    return Markup(f'<span class="badge st-{escape(status)}">{escape(status_label(status))}</span>')


@functools.lru_cache(maxsize=256)
def _path_for(script_root: str, endpoint: str, values: tuple) -> str:
    return url_for(endpoint, **dict(values))


def path_for(endpoint: str, **values: Any) -> str:
    """url_for's path, kept per (mount point, endpoint, values): the menu's dozen links cost a
    tenth of a list page when built anew on every request."""
    return _path_for(request.script_root, endpoint, tuple(sorted(values.items())))


def with_query(path: str, args: Mapping[str, str], **values: Any) -> str:
    """`path?values&args`, as url_for would write it for a page's own route: the pager's links
    (url_for's query encoding was a tenth of a list page)."""
    query = {k: v for k, v in {**values, **args}.items() if v is not None}
    return f"{path}?{urlencode(query, safe=_QUERY_SAFE)}"


_QUERY_SAFE = "!$'()*,/:;?@"  # what werkzeug leaves unquoted in a query, so the links read as before


@functools.lru_cache(maxsize=4096)
def _kept(macro: Any, script_root: str, args: tuple) -> Markup:
    return macro(*args)


def kept(macro: Any, *args: Any) -> Markup:
    """What `macro` writes for these arguments, kept per process: a page's header, a list's row.
    Only for a macro imported without context that reads its arguments only (never the request
    or the user; the file says so): the arguments and the mount point are then its whole input,
    and a kept markup is what it would write now. The macro object is part of the key: a
    reloaded template's macros write anew."""
    return _kept(macro, request.script_root, args)


def kept_each(macro: Any, items: Iterable[Any], *args: Any) -> Markup:
    """`kept(macro, item, *args)` for each item, a line each (a list's rows: one call per page)."""
    root = request.script_root
    return Markup("\n".join([_kept(macro, root, (item, *args)) for item in items]))


def demo_data() -> bool:
    """Whether the database holds the demo province (its people and figures are illustrative):
    asked once per application, the footer says so on every page."""
    from flask import current_app

    found = current_app.extensions.get("hskc_demo_data")
    if found is None:
        from dossier.services.queries import holds_demo
        from web.db import get_db

        found = current_app.extensions["hskc_demo_data"] = holds_demo(get_db())
    return found


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        money=money, words=lambda v: amount_in_words(int(v or 0)), percent=format_percent, share=share,
        vn_date=vn_date, long_date=format_date, local_time=local_time, vn_seconds=vn_seconds, status_label=status_label,
        trigger_label=trigger_label, role_labels=role_labels, fromjson=json.loads, mask=mask,
        options=options, status_badge=status_badge, with_query=with_query,
    )
    app.jinja_env.globals.update(Role=Role, has_any=has_any, path_for=path_for, demo_data=demo_data, kept=kept,
                              kept_each=kept_each)


    app.jinja_env.globals.update(Role=Role, has_any=has_any, demo_data=demo_data)
