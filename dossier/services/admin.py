"""Administration of people and bodies: one function per action, one transaction each, audited.

Users are never deleted (history, documents and the audit trail refer to them): they are
deactivated. Changing someone's roles, organisation or password bumps their session_version so
that every session cookie issued before stops working at once (architecture.md B3).

Organisations' names, abbreviations and places are data because they change (the 2025 merger):
a change from a date is a version (services/org_versions); an edit here corrects the version in
force today and applies to documents generated afterwards; a generated document keeps the context it was
rendered with (GeneratedDocument.context_json), so nothing already issued changes.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from dossier.errors import NotFound, ValidationFailed
from dossier.model import Organisation, User, UserRole
from dossier.model.organisation import SIGNING_CAPACITIES
from dossier.services import audit
from dossier.services.approval_authority import DelegationAct, change_authority
from dossier.services.org_versions import ABBREVIATION, ABBREVIATION_RULE, correct_in_force
from dossier.services.uow import Database, must_get
from dossier.vn.people import GENDERS
from dossier.vn.text import nfc
from dossier.vn.vntime import today_vn
from workflows.states import Role

SIGNING_CAPACITY_LABELS = {
    "direct": "Ký trực tiếp (người đứng đầu)",
    "TM": "TM. – thay mặt tập thể",
    "KT": "KT. – ký thay người đứng đầu",
    "TL": "TL. – thừa lệnh",
    "TUQ": "TUQ. – thừa ủy quyền",
}
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# No 0/O, 1/l/I: the temporary password is read out over the phone or copied from paper.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


@dataclass
class UserData:
    """What the admin form edits (the username only on creation)."""

    username: str = ""
    full_name: str = ""
    organisation_id: int | None = None
    job_title: str = ""
    signing_capacity: str = "direct"
    email: str = ""
    roles: set[str] = field(default_factory=set)
    gender: str = ""  # "male" / "female" / "": documents print "Ông"/"Bà" (dossier.vn.people)


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    organisation_id: int
    organisation_name: str
    job_title: str
    signing_capacity: str
    email: str
    roles: frozenset[Role]
    active: bool
    gender: str = ""


@dataclass
class OrgData:
    name: str = ""
    header_parent: str = ""
    header_name: str = ""
    abbreviation: str = ""
    place_name: str = ""
    head_title: str = ""
    head_name: str = ""
    collective_name: str = ""
    parent_id: int | None = None
    address: str = ""
    phone: str = ""
    # Of a Sở Công Thương: who approves its province's đề án (issue 10, domain.md §2.2 item 4).
    approval_authority: str = "ubnd_tinh"


ORG_FIELDS = tuple(OrgData.__dataclass_fields__)
APPROVAL_AUTHORITY_LABELS = {
    "ubnd_tinh": "Ủy ban nhân dân tỉnh (Chủ tịch hoặc Phó Chủ tịch ký: TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH)",
    "so_cong_thuong": "Giám đốc Sở Công Thương (được ủy quyền phê duyệt)",
}


@dataclass(frozen=True)
class OrgRow:
    id: int
    code: str
    kind: str
    data: OrgData
    parent_name: str


def generate_password() -> str:
    """A readable temporary password: 4 groups of 4 (≈ 90 bits), e.g. "Kq7m-…"."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))


def password_problem(password: str) -> str | None:
    """Why a chosen password is refused, in Vietnamese, or None."""
    if len(password) < MIN_PASSWORD:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return "Mật khẩu phải có cả chữ và số."
    return None


# -- reading -------------------------------------------------------------------------------------

def _user_row(u: User) -> UserRow:
    return UserRow(u.id, u.username, u.full_name, u.organisation_id, u.organisation.name, u.job_title,
                   u.signing_capacity, u.email, u.roles, u.active, u.gender)


def list_users(db: Database) -> list[UserRow]:
    with db.read() as session:
        users = session.scalars(select(User).order_by(User.active.desc(), User.organisation_id, User.full_name))
        return [_user_row(u) for u in users]


def get_user(db: Database, user_id: int) -> UserRow:
    with db.read() as session:
        return _user_row(_user(session, user_id))


def _org_data(o: Organisation) -> OrgData:
    return OrgData(**{name: getattr(o, name) for name in ORG_FIELDS})


def list_organisations(db: Database) -> list[OrgRow]:
    with db.read() as session:
        orgs = session.scalars(select(Organisation).order_by(Organisation.id))
        return [OrgRow(o.id, o.code, o.kind, _org_data(o), o.parent.name if o.parent else "") for o in orgs]


def get_organisation(db: Database, org_id: int) -> OrgRow:
    for row in list_organisations(db):
        if row.id == org_id:
            return row
    raise NotFound(f"Không tìm thấy đơn vị số {org_id}.")


# -- users ---------------------------------------------------------------------------------------

def _user(session: Session, user_id: int) -> User:
    return must_get(session, User, user_id, f"Không tìm thấy người dùng số {user_id}.")


def _clean_user(data: UserData) -> UserData:
    return UserData(username=nfc(data.username).strip().lower(), full_name=" ".join(nfc(data.full_name).split()),
                    organisation_id=data.organisation_id, job_title=" ".join(nfc(data.job_title).split()),
                    signing_capacity=data.signing_capacity, email=data.email.strip(), roles=set(data.roles),
                    gender=data.gender)


def _validate_user(session: Session, data: UserData, *, user_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if user_id is None:
        if not _USERNAME.match(data.username):
            errors["username"] = ("Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang "
                                  "hoặc gạch dưới; bắt đầu bằng chữ hoặc số.")
        elif session.scalar(select(User.id).where(User.username == data.username)) is not None:
            errors["username"] = f"Tên đăng nhập «{data.username}» đã có người dùng."
    if not data.full_name:
        errors["full_name"] = "Cần nhập họ và tên."
    elif len(data.full_name) > 255:
        errors["full_name"] = "Họ và tên quá dài (tối đa 255 ký tự)."
    if data.organisation_id is None or session.get(Organisation, data.organisation_id) is None:
        errors["organisation_id"] = "Cần chọn đơn vị công tác."
    if len(data.job_title) > 100:
        errors["job_title"] = "Chức vụ quá dài (tối đa 100 ký tự)."
    if data.signing_capacity not in SIGNING_CAPACITIES:
        errors["signing_capacity"] = "Cần chọn hình thức ký."
    if data.gender not in GENDERS:
        errors["gender"] = "Giới tính không hợp lệ."
    if data.email and (not _EMAIL.match(data.email) or len(data.email) > 255):
        errors["email"] = "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@khanhhoa.gov.vn)."
    valid_roles = {r.value for r in Role}
    if not data.roles:
        errors["roles"] = "Cần chọn ít nhất một vai trò."
    elif not data.roles <= valid_roles:
        errors["roles"] = "Vai trò không hợp lệ."
    return errors


def _other_active_admins(session: Session, user_id: int) -> int:
    return len(session.scalars(select(User.id).join(UserRole).where(
        UserRole.role == Role.ADMIN.value, User.active.is_(True), User.id != user_id)).all())


def create_user(db: Database, actor_id: int, data: UserData, password: str | None = None) -> tuple[int, str]:
    """A new account; returns its id and the password (generated when `password` is None), shown once."""
    data = _clean_user(data)
    generated = password is None
    password = generate_password() if password is None else password
    with db.write() as session:
        errors = _validate_user(session, data, user_id=None)
        if not generated and (problem := password_problem(password)):
            errors["password"] = problem
        if errors:
            raise ValidationFailed(errors)
        user = User(username=data.username, full_name=data.full_name, organisation_id=data.organisation_id,
                    job_title=data.job_title, signing_capacity=data.signing_capacity, email=data.email,
                    gender=data.gender, password_hash=generate_password_hash(password), active=True, session_version=1,
                    role_rows=[UserRole(role=r) for r in sorted(data.roles)])
        session.add(user)
        session.flush()
        audit.append(session, actor_id=actor_id, action="admin.user_create", object_type="user",
                     object_id=user.username,
                     payload={"roles": sorted(data.roles), "organisation_id": data.organisation_id,
                              "signing_capacity": data.signing_capacity, "password": "generated" if generated
                              else "set_by_admin"})
        return user.id, password


def update_user(db: Database, actor_id: int, user_id: int, data: UserData) -> bool:
    """Save roles, organisation, job title, signing capacity…; True when the user's sessions were revoked."""
    data = _clean_user(data)
    with db.write() as session:
        user = _user(session, user_id)
        errors = _validate_user(session, data, user_id=user_id)
        losing_admin = Role.ADMIN in user.roles and Role.ADMIN.value not in data.roles
        if not errors and losing_admin and _other_active_admins(session, user_id) == 0:
            errors["roles"] = "Đây là quản trị viên cuối cùng còn hoạt động: không thể bỏ vai trò Quản trị."
        if errors:
            raise ValidationFailed(errors)
        before = {"full_name": user.full_name, "organisation_id": user.organisation_id, "job_title": user.job_title,
                  "signing_capacity": user.signing_capacity, "email": user.email, "gender": user.gender,
                  "roles": sorted(r.value for r in user.roles)}
        after = {"full_name": data.full_name, "organisation_id": data.organisation_id, "job_title": data.job_title,
                 "signing_capacity": data.signing_capacity, "email": data.email, "gender": data.gender,
                 "roles": sorted(data.roles)}
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if not changed:
            return False
        user.full_name, user.organisation_id, user.job_title = data.full_name, data.organisation_id, data.job_title
        user.signing_capacity, user.email, user.gender = data.signing_capacity, data.email, data.gender
        if "roles" in changed:
            keep = [row for row in user.role_rows if row.role in data.roles]
            user.role_rows = keep + [UserRole(role=r) for r in sorted(data.roles - {row.role for row in keep})]
        # What a session may see depends on roles and organisation: old cookies must not keep the old rights.
        revoke = "roles" in changed or "organisation_id" in changed
        if revoke:
            user.session_version += 1
        audit.append(session, actor_id=actor_id, action="admin.user_update", object_type="user",
                     object_id=user.username, payload={"changed": changed, "sessions_revoked": revoke})
        return revoke


def set_active(db: Database, actor_id: int, user_id: int, active: bool) -> None:
    """Deactivate (never delete: history refers to the user) or reactivate an account."""
    with db.write() as session:
        user = _user(session, user_id)
        if not active and user_id == actor_id:
            raise ValidationFailed({"active": "Bạn không thể tự khóa tài khoản của chính mình."})
        if not active and Role.ADMIN in user.roles and _other_active_admins(session, user_id) == 0:
            raise ValidationFailed({"active": "Đây là quản trị viên cuối cùng còn hoạt động: không thể khóa."})
        if user.active == active:
            return
        user.active = active
        user.session_version += 1  # a deactivated user's open sessions end now, not at their next request only
        audit.append(session, actor_id=actor_id, action="admin.user_activate" if active else "admin.user_deactivate",
                     object_type="user", object_id=user.username, payload={"session_version": user.session_version})


def reset_password(db: Database, actor_id: int, user_id: int, password: str | None = None) -> str:
    """Set a new password (generated when `password` is None) and end all of the user's sessions."""
    generated = password is None
    password = generate_password() if password is None else password
    if not generated and (problem := password_problem(password)):
        raise ValidationFailed({"password": problem})
    with db.write() as session:
        user = _user(session, user_id)
        user.password_hash = generate_password_hash(password)
        user.session_version += 1
        # the administrator has seen this password: the owner must choose their own at next sign-in
        user.must_change_password = True
        audit.append(session, actor_id=actor_id, action="admin.password_reset", object_type="user",
                     object_id=user.username,
                     payload={"password": "generated" if generated else "set_by_admin",
                              "session_version": user.session_version})
        return password


# -- organisations -------------------------------------------------------------------------------

def _clean_org(data: OrgData) -> OrgData:
    def one_line(s: str) -> str:
        return " ".join(nfc(s).split())

    def lines(s: str) -> str:  # header names keep their line breaks ("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA")
        return "\n".join(one_line(line) for line in nfc(s).splitlines() if line.strip())

    return OrgData(name=one_line(data.name), header_parent=lines(data.header_parent),
                   header_name=lines(data.header_name), abbreviation=one_line(data.abbreviation).upper(),
                   place_name=one_line(data.place_name), head_title=one_line(data.head_title),
                   head_name=one_line(data.head_name), collective_name=one_line(data.collective_name),
                   parent_id=data.parent_id, address=one_line(data.address), phone=one_line(data.phone),
                   approval_authority=data.approval_authority or "ubnd_tinh")


_ORG_LIMITS = {"name": 255, "header_parent": 255, "header_name": 255, "place_name": 100, "head_title": 100,
               "head_name": 255, "collective_name": 100, "address": 255, "phone": 50}


def _validate_org(session: Session, org_id: int, data: OrgData) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, message in (("name", "Cần nhập tên đơn vị."), ("header_name", "Cần nhập tên cơ quan ở tiêu đề văn bản."),
                          ("place_name", "Cần nhập địa danh (dùng ở dòng «…, ngày … tháng … năm …»)."),
                          ("head_title", "Cần nhập chức danh người đứng đầu (ví dụ: GIÁM ĐỐC).")):
        if not getattr(data, name):
            errors[name] = message
    for name, limit in _ORG_LIMITS.items():
        if len(getattr(data, name)) > limit and name not in errors:
            errors[name] = f"Quá dài (tối đa {limit} ký tự)."
    if data.approval_authority not in APPROVAL_AUTHORITY_LABELS:
        errors["approval_authority"] = "Chọn cơ quan phê duyệt đề án trong danh sách."
    if not ABBREVIATION.match(data.abbreviation):
        errors["abbreviation"] = ABBREVIATION_RULE
    if data.parent_id is not None:
        if data.parent_id == org_id:
            errors["parent_id"] = "Một đơn vị không thể là đơn vị cấp trên của chính nó."
        else:
            seen, cursor = {org_id}, session.get(Organisation, data.parent_id)
            if cursor is None:
                errors["parent_id"] = "Đơn vị cấp trên không tồn tại."
            while cursor is not None and "parent_id" not in errors:
                if cursor.id in seen:
                    errors["parent_id"] = "Chọn đơn vị này làm cấp trên sẽ tạo vòng lặp (đơn vị cấp dưới của chính nó)."
                seen.add(cursor.id)
                cursor = cursor.parent
    return errors


def update_organisation(db: Database, actor_id: int, org_id: int, data: OrgData,
                        approval_from: dt.date | None = None, approval_act: DelegationAct | None = None) -> bool:
    """Save an organisation's names and places; True if anything changed. Old documents keep theirs.
    A Sở's approval authority changes from `approval_from` (today by default), a delegation with
    the UBND tỉnh's `approval_act`: documents of an earlier date keep the authority of their date
    (services.approval_authority)."""
    data = _clean_org(data)
    with db.write() as session:
        org = must_get(session, Organisation, org_id, f"Không tìm thấy đơn vị số {org_id}.")
        errors = _validate_org(session, org_id, data)
        if errors:
            raise ValidationFailed(errors)
        before = _org_data(org)
        changed = {k: [getattr(before, k), getattr(data, k)] for k in ORG_FIELDS
                   if getattr(before, k) != getattr(data, k)}
        if not changed:
            return False
        authority = changed.pop("approval_authority", None)
        for name in changed:
            setattr(org, name, getattr(data, name))
        correct_in_force(org, changed)
        if authority is not None:
            on = approval_from or today_vn()
            if errors := change_authority(session, org, data.approval_authority, on, today_vn(),
                                          approval_act or DelegationAct()):
                raise ValidationFailed(errors)
            changed["approval_authority"] = [*authority, on.isoformat()]
            if data.approval_authority == "so_cong_thuong":
                changed["approval_act"] = [approval_act.number, approval_act.issued_on.isoformat()]
        audit.append(session, actor_id=actor_id, action="admin.organisation_update", object_type="organisation",
                     object_id=org.code, payload={"changed": changed})
        return True
