"""Full-text search over contributions: SQLite FTS5, or PostgreSQL's text search.

The FTS5 table and triggers (SQLite) and the GIN expression index (PostgreSQL) are created
by the migration and, for ``create_all`` in tests, by the DDL hooks below.
"""

from __future__ import annotations

import re

from sqlalchemy import DDL, event, func, literal_column, select, text, union

from ..extensions import db
from .models import Contribution

#: The document searched: title, place and body.
PG_DOCUMENT = "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || body)"

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS contributions_fts USING fts5("
    "title, place, body, content='contributions', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS contributions_fts_ai AFTER INSERT ON contributions BEGIN "
    "INSERT INTO contributions_fts(rowid, title, place, body) VALUES (new.id, new.title, new.place, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS contributions_fts_ad AFTER DELETE ON contributions BEGIN "
    "INSERT INTO contributions_fts(contributions_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS contributions_fts_au AFTER UPDATE OF title, place, body ON contributions BEGIN "
    "INSERT INTO contributions_fts(contributions_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); "
    "INSERT INTO contributions_fts(rowid, title, place, body) VALUES (new.id, new.title, new.place, new.body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS contributions_fts_au",
    "DROP TRIGGER IF EXISTS contributions_fts_ad",
    "DROP TRIGGER IF EXISTS contributions_fts_ai",
    "DROP TABLE IF EXISTS contributions_fts",
]
PG_DDL = [f"CREATE INDEX IF NOT EXISTS ix_contributions_fulltext ON contributions USING gin (({PG_DOCUMENT}))"]
PG_DROP = ["DROP INDEX IF EXISTS ix_contributions_fulltext"]

#: Tables and indexes that exist in the database but not in the models (for Alembic compare).
NON_MODEL_OBJECTS = {"contributions_fts", "ix_contributions_fulltext"}


def _attach_ddl() -> None:
    table = Contribution.__table__
    for statement in SQLITE_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in PG_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    for statement in SQLITE_DROP:
        event.listen(table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))


_attach_ddl()


def _tokens(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query or "", re.UNICODE) if t][:8]


#: Further searches over text kept beside contributions (machine translations): each takes
#: the query's words and returns a select of contribution ids; results are united.
EXTRA_MATCHERS: list = []


def matching_ids(query: str):
    """A subquery of contribution ids matching ``query`` (every word, prefix match), or None."""
    tokens = _tokens(query)
    if not tokens:
        return None
    own = _own_matches(tokens)
    if not EXTRA_MATCHERS:
        return own
    return union(own, *(matcher(tokens) for matcher in EXTRA_MATCHERS))


def _own_matches(tokens: list[str]):
    if db.engine.dialect.name == "postgresql":
        ts_query = " & ".join(f"{t}:*" for t in (re.sub(r"[^\w]", "", tok) for tok in tokens) if t)
        return select(Contribution.id).where(literal_column(PG_DOCUMENT).op("@@")(func.to_tsquery("simple", ts_query)))
    fts_query = " ".join('"' + t.replace('"', '""') + '"*' for t in tokens)
    return (
        select(literal_column("rowid"))
        .select_from(text("contributions_fts"))
        .where(text("contributions_fts MATCH :fts_query").bindparams(fts_query=fts_query))
    )
