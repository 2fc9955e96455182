"""Session events: a new or changed contribution text queues its translation after the commit.

Every source (idea box, stories, host notes, proposals, free-text survey answers) creates its
contribution through the same model, so one hook here covers them all, and a moderator's
edit (the only way a text changes) drops the old translations in the same transaction. The same
for the history: a staff-written note or reason queues the translation of the contribution's
history (``history.translate_history``).
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import delete, event
from sqlalchemy.orm import Session, attributes

from ..contributions.models import Contribution, ContributionEvent
from .backend import get_translator
from .history import JOB as HISTORY_JOB
from .history import event_text
from .models import EventTranslation
from .operations import contribution_hash, forget_stale
from .queue import queue_job
from .sentences import text_hash

_PENDING = "dialog.translate_ids"
#: Contributions whose history got a staff-written text to translate in this transaction.
_PENDING_HISTORY = "dialog.translate_history_ids"
_COMMITTED = "dialog.translate_committed"
_TEXT_FIELDS = ("title", "place", "body")


def _text_changed(contribution: Contribution) -> bool:
    return any(attributes.get_history(contribution, name).has_changes() for name in _TEXT_FIELDS)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    pending = session.info.setdefault(_PENDING, set())
    for obj in session.new:
        if isinstance(obj, Contribution):
            pending.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Contribution) and _text_changed(obj):
            forget_stale(obj.id, contribution_hash(obj))
            pending.add(obj.id)
    history = session.info.setdefault(_PENDING_HISTORY, set())
    for obj in session.new:
        if isinstance(obj, ContributionEvent) and event_text(obj) is not None:
            history.add(obj.contribution_id)
    for obj in session.dirty:
        if isinstance(obj, ContributionEvent) and attributes.get_history(obj, "data").has_changes():
            _forget_stale_event(session, obj)
            if event_text(obj) is not None:
                history.add(obj.contribution_id)


def _forget_stale_event(session: Session, obj: ContributionEvent) -> None:
    """A history text changed: its old translations go at once (they may hold what was removed)."""
    text = event_text(obj)
    stale = delete(EventTranslation).where(EventTranslation.event_id == obj.id)
    if text is not None:
        stale = stale.where(EventTranslation.source_hash != text_hash(text))
    session.execute(stale)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info[_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _queue(session: Session, transaction) -> None:
    # after_commit also fires when a savepoint is released: wait for the outermost commit.
    if transaction.parent is not None or transaction.nested:
        return
    committed = session.info.pop(_COMMITTED, False)
    ids = session.info.pop(_PENDING, None) or set()
    history = session.info.pop(_PENDING_HISTORY, None) or set()
    if not committed or not (ids or history) or not has_app_context() or get_translator(current_app) is None:
        return
    app = current_app._get_current_object()
    for ident in sorted(i for i in ids if i is not None):
        queue_job(app, ident)
    for ident in sorted(i for i in history if i is not None):
        queue_job(app, ident, job=HISTORY_JOB)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_PENDING_HISTORY, None)
    session.info.pop(_COMMITTED, None)
