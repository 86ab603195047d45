"""Reports, plans and money (issue 6): the dashboard with server-side SVG charts, Excel exports,
plan-level documents, the overdue list, a dossier's ledger and archive zip, the plan import.

Each view parses, makes one service call, and renders or sends a file. Charts are plain inline SVG
built here (no JavaScript, nothing from outside; presentation attributes, never style="…", as the
CSP allows no inline styles).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from dossier.errors import NotFound, Refused, ValidationFailed
from dossier.model import LEDGER_KIND_LABELS
from dossier.services import ledger
from dossier.services.bundle import export_bundle
from dossier.services.deadlines import due_for, overdue
from dossier.services.exports import dossier_register_xlsx, ledger_xlsx, report_xlsx
from dossier.services.personal_data import log_dossier_reads
from dossier.services.plan_import import COLUMNS, example_workbook, import_plan, report_lines
from dossier.services.plan_jobs import start_plan_documents
from dossier.services.plans import PLAN_TEMPLATES, generate_plan_document, generate_report, plan_documents
from dossier.services.queries import get_dossier
from dossier.services.reports import COLUMNS as MONEY_COLUMNS
from dossier.services.reports import (
    DIMENSIONS,
    dossiers_in,
    ledger_entries,
    money_report,
    plan_document_file,
    plan_years,
    programme_choices,
    programme_for,
)
from dossier.vn.numbers import parse_money
from dossier.vn.vntime import today_vn
from web.access import DOSSIER_READERS, requires
from web.db import actor_id, get_db, get_job_queue, load_actor
from web.documents import DOCX, file_response
from workflows.states import Role

bp = Blueprint("reports", __name__, url_prefix="/bao-cao")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAFF = (Role.OFFICER, Role.LEADER)
PLAN_TEMPLATE_LABELS = {"bang_tong_hop_de_an": "Bảng tổng hợp danh mục đề án",
                        "to_trinh_ke_hoach": "Tờ trình đề nghị phê duyệt danh mục",
                        "qd_phe_duyet_ke_hoach": "Quyết định phê duyệt danh mục (kèm phụ lục)"}
SERIES = (("envelope", "Kinh phí được giao", "#9fb3c8"), ("approved", "Được phê duyệt", "#2f6690"),
          ("disbursed", "Đã giải ngân", "#3a7d44"), ("settled", "Đã quyết toán", "#c17c00"))


def _year_arg() -> int | None:
    raw = request.args.get("nam", "")
    return int(raw) if raw.isdigit() else None


def _programme_arg() -> int | None:
    raw = request.args.get("ct", "")
    return int(raw) if raw.isdigit() else None


def _visible_dossiers(session: Any, year: int | None) -> tuple[Any, list[Any]]:
    """The programme the request asks for and its dossiers (of `year`, or all) the user may see."""
    programme = programme_for(session, programme_id=_programme_arg(), year=year)
    return programme, dossiers_in(session, programme, year, load_actor(session))


def _book_title(book: str, programme: Any, year: int | None) -> str:
    """A register's heading: the book, the programme, and the year when one is asked for."""
    return f"{book} – {programme.name}" + (f" – năm {year}" if year else "")


def _amount(raw: str) -> int | None:
    try:
        return parse_money(raw)
    except ValueError:
        return None


def _ty(amount: int) -> str:
    """Billions of đồng with one decimal, Vietnamese style ("83,3")."""
    return f"{amount / 1_000_000_000:.1f}".replace(".", ",")


def bar_chart(rows: list[Any], title: str, series: tuple = SERIES, width: int = 760) -> Markup:
    """Grouped horizontal bars, one group per row, one bar per series; values in tỷ đồng."""
    bar_h, gap, label_w, top = 11, 12, 250, 34
    group_h = bar_h * len(series) + gap
    height = top + group_h * max(len(rows), 1) + 10
    peak = max([getattr(r, key) or 0 for r in rows for key, _, _ in series] + [1])
    scale = (width - label_w - 70) / peak
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
           f'width="100%" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>']
    x = label_w
    for _, label, colour in series:  # legend
        out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="16" font-size="12">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    for n, row in enumerate(rows):
        y = top + n * group_h
        label = row.label if len(row.label) <= 38 else row.label[:36] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + group_h / 2}" font-size="12" text-anchor="end">'
                   f'{escape(label)}</text>')
        for k, (key, _, colour) in enumerate(series):
            value = getattr(row, key) or 0
            w = max(value * scale, 0.5 if value else 0)
            by = y + k * bar_h
            out.append(f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour}">'
                       f'<title>{escape(row.label)}: {_ty(value)} tỷ đồng</title></rect>')
            if value:
                out.append(f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 3}" font-size="10">{_ty(value)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def rate_bar(rate: Any, label: str) -> Markup:
    """A single progress bar for a percentage (disbursement rate)."""
    value = float(rate or 0)
    filled = min(value, 100) * 3
    text = f"{value:.2f}".replace(".", ",")
    return Markup(f'<svg class="rate" role="img" aria-label="{escape(label)}: {text}%" viewBox="0 0 360 22" '
                  f'width="360" height="22"><rect x="0" y="2" width="300" height="16" fill="#e3e8ee"/>'
                  f'<rect x="0" y="2" width="{filled:.1f}" height="16" fill="#3a7d44"/>'
                  f'<text x="308" y="15" font-size="12">{text}%</text></svg>')


@bp.route("/")
@requires(*DOSSIER_READERS)
def dashboard() -> Any:
    """Where the money stands: the whole programme against its envelope, or one plan year."""
    year, dimension = _year_arg(), request.args.get("theo", "content_group")
    if dimension not in DIMENSIONS:
        dimension = "content_group"
    with get_db().read() as session:
        user = load_actor(session)
        programme = programme_for(session, programme_id=_programme_arg(), year=year)
        report = money_report(session, dimension=dimension, year=year, programme_id=programme.id, user=user)
        by_year = money_report(session, dimension="year", programme_id=programme.id, user=user)
        programmes = programme_choices(session)
        years = [p.year for p in programme.plans]
        late = overdue(session, today_vn(), user)
        context = dict(programme_id=programme.id, programme_name=programme.name,
                       programme_total=programme.budget_envelope)
    return render_template(
        "reports/dashboard.html", report=report, by_year=by_year, year=year, dimension=dimension,
        dimensions=DIMENSIONS, columns=MONEY_COLUMNS, programmes=programmes, years=years, late_count=len(late),
        chart=bar_chart(report.rows, report.title), year_chart=bar_chart(by_year.rows, by_year.title),
        rate=rate_bar(report.total.disbursement_rate, "Tỷ lệ giải ngân"), ty=_ty, **context)


@bp.route("/xuat.xlsx")
@requires(*DOSSIER_READERS)
def export_report() -> Any:
    year, dimension = _year_arg(), request.args.get("theo", "content_group")
    with get_db().read() as session:
        report = money_report(session, dimension=dimension if dimension in DIMENSIONS else "content_group",
                              year=year, programme_id=_programme_arg(), user=load_actor(session))
    return file_response(report_xlsx(report), f"Bao cao kinh phi khuyen cong {year or report.programme_code}.xlsx",
                         XLSX)


def _register_book(book: str, filename: str,
                   build: Callable[[Any, list[Any], str], bytes]) -> tuple[bytes, list[int], str]:
    """One register over the dossiers the user may see of the asked programme (and year), made by
    `build(session, dossiers, heading)`: its bytes, the dossiers it lists and its file name."""
    year = _year_arg()
    with get_db().read() as session:
        programme, dossiers = _visible_dossiers(session, year)
        data = build(session, dossiers, _book_title(book, programme, year))
        return data, [d.id for d in dossiers], f"{filename} {year or programme.code}.xlsx"


@bp.route("/so-theo-doi.xlsx")
@requires(*DOSSIER_READERS)
def export_register() -> Any:
    """Sổ theo dõi đề án: the dossiers the user may see, with their money chain."""
    data, listed, name = _register_book("SỔ THEO DÕI ĐỀ ÁN KHUYẾN CÔNG", "So theo doi de an", dossier_register_xlsx)
    log_dossier_reads(get_db(), actor_id(), listed, "sổ theo dõi đề án (.xlsx)", fields="name,commune")
    return file_response(data, name, XLSX)


def _ledger_book(session: Any, dossiers: list[Any], heading: str) -> bytes:
    codes = {d.id: d.code for d in dossiers}
    return ledger_xlsx(ledger_entries(session, codes), codes, heading)


@bp.route("/so-kinh-phi.xlsx")
@requires(*DOSSIER_READERS)
def export_ledger() -> Any:
    """Sổ theo dõi cấp phát kinh phí: every ledger entry of the dossiers the user may see."""
    data, _listed, name = _register_book("SỔ THEO DÕI KINH PHÍ", "So kinh phi", _ledger_book)
    return file_response(data, name, XLSX)


@bp.route("/qua-han")
@requires(*DOSSIER_READERS)
def late() -> Any:
    """Dossiers with a deadline already past (working days count Tết and public holidays)."""
    with get_db().read() as session:
        rows = overdue(session, today_vn(), load_actor(session))
    return render_template("reports/overdue.html", rows=rows)


@bp.route("/ke-hoach", methods=["GET", "POST"])
@requires(*DOSSIER_READERS)
def plans() -> Any:
    """Plan-level documents: list them, and (officers, leaders) generate a new one."""
    if request.method == "POST":
        with get_db().read() as session:
            allowed = bool(load_actor(session).roles & set(STAFF))
        if not allowed:
            flash("Chỉ chuyên viên hoặc lãnh đạo được lập văn bản của kế hoạch.", "error")
            return redirect(url_for("reports.plans"))
        template = request.form.get("template", "")
        year = request.form.get("year", "")
        batch = request.form.get("batch", "")
        try:
            if not year.isdigit():
                raise ValidationFailed({"year": "Cần chọn năm kế hoạch."})
            if template in ("bao_cao_6_thang", "bao_cao_nam"):
                period = "6m" if template == "bao_cao_6_thang" else "year"
                result = generate_report(get_db(), actor_id(), int(year), period)
            elif template in PLAN_TEMPLATES:
                result = generate_plan_document(get_db(), actor_id(), template, int(year),
                                                batch_number=int(batch) if batch.isdigit() else None)
            else:
                raise ValidationFailed({"template": "Cần chọn loại văn bản."})
        except (Refused, ValidationFailed) as exc:
            flash(exc.message, "error")
            return redirect(url_for("reports.plans"))
        flash(f"Đã lập: {result.filename} ({len(result.dossier_codes)} đề án).", "success")
        return redirect(url_for("reports.plans"))
    with get_db().read() as session:
        documents = [(d.id, d.title, d.filename, d.created_at, len(d.dossiers_json) > 2)
                     for d in plan_documents(session, load_actor(session))]
        years = plan_years(session)
    return render_template("reports/plans.html", documents=documents, years=years,
                           templates=PLAN_TEMPLATE_LABELS)


@bp.route("/ke-hoach/bo-van-ban", methods=["POST"])
@requires(*STAFF)
def plan_set() -> Any:
    """The plan's set of documents (plan documents + every dossier's archive) as a background job."""
    year, batch = request.form.get("year", ""), request.form.get("batch", "")
    try:
        if not year.isdigit():
            raise ValidationFailed({"year": "Cần chọn năm kế hoạch."})
        number = int(batch) if batch.isdigit() else None
        job_id = start_plan_documents(get_db(), actor_id(), int(year), batch_number=number, queue=get_job_queue())
    except (Refused, ValidationFailed, NotFound) as exc:
        flash(exc.message, "error")
        return redirect(url_for("reports.plans"))
    return redirect(url_for("jobs.show", job_id=job_id))


@bp.route("/ke-hoach/van-ban/<int:document_id>")
@requires(*DOSSIER_READERS, scope="plan")
def plan_document(document_id: int) -> Any:
    with get_db().read() as session:
        found = plan_document_file(session, load_actor(session), document_id)
    if found is None:
        return render_template("error.html", code=404, title="Không tìm thấy",
                               message="Không tìm thấy văn bản."), 404
    data, name = found
    return file_response(data, name, DOCX)


@bp.route("/nhap-danh-muc", methods=["GET", "POST"])
@requires(Role.OFFICER)
def import_list() -> Any:
    """Upload a plan's list of đề án (.xlsx): all rows are imported, or none with the reasons."""
    lines: list[str] = []
    imported = None
    if request.method == "POST":
        upload = request.files.get("file")
        year = request.form.get("year", "")
        if upload is None or not upload.filename or not year.isdigit():
            flash("Cần chọn tệp Excel và năm kế hoạch.", "error")
        else:
            try:
                report = import_plan(get_db(), actor_id(), int(year), upload.read())
            except ValidationFailed as exc:
                flash(exc.message, "error")
            else:
                lines, imported = report_lines(report), report.imported
                flash(lines[0] if not imported else f"Đã nhập {len(report.codes)} đề án.",
                      "success" if imported else "error")
    return render_template("reports/import.html", lines=lines, imported=imported, columns=COLUMNS)


@bp.route("/nhap-danh-muc/mau.xlsx")
@requires(Role.OFFICER)
def import_example() -> Any:
    return file_response(example_workbook(), "Mau danh muc de an.xlsx", XLSX)


@bp.route("/ho-so/<int:dossier_id>/luu-tru.zip")
@requires(*DOSSIER_READERS, scope="dossier")
def bundle(dossier_id: int) -> Any:
    """The dossier's archive file (hồ sơ lưu trữ) as one zip."""
    result = export_bundle(get_db(), actor_id(), dossier_id)
    log_dossier_reads(get_db(), actor_id(), [dossier_id], f"hồ sơ lưu trữ {result.filename}")
    return file_response(result.data, result.filename, "application/zip")


@bp.route("/ho-so/<int:dossier_id>/kinh-phi", methods=["GET", "POST"])
@requires(*DOSSIER_READERS, scope="dossier")
def money(dossier_id: int) -> Any:
    """A dossier's ledger, what is due, and (officers, leaders) recording an advance/payment/recovery."""
    if request.method == "POST":
        kind = request.form.get("kind", "")
        raw = request.form.get("amount", "")
        action = {"advance": ledger.record_advance, "payment": ledger.record_payment,
                  "recovery": ledger.record_recovery}.get(kind)
        try:
            with get_db().read() as session:  # the dossier must be visible before anything is parsed
                get_dossier(session, load_actor(session), dossier_id)
            amount = _amount(raw)
            if action is None or amount is None:
                raise ValidationFailed({"amount": "Cần chọn loại và nhập số tiền (đồng)."})
            when = date.fromisoformat(request.form.get("on") or today_vn().isoformat())
            action(get_db(), actor_id(), dossier_id, amount, when, reference=request.form.get("reference", "")[:255])
        except (Refused, ValidationFailed) as exc:
            flash(exc.message, "error")
        except ValueError:
            flash("Ngày chứng từ không hợp lệ.", "error")
        else:
            flash("Đã ghi sổ theo dõi kinh phí.", "success")
        return redirect(url_for("reports.money", dossier_id=dossier_id))
    with get_db().read() as session:
        user = load_actor(session)
        dossier = get_dossier(session, user, dossier_id)
        entries = [(e.entry_date, LEDGER_KIND_LABELS[e.kind], e.amount, e.reference, e.note, e.actor.full_name)
                   for e in ledger.entries_of(session, dossier.id)]
        position = ledger.position(session, dossier.id)
        dues = due_for(session, dossier, today_vn())
        can_record = bool(user.roles & set(STAFF))
        head = (dossier.code, dossier.title)
    return render_template("reports/money.html", dossier_id=dossier_id, head=head, entries=entries,
                           position=position, dues=dues, can_record=can_record)
