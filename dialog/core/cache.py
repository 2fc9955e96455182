"""Rendered-fragment cache for public pages that change only when staff edit the structure.

Each scope ("structure": areas, topics, theme groups) has a version number in the database;
every admin write bumps it. A fragment is cached per process under (scope, version, language,
key), so all app servers agree on freshness through the database and nobody sees stale text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from markupsafe import Markup
from sqlalchemy import Integer, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db

MAX_ENTRIES = 2048
#: The dialogues section of the area pages and the café calendar (café and trust dialogues).
AREA_DIALOGUES_SCOPE = "dialogues"


class ContentVersion(db.Model):
    """A counter per cache scope; bumping it invalidates every fragment in the scope."""

    __tablename__ = "content_versions"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


_fragments: OrderedDict = OrderedDict()
_lock = threading.Lock()


def current_version(scope: str) -> int:
    return db.session.scalar(select(ContentVersion.version).where(ContentVersion.scope == scope)) or 0


def bump(scope: str, *, flush: bool = True) -> None:
    """Invalidate ``scope`` (call inside the transaction that changes its data)."""
    pending = db.session.info.setdefault("bumped_scopes", set())
    if scope in pending:
        return  # already bumped in this transaction
    pending.add(scope)
    # An upsert: two first bumps of a scope at once must not collide on the primary key.
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(ContentVersion).values(scope=scope, version=2)
    statement = statement.on_conflict_do_update(
        index_elements=[ContentVersion.scope], set_={"version": ContentVersion.version + 1}
    )
    with db.session.no_autoflush:
        db.session.execute(statement)
    if flush:
        db.session.flush()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_bumps(session) -> None:
    session.info.pop("bumped_scopes", None)


def cached_fragment(scope: str, language: str, key: str, render: Callable[[], object]):
    """Return the cached value for ``key`` in ``scope``, or render, store and return it.

    ``render`` may return None (e.g. not found); None is not cached.
    """
    full_key = (scope, current_version(scope), language, key)
    with _lock:
        if full_key in _fragments:
            _fragments.move_to_end(full_key)
            return _fragments[full_key]
    value = render()
    if value is not None:
        with _lock:
            _fragments[full_key] = value
            while len(_fragments) > MAX_ENTRIES:
                _fragments.popitem(last=False)
    return value


#: Stands in for the per-session CSRF token inside cached HTML.
CSRF_PLACEHOLDER = "\x00csrf\x00"


def cached_html(key: tuple, render: Callable[[], tuple[str, str]]) -> tuple[str, Markup]:
    """Cache a (title, html) pair under ``key`` (which must change whenever the data does).

    Forms inside the HTML carry the session's CSRF token: it is swapped for a placeholder
    before storing and for the current session's token when served.
    """
    from flask_wtf.csrf import generate_csrf

    token = generate_csrf()
    with _lock:
        stored = _fragments.get(key)
        if stored is not None:
            _fragments.move_to_end(key)
    if stored is None:
        title, html = render()
        stored = (title, str(html).replace(token, CSRF_PLACEHOLDER))
        with _lock:
            _fragments[key] = stored
            while len(_fragments) > MAX_ENTRIES:
                _fragments.popitem(last=False)
    title, html = stored
    return title, Markup(html.replace(CSRF_PLACEHOLDER, token))


def clear() -> None:
    with _lock:
        _fragments.clear()
