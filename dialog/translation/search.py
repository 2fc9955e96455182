"""Full-text search over machine translations, so staff find a contribution by their own words.

Mirrors :mod:`dialog.contributions.search`: an FTS5 table with triggers on SQLite, a GIN
expression index on PostgreSQL; created by the migration and, for ``create_all``, by DDL hooks.
"""

from __future__ import annotations

import re

from sqlalchemy import DDL, event, func, literal_column, select, text

from ..contributions import search as contribution_search
from ..extensions import db
from .models import ContributionTranslation

PG_DOCUMENT = "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(body, ''))"

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS contribution_translations_fts USING fts5("
    "title, place, body, content='contribution_translations', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS contribution_translations_fts_ai AFTER INSERT ON contribution_translations BEGIN "
    "INSERT INTO contribution_translations_fts(rowid, title, place, body) "
    "VALUES (new.id, new.title, new.place, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS contribution_translations_fts_ad AFTER DELETE ON contribution_translations BEGIN "
    "INSERT INTO contribution_translations_fts(contribution_translations_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS contribution_translations_fts_au AFTER UPDATE ON contribution_translations BEGIN "
    "INSERT INTO contribution_translations_fts(contribution_translations_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); "
    "INSERT INTO contribution_translations_fts(rowid, title, place, body) "
    "VALUES (new.id, new.title, new.place, new.body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS contribution_translations_fts_au",
    "DROP TRIGGER IF EXISTS contribution_translations_fts_ad",
    "DROP TRIGGER IF EXISTS contribution_translations_fts_ai",
    "DROP TABLE IF EXISTS contribution_translations_fts",
]
PG_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_contribution_translations_fulltext "
    f"ON contribution_translations USING gin (({PG_DOCUMENT}))"
]
PG_DROP = ["DROP INDEX IF EXISTS ix_contribution_translations_fulltext"]

#: Objects in the database but not in the models (for the migration comparison).
NON_MODEL_OBJECTS = {"contribution_translations_fts", "ix_contribution_translations_fulltext"}


def _attach_ddl() -> None:
    table = ContributionTranslation.__table__
    for statement in SQLITE_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in PG_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    for statement in SQLITE_DROP:
        event.listen(table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))


def matching_contribution_ids(tokens: list[str]):
    """Ids of contributions whose machine translation (any language, made) holds every word."""
    done = ContributionTranslation.state == "done"
    if db.engine.dialect.name == "postgresql":
        ts_query = " & ".join(f"{t}:*" for t in (re.sub(r"[^\w]", "", tok) for tok in tokens) if t)
        return select(ContributionTranslation.contribution_id).where(
            done, literal_column(PG_DOCUMENT).op("@@")(func.to_tsquery("simple", ts_query))
        )
    fts_query = " ".join('"' + t.replace('"', '""') + '"*' for t in tokens)
    rows = (
        select(literal_column("rowid"))
        .select_from(text("contribution_translations_fts"))
        .where(text("contribution_translations_fts MATCH :translation_fts").bindparams(translation_fts=fts_query))
    )
    return select(ContributionTranslation.contribution_id).where(done, ContributionTranslation.id.in_(rows))


_attach_ddl()
contribution_search.NON_MODEL_OBJECTS.update(NON_MODEL_OBJECTS)
if matching_contribution_ids not in contribution_search.EXTRA_MATCHERS:
    contribution_search.EXTRA_MATCHERS.append(matching_contribution_ids)
