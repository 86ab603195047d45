"""The API's routes: one service call each; the schemas in web/api/schemas.py shape the answers."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify
from flask.views import MethodView

from dossier.errors import Forbidden
from dossier.services import api_views
from dossier.services.listing import DossierFilters
from dossier.services.transitions import fire
from web.access import api_token, public
from web.api import bp
from web.api import schemas as s
from web.db import get_db


def _actor() -> int:
    return g.api_principal.user_id


@bp.route("/openapi.json")
@public
def openapi() -> Any:
    """This document."""
    return jsonify(current_app.extensions["dossier_api"].spec.to_dict())


@bp.route("/dossiers")
class Dossiers(MethodView):
    @api_token
    @bp.arguments(s.DossierQuery, location="query")
    @bp.response(200, s.DossierPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Dossiers the token's user sees, newest change first (a search: newest dossier first)."""
        limit = query.pop("limit")
        after = query.pop("after", None)
        filters = DossierFilters(**query, per_page=limit, after=after, page=2 if after else 1)
        return api_views.dossier_list(get_db(), actor_id=_actor(), filters=filters)


@bp.route("/dossiers/<int:dossier_id>")
class DossierOne(MethodView):
    @api_token
    @bp.response(200, s.DossierDetail)
    def get(self, dossier_id: int) -> dict[str, Any]:
        """One dossier with its lines, history, documents and money."""
        return api_views.dossier_detail(get_db(), actor_id=_actor(), dossier_id=dossier_id)


@bp.route("/dossiers/<int:dossier_id>/steps")
class DossierSteps(MethodView):
    @api_token
    @bp.arguments(s.StepRequest)
    @bp.response(200, s.StepResult)
    def post(self, step: dict[str, Any], dossier_id: int) -> dict[str, Any]:
        """Fire a workflow step, by the same rules as the web (the token's user's roles and scope)."""
        if not g.api_principal.can_fire:
            raise Forbidden("Mã truy cập này chỉ được đọc, không được chuyển bước hồ sơ.")
        result = fire(get_db(), actor_id=_actor(), dossier_id=api_views.known_id(dossier_id, "hồ sơ"),
                      trigger=step["trigger"], expected_version=step["expected_version"], inputs=step["inputs"])
        return {**result.__dict__, "document_ids": list(result.document_ids)}


@bp.route("/issued-documents/<int:issued_id>")
class IssuedOne(MethodView):
    @api_token
    @bp.response(200, s.IssuedDocument)
    def get(self, issued_id: int) -> dict[str, Any]:
        """An issued document with what verifies it (number, signers, times, the PDF's sha256)."""
        return api_views.issued_detail(get_db(), actor_id=_actor(), issued_id=issued_id)


@bp.route("/plans")
class Plans(MethodView):
    @api_token
    @bp.response(200, s.PlanBrief(many=True))
    def get(self) -> list[dict[str, Any]]:
        """The yearly khuyến công plans."""
        return api_views.plan_list(get_db(), actor_id=_actor())


@bp.route("/plans/<int:plan_id>")
class PlanOne(MethodView):
    @api_token
    @bp.response(200, s.PlanDetail)
    def get(self, plan_id: int) -> dict[str, Any]:
        """A plan with the dossiers the token's user sees in it."""
        return api_views.plan_detail(get_db(), actor_id=_actor(), plan_id=plan_id)


@bp.route("/money")
class Money(MethodView):
    @api_token
    @bp.arguments(s.MoneyQuery, location="query")
    @bp.response(200, s.MoneyReport)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The money report: planned, approved, contracted, disbursed and settled, by a dimension."""
        return api_views.money(get_db(), actor_id=_actor(), year=query.get("year"), dimension=query["dimension"])
