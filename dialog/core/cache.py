"""Rendered-fragment cache for public pages, invalidated from the ORM.

Each scope (e.g. "structure": areas, topics, theme groups) has a version number in the
database. A fragment is cached per process under (scope, version, language, key), so all app
servers agree on freshness through the database and nobody sees stale text.

No write bumps a version by hand: each domain declares, next to its models, which models a
scope depends on (:func:`invalidates`), and a ``before_flush`` hook bumps the scopes of every
new, changed or deleted instance in the same transaction as the change itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from itertools import chain

from flask import current_app, has_app_context
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Integer, String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from . import shared_cache

MAX_ENTRIES = 2048
#: Areas, topics and theme groups: the home page, area pages and group pages.
STRUCTURE_SCOPE = "structure"
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


def bump(scope: str, *, flush: bool = True, session: Session | None = None) -> None:
    """Invalidate ``scope`` inside the transaction that changes its data (the ORM hook below
    calls this; domain code declares :func:`invalidates` instead of calling it)."""
    session = session or db.session
    pending = session.info.setdefault("bumped_scopes", set())
    if scope in pending:
        return  # already bumped in this transaction
    pending.add(scope)
    # An upsert: two first bumps of a scope at once must not collide on the primary key.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(ContentVersion).values(scope=scope, version=2)
    statement = statement.on_conflict_do_update(
        index_elements=[ContentVersion.scope], set_={"version": ContentVersion.version + 1}
    )
    with session.no_autoflush:
        session.execute(statement)
    if flush:
        session.flush()


#: Model class → functions that name the scopes a new, changed or deleted instance invalidates.
_WATCHERS: dict[type, list[Callable[[object], Iterable[str]]]] = {}


def invalidates(*models: type):
    """Declare, as a decorator over ``scopes(instance) -> iterable of scope names``, that a
    change to any of ``models`` invalidates those scopes. The function may also renew a
    version column (e.g. a dialogue's ``version``) on the instance's parent."""

    def register(scopes: Callable[[object], Iterable[str]]):
        for model in models:
            _WATCHERS.setdefault(model, []).append(scopes)
        return scopes

    return register


def _watchers(obj) -> list:
    return [fn for cls in type(obj).__mro__ for fn in _WATCHERS.get(cls, ())]


@event.listens_for(Session, "before_flush")
def _bump_what_changed(session: Session, _context, _instances) -> None:
    scopes: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        watchers = _watchers(obj)
        if not watchers or (obj in session.dirty and not session.is_modified(obj)):
            continue
        for scopes_of in watchers:
            scopes.update(scopes_of(obj))
    for scope in sorted(scopes):
        bump(scope, flush=False, session=session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_bumps(session) -> None:
    session.info.pop("bumped_scopes", None)


def cached_fragment(scope: str, language: str, key: str, render: Callable[[], object]):
    """Return the cached value for ``key`` in ``scope``, or render, store and return it.

    ``render`` may return None (e.g. not found); None is not cached.
    """
    full_key = (scope, current_version(scope), language, key)
    value = _get(full_key)
    if value is not None:
        return value
    value = render()
    if value is not None:
        _put(full_key, value)
    return value


#: Stands in for the per-session CSRF token inside cached HTML.
CSRF_PLACEHOLDER = "\x00csrf\x00"


def cached_html(key: tuple, render: Callable[[], tuple[str, str]]) -> tuple[str, Markup]:
    """Cache a (title, html) pair under ``key`` (which must change whenever the data does).

    Forms inside the HTML carry the session's CSRF token: it is swapped for a placeholder
    before storing and for the current session's token when served.
    """
    token = generate_csrf()
    stored = _get(key)
    if stored is None:
        title, html = render()
        stored = (title, str(html).replace(token, CSRF_PLACEHOLDER))
        _put(key, stored)
    title, html = stored
    return title, Markup(html.replace(CSRF_PLACEHOLDER, token))


def _get(key):
    """Look ``key`` up in the shared cache (Redis, when configured and up) or this process's."""
    if current_app.config.get("PAGE_CACHE") == "off":
        return None  # ``make bench`` measures cold renders this way
    if shared_cache.usable():
        value = shared_cache.get(key)
        if value is not shared_cache.MISSING:
            return value
        if shared_cache.usable():
            return None
    with _lock:
        value = _fragments.get(key)
        if value is not None:
            _fragments.move_to_end(key)
        return value


def _put(key, value) -> None:
    if shared_cache.usable():
        shared_cache.put(key, value)
        if shared_cache.usable():
            return
    with _lock:
        _fragments[key] = value
        while len(_fragments) > MAX_ENTRIES:
            _fragments.popitem(last=False)


def clear() -> None:
    with _lock:
        _fragments.clear()
    if has_app_context():
        shared_cache.clear()
