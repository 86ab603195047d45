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
  a search SEARCH_COUNT_CAP ("hơn 100": each match is a row to check, or, when the FTS5 index
  can count alone — a viewer who sees every dossier, no other filter — an index entry).
- Statements are built once per shape (which filters, how many words) with bound values.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Integer, Select, bindparam, func, select, tuple_
from sqlalchemy.orm import Session

from dossier.db import search
from dossier.model import Batch, Beneficiary, ContentGroup, Dossier, DossierCount, DossierItem, Plan, Programme
from dossier.model.base import UTCDateTime
from dossier.services.access import Viewer, visible_org_ids
from dossier.services.cache import cached
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


_FILTER_COLUMNS = {"status": Dossier.status, "plan_id": Dossier.plan_id, "batch_id": Dossier.batch_id,
                   "content_group_id": Dossier.content_group_id, "commune": Dossier.commune}


@dataclass(frozen=True)
class _Shape:
    """What a page's statements look like, without the values: they are built once per shape
    (building a statement and its cache key costs several times what SQLite takes to run it)
    and the values bound."""

    dialect: str
    owners: int  # how many bodies' dossiers: one bound value each (no expanding IN to render anew)
    filters: tuple[str, ...]  # the filters given, in _FILTER_COLUMNS' order
    words: tuple[bool, int] | None  # search.shape of the words, None without a search


def _shape_and_values(dialect: str, orgs: set[int], f: DossierFilters, words: list[str]) -> tuple[_Shape, dict]:
    owners = sorted(orgs)
    given = tuple(name for name in _FILTER_COLUMNS if getattr(f, name))
    values: dict = {name: getattr(f, name) for name in given}
    values.update(_owner_values(owners))
    if words:
        values.update(search.parameters(dialect, words))
    return _Shape(dialect, len(owners), given, search.shape(dialect, words) if words else None), values


def _owner_values(owners: list[int]) -> dict[str, int]:
    return {f"owner{i}": owner for i, owner in enumerate(owners)}


def _owner_params(n: int) -> list:
    # An IN of n bound values renders the SQL an expanding IN would, without rendering it per execution;
    # typed as the column, so that PostgreSQL gets integers (`::INTEGER`) as the expanding IN gave it.
    return [bindparam(f"owner{i}", type_=Integer()) for i in range(n)]


def _filtered(shape: _Shape) -> Select:
    if shape.owners == 1:  # one body: its own (owner, updated_at) index walks it in order
        query = select(Dossier.id).where(Dossier.owner_org_id == bindparam("owner0"))
    elif shape.dialect == "sqlite":
        # Several bodies: checked on each row of the ordered walk (from the covering index), never
        # looked up by owner, since merging the owners' ranges means sorting all their dossiers;
        # "+ 0" keeps SQLite from choosing that (it did at 3,000 dossiers). PostgreSQL chooses
        # the walk itself, and "+ 0" would spoil its estimate (it then sorted every match).
        query = select(Dossier.id).where((Dossier.owner_org_id + 0).in_(_owner_params(shape.owners)))
    else:
        query = select(Dossier.id).where(Dossier.owner_org_id.in_(_owner_params(shape.owners)))
    for name in shape.filters:
        query = query.where(_FILTER_COLUMNS[name] == bindparam(name))
    return query


def _in_order(shape: _Shape) -> tuple[Select, tuple]:
    """The page's query (matching the words, if any) and the columns it is ordered by."""
    if shape.words:
        query, order = search.from_index(_filtered(shape), shape.words)
        return query, (order,)
    return _filtered(shape), (Dossier.updated_at, Dossier.id)


def _ordered(query: Select, columns: tuple, keyed: bool, backwards: bool) -> Select:
    """`query` in the order of `columns` (descending) from the key (parameters k0, k1) on: after
    it going forwards, before it going back (then ascending; the caller reverses)."""
    if keyed:
        types = (UTCDateTime(), None) if len(columns) == 2 else (None,)
        bound = tuple_(*(bindparam(f"k{i}", type_=t) for i, t in enumerate(types)))
        order = tuple_(*columns)
        query = query.where(order > bound if backwards else order < bound)
    return query.order_by(*(c.asc() if backwards else c.desc() for c in columns))


@functools.lru_cache(maxsize=256)
def _page_statement(shape: _Shape, keyed: bool, backwards: bool) -> Select:
    """The page's rows with their details in one statement: the ordered index walk picks the ids
    in a subquery, and only those rows are joined to their details (a deferred join: the walk
    never touches the wide rows or the items). Not ordered again here: _page_rows sorts the
    few rows (SQLite would sort them in a temporary B-tree, PostgreSQL in a sort node)."""
    query, columns = _in_order(shape)
    page = _ordered(query, columns, keyed, backwards).limit(bindparam("limit")).offset(bindparam("offset"))
    page = page.subquery("page")
    return _DETAILS.join(page, page.c.id == Dossier.id)


def _row_order(searching: bool) -> Callable[[DossierRow], tuple]:
    # The order _ordered walks: newest change (updated_at, id), or for a search newest dossier (id).
    return (lambda r: (r.id,)) if searching else (lambda r: (r.updated_at, r.id))


def _page_rows(conn: Connection, shape: _Shape, values: dict, key: tuple | None, backwards: bool, offset: int,
               need: int) -> list[DossierRow]:
    """Up to `need` rows in page order (reversed when going back), from `key` or `offset` on."""
    keys = {f"k{i}": v for i, v in enumerate(key or ())}
    statement = _page_statement(shape, key is not None, backwards)
    rows = [DossierRow(*row) for row in conn.execute(statement, {**values, **keys, "limit": need, "offset": offset})]
    rows.sort(key=_row_order(shape.words is not None), reverse=not backwards)
    return rows


def _connection(source: Session | Connection) -> Connection:
    return source.connection() if isinstance(source, Session) else source


_OWNERS_WITH_DOSSIERS = select(DossierCount.owner_org_id).distinct().where(DossierCount.n > 0)


def _sees_everything(conn: Connection, orgs: set[int]) -> bool:
    owners = cached(conn, "communes", "owners", lambda c: frozenset(c.scalars(_OWNERS_WITH_DOSSIERS)))
    return owners <= orgs


@functools.lru_cache(maxsize=64)
def _counter_statement(filters: tuple[str, ...], owners: int) -> Select:
    query = select(func.coalesce(func.sum(DossierCount.n), 0)).where(
        DossierCount.owner_org_id.in_(_owner_params(owners)))
    for name in filters:
        query = query.where(getattr(DossierCount, name) == bindparam(name))
    return query


@functools.lru_cache(maxsize=256)
def _count_statement(shape: _Shape, cap: int, index_alone: bool) -> Select:
    if index_alone:
        counted = search.count_query(shape.words, cap)
        if counted is not None:
            return counted
    query, columns = _in_order(shape)
    return select(func.count()).select_from(_ordered(query, columns, False, False).limit(cap + 1).subquery())


def _total(conn: Connection, orgs: set[int], shape: _Shape, values: dict) -> tuple[int, bool]:
    """(total, capped): exact from the counter table when it can answer, else counted up to a cap
    along the page's own index walk (so a count costs what a few pages cost)."""
    if not shape.words and set(shape.filters) <= {"status", "commune"}:
        return int(conn.scalar(_counter_statement(shape.filters, shape.owners), values) or 0), False
    cap = SEARCH_COUNT_CAP if shape.words else COUNT_CAP
    index_alone = bool(shape.words and shape.words[0] and not shape.filters and _sees_everything(conn, orgs))
    n = conn.scalar(_count_statement(shape, cap, index_alone), values) or 0
    return (cap, True) if n > cap else (n, False)


def list_dossiers(session: Session | Connection, viewer: Viewer, filters: DossierFilters) -> Page:
    """One page of the dossiers `viewer` may see: newest change first, or for a search newest
    dossier first (the order the trigram index returns without sorting).

    Core statements on the session's connection (or on `session`, a connection), built once per
    shape: the ORM's per-statement work and building each statement anew would cost more than
    these index walks take.
    """
    conn = _connection(session)
    orgs = visible_org_ids(conn, viewer)
    words = fold(filters.q).split()[:8]
    shape, values = _shape_and_values(conn.dialect.name, orgs, filters, words)
    total, capped = _total(conn, orgs, shape, values)
    per_page = max(1, min(filters.per_page, MAX_PAGE_SIZE))
    page = max(1, filters.page)
    if not capped:
        page = min(page, max(1, -(-total // per_page)))
    searching = bool(words)
    after, before = decode_key(filters.after, searching), decode_key(filters.before, searching)
    key, backwards = (before, True) if before and page > 1 else (after if page > 1 else None, False)
    offset = 0 if key else (page - 1) * per_page
    rows = _page_rows(conn, shape, values, key, backwards, offset, per_page + 1)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        more = True  # the page we came back from follows
    keys = (encode_key(rows[0], searching), encode_key(rows[-1], searching)) if rows else (None, None)
    return Page(rows, total, page, per_page, capped, more, keys[0] if page > 1 else None,
                keys[1] if more else None, searching)


_TOTAL_COST = (select(func.coalesce(func.sum(DossierItem.quantity * DossierItem.unit_price), 0))
               .where(DossierItem.dossier_id == Dossier.id).correlate(Dossier).scalar_subquery())
# The columns of a DossierRow; joined to the page's ids by _page_statement.
_DETAILS = (select(Dossier.id, Dossier.code, Dossier.title, Dossier.status, func.coalesce(Beneficiary.name, ""),
                   Dossier.commune, Dossier.requested_support, _TOTAL_COST, Dossier.updated_at)
            .outerjoin(Beneficiary, Dossier.beneficiary_id == Beneficiary.id))


@dataclass(frozen=True)
class FilterChoices:
    plans: tuple[tuple[int, str], ...]
    batches: tuple[tuple[int, str], ...]
    content_groups: tuple[tuple[int, str], ...]
    communes: tuple[str, ...]


_PLANS = select(Plan.id, Plan.name).order_by(Plan.year.desc())
_BATCHES = select(Batch.id, Batch.name).join(Plan).order_by(Plan.year.desc(), Batch.number)
_GROUPS = (select(ContentGroup.id, ContentGroup.code, ContentGroup.name, Programme.start_year, Programme.end_year)
           .join(Programme).order_by(ContentGroup.programme_id.desc(), ContentGroup.position))
_COMMUNES = (select(DossierCount.commune).distinct()
             .where(DossierCount.owner_org_id.in_(bindparam("owners", expanding=True)), DossierCount.n > 0,
                    DossierCount.commune != "")
             .order_by(DossierCount.commune))


def filter_choices(session: Session | Connection, user: Viewer) -> FilterChoices:
    """The values the list's filter menus offer: kept per process while their database version
    is unchanged (services.cache; triggers bump it in the writing transaction, so every server of
    several shows a new plan or commune at its next page), the communes those of the user's
    dossiers (the counter table)."""
    conn = _connection(session)
    plans, batches, groups = cached(conn, "reference", "menus", _reference_menus)
    return FilterChoices(plans, batches, groups, communes(conn, user))


def _reference_menus(conn: Connection) -> tuple[tuple, tuple, tuple]:
    groups = tuple((gid, f"{code} – {name} ({start}–{end})") for gid, code, name, start, end in conn.execute(_GROUPS))
    return tuple(map(tuple, conn.execute(_PLANS))), tuple(map(tuple, conn.execute(_BATCHES))), groups


def communes(session: Session | Connection, user: Viewer) -> tuple[str, ...]:
    """The communes of the dossiers `user` sees, from the counter table (the filter menu)."""
    conn = _connection(session)
    owners = tuple(sorted(visible_org_ids(conn, user)))
    return cached(conn, "communes", ("communes", owners),
                  lambda c: tuple(c.scalars(_COMMUNES, {"owners": list(owners)})))
