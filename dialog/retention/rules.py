"""The retention rules: each removes one kind of personal data once it is no longer needed.

A rule is a name and a function ``apply(now, config) -> int`` (rows changed). Rules never delete
what residents said or the counts built from it: they remove who said it and how to reach them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..cafe.registration import forget_registrants
from ..contributions.models import Contribution, ContributionAnswer
from ..extensions import db
from ..trust.models import TrustStory
from .models import AnonymisationRequest


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[datetime, dict], int]


def months_ago(now: datetime, months: int) -> datetime:
    return now - timedelta(days=round(months * 30.44))


def remove_answered_contact_emails(now: datetime, config: dict) -> int:
    """Contact addresses given with a contribution, some months after it was answered."""
    cutoff = months_ago(now, int(config["RETAIN_CONTACT_MONTHS"]))
    answered = select(ContributionAnswer.contribution_id).where(ContributionAnswer.answered_at < cutoff)
    result = db.session.execute(
        update(Contribution)
        .where(Contribution.id.in_(answered), Contribution.contact_email.is_not(None))
        .values(contact_email=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def erase_cafe_registrants(now: datetime, config: dict) -> int:
    """Café registrants' names, contact details and needs, some days after the meeting."""
    return forget_registrants(now, keep=timedelta(days=int(config["RETAIN_REGISTRANT_DAYS"])))


def anonymise_requested_stories(now: datetime, config: dict) -> int:
    """Stories whose tellers asked: no account, address, age band or neighbourhood stays linked."""
    pending = db.session.scalars(select(AnonymisationRequest).where(AnonymisationRequest.done_at.is_(None))).all()
    ids = [request.contribution_id for request in pending]
    if not ids:
        return 0
    db.session.execute(
        update(Contribution)
        .where(Contribution.id.in_(ids))
        .values(author_id=None, contact_email=None, consent_contact=False)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(TrustStory)
        .where(TrustStory.contribution_id.in_(ids))
        .values(age_band=None, area_id=None)
        .execution_options(synchronize_session=False)
    )
    for request in pending:
        request.done_at = now
    return len(pending)


RULES: tuple[Rule, ...] = (
    Rule("contact_emails_after_answer", remove_answered_contact_emails),
    Rule("cafe_registrants_after_meeting", erase_cafe_registrants),
    Rule("stories_anonymised_on_request", anonymise_requested_stories),
)
