"""Officers' pages: the dossier list, create/edit, the dossier page, workflow steps, reviews,
attachments. Each view parses, makes one service call, and renders or redirects."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from dossier.errors import Refused, StaleVersion, ValidationFailed
from dossier.model import (
    BENEFICIARY_KIND_LABELS,
    COUNCIL_ROLE_LABELS,
    FUNDING_SOURCE_LABELS,
    GENDER_LABELS,
    SUPPORT_TYPE_LABELS,
)
from dossier.services import deadlines, queries
from dossier.services.attachments import ALLOWED_EXTENSIONS, ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES, add_attachment
from dossier.services.documents import documents_to_make
from dossier.services.dossiers import REVIEW_CRITERIA, create_dossier, record_review, update_dossier
from dossier.services.drafts import draft_states
from dossier.services.facts import build_facts
from dossier.services.issuance import SigningFailed
from dossier.services.issuance.cancel import cancel_draft as cancel_draft_service
from dossier.services.issuance.steps import sign_step
from dossier.services.personal_data import log_dossier_reads
from dossier.services.transitions import fire
from dossier.vn.numbers import format_money
from dossier.vn.vntime import today_vn
from web import forms
from web.access import DOSSIER_READERS, requires
from web.auth import safe_next
from web.db import actor_id, get_db, get_signing_port, load_actor, page_read, reads_with_user
from web.signing import PasswordLocked, with_password
from workflows import TRIGGERS, Facts, available_actions, inputs_for, steps_for
from workflows.inputs import EFFECTIVE_ON, Input
from workflows.labels import STATUS_LABELS, trigger_label
from workflows.states import EDITABLE, Role, Status, Trigger

bp = Blueprint("dossiers", __name__, url_prefix="/ho-so")

CHOICE_LABELS = {"beneficiary_kinds": BENEFICIARY_KIND_LABELS, "funding_sources": FUNDING_SOURCE_LABELS,
                 "support_types": SUPPORT_TYPE_LABELS, "genders": GENDER_LABELS}


# The status menu as a tuple: the options filter then finds its markup by identity.
STATUS_CHOICES = tuple((status.value, label) for status, label in STATUS_LABELS.items())


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() else None


@bp.route("/")
@requires(*DOSSIER_READERS)
@reads_with_user
def index() -> Any:
    """The dossiers the user may see, with filters, diacritics-free search and paging."""
    status = request.args.get("status") or None
    filters = queries.DossierFilters(
        status=status if status in {s.value for s in Status} else None,
        plan_id=_int_arg("plan"), batch_id=_int_arg("batch"), content_group_id=_int_arg("group"),
        commune=request.args.get("commune") or None, q=request.args.get("q", "")[:200],
        page=_int_arg("page") or 1, after=request.args.get("after"), before=request.args.get("before"),
    )
    user = current_user._get_current_object()  # not through the proxy at each of its reads
    with page_read() as conn:  # the signed-in user (read in this transaction) sets the scope
        page = queries.list_dossiers(conn, user, filters)
        choices = queries.filter_choices(conn, user)
    args = {k: v for k, v in request.args.items() if k not in {"page", "after", "before"} and v}
    return render_template("dossiers/list.html", page=page, filters=filters, choices=choices,
                           statuses=STATUS_CHOICES, args=args)


def _render_form(form: forms.DossierForm, *, dossier: Any = None, version: int | None = None,
                 status: int = 200, conflict: list[tuple[str, str, str]] | None = None) -> Any:
    with get_db().read() as session:
        choices = queries.form_choices(session)
    amounts, total, support = forms.line_totals(form)
    return render_template("dossiers/form.html", form=form, dossier=dossier, version=version,
                           choices=choices, labels=forms.FIELD_LABELS, item_labels=forms.ITEM_LABELS,
                           amounts=amounts, total=total, support=support, conflict=conflict,
                           **CHOICE_LABELS), status


def _line_command(form: forms.DossierForm) -> bool:
    """Handle "Thêm dòng" / "Xóa dòng" (no-JS path): True when the form must just be re-shown."""
    if "add_line" in request.form:
        forms.add_line(form)
        return True
    remove = request.form.get("remove_line", "")
    if remove.isdigit():
        forms.remove_line(form, int(remove))
        return True
    return False


@bp.route("/moi", methods=["GET", "POST"])
@requires(Role.OFFICER)
def create() -> Any:
    """New dossier with its beneficiary and item lines."""
    if request.method == "GET":
        return _render_form(forms.empty_form())
    form = forms.read_form(request.form)
    if _line_command(form):
        return _render_form(form)
    data = forms.to_data(form)
    if data is None:
        return _render_form(form, status=422)
    try:
        dossier_id = create_dossier(get_db(), actor_id(), data)
    except ValidationFailed as exc:
        form.errors = exc.errors
        return _render_form(form, status=422)
    flash("Đã tạo hồ sơ đề án.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))


def _version_field() -> int:
    raw = request.form.get("version", "")
    if not raw.isdigit():
        abort(400)
    return int(raw)


@bp.route("/<int:dossier_id>/sua", methods=["GET", "POST"])
@requires(Role.OFFICER, scope="dossier")
def edit(dossier_id: int) -> Any:
    """Edit a draft (or a dossier returned for revision); the form carries the version it was loaded at."""
    with get_db().read() as session:
        dossier = queries.get_dossier(session, load_actor(session), dossier_id)
        saved = forms.form_from_dossier(dossier)
        current_version, beneficiary_id, current_status = dossier.version, dossier.beneficiary_id, dossier.status
    if request.method == "GET":
        if Status(current_status) not in EDITABLE:
            flash("Hồ sơ ở trạng thái này không còn được sửa nội dung.", "warning")
            return redirect(url_for("dossiers.show", dossier_id=dossier_id))
        log_dossier_reads(get_db(), actor_id(), [dossier_id], f"form sửa hồ sơ {dossier_id}")
        return _render_form(saved, dossier=dossier, version=current_version)
    version = _version_field()
    form = forms.read_form(request.form)
    if _line_command(form):
        return _render_form(form, dossier=dossier, version=version)
    data = forms.to_data(form)
    if data is None:
        return _render_form(form, dossier=dossier, version=version, status=422)
    data.beneficiary_id = beneficiary_id  # from the database, never from the form
    try:
        update_dossier(get_db(), actor_id(), dossier_id, version, data)
    except StaleVersion:
        # Keep everything typed; show what is saved now beside it; the new version lets the
        # user save deliberately over it once they have compared.
        rows = forms.conflict_rows(form, saved, forms.FIELD_LABELS)
        return _render_form(form, dossier=dossier, version=current_version, status=409, conflict=rows)
    except ValidationFailed as exc:
        form.errors = exc.errors
        return _render_form(form, dossier=dossier, version=version, status=422)
    flash("Đã lưu hồ sơ.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))


@bp.route("/<int:dossier_id>")
@requires(*DOSSIER_READERS, scope="dossier")
def show(dossier_id: int) -> Any:
    """The dossier page: state, figures, lines, history, actions, documents, attachments."""
    return _render_show(dossier_id)


def _render_show(dossier_id: int, *, upload_error: str | None = None, status: int = 200) -> Any:
    with get_db().read() as session:
        user = load_actor(session)
        dossier = queries.get_dossier(session, user, dossier_id)
        facts = build_facts(session, dossier, today_vn(), user)
        actions = available_actions(dossier.status, user.roles, facts)
        documents = queries.documents(session, dossier_id)
        page = render_template(
            "dossiers/show.html", d=dossier, actions=actions, facts=facts,
            due=deadlines.due_for(session, dossier, today_vn()),
            history=queries.history(session, dossier_id), documents=documents,
            own_numbers=queries.own_numbers(session, dossier_id, documents),
            attachments=queries.attachments(session, dossier_id), attachment_kinds=ATTACHMENT_KINDS,
            accept=",".join(ALLOWED_EXTENSIONS), max_mb=MAX_ATTACHMENT_BYTES // (1024 * 1024),
            editable=Status(dossier.status) in EDITABLE and Role.OFFICER in user.roles,
            input_specs={t: {i.name: i for i in inputs_for(t)} for t in TRIGGERS},
            council_roles=COUNCIL_ROLE_LABELS, upload_error=upload_error, **CHOICE_LABELS,
            draft_states={st.document.id: st for st in draft_states(session, dossier)},
            can_cancel=bool(user.roles & {Role.OFFICER, Role.LEADER}),
        )
    log_dossier_reads(get_db(), actor_id(), [dossier_id], f"trang hồ sơ {dossier_id}")
    return page, status


def _step_roles(trigger: str) -> frozenset[Role]:
    return frozenset(r for step in steps_for(trigger) for r in step.roles)


def _step_specs(trigger: str) -> tuple[Input, ...]:
    """What a step's form asks: the step's own date first, then the step's inputs."""
    return (EFFECTIVE_ON, *inputs_for(trigger))


def _render_step(dossier_id: int, trigger: str, *, values: dict[str, str] | None = None,
                 errors: dict[str, str] | None = None, reasons: list[str] | None = None,
                 stale: bool = False, status: int = 200, next_url: str | None = None) -> Any:
    with get_db().read() as session:
        user = load_actor(session)
        dossier = queries.get_dossier(session, user, dossier_id)
        facts = build_facts(session, dossier, today_vn(), user)
        action = next((a for a in available_actions(dossier.status, user.roles, facts) if a.trigger == trigger), None)
        # the step's date: today by default; the Tờ trình proposes the council's amount unless changed
        values = {EFFECTIVE_ON.name: f"{today_vn():%d/%m/%Y}", **_step_defaults(trigger, facts), **(values or {})}
        made = documents_to_make(session, dossier, trigger, user, today_vn())
        return render_template(
            "dossiers/step.html", d=dossier, trigger=trigger, label=trigger_label(trigger),
            specs=_step_specs(trigger), action=action, values=values, errors=errors or {},
            reasons=reasons or [], stale=stale, version=dossier.version, next=next_url,
            documents=[spec.title for spec in made], signs=_signs(trigger), approver=facts.approver,
            makes_none=not made and any(step.documents for step in steps_for(trigger)),
        ), status


def _step_defaults(trigger: str, facts: Facts) -> dict[str, str]:
    """What a step's form starts with besides its date: the amount the Tờ trình proposes is the
    council's proposal (Facts.default_proposal), which the officer may lower."""
    if trigger == Trigger.SUBMIT_FOR_APPROVAL:
        return {"proposed_support": format_money(facts.default_proposal)}
    return {}


def _signs(trigger: str) -> bool:
    """The step is the signature of its decision (approve, adjust, stop): the form asks for the key."""
    return any(step.signs for step in steps_for(trigger))


def _fire(dossier_id: int, trigger: str, version: int, inputs: dict[str, Any]) -> Any:
    """Fire the step; a step that signs goes with the leader's signature, throttled like "Ký số"."""
    if not _signs(trigger):
        return fire(get_db(), actor_id=actor_id(), dossier_id=dossier_id, trigger=trigger,
                    expected_version=version, inputs=inputs, generator=current_app.config.get("DOCUMENT_GENERATOR"))
    try:
        return with_password(f"cert:{actor_id()}", lambda password: sign_step(
            get_db(), port=get_signing_port(), actor_id=actor_id(), dossier_id=dossier_id, trigger=trigger,
            expected_version=version, inputs=inputs, password=password), what=f"{trigger} of dossier {dossier_id}")
    except (PasswordLocked, SigningFailed) as exc:
        raise Refused([exc.message]) from exc


@bp.route("/<int:dossier_id>/thao-tac/<trigger>", methods=["GET", "POST"])
@requires(*DOSSIER_READERS, scope="dossier")
def step(dossier_id: int, trigger: str) -> Any:
    """A workflow step: GET shows the form its inputs need, POST fires it with the form's version."""
    if trigger not in TRIGGERS:
        abort(404)
    if not (current_user.roles & _step_roles(trigger)):
        abort(403)
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return _render_step(dossier_id, trigger, next_url=next_url)
    version = _version_field()
    inputs, shown = forms.read_step_inputs(_step_specs(trigger), request.form)
    try:
        result = _fire(dossier_id, trigger, version, inputs)
    except StaleVersion as exc:
        return _render_step(dossier_id, trigger, values=shown, reasons=[exc.message], stale=True, status=409,
                            next_url=next_url)
    except ValidationFailed as exc:
        errors = forms.step_errors(_step_specs(trigger), exc.errors)
        return _render_step(dossier_id, trigger, values=shown, errors=errors, status=422, next_url=next_url)
    except Refused as exc:
        return _render_step(dossier_id, trigger, values=shown, reasons=exc.reasons, status=422, next_url=next_url)
    documents = f" Đã tạo {len(result.document_ids)} văn bản." if result.document_ids else ""
    if _signs(trigger):
        documents = " Đã ký số, cấp số văn bản; văn bản chuyển văn thư đóng dấu, phát hành."
    flash(f"Đã thực hiện “{trigger_label(trigger)}”: hồ sơ chuyển sang “{STATUS_LABELS[Status(result.to_status)]}”."
          + documents, "success")
    return redirect(next_url or url_for("dossiers.show", dossier_id=dossier_id))


@bp.route("/<int:dossier_id>/van-ban/<int:document_id>/huy-du-thao", methods=["POST"])
@requires(Role.OFFICER, Role.LEADER, scope="dossier")
def cancel_draft(dossier_id: int, document_id: int) -> Any:
    """A draft that will not be issued is cancelled with its reason (the dossier may then be archived)."""
    with get_db().read() as session:
        queries.get_document(session, load_actor(session), dossier_id, document_id)  # under its own dossier
    try:
        cancel_draft_service(get_db(), actor_id=actor_id(), document_id=document_id,
                             reason=request.form.get("reason", ""))
    except ValidationFailed as exc:
        flash(" ".join(exc.errors.values()), "error")
    except Refused as exc:
        flash(" ".join(exc.reasons), "error")
    else:
        flash("Đã hủy dự thảo; lý do được ghi vào nhật ký.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id) + "#van-ban")


@bp.route("/<int:dossier_id>/phieu-nhan-xet", methods=["GET"])
@requires(Role.OFFICER, scope="dossier")
def reviews(dossier_id: int) -> Any:
    """The council members' Phiếu nhận xét, entered by the officer while under appraisal."""
    return _render_reviews(dossier_id)


def _render_reviews(dossier_id: int, *, member_id: int | None = None, values: dict[str, str] | None = None,
                    errors: dict[str, str] | None = None, status: int = 200) -> Any:
    with get_db().read() as session:
        dossier = queries.get_dossier(session, load_actor(session), dossier_id)
        existing = {r.member_id: r for r in dossier.reviews}
        return render_template("dossiers/reviews.html", d=dossier, existing=existing, failed_member=member_id,
                               criteria=[name for name, _ in REVIEW_CRITERIA],
                               values=values or {}, errors=errors or {}, council_roles=COUNCIL_ROLE_LABELS,
                               under_appraisal=dossier.status == Status.UNDER_APPRAISAL.value), status


@bp.route("/<int:dossier_id>/phieu-nhan-xet/<int:member_id>", methods=["POST"])
@requires(Role.OFFICER, scope="dossier")
def save_review(dossier_id: int, member_id: int) -> Any:
    """Record (or correct) one member's review."""
    raw = {k: request.form.get(k, "") for k in ("passed", "score", "recommended_support", "comment")}
    errors: dict[str, str] = {}
    passed = {"1": True, "0": False}.get(raw["passed"])
    # each criterion's Đạt / Không đạt as the member marked it on his sheet
    marks = {i: {"1": True, "0": False}.get(request.form.get(f"dat_{i}", ""))
             for i in range(1, len(REVIEW_CRITERIA) + 1)}
    raw.update({f"dat_{i}": request.form.get(f"dat_{i}", "") for i in marks})
    criteria = [{"ten": name, "diem_toi_da": top, "dat": marks[i]}
                for i, (name, top) in enumerate(REVIEW_CRITERIA, start=1)] if any(
        m is not None for m in marks.values()) else None
    score = support = None
    if raw["score"].strip():
        try:
            score = forms.parse_int(raw["score"])
        except ValueError:
            errors["score"] = "Điểm phải là số nguyên từ 0 đến 100."
    if raw["recommended_support"].strip():
        try:
            support = forms.parse_money(raw["recommended_support"])
        except ValueError:
            errors["recommended_support"] = "Kinh phí đề nghị phải là số tiền (đồng), ví dụ 130.000.000."
    if passed is None and score is None:
        errors["passed"] = "Cần chọn Đạt / Không đạt hoặc nhập điểm."
    if not errors:
        try:
            record_review(get_db(), actor_id(), dossier_id, member_id, passed=passed, score=score,
                          comment=raw["comment"], recommended_support=support, criteria=criteria)
        except ValidationFailed as exc:
            errors = exc.errors
    if errors:
        return _render_reviews(dossier_id, member_id=member_id, values=raw, errors=errors, status=422)
    flash("Đã ghi phiếu nhận xét.", "success")
    return redirect(url_for("dossiers.reviews", dossier_id=dossier_id) + f"#thanh-vien-{member_id}")


@bp.route("/<int:dossier_id>/dinh-kem", methods=["POST"])
@requires(Role.OFFICER, scope="dossier")
def upload(dossier_id: int) -> Any:
    """Attach a file (PDF, DOCX, XLSX, JPEG, PNG; checked by content)."""
    file = request.files.get("file")
    try:
        add_attachment(get_db(), actor_id(), dossier_id, filename=file.filename if file else "",
                       data=file.read(MAX_ATTACHMENT_BYTES + 1) if file else b"",
                       kind=request.form.get("kind", "khac"))
    except ValidationFailed as exc:
        return _render_show(dossier_id, upload_error=" ".join(exc.errors.values()), status=400)
    flash("Đã đính kèm tệp.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id) + "#dinh-kem")
