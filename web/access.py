"""Who may use which endpoint: declared on each view, enforced in one place before every request.

Deny by default (OWASP Authorization Cheat Sheet): an endpoint that declares nothing is refused,
so a forgotten decorator fails closed, and `tests/web/test_access.py` walks `app.url_map` to prove
every endpoint is public or declared. The role check is here; object scope (an officer only
sees their organisation's dossiers, a leader also the bodies under theirs) is enforced by the
services (`dossier.services.access`) on every load, and shows as 404.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from workflows.states import Role

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

ALL_ROLES = frozenset(Role)
PENDING_OK = frozenset({"auth.second_factor", "auth.enrol", "auth.change_password", "auth.logout"})
DOSSIER_READERS = frozenset({Role.OFFICER, Role.LEADER, Role.CLERK})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    # "dossier": the view loads a dossier through the services, which refuse other bodies' ones.
    scope: str | None = None


def requires(*roles: Role, scope: str | None = None) -> Callable[[F], F]:
    """Declare the roles that may call a view (any one of them suffices)."""
    rule = Rule(frozenset(roles) or ALL_ROLES, scope)

    def decorate(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: F) -> F:
    """Declare a view open to anonymous visitors (sign-in page, health check)."""
    view.access_public = True  # type: ignore[attr-defined]
    return view


def api_token(view: F) -> F:
    """Declare an API view: a bearer token of an integration (web.api.check_token), no session."""
    view.access_token = True  # type: ignore[attr-defined]
    return view


def rule_for(app: Flask, endpoint: str) -> Rule | str | None:
    """The view's Rule, "public", "token", or None when it declared nothing."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return "public"
    view = app.view_functions.get(endpoint)
    if view is None:
        return None
    if getattr(view, "access_public", False):
        return "public"
    if _uses_tokens(view):
        return "token"
    return getattr(view, "access_rule", None)


def _uses_tokens(view: Any) -> bool:
    """A class-based view (MethodView) declares on its methods: every one must use tokens."""
    cls = getattr(view, "view_class", None)
    if cls is None:
        return bool(getattr(view, "access_token", False))
    methods = [getattr(cls, m.lower()) for m in cls.methods or ()]
    return bool(methods) and all(getattr(m, "access_token", False) for m in methods)


def user_roles() -> frozenset[Role]:
    return current_user.roles if current_user.is_authenticated else frozenset()


def _check() -> Any:
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: let the 404/405 handlers answer
        return None
    rule = rule_for(current_app, endpoint)
    if rule == "public":
        return None
    if rule == "token":
        from web.api import check_token

        return check_token()
    if rule is None:
        log.error("endpoint %s declares no access rule: refused", endpoint)
        abort(403)
    if not current_user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return redirect(url_for("auth.login"))
    assert isinstance(rule, Rule)
    if endpoint not in PENDING_OK:
        from web.auth import pending_page

        page = pending_page()  # the second factor or a new password comes before anything else
        if page:
            return redirect(page)
    if not (current_user.roles & rule.roles):
        log.warning("access denied: user %s roles %s to %s", current_user.username,
                    sorted(current_user.roles), endpoint)
        abort(403)
    return None


def init_app(app: Flask) -> None:
    app.before_request(_check)
