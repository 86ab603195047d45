"""The dossier list: one page of what a user may see, at a cost that does not grow with the data.

- Order: newest change first, (updated_at, id) descending. Every filter has an index ending in
  that order (model.dossier.LIST_INDEXES), so a page walks an index and stops after 26 rows.
- Paging: by key ("keyset"): the next page starts after the last row's key and the previous
  one before the first row's, carried in the links (`after`, `before`) next to the page
  number. A bare `?page=N` still works, by OFFSET.
- Search: each folded word must be a substring of search_text, found through the trigram index
  (dossier.db.search). Results come newest dossier first: on SQLite the FTS5 index returns its
  matches in that order and stops after a page, where sorting the matches by last change would
  cost as many rows as match (6,700 of 100,000 for "may say tao").
- Totals: from the counter table (dossier_counts) when the filters are only state and
  commune; otherwise counted along the page's index walk up to COUNT_CAP ("hơn 1.000"), or for
  a search SEARCH_COUNT_CAP ("hơn 100": each match is a row to check), except when the FTS5
  index can count alone (a viewer who sees every dossier, no other filter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, bindparam, func, literal, select, tuple_
from sqlalchemy.orm import Session

from dossier.db import search
from dossier.model import Beneficiary, Dossier, DossierCount, DossierItem
from dossier.model.base import UTCDateTime
from dossier.services.access import Viewer, visible_org_ids
from dossier.vn.text import fold

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
COUNT_CAP = 1000
SEARCH_COUNT_CAP = 100  # a search's matches are counted row by row, except by the FTS5 index alone
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DossierFilters:
    status: str | None = None
    plan_id: int | None = None
    batch_id: int | None = None
    content_group_id: int | None = None
    commune: str | None = None
    q: str = ""  # free text, matched without diacritics
    page: int = 1
    per_page: int = PAGE_SIZE
    after: str | None = None  # key of the row the page starts after (a "next" link)
    before: str | None = None  # key of the row the page ends before (a "previous" link)


@dataclass(frozen=True)
class DossierRow:
    id: int
    code: str
    title: str
    status: str
    beneficiary_name: str
    commune: str
    requested_support: int
    total_cost: int
    updated_at: datetime


@dataclass(frozen=True)
class Page:
    rows: list[DossierRow]
    total: int
    page: int
    per_page: int
    total_capped: bool = False  # more than `total` dossiers match ("hơn 1.000")
    has_next: bool = False
    prev_key: str | None = None  # for the link to the previous page (`before`)
    next_key: str | None = None  # for the link to the next page (`after`)
    searching: bool = False  # ordered newest dossier first instead of newest change

    @property
    def pages(self) -> int | None:
        """Number of pages; None when the total is capped."""
        return None if self.total_capped else max(1, -(-self.total // self.per_page))


def encode_key(row: DossierRow, searching: bool) -> str:
    """A row's place in its page's order, for a link: microseconds since 1970 and the id (list),
    or the id alone (search results, newest dossier first)."""
    if searching:
        return str(row.id)
    return f"{(row.updated_at - _EPOCH) // timedelta(microseconds=1)}.{row.id}"


def decode_key(text: str | None, searching: bool) -> tuple | None:
    """The key of a link, or None for anything malformed (the link then counts as absent)."""
    text = text or ""
    if searching:
        return (int(text),) if text.isdigit() and len(text) < 19 else None
    micros, _, ident = text.partition(".")
    if not (micros.isdigit() and ident.isdigit()) or len(micros) > 18 or len(ident) > 18:
        return None
    return _EPOCH + timedelta(microseconds=int(micros)), int(ident)


def _filtered(orgs: set[int], f: DossierFilters, dialect: str) -> Select:
    owners = sorted(orgs)
    if len(owners) == 1:  # one body: its own (owner, updated_at) index walks it in order
        query = select(Dossier.id).where(Dossier.owner_org_id == owners[0])
    elif dialect == "sqlite":
        # Several bodies: checked on each row of the ordered walk (from the covering index), never
        # looked up by owner, since merging the owners' ranges means sorting all their dossiers;
        # "+ 0" keeps SQLite from choosing that (it did at 3,000 dossiers). PostgreSQL chooses
        # the walk itself, and "+ 0" would spoil its estimate (it then sorted every match).
        query = select(Dossier.id).where((Dossier.owner_org_id + 0).in_(owners))
    else:
        query = select(Dossier.id).where(Dossier.owner_org_id.in_(owners))
    for column, value in ((Dossier.status, f.status), (Dossier.plan_id, f.plan_id), (Dossier.batch_id, f.batch_id),
                          (Dossier.content_group_id, f.content_group_id), (Dossier.commune, f.commune)):
        if value:
            query = query.where(column == value)
    return query


def _ordered(query: Select, columns: tuple, key: tuple | None, backwards: bool) -> Select:
    """`query` in the order of `columns` (descending) from `key` on: after it going forwards,
    before it going back (then ascending; the caller reverses)."""
    if key is not None:
        types = (UTCDateTime(), None) if len(columns) == 2 else (None,)
        bound = tuple_(*(literal(v, t) for v, t in zip(key, types, strict=True)))
        order = tuple_(*columns)
        query = query.where(order > bound if backwards else order < bound)
    return query.order_by(*(c.asc() if backwards else c.desc() for c in columns))


def _in_order(session: Session, base: Select, words: list[str]) -> tuple[Select, tuple]:
    """The page's query (matching the words, if any) and the columns it is ordered by."""
    if words:
        query, order = search.from_index(base, session.get_bind().dialect.name, words)
        return query, (order,)
    return base, (Dossier.updated_at, Dossier.id)


def _page_ids(session: Session, base: Select, words: list[str], key: tuple | None, backwards: bool, offset: int,
              need: int) -> list[int]:
    """Up to `need` ids in page order (reversed when going back), from `key` or `offset` on."""
    query, columns = _in_order(session, base, words)
    return list(session.scalars(_ordered(query, columns, key, backwards).limit(need).offset(offset)))


def _sees_everything(session: Session, orgs: set[int]) -> bool:
    owners = session.scalars(select(DossierCount.owner_org_id).distinct().where(DossierCount.n > 0))
    return set(owners) <= orgs


def _total(session: Session, orgs: set[int], base: Select, f: DossierFilters, words: list[str]) -> tuple[int, bool]:
    """(total, capped): exact from the counter table when it can answer, else counted up to a cap
    along the page's own index walk (so a count costs what a few pages cost)."""
    if not (words or f.plan_id or f.batch_id or f.content_group_id):
        query = select(func.coalesce(func.sum(DossierCount.n), 0)).where(DossierCount.owner_org_id.in_(sorted(orgs)))
        if f.status:
            query = query.where(DossierCount.status == f.status)
        if f.commune:
            query = query.where(DossierCount.commune == f.commune)
        return int(session.scalar(query) or 0), False
    counted = None
    if words and not (f.status or f.plan_id or f.batch_id or f.content_group_id or f.commune) \
            and _sees_everything(session, orgs):
        cap = COUNT_CAP
        counted = search.count_query(session.get_bind().dialect.name, words, cap)
    if counted is None:
        cap = SEARCH_COUNT_CAP if words else COUNT_CAP
        query, columns = _in_order(session, base, words)
        counted = select(func.count()).select_from(_ordered(query, columns, None, False).limit(cap + 1).subquery())
    n = session.scalar(counted) or 0
    return (cap, True) if n > cap else (n, False)


def list_dossiers(session: Session, viewer: Viewer, filters: DossierFilters) -> Page:
    """One page of the dossiers `viewer` may see: newest change first, or for a search newest
    dossier first (the order the trigram index returns without sorting)."""
    orgs = visible_org_ids(session, viewer)
    words = fold(filters.q).split()[:8]
    base = _filtered(orgs, filters, session.get_bind().dialect.name)
    total, capped = _total(session, orgs, base, filters, words)
    per_page = max(1, min(filters.per_page, MAX_PAGE_SIZE))
    page = max(1, filters.page)
    if not capped:
        page = min(page, max(1, -(-total // per_page)))
    searching = bool(words)
    after, before = decode_key(filters.after, searching), decode_key(filters.before, searching)
    key, backwards = (before, True) if before and page > 1 else (after if page > 1 else None, False)
    offset = 0 if key else (page - 1) * per_page
    ids = _page_ids(session, base, words, key, backwards, offset, per_page + 1)
    more = len(ids) > per_page
    ids = ids[:per_page]
    if backwards:
        ids.reverse()
        more = True  # the page we came back from follows
    rows = _rows(session, ids) if ids else []
    keys = (encode_key(rows[0], searching), encode_key(rows[-1], searching)) if rows else (None, None)
    return Page(rows, total, page, per_page, capped, more, keys[0] if page > 1 else None,
                keys[1] if more else None, searching)


_TOTAL_COST = (select(func.coalesce(func.sum(DossierItem.quantity * DossierItem.unit_price), 0))
               .where(DossierItem.dossier_id == Dossier.id).correlate(Dossier).scalar_subquery())
# Built once: this runs on every list page (building a statement costs more than running it).
_DETAILS = (select(Dossier.id, Dossier.code, Dossier.title, Dossier.status, func.coalesce(Beneficiary.name, ""),
                   Dossier.commune, Dossier.requested_support, _TOTAL_COST, Dossier.updated_at)
            .outerjoin(Beneficiary, Dossier.beneficiary_id == Beneficiary.id)
            .where(Dossier.id.in_(bindparam("ids", expanding=True))))


def _rows(session: Session, ids: list[int]) -> list[DossierRow]:
    """The details and item totals of one page's rows (a deferred join: 25 rows, by id)."""
    details = {row[0]: row for row in session.execute(_DETAILS, {"ids": ids})}
    return [DossierRow(*details[i]) for i in ids]


def communes(session: Session, user: Viewer) -> list[str]:
    """The communes of the dossiers `user` sees, from the counter table (the filter menu)."""
    return list(session.scalars(
        select(DossierCount.commune).distinct()
        .where(DossierCount.owner_org_id.in_(sorted(visible_org_ids(session, user))), DossierCount.n > 0,
               DossierCount.commune != "")
        .order_by(DossierCount.commune)))

