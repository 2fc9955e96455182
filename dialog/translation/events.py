"""Session events: a new or changed contribution text queues its translation after the commit.

Every source (idea box, stories, host notes, proposals, free-text survey answers) creates its
contribution through the same model, so one hook here covers them all, and a moderator's
edit (the only way a text changes) drops the old translations in the same transaction.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, attributes

from ..contributions.models import Contribution
from .backend import get_translator
from .operations import contribution_hash, forget_stale
from .queue import queue_job

_PENDING = "dialog.translate_ids"
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


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info[_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _queue(session: Session, transaction) -> None:
    # after_commit also fires when a savepoint is released: wait for the outermost commit.
    if transaction.parent is not None or transaction.nested:
        return
    committed = session.info.pop(_COMMITTED, False)
    ids = session.info.pop(_PENDING, None)
    if not committed or not ids or not has_app_context() or get_translator(current_app) is None:
        return
    app = current_app._get_current_object()
    for ident in sorted(i for i in ids if i is not None):
        queue_job(app, ident)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_COMMITTED, None)
