"""Who may see and act on which dossier: role from the workflow table, scope from organisations."""

from __future__ import annotations

from typing import Protocol, TypeVar

from sqlalchemy import ColumnElement, Connection, Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session, joinedload

from dossier.errors import NotFound
from dossier.model import Dossier, Organisation, User, UserRole
from dossier.services.cache import cached
from dossier.services.uow import load_list, must_get
from workflows.states import Role


class Viewer(Protocol):
    """What the scope needs to know of a user (an ORM User or the request's signed-in user)."""

    organisation_id: int
    roles: frozenset[Role]


def visible_org_ids(session: Session | Connection, user: Viewer) -> set[int]:
    """Officers see their own organisation's dossiers; leaders and clerks also those of the
    bodies under theirs (a Sở leader reviews what the Trung tâm prepared)."""
    if not (user.roles & {Role.LEADER, Role.CLERK}):
        return {user.organisation_id}
    # Kept per process while no organisation changes (cache: a version bumped by a trigger).
    return set(cached(session, "reference", ("org_subtree", user.organisation_id),
                      lambda conn: _subtree(conn, user.organisation_id)))


def _subtree(conn: Connection, root: int) -> frozenset[int]:
    # A province has a handful of bodies: one query for the whole tree, walked here.
    children: dict[int, list[int]] = {}
    for org_id, parent_id in conn.execute(_ORG_TREE):
        children.setdefault(parent_id, []).append(org_id)
    ids, frontier = {root}, [root]
    while frontier:
        frontier = [c for parent in frontier for c in children.get(parent, ()) if c not in ids]
        ids.update(frontier)
    return frozenset(ids)


_ORG_TREE = select(Organisation.id, Organisation.parent_id).where(Organisation.parent_id.is_not(None))


def scoped(session: Session, user: User, query: Select) -> Select:
    return query.where(Dossier.owner_org_id.in_(visible_org_ids(session, user)))


def _implementing_body_id(session: Session, dossier: Dossier) -> int | None:
    """The unit that implements the đề án: named on the dossier, else the province's Trung tâm."""
    if dossier.implementing_org_id is not None:
        return dossier.implementing_org_id
    owner = session.get(Organisation, dossier.owner_org_id)
    return session.scalars(select(Organisation.id).where(
        Organisation.kind == "trung_tam_khuyen_cong", Organisation.province == owner.province)
        .order_by(Organisation.id)).first()


def can_see(session: Session, user: User, dossier: Dossier) -> bool:
    """Its owner's tree; and the leaders and văn thư of the implementing unit, who issue its
    Báo cáo quyết toán (issue 10: issued before the dossier is archived)."""
    if not user.active:
        return False
    if dossier.owner_org_id in visible_org_ids(session, user):
        return True
    return bool(user.roles & {Role.LEADER, Role.CLERK}) and user.organisation_id == _implementing_body_id(
        session, dossier)


def seen_by(session: Session, user: User) -> ColumnElement[bool]:
    """`can_see` as a WHERE clause on Dossier (the implementing unit by the province's Trung tâm
    is a superset where a province has two: a caller that issues checks the body per document)."""
    own = Dossier.owner_org_id.in_(visible_org_ids(session, user) | {user.organisation_id})
    if not user.roles & {Role.LEADER, Role.CLERK}:
        return own
    implementing = Dossier.implementing_org_id == user.organisation_id
    org = session.get(Organisation, user.organisation_id)
    if org is not None and org.kind == "trung_tam_khuyen_cong":
        province = select(Organisation.id).where(Organisation.province == org.province)
        implementing = or_(implementing, and_(Dossier.implementing_org_id.is_(None),
                                              Dossier.owner_org_id.in_(province)))
    return or_(own, implementing)


def require_visible(session: Session, user: User, dossier: Dossier | None) -> Dossier:
    """The dossier, or NotFound: a dossier of another organisation is not acknowledged to exist."""
    if dossier is None or not can_see(session, user, dossier):
        raise NotFound("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này.")
    return dossier


class _OfDossier(Protocol):
    dossier_id: int


_Doc = TypeVar("_Doc", bound=_OfDossier)


def visible_of_dossier(session: Session, user: User, model: type[_Doc], key: int, missing: str) -> _Doc:
    """A row that belongs to a dossier (a draft, an issued document …): NotFound with `missing` when
    there is none, and as `require_visible` says when the user may not see its dossier."""
    row = must_get(session, model, key, missing)
    require_visible(session, user, session.get(Dossier, row.dossier_id))
    return row


# A user's roles read by a statement built once: the mapping's selectin load builds its statement
# and cache key at every load (~0.3 ms), and every step and page loads its user.
_ROLES = select(UserRole).where(UserRole.user_id == bindparam("user_id"))


# A user not yet in the session comes with its roles in one statement (joined: one to three rows).
_USER = select(User).where(User.id == bindparam("user_id")).options(joinedload(User.role_rows))


def load_user(session: Session, user_id: int) -> User:
    user = session.identity_map.get(session.identity_key(User, user_id))
    if user is None:
        user = session.scalars(_USER, {"user_id": user_id}).unique().one_or_none()
    if user is None or not user.active:
        raise NotFound(f"Không tìm thấy người dùng {user_id}.")
    load_list(session, user, "role_rows", _ROLES, user_id=user.id)
    return user


__all__ = ["Viewer", "can_see", "load_user", "require_visible", "scoped", "seen_by", "visible_of_dossier",
           "visible_org_ids"]
