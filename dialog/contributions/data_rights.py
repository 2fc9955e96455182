"""Contributions' part of a person's data: what they sent (ideas, stories, proposals passed on),
the contact address they left, their supports, and, for staff, the work their name is on."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from ..core.data_rights import Holding, iso, register
from ..extensions import db
from .models import Contribution, ContributionAnswer, ContributionEvent, ContributionReport, ContributionSupport


def _theirs(user):
    email = (user.email or "").lower()
    return or_(Contribution.author_id == user.id, func.lower(Contribution.contact_email) == email)


def _supporter_key(user) -> str:
    return f"u:{user.id}"


def export(user) -> dict:
    contributions = db.session.scalars(
        select(Contribution)
        .where(_theirs(user))
        .options(selectinload(Contribution.area), selectinload(Contribution.answer))
        .order_by(Contribution.id)
    )
    sent = [
        {
            "receipt_code": c.display_receipt_code,
            "kind": c.source_kind,
            "title": c.title,
            "text": c.body,
            "place": c.place,
            "language": c.language,
            "area": c.area.display_name if c.area else None,
            "status": c.status,
            "published": c.is_public,
            "consent_publish": c.consent_publish,
            "consent_quote": c.consent_quote,
            "consent_contact": c.consent_contact,
            "contact_email": c.contact_email,
            "sent_at": iso(c.created_at),
            "answer": c.answer.body if c.answer else None,
        }
        for c in contributions
    ]
    supported = db.session.scalars(
        select(ContributionSupport.contribution_id)
        .where(ContributionSupport.supporter_key == _supporter_key(user))
        .order_by(ContributionSupport.contribution_id)
    ).all()
    work = {
        "history_entries": _count(ContributionEvent.actor_id == user.id),
        "answers_written": _count(ContributionAnswer.answered_by_id == user.id),
        "contributions_assigned": _count(Contribution.assigned_to_id == user.id),
        "reports_resolved": _count(ContributionReport.resolved_by_id == user.id),
    }
    return {"sent": sent, "supported_contribution_ids": list(supported), "staff_work": work}


def _count(condition) -> int:
    entity = condition.left.table
    return db.session.scalar(select(func.count()).select_from(entity).where(condition)) or 0


def erase(user) -> list[str]:
    kept = []
    count = db.session.scalar(select(func.count()).select_from(Contribution).where(_theirs(user))) or 0
    db.session.execute(
        update(Contribution)
        .where(_theirs(user))
        .values(author_id=None, contact_email=None, consent_contact=False)
        .execution_options(synchronize_session=False)
    )
    if count:
        kept.append(
            ngettext(
                "What you sent (%(num)d contribution) stays with the theme groups, and on the website if it was"
                " published, without your name or e-mail address: the district keeps working with it.",
                "What you sent (%(num)d contributions) stays with the theme groups, and on the website if it was"
                " published, without your name or e-mail address: the district keeps working with it.",
                count,
            )
        )
    supports = db.session.execute(
        delete(ContributionSupport).where(ContributionSupport.supporter_key == _supporter_key(user))
    ).rowcount
    if supports:
        kept.append(_("Your supports are deleted; the ideas keep their number of supports."))
    for column in (ContributionEvent.actor_id, ContributionAnswer.answered_by_id, ContributionReport.resolved_by_id):
        db.session.execute(
            update(column.class_)
            .where(column == user.id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(Contribution)
        .where(Contribution.assigned_to_id == user.id)
        .values(assigned_to_id=None)
        .execution_options(synchronize_session=False)
    )
    return kept


HOLDING = register(
    Holding(
        name="contributions",
        export=export,
        erase=erase,
        covers=frozenset(
            {
                "contributions.author_id",
                "contributions.contact_email",
                "contributions.assigned_to_id",
                "contribution_events.actor_id",
                "contribution_answers.answered_by_id",
                "contribution_reports.resolved_by_id",
                "contribution_supports.supporter_key",
            }
        ),
    )
)
