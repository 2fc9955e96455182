"""Writes on contributions. Every change of status, routing or moderation is an event.

Operations flush; the view (or job) commits once.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..areas.models import Area, Topic
from ..core.models import utcnow
from ..extensions import db
from ..themegroups.models import ThemeGroup
from .detectors import scan
from .models import (
    ANSWER_STATUSES,
    STATUSES,
    Contribution,
    ContributionAnswer,
    ContributionEvent,
    ContributionReport,
    ContributionRoute,
    ContributionSupport,
)
from .receipts import new_receipt_code
from .routing import route_for

#: Allowed status moves. Answered contributions can be re-answered or re-opened.
STATUS_FLOW = {
    "received": {"with_group", "looking", *ANSWER_STATUSES},
    "with_group": {"looking", *ANSWER_STATUSES},
    "looking": {"with_group", *ANSWER_STATUSES},
    **{s: {"looking", *ANSWER_STATUSES} - {s} for s in ANSWER_STATUSES},
}


class TransitionError(ValueError):
    """A status change that the flow does not allow."""


def log_event(contribution: Contribution, kind: str, actor=None, *, internal=False, **data) -> ContributionEvent:
    event = ContributionEvent(contribution=contribution, kind=kind, actor=actor, data=data, is_internal=internal)
    db.session.add(event)
    # Every event moves updated_at: it keys the cached contribution page, and the change renews
    # the cached inbox pages of the groups it is routed to (see ``models._inboxes_of_contribution``).
    contribution.updated_at = utcnow()
    return event


def find_by_idempotency_key(key: str | None) -> Contribution | None:
    if not key:
        return None
    return db.session.scalars(select(Contribution).where(Contribution.idempotency_key == key)).first()


def initial_moderation(text: str, *, anonymous: bool) -> tuple[str, str | None]:
    """Pre-moderate anonymous input; hold personal data; flag abuse; approve the rest."""
    personal, abuse = scan(text)
    if personal:
        return "held", ", ".join(sorted({f.kind for f in personal}))
    if abuse:
        return "flagged", "abuse"
    if anonymous:
        return "pending", None
    return "approved", None


def create_contribution(
    *,
    source_kind: str,
    area: Area,
    body: str,
    language: str,
    topics: list[Topic] = (),
    title: str | None = None,
    place: str | None = None,
    author=None,
    contact_email: str | None = None,
    consent_publish: bool = False,
    consent_quote: bool = False,
    consent_contact: bool = False,
    source_id: int | None = None,
    source_url: str | None = None,
    idempotency_key: str | None = None,
    recorded_by=None,
) -> Contribution:
    """Create, moderate and route one contribution; flush it. The caller commits.

    With an ``idempotency_key`` already used, the existing contribution is returned instead.
    ``recorded_by`` is the staff member entering input heard in person (logged as the actor).
    """
    existing = find_by_idempotency_key(idempotency_key)
    if existing is not None:
        return existing
    full_text = "\n".join(filter(None, [title, place, body]))
    moderation, note = initial_moderation(full_text, anonymous=author is None and recorded_by is None)
    contribution = Contribution(
        receipt_code=_unique_receipt_code(),
        source_kind=source_kind,
        source_id=source_id,
        source_url=source_url,
        area=area,
        topics=list(topics),
        title=title or None,
        place=place or None,
        body=body,
        language=language,
        author=author,
        contact_email=(contact_email or None) if consent_contact else None,
        consent_publish=consent_publish,
        consent_quote=consent_quote,
        consent_contact=consent_contact,
        moderation=moderation,
        moderation_note=note,
        idempotency_key=idempotency_key or None,
    )
    db.session.add(contribution)
    log_event(contribution, "created", recorded_by, source=source_kind)
    if moderation != "approved":
        log_event(contribution, "moderation", None, internal=True, state=moderation, note=note)
    _apply_routes(contribution, route_for(area, list(topics)))
    if contribution.routes:
        contribution.status = "with_group"
        log_event(contribution, "status", None, old="received", new="with_group")
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # The same idempotency key raced us (double click on two app servers): use the winner.
        winner = find_by_idempotency_key(idempotency_key)
        if winner is None:
            raise
        return winner
    return contribution


def _unique_receipt_code() -> str:
    while True:
        code = new_receipt_code()
        if db.session.scalar(select(Contribution.id).where(Contribution.receipt_code == code)) is None:
            return code


def _apply_routes(contribution: Contribution, decisions) -> None:
    for decision in decisions:
        contribution.routes.append(
            ContributionRoute(
                theme_group=decision.group,
                reason=decision.reason,
                topic_id=decision.topic.id if decision.topic else None,
            )
        )
        log_event(
            contribution,
            "routed",
            None,
            group_id=decision.group.id,
            reason=decision.reason,
            topic_id=decision.topic.id if decision.topic else None,
        )


def reroute(contribution: Contribution, groups: list[ThemeGroup], actor, reason: str) -> None:
    """Send the contribution to exactly ``groups`` (staff decision, with a reason)."""
    old = sorted(r.theme_group_id for r in contribution.routes)
    new = sorted(g.id for g in groups)
    if old == new:
        return
    keep = {r.theme_group_id: r for r in contribution.routes if r.theme_group_id in new}
    contribution.routes = list(keep.values()) + [
        ContributionRoute(theme_group=g, reason="manual") for g in groups if g.id not in keep
    ]
    log_event(contribution, "rerouted", actor, old=old, new=new, reason=reason)
    db.session.flush()


def set_status(contribution: Contribution, status: str, actor, reason: str | None = None) -> None:
    if status not in STATUSES:
        raise TransitionError(status)
    if status == contribution.status:
        return
    if status not in STATUS_FLOW.get(contribution.status, set()):
        raise TransitionError(f"{contribution.status} → {status}")
    log_event(contribution, "status", actor, old=contribution.status, new=status, reason=reason)
    contribution.status = status
    db.session.flush()


def answer(contribution: Contribution, *, body: dict[str, str], status: str, actor, group=None) -> ContributionAnswer:
    """Publish (or replace) the group's answer and set the answered status."""
    if status not in ANSWER_STATUSES:
        raise TransitionError(status)
    if contribution.answer is None:
        contribution.answer = ContributionAnswer(body=body, answered_by=actor, theme_group=group)
    else:
        contribution.answer.body = body
        contribution.answer.answered_by = actor
        contribution.answer.theme_group = group
    log_event(contribution, "answered", actor, languages=sorted(body), status=status)
    if contribution.status != status:
        set_status(contribution, status, actor)
    db.session.flush()
    return contribution.answer


def assign(contribution: Contribution, member, actor) -> None:
    old = contribution.assigned_to_id
    contribution.assigned_to = member
    log_event(contribution, "assigned", actor, old=old, new=member.id if member else None)
    db.session.flush()


def bulk_change(
    contributions,
    action: str,
    actor,
    *,
    status: str | None = None,
    reason: str | None = None,
    member=None,
    group: ThemeGroup | None = None,
) -> tuple[int, int, list[Contribution]]:
    """One inbox action on many contributions: "status", "assign" (to ``member``) or "reroute"
    (to ``group``). A contribution whose status may not make the move is skipped. Returns how
    many were done and skipped, and those whose status changed (their authors are told)."""
    done, skipped, changed_status = 0, 0, []
    for contribution in contributions:
        try:
            if action == "status":
                before = contribution.status
                set_status(contribution, status, actor, reason)
                if contribution.status != before:
                    changed_status.append(contribution)
            elif action == "assign":
                assign(contribution, member, actor)
            elif action == "reroute":
                reroute(contribution, [group], actor, reason or _("Bulk re-routing"))
            done += 1
        except TransitionError:
            skipped += 1
    return done, skipped, changed_status


def add_note(contribution: Contribution, text: str, actor) -> None:
    """An internal note: visible to the theme groups, never to the public."""
    log_event(contribution, "note", actor, internal=True, text=text)
    db.session.flush()


def add_support(contribution: Contribution, supporter_key: str) -> bool:
    """A "+1" from ``supporter_key`` (an account or a browser), once each. Returns whether it
    was new; a double click that loses the race to its twin is not an error."""
    if db.session.get(ContributionSupport, (contribution.id, supporter_key)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ContributionSupport(contribution_id=contribution.id, supporter_key=supporter_key))
            contribution.support_count = Contribution.support_count + 1
    except IntegrityError:
        return False
    return True


def report(contribution: Contribution, *, reason: str, comment: str | None) -> ContributionReport:
    """A reader reports published text; moderators see it in their list of reports."""
    row = ContributionReport(contribution_id=contribution.id, reason=reason, comment=comment)
    db.session.add(row)
    log_event(contribution, "reported", None, internal=True, reason=reason)
    db.session.flush()
    return row
