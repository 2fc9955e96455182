"""E-mails of a round, each in the reader's own language: the thank-you and summary after a
meeting, the follow-ups at 3 and 6 months with one-click outcome links. Job
functions take ids and are safe to repeat (each sent e-mail is recorded)."""

from __future__ import annotations

from datetime import date

from flask import render_template, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.mail import send_email
from ..core.models import utcnow
from ..extensions import db
from ..i18n import LANGUAGES, translated
from ..organisations.models import Organisation
from . import links, queries
from .models import OUTCOMES, MatchAttendance, MatchFollowUp, MatchMailLog, MatchMeeting, MatchRound


def _recipients(organisation: Organisation) -> list[tuple[str, str]]:
    """(address, language) for each representative, or the organisation's contact address."""
    found = [(u.email, u.language if u.language in LANGUAGES else "sv") for u in organisation.representatives]
    if not found and organisation.contact_email:
        found.append((organisation.contact_email, "sv"))
    return found


def send_thank_you(meeting_id: int) -> int:
    """Thank every organisation that came to the meeting: what it brought, whom it met, next steps."""
    meeting = db.session.get(MatchMeeting, meeting_id)
    if meeting is None:
        return 0
    match_round = db.session.get(MatchRound, meeting.round_id)
    came = db.session.scalars(select(MatchAttendance.organisation_id).where(MatchAttendance.meeting_id == meeting.id))
    sent = 0
    conversations = queries.conversations(match_round)
    collaborations = queries.round_collaborations(match_round)
    number = match_round.meetings.index(meeting) + 1
    for organisation_id in list(came):
        if db.session.get(MatchMailLog, (meeting.id, organisation_id)) is not None:
            continue
        organisation = db.session.get(Organisation, organisation_id)
        items = queries.organisation_items(match_round, organisation)
        met = sorted(
            {o.name for c in conversations if organisation in c.organisations for o in c.organisations}
            - {organisation.name}
        )
        steps = [c for c in collaborations if organisation in c.organisations]
        for address, language in _recipients(organisation):
            with force_locale(language):
                title = translated(match_round.title, language)
                body = render_template(
                    "matchmaking/email/thank_you.txt",
                    organisation=organisation,
                    title=title,
                    number=number,
                    items=items,
                    met=met,
                    steps=steps,
                    round_link=url_for("matchmaking.round_page", ident=match_round.id, _external=True),
                )
                send_email(address, _("Thank you for coming: %(title)s", title=title), body)
        db.session.add(MatchMailLog(meeting_id=meeting.id, organisation_id=organisation_id))
        db.session.commit()
        sent += 1
    return sent


def send_due_follow_ups(day: date | None = None) -> int:
    """Ask each collaboration's contact what came of it, once per follow-up, when it is due."""
    day = day or utcnow().date()
    due = db.session.scalars(
        select(MatchFollowUp)
        .where(MatchFollowUp.due_on <= day, MatchFollowUp.sent_at.is_(None))
        .order_by(MatchFollowUp.id)
    ).all()
    sent = 0
    for follow_up in due:
        collaboration = follow_up.collaboration
        addresses = []
        if collaboration.contact_email:
            addresses.append((collaboration.contact_email, collaboration.language))
        for organisation in collaboration.organisations:
            addresses.extend(_recipients(organisation))
        token = links.follow_up_token(follow_up.id)
        for address, language in dict(addresses).items():
            with force_locale(language):
                body = render_template(
                    "matchmaking/email/follow_up.txt",
                    follow_up=follow_up,
                    collaboration=collaboration,
                    outcomes=[
                        (label, url_for("matchmaking.outcome", token=token, outcome=key, _external=True))
                        for key, label in OUTCOMES.items()
                    ],
                )
                send_email(
                    address,
                    ngettext(
                        "%(num)d month on: what came of your collaboration?",
                        "%(num)d months on: what came of your collaboration?",
                        follow_up.months,
                    ),
                    body,
                )
        follow_up.sent_at = utcnow()
        db.session.commit()
        sent += 1
    return sent
