"""Every write of a matchmaking round, callable without HTTP. Operations flush; the caller commits.

A rule that is broken raises :class:`MatchError` with a translated message (and the form field it
belongs to) before anything is written, so nothing is ever half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, or_, select

from ..areas.models import Area, Topic
from ..contributions import operations as contribution_ops
from ..core.models import utcnow
from ..extensions import db
from ..i18n import LANGUAGES
from ..organisations.models import ORGANISATION_KINDS, Organisation
from ..themegroups.models import ThemeGroup
from . import suggestions as scoring
from .models import (
    ANSWERS,
    COLLABORATION_FORMS,
    FOLLOW_UP_MONTHS,
    ITEM_KINDS,
    OUTCOMES,
    MatchAttendance,
    MatchCollaboration,
    MatchFollowUp,
    MatchItem,
    MatchJob,
    MatchMeeting,
    MatchParticipant,
    MatchRound,
    MatchSuggestion,
    MatchTag,
    match_item_tags,
)
from .queries import collaboration_outcomes

TITLE_MAX = 200
BODY_MAX = 2000
MAX_ITEMS_PER_ORGANISATION = 30
MAX_GROUP = 4


class MatchError(ValueError):
    """A broken rule, with a translated message and the form field it belongs to (if any)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def today() -> date:
    return utcnow().date()


# --- Rounds ---------------------------------------------------------------------------------


@dataclass
class RoundSettings:
    area: Area
    title: dict[str, str]
    purpose: dict[str, str]
    invitation: dict[str, str]
    promise: dict[str, str]
    participation_level: str
    topics: list[Topic] = field(default_factory=list)
    theme_groups: list[ThemeGroup] = field(default_factory=list)
    registration_opens: date | None = None
    registration_closes: date | None = None
    answers_close: date | None = None
    slot_minutes: int = 20
    slot_count: int = 4
    table_count: int = 4


def _apply_round(match_round: MatchRound, settings: RoundSettings) -> None:
    if not settings.title.get("sv"):
        raise MatchError(_("Write this text in Swedish at least."), "title")
    if (
        settings.registration_opens
        and settings.registration_closes
        and settings.registration_closes < settings.registration_opens
    ):
        raise MatchError(_("Registration must close after it opens."), "registration_closes")
    for name in ("slot_minutes", "slot_count", "table_count"):
        if not getattr(settings, name) or getattr(settings, name) < 1:
            raise MatchError(_("Give a number of 1 or more."), name)
    match_round.area = settings.area
    match_round.title = settings.title
    match_round.purpose = settings.purpose
    match_round.invitation = settings.invitation
    match_round.promise = settings.promise
    match_round.participation_level = settings.participation_level
    match_round.topics = list(settings.topics)
    match_round.theme_groups = list(settings.theme_groups)
    match_round.registration_opens = settings.registration_opens
    match_round.registration_closes = settings.registration_closes
    match_round.answers_close = settings.answers_close
    match_round.slot_minutes = settings.slot_minutes
    match_round.slot_count = settings.slot_count
    match_round.table_count = settings.table_count


def create_round(settings: RoundSettings) -> MatchRound:
    match_round = MatchRound()
    _apply_round(match_round, settings)
    db.session.add(match_round)
    db.session.flush()
    return match_round


def update_round(match_round: MatchRound, settings: RoundSettings) -> None:
    _apply_round(match_round, settings)
    db.session.flush()


def open_problems(match_round: MatchRound) -> list[str]:
    """What stops a round from opening: it needs two meetings and an invitation."""
    problems = []
    if len(match_round.meetings) < 2:
        problems.append(_("Add at least two meetings: one to gather, one to match."))
    if not match_round.invitation.get("sv"):
        problems.append(_("Write the invitation, in Swedish at least."))
    return problems


def set_state(match_round: MatchRound, state: str) -> None:
    if state == "open":
        problems = open_problems(match_round)
        if problems:
            raise MatchError(" ".join(problems))
    match_round.state = state
    db.session.flush()


@dataclass
class MeetingSettings:
    starts_at: datetime
    ends_at: datetime | None
    place: str
    accessibility: dict[str, str]
    languages: list[str]


def add_meeting(match_round: MatchRound, settings: MeetingSettings) -> MatchMeeting:
    if settings.ends_at and settings.ends_at <= settings.starts_at:
        raise MatchError(_("The meeting must end after it starts."), "ends_time")
    if not (settings.place or "").strip():
        raise MatchError(_("Write where the meeting is."), "place")
    meeting = MatchMeeting(
        round=match_round,
        starts_at=settings.starts_at,
        ends_at=settings.ends_at,
        place=settings.place.strip(),
        accessibility=settings.accessibility,
        languages=[code for code in settings.languages if code in LANGUAGES],
    )
    db.session.add(meeting)
    db.session.flush()
    db.session.refresh(match_round, ["meetings"])
    return meeting


def delete_meeting(meeting: MatchMeeting) -> None:
    if db.session.scalar(select(MatchAttendance.organisation_id).where(MatchAttendance.meeting_id == meeting.id)):
        raise MatchError(_("Organisations have checked in at this meeting: it cannot be removed."))
    db.session.delete(meeting)
    db.session.flush()


def participant(match_round: MatchRound, organisation: Organisation) -> MatchParticipant | None:
    return db.session.scalars(
        select(MatchParticipant).where(
            MatchParticipant.round_id == match_round.id, MatchParticipant.organisation_id == organisation.id
        )
    ).first()


def join_round(match_round: MatchRound, organisation: Organisation, user) -> MatchParticipant:
    """A representative brings their organisation into a round while registration is open."""
    if user not in organisation.representatives:
        raise MatchError(_("You do not represent this organisation."), "organisation_id")
    existing = participant(match_round, organisation)
    if existing is not None:
        return existing
    if not match_round.registration_open_on(today()):
        raise MatchError(_("Registration for this round is not open."))
    joined = MatchParticipant(round=match_round, organisation=organisation, joined_by_id=user.id)
    db.session.add(joined)
    db.session.flush()
    return joined


def register_walk_in(
    match_round: MatchRound, meeting: MatchMeeting, *, name: str, kind: str, contact_email: str | None, staff
) -> MatchParticipant:
    """Staff register an organisation that came to a meeting without registering: it is checked in too."""
    if meeting.round_id != match_round.id:
        raise MatchError(_("Choose one of this round's meetings."), "meeting_id")
    if not (name or "").strip():
        raise MatchError(_("Write the organisation's name."), "name")
    if kind not in ORGANISATION_KINDS:
        raise MatchError(_("Choose a kind from the list."), "kind")
    organisation = db.session.scalars(select(Organisation).where(Organisation.name == name.strip())).first()
    if organisation is None:
        organisation = Organisation(
            name=name.strip(), kind=kind, description={}, contact_email=(contact_email or "").lower() or None
        )
        db.session.add(organisation)
        db.session.flush()
    joined = participant(match_round, organisation)
    if joined is None:
        joined = MatchParticipant(round=match_round, organisation=organisation, joined_by_id=staff.id, walk_in=True)
        db.session.add(joined)
    check_in(meeting, organisation)
    db.session.flush()
    return joined


def set_availability(joined: MatchParticipant, slots: Iterable[int] | None) -> None:
    """The meeting-2 slots the organisation can take (None: every slot)."""
    if slots is None:
        joined.available_slots = None
    else:
        wanted = sorted({int(s) for s in slots})
        if any(s < 0 or s >= joined.round.slot_count for s in wanted):
            raise MatchError(_("Choose times from the list."), "slots")
        joined.available_slots = wanted
    db.session.flush()


def check_in(meeting: MatchMeeting, organisation: Organisation) -> None:
    if db.session.get(MatchAttendance, (meeting.id, organisation.id)) is None:
        db.session.add(MatchAttendance(meeting_id=meeting.id, organisation_id=organisation.id))
        db.session.flush()


def undo_check_in(meeting: MatchMeeting, organisation: Organisation) -> None:
    row = db.session.get(MatchAttendance, (meeting.id, organisation.id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()


# --- Tags -------------------------------------------------------------------------------------


def district_of(area: Area) -> Area:
    while area.parent is not None:
        area = area.parent
    return area


def add_tag(district: Area, slug: str, name: Mapping[str, str]) -> MatchTag:
    slug = (slug or "").strip().lower()
    if not slug or not name.get("sv"):
        raise MatchError(_("Write this text in Swedish at least."), "name")
    if db.session.scalars(select(MatchTag).where(MatchTag.area_id == district.id, MatchTag.slug == slug)).first():
        raise MatchError(_("The list already has this word."), "slug")
    tag = MatchTag(area_id=district.id, slug=slug, name=dict(name))
    db.session.add(tag)
    db.session.flush()
    return tag


def round_tags(match_round: MatchRound) -> list[MatchTag]:
    district = district_of(match_round.area)
    return list(db.session.scalars(select(MatchTag).where(MatchTag.area_id == district.id).order_by(MatchTag.slug)))


# --- Items ---------------------------------------------------------------------------------------


@dataclass
class ItemSettings:
    kind: str
    title: str
    body: str
    language: str
    tag_ids: list[int] = field(default_factory=list)


def _check_may_edit(match_round: MatchRound, organisation: Organisation, user) -> None:
    if not (user.is_staff or user in organisation.representatives):
        raise MatchError(_("You do not represent this organisation."))
    if participant(match_round, organisation) is None:
        raise MatchError(_("Your organisation has not joined this round."))
    if not match_round.items_editable_at(utcnow()):
        raise MatchError(_("Items can no longer be changed: the matching meeting has begun."))


def _apply_item(item: MatchItem, match_round: MatchRound, settings: ItemSettings) -> None:
    if settings.kind not in ITEM_KINDS:
        raise MatchError(_("Choose idea, need or resource."), "kind")
    title, body = (settings.title or "").strip(), (settings.body or "").strip()
    if not title:
        raise MatchError(_("Write a short title."), "title")
    if len(title) > TITLE_MAX:
        raise MatchError(
            ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", TITLE_MAX), "title"
        )
    if not body:
        raise MatchError(_("Describe it in a few sentences."), "body")
    if len(body) > BODY_MAX:
        raise MatchError(
            ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", BODY_MAX), "body"
        )
    if settings.language not in LANGUAGES:
        raise MatchError(_("Choose a language from the list."), "language")
    allowed = {tag.id: tag for tag in round_tags(match_round)}
    if any(tag_id not in allowed for tag_id in settings.tag_ids):
        raise MatchError(_("Choose words from the list."), "tags")
    item.kind = settings.kind
    item.title = title
    item.body = body
    item.language = settings.language
    item.tags = [allowed[tag_id] for tag_id in sorted(set(settings.tag_ids))]


def add_item(match_round: MatchRound, organisation: Organisation, settings: ItemSettings, user) -> MatchItem:
    _check_may_edit(match_round, organisation, user)
    count = len(
        db.session.scalars(
            select(MatchItem.id).where(
                MatchItem.round_id == match_round.id, MatchItem.organisation_id == organisation.id
            )
        ).all()
    )
    if count >= MAX_ITEMS_PER_ORGANISATION:
        raise MatchError(
            ngettext(
                "An organisation can bring at most %(num)d item.",
                "An organisation can bring at most %(num)d items.",
                MAX_ITEMS_PER_ORGANISATION,
            )
        )
    item = MatchItem(round_id=match_round.id, organisation_id=organisation.id)
    _apply_item(item, match_round, settings)
    db.session.add(item)
    db.session.flush()
    return item


def update_item(item: MatchItem, settings: ItemSettings, user) -> None:
    _check_may_edit(item.round, item.organisation, user)
    _apply_item(item, item.round, settings)
    db.session.flush()


def delete_item(item: MatchItem, user) -> None:
    _check_may_edit(item.round, item.organisation, user)
    db.session.delete(item)
    db.session.flush()


def round_path(match_round: MatchRound) -> str:
    return url_for("matchmaking.round_page", ident=match_round.id)


def send_on(item: MatchItem, user, *, consent_publish: bool) -> None:
    """Send the item on as a contribution, routed to the theme groups like any other, with a
    link back to the round."""
    if not (user.is_staff or user in item.organisation.representatives):
        raise MatchError(_("You do not represent this organisation."))
    if item.contribution_id is not None:
        raise MatchError(_("This item has already been sent on."))
    match_round = item.round
    contribution = contribution_ops.create_contribution(
        source_kind="round_offer",
        area=match_round.area,
        topics=list(match_round.topics),
        title=item.title,
        body=item.body,
        language=item.language,
        author=user,
        consent_publish=consent_publish,
        source_id=item.id,
        source_url=round_path(match_round),
    )
    item.contribution_id = contribution.id
    db.session.flush()


# --- Suggestions ---------------------------------------------------------------------------------


def start_suggestions(match_round: MatchRound) -> MatchJob:
    """Queue the suggestion job (RQ with Redis, a thread otherwise); its row shows progress."""
    items = db.session.scalar(select(MatchItem.id).where(MatchItem.round_id == match_round.id).limit(1))
    if items is None:
        raise MatchError(_("No organisation has added anything to this round yet."))
    running = db.session.scalars(
        select(MatchJob).where(MatchJob.round_id == match_round.id, MatchJob.state.in_(("queued", "running")))
    ).first()
    if running is not None:
        return running
    job = MatchJob(round_id=match_round.id, state="queued")
    db.session.add(job)
    db.session.flush()
    return job


def _scoring_items(match_round: MatchRound) -> tuple[list[scoring.Item], dict[int, dict[str, str]]]:
    rows = db.session.execute(
        select(MatchItem, Organisation.kind)
        .join(Organisation, MatchItem.organisation_id == Organisation.id)
        .where(MatchItem.round_id == match_round.id)
        .order_by(MatchItem.id)
    ).all()

    tag_rows = db.session.execute(
        select(match_item_tags.c.item_id, match_item_tags.c.tag_id)
        .join(MatchItem, MatchItem.id == match_item_tags.c.item_id)
        .where(MatchItem.round_id == match_round.id)
    ).all()
    tags_of: dict[int, set[int]] = {}
    for item_id, tag_id in tag_rows:
        tags_of.setdefault(item_id, set()).add(tag_id)
    items = [
        scoring.Item(
            id=item.id,
            organisation_id=item.organisation_id,
            kind=item.kind,
            title=item.title,
            body=item.body,
            language=item.language,
            tag_ids=frozenset(tags_of.get(item.id, ())),
            sector=kind,
        )
        for item, kind in rows
    ]
    tags = {tag.id: dict(tag.name) for tag in round_tags(match_round)}
    return items, tags


def _history(match_round: MatchRound) -> scoring.History:
    """Declines in this round and any earlier one; what earlier collaborations came to."""
    history = scoring.History()
    for a, b in db.session.execute(
        select(MatchSuggestion.organisation_a_id, MatchSuggestion.organisation_b_id).where(
            or_(MatchSuggestion.answer_a == "no", MatchSuggestion.answer_b == "no")
        )
    ):
        history.declined.add((a, b))

    for member_kinds, member_ids, outcome in collaboration_outcomes(exclude_round=match_round.id):
        pairs = {scoring.org_pair(x, y) for x in member_ids for y in member_ids if x != y}
        if outcome in ("none",):
            history.unfruitful |= pairs
        elif outcome in ("work_started", "agreement"):
            history.fruitful_sectors |= {tuple(sorted((x, y))) for x in member_kinds for y in member_kinds if x != y}
    return history


def run_suggestions(job_id: int) -> int:
    """The job: score the round, keep what organisations already answered, replace the rest."""
    job = db.session.get(MatchJob, job_id)
    if job is None or job.state == "done":
        return 0
    match_round = db.session.get(MatchRound, job.round_id)
    job.state = "running"
    db.session.commit()
    try:
        items, tags = _scoring_items(match_round)
        history = _history(match_round)

        def progress(done, total):
            job.done, job.total = done, total
            db.session.commit()

        pairs = scoring.suggest(items, tags, history, progress=progress)
        made = store_suggestions(match_round, pairs)
        job.state, job.made, job.finished_at = "done", made, utcnow()
        job.done = job.total
        db.session.commit()
        return made
    except Exception:
        db.session.rollback()
        job = db.session.get(MatchJob, job_id)
        job.state, job.finished_at = "failed", utcnow()
        db.session.commit()
        raise


def store_suggestions(match_round: MatchRound, pairs: list[scoring.Pair]) -> int:
    """Open, unanswered suggestions are replaced; answered ones stay as they are."""
    db.session.execute(
        delete(MatchSuggestion).where(
            MatchSuggestion.round_id == match_round.id,
            MatchSuggestion.state == "open",
            MatchSuggestion.answer_a.is_(None),
            MatchSuggestion.answer_b.is_(None),
        )
    )
    kept = set(
        db.session.execute(
            select(MatchSuggestion.item_a_id, MatchSuggestion.item_b_id).where(
                MatchSuggestion.round_id == match_round.id
            )
        ).all()
    )
    rows = [
        {
            "round_id": match_round.id,
            "item_a_id": pair.a.id,
            "item_b_id": pair.b.id,
            "organisation_a_id": pair.a.organisation_id,
            "organisation_b_id": pair.b.organisation_id,
            "score": pair.score,
            "reason": pair.reason(),
            "state": "open",
            "created_at": utcnow(),
        }
        for pair in pairs
        if (pair.a.id, pair.b.id) not in kept
    ]
    if rows:
        db.session.execute(MatchSuggestion.__table__.insert(), rows)
    db.session.flush()
    return len(rows)


def answer_suggestion(suggestion: MatchSuggestion, organisation: Organisation, answer: str, user) -> None:
    """One side's answer; two "want to meet" confirm the pair, a "no" declines it for good."""
    if answer not in ANSWERS:
        raise MatchError(_("Choose one of the answers."), "answer")
    if user not in organisation.representatives and not user.is_staff:
        raise MatchError(_("You do not represent this organisation."))
    if organisation.id not in (suggestion.organisation_a_id, suggestion.organisation_b_id):
        raise MatchError(_("Your organisation is not part of this suggestion."))
    if suggestion.state in ("declined", "expired"):
        raise MatchError(_("This suggestion is closed and can no longer be answered."))
    match_round = db.session.get(MatchRound, suggestion.round_id)
    if match_round.answers_close and today() > match_round.answers_close:
        expire_requests(match_round)
        raise MatchError(_("The time to answer suggestions in this round has passed."))
    if organisation.id == suggestion.organisation_a_id:
        suggestion.answer_a = answer
    else:
        suggestion.answer_b = answer
    if "no" in (suggestion.answer_a, suggestion.answer_b):
        suggestion.state = "declined"
    elif suggestion.answer_a == "yes" and suggestion.answer_b == "yes":
        suggestion.state = "confirmed"
    else:
        suggestion.state = "open"
    db.session.flush()


def expire_requests(match_round: MatchRound) -> int:
    """After the answer date, suggestions not confirmed expire."""
    if not match_round.answers_close or today() <= match_round.answers_close:
        return 0
    rows = db.session.scalars(
        select(MatchSuggestion).where(MatchSuggestion.round_id == match_round.id, MatchSuggestion.state == "open")
    ).all()
    for row in rows:
        row.state = "expired"
    db.session.flush()
    return len(rows)


def confirm_by_staff(suggestion: MatchSuggestion) -> None:
    """Staff confirm a pair on the spot at meeting 2 (both said so in the room)."""
    if suggestion.state == "declined":
        raise MatchError(_("One of the organisations declined this pair."))
    suggestion.state = "confirmed"
    db.session.flush()


# --- Collaborations and follow-ups ------------------------------------------------------------


@dataclass
class CollaborationSettings:
    organisations: list[Organisation]
    activity: str
    form: str
    contact_name: str
    contact_email: str | None
    next_step: str | None
    next_step_on: date | None
    is_public: bool
    language: str = "sv"


def record_collaboration(match_round: MatchRound, settings: CollaborationSettings, user) -> MatchCollaboration:
    """A collaboration and its two follow-ups, due 3 and 6 months after meeting 2 (or today)."""
    members = {o.id for o in settings.organisations}
    joined = {p.organisation_id for p in match_round.participants}
    if len(members) < 2:
        raise MatchError(_("Choose at least two organisations."), "organisations")
    if not members <= joined:
        raise MatchError(_("Choose organisations that take part in this round."), "organisations")
    if not user.is_staff and not any(user in o.representatives for o in settings.organisations):
        raise MatchError(_("Your organisation must be one of the members."), "organisations")
    if not (settings.activity or "").strip():
        raise MatchError(_("Describe what you will do together."), "activity")
    if settings.form not in COLLABORATION_FORMS:
        raise MatchError(_("Choose a form from the list."), "form")
    if not (settings.contact_name or "").strip():
        raise MatchError(_("Write who is responsible."), "contact_name")
    collaboration = MatchCollaboration(
        round_id=match_round.id,
        activity=settings.activity.strip(),
        form=settings.form,
        contact_name=settings.contact_name.strip(),
        contact_email=(settings.contact_email or "").lower() or None,
        next_step=(settings.next_step or "").strip() or None,
        next_step_on=settings.next_step_on,
        is_public=settings.is_public,
        language=settings.language if settings.language in LANGUAGES else "sv",
        created_by_id=user.id,
        organisations=list(settings.organisations),
    )
    meeting = match_round.matching_meeting
    start = meeting.starts_at.date() if meeting else today()
    for months in FOLLOW_UP_MONTHS:
        collaboration.follow_ups.append(MatchFollowUp(months=months, due_on=start + timedelta(days=30 * months)))
    db.session.add(collaboration)
    db.session.flush()
    return collaboration


def answer_follow_up(follow_up: MatchFollowUp, outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise MatchError(_("Choose one of the answers."), "outcome")
    follow_up.outcome = outcome
    follow_up.answered_at = utcnow()
    db.session.flush()
