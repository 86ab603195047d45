"""The API's documents, as marshmallow schemas: they serialise the responses and write the
OpenAPI document (GET /api/v1/openapi.json), so the contract and the code cannot drift."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from dossier.services.reports import DIMENSIONS
from workflows.states import Status, Trigger

MOMENT = {"format": "date-time", "description": "ISO 8601, Vietnam time (+07:00)"}
DAY = {"format": "date"}
DONG = {"description": "integer đồng"}


def _moment(**kw: object) -> fields.String:
    return fields.String(metadata=MOMENT, **kw)


def _day(**kw: object) -> fields.String:
    return fields.String(metadata=DAY, **kw)


class DossierQuery(ma.Schema):
    status = fields.String(validate=validate.OneOf([s.value for s in Status]))
    commune = fields.String(validate=validate.Length(max=255))
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "words, diacritics optional"})
    plan_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    content_group_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    after = fields.String(validate=validate.Length(max=40), metadata={"description": "`next` of the previous page"})
    limit = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class _DossierHead(ma.Schema):
    """What every answer names a dossier by: the list, the detail and a plan's dossiers."""

    id = fields.Integer(required=True)
    code = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    requested_support = fields.Integer(required=True, metadata=DONG)


class _DossierShown(_DossierHead):
    """A dossier as the list and the detail show it: its status in words, where, when changed."""

    status_label = fields.String(required=True)
    commune = fields.String(required=True)
    updated_at = _moment(required=True)


class DossierSummary(_DossierShown):
    beneficiary = fields.String(required=True)
    total_cost = fields.Integer(required=True, metadata=DONG)


class DossierPage(ma.Schema):
    items = fields.List(fields.Nested(DossierSummary), required=True)
    total = fields.Integer(required=True)
    total_capped = fields.Boolean(required=True)
    next = fields.String(allow_none=True, required=True)


class Line(ma.Schema):
    position = fields.Integer(required=True)
    name = fields.String(required=True)
    specification = fields.String(required=True)
    origin = fields.String(required=True)
    quantity = fields.Integer(required=True)
    unit = fields.String(required=True)
    unit_price = fields.Integer(required=True, metadata=DONG)
    amount = fields.Integer(required=True, metadata=DONG)


class HistoryEntry(ma.Schema):
    trigger = fields.String(required=True)
    from_status = fields.String(required=True)
    to_status = fields.String(required=True)
    by = fields.String(required=True)
    at = _moment(required=True)
    effective_on = _day(required=True)
    inputs = fields.Dict(required=True)


class DocumentEntry(ma.Schema):
    id = fields.Integer(required=True)
    template = fields.String(required=True)
    title = fields.String(required=True)
    sha256 = fields.String(required=True)
    issued_document_id = fields.Integer(allow_none=True, required=True)
    number = fields.String(allow_none=True, required=True)
    issued_on = _day(allow_none=True, required=True)


class Money(ma.Schema):
    approved = fields.Integer(allow_none=True, required=True, metadata=DONG)
    contract = fields.Integer(allow_none=True, required=True, metadata=DONG)
    advanced = fields.Integer(required=True, metadata=DONG)
    payments = fields.Integer(required=True, metadata=DONG)
    recovered = fields.Integer(required=True, metadata=DONG)
    paid = fields.Integer(required=True, metadata=DONG)
    accepted_value = fields.Integer(allow_none=True, required=True, metadata=DONG)
    accepted_support = fields.Integer(allow_none=True, required=True, metadata=DONG)
    settled = fields.Integer(allow_none=True, required=True, metadata=DONG)


class BeneficiaryBrief(ma.Schema):
    name = fields.String(required=True)
    kind = fields.String(required=True)
    address = fields.String(required=True)


class DossierDetail(_DossierShown):
    version = fields.Integer(required=True)
    owner = fields.String(required=True)
    location = fields.String(required=True)
    content_group = fields.String(allow_none=True, required=True)
    plan_year = fields.Integer(allow_none=True, required=True)
    start_date = _day(allow_none=True, required=True)
    end_date = _day(allow_none=True, required=True)
    beneficiary = fields.Nested(BeneficiaryBrief, allow_none=True, required=True)
    lines = fields.List(fields.Nested(Line), required=True)
    history = fields.List(fields.Nested(HistoryEntry), required=True)
    documents = fields.List(fields.Nested(DocumentEntry), required=True)
    money = fields.Nested(Money, required=True)


class StepRequest(ma.Schema):
    trigger = fields.String(required=True, validate=validate.OneOf([t.value for t in Trigger]))
    expected_version = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    inputs = fields.Dict(keys=fields.String(), load_default=dict)


class StepResult(ma.Schema):
    dossier_id = fields.Integer(required=True)
    trigger = fields.String(required=True)
    from_status = fields.String(required=True)
    to_status = fields.String(required=True)
    version = fields.Integer(required=True)
    document_ids = fields.List(fields.Integer(), required=True)


class IssuedDocument(ma.Schema):
    id = fields.Integer(required=True)
    dossier_id = fields.Integer(required=True)
    title = fields.String(required=True)
    number = fields.String(required=True)
    issued_on = _day(required=True)
    organisation = fields.String(required=True)
    abstract = fields.String(required=True)
    status = fields.String(required=True)
    signer = fields.String(required=True)
    signed_at = _moment(required=True)
    sealed_at = _moment(allow_none=True, required=True)
    verification_code = fields.String(required=True)
    pdf_sha256 = fields.String(required=True)
    cancelled_reason = fields.String(allow_none=True, required=True)


class BatchBrief(ma.Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)


class PlanBrief(ma.Schema):
    id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    name = fields.String(required=True)
    budget = fields.Integer(required=True, metadata=DONG)
    programme = fields.String(required=True)
    batches = fields.List(fields.Nested(BatchBrief), required=True)


class PlanDossier(_DossierHead):
    pass


class PlanDetail(PlanBrief):
    dossiers = fields.List(fields.Nested(PlanDossier), required=True)


class MoneyQuery(ma.Schema):
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    dimension = fields.String(load_default="content_group", validate=validate.OneOf(list(DIMENSIONS)))


class MoneyRow(ma.Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    envelope = fields.Integer(allow_none=True, required=True, metadata=DONG)
    planned = fields.Integer(required=True, metadata=DONG)
    approved = fields.Integer(required=True, metadata=DONG)
    contracted = fields.Integer(required=True, metadata=DONG)
    disbursed = fields.Integer(required=True, metadata=DONG)
    settled = fields.Integer(required=True, metadata=DONG)
    dossiers = fields.Integer(required=True)


class MoneyReport(ma.Schema):
    title = fields.String(required=True)
    programme = fields.String(required=True)
    year = fields.Integer(allow_none=True, required=True)
    dimension = fields.String(required=True)
    rows = fields.List(fields.Nested(MoneyRow), required=True)
    total = fields.Nested(MoneyRow, required=True)
