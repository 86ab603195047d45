"""Indexed substring search over `dossiers.search_text` (folded: no diacritics, lower case).

SQLite answers from an FTS5 table with the trigram tokenizer (`dossier_fts`, external content
on `dossiers`, kept by triggers); PostgreSQL from a pg_trgm GIN index on the column itself
(created by the baseline migration). Both index every 3-character substring, so a word of three or
more letters is found anywhere in the text, like the `LIKE '%word%'` they replace; shorter words
cannot use a trigram index and are checked on the rows the longer ones found.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, bindparam, column, func, literal_column, select, table, true
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


def contains_all(count: int, first: int = 0) -> ColumnElement[bool]:
    """Each of `count` words (parameters w<first>…) is a substring of search_text; checked row by
    row (no index of its own)."""
    return and_(true(), *(Dossier.search_text.like(bindparam(f"w{i}"), escape="\\")
                          for i in range(first, first + count)))


def _fts_query(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _split(words: list[str]) -> tuple[list[str], list[str]]:
    return [w for w in words if len(w) >= MIN_TRIGRAM], [w for w in words if len(w) < MIN_TRIGRAM]


def shape(dialect: str, words: list[str]) -> tuple[bool, int]:
    """What the statement for these words looks like, without the words: (through FTS5, number
    of words checked by LIKE). Statements are built once per shape and the words bound."""
    long_words, short = _split(words)
    if dialect == "sqlite" and long_words:
        return True, len(short)
    return False, len(words)


def parameters(dialect: str, words: list[str]) -> dict[str, str]:
    """The bound values of `shape(dialect, words)`'s statement: the FTS5 query and the patterns."""
    long_words, short = _split(words)
    fts, _ = shape(dialect, words)
    checked = short if fts else words
    values = {f"w{i}": like_pattern(w) for i, w in enumerate(checked)}
    if fts:
        values["match"] = _fts_query(long_words)
    return values


def from_index(query: Select, word_shape: tuple[bool, int]) -> tuple[Select, ColumnElement[int]]:
    """`query` (over dossiers) restricted to the dossiers containing every word, found through
    the trigram index, and the column to order them by (newest dossier first): the FTS5 rowid
    on SQLite, which FTS5 returns in order and can stop after a page, else the dossier id."""
    fts, checked = word_shape
    if not fts:  # pg_trgm serves LIKE '%…%' from the GIN index; 1–2 letters: checked row by row
        return query.where(contains_all(checked)), Dossier.id
    match = literal_column(FTS_TABLE).op("MATCH")(bindparam("match"))
    query = query.select_from(_fts, Dossier).where(_fts.c.rowid == Dossier.id, match, contains_all(checked))
    return query, _fts.c.rowid


def count_query(word_shape: tuple[bool, int], cap: int) -> Select | None:
    """How many dossiers contain every word, at most `cap` + 1, from the index alone (no scope:
    only for a viewer who sees every dossier); None where the index cannot answer alone."""
    fts, checked = word_shape
    if not fts or checked:
        return None
    match = literal_column(FTS_TABLE).op("MATCH")(bindparam("match"))
    inner = select(_fts.c.rowid).where(match).limit(cap + 1).subquery()
    return select(func.count()).select_from(inner)
