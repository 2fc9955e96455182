"""Moderator actions. Every one is an event in the contribution's history (the audit log)."""

from __future__ import annotations

from ..contributions.models import Contribution, ContributionReport
from ..contributions.operations import log_event
from ..core.models import utcnow
from ..extensions import db


def approve(contribution: Contribution, actor) -> None:
    old = contribution.moderation
    contribution.moderation = "approved"
    contribution.moderation_note = None
    contribution.hidden_reason = None
    log_event(contribution, "moderation", actor, internal=True, old=old, new="approved")
    db.session.flush()


def hide(contribution: Contribution, actor, reason: str) -> None:
    """Hide the text; the reason is shown publicly in its place."""
    old = contribution.moderation
    contribution.moderation = "hidden"
    contribution.hidden_reason = reason
    log_event(contribution, "moderation", actor, internal=True, old=old, new="hidden", reason=reason)
    db.session.flush()


def restore(contribution: Contribution, actor) -> None:
    """Bring hidden text back as approved (a moderator decided it may be shown)."""
    approve(contribution, actor)


def edit_text(contribution: Contribution, actor, *, title, body, place, reason: str) -> None:
    """Edit out personal data. The original stays in the history, for moderators only."""
    log_event(
        contribution,
        "edited",
        actor,
        internal=True,
        reason=reason,
        original={"title": contribution.title, "body": contribution.body, "place": contribution.place},
    )
    contribution.title = title or None
    contribution.body = body
    contribution.place = place or None
    db.session.flush()


def block_author(contribution: Contribution, actor, reason: str) -> bool:
    author = contribution.author
    if author is None or author.is_admin or author.id == actor.id:
        return False
    author.is_blocked = True
    log_event(contribution, "blocked", actor, internal=True, user_id=author.id, reason=reason)
    db.session.flush()
    return True


def resolve_reports(contribution: Contribution, actor) -> int:
    reports = (
        db.session.query(ContributionReport)
        .filter(
            ContributionReport.contribution_id == contribution.id,
            ContributionReport.resolved_at.is_(None),
        )
        .all()
    )
    for report in reports:
        report.resolved_at = utcnow()
        report.resolved_by_id = actor.id
    if reports:
        log_event(contribution, "reports_resolved", actor, internal=True, count=len(reports))
    db.session.flush()
    return len(reports)
