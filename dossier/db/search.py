"""Indexed substring search over `dossiers.search_text` (folded: no diacritics, lower case).

SQLite answers from an FTS5 table with the trigram tokenizer (`dossier_fts`, external content
on `dossiers`, kept by triggers); PostgreSQL from a pg_trgm GIN index on the column itself
(migration 0009_list_search). Both index every 3-character substring, so a word of three or
more letters is found anywhere in the text, like the `LIKE '%word%'` they replace; shorter words
cannot use a trigram index and are checked on the rows the longer ones found.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, column, func, literal_column, select, table, true
from sqlalchemy.sql import Select

from dossier.model import Dossier

FTS_TABLE = "dossier_fts"
# Objects the migrations create for one database only; the models do not declare them.
_DIALECT_ONLY = {("table", FTS_TABLE), ("index", "ix_dossiers_search_trgm")}
MIN_TRIGRAM = 3

_fts = table(FTS_TABLE, column("rowid"))


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's comparison filter: skip the search index and FTS5's own shadow tables."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return (type_, name) not in _DIALECT_ONLY


def like_pattern(word: str) -> str:
    """`%word%` with LIKE's wildcards escaped (a user typing % finds a %)."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def contains_all(words: list[str]) -> ColumnElement[bool]:
    """Each word is a substring of search_text; checked row by row (no index of its own)."""
    return and_(true(), *(Dossier.search_text.like(like_pattern(w), escape="\\") for w in words))


def _fts_query(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def from_index(query: Select, dialect: str, words: list[str]) -> tuple[Select, ColumnElement[int]]:
    """`query` (over dossiers) restricted to the dossiers containing every word, found through
    the trigram index, and the column to order them by (newest dossier first): the FTS5 rowid
    on SQLite, which FTS5 returns in order and can stop after a page, else the dossier id."""
    long_words = [w for w in words if len(w) >= MIN_TRIGRAM]
    if dialect != "sqlite" or not long_words:  # pg_trgm serves LIKE '%…%' from the GIN index;
        return query.where(contains_all(words)), Dossier.id  # 1–2 letters: checked row by row
    match = literal_column(FTS_TABLE).op("MATCH")(_fts_query(long_words))
    short = [w for w in words if len(w) < MIN_TRIGRAM]
    return query.select_from(_fts, Dossier).where(_fts.c.rowid == Dossier.id, match, contains_all(short)), _fts.c.rowid


def count_query(dialect: str, words: list[str], cap: int) -> Select | None:
    """How many dossiers contain every word, at most `cap` + 1, from the index alone (no scope:
    only for a viewer who sees every dossier); None where the index cannot answer alone."""
    long_words = [w for w in words if len(w) >= MIN_TRIGRAM]
    if dialect != "sqlite" or len(long_words) != len(words):
        return None
    match = literal_column(FTS_TABLE).op("MATCH")(_fts_query(long_words))
    inner = select(_fts.c.rowid).where(match).limit(cap + 1).subquery()
    return select(func.count()).select_from(inner)
