"""Café dialogues: set-up, registration with a waitlist, check-in, the exit questionnaire, the
harvest of notes and proposals into contributions, and the published summary.

Operations flush; the view commits once, then queues e-mails (jobs load fresh data).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..areas.models import Area
from ..contributions import operations as contribution_ops
from ..core.cache import bump
from ..core.models import utcnow
from ..extensions import db
from ..i18n import translated
from ..surveys.permissions import member_group_ids
from .models import (
    AGE_BANDS,
    GENDERS,
    HOME_LANGUAGES,
    CafeDialogue,
    CafeExitAnswer,
    CafeNote,
    CafeProposal,
    CafeRegistration,
    CafeRound,
    CafeTable,
)

#: Exit-questionnaire totals below this are shown as "fewer than 5".
MIN_GROUP = 5
#: Reminders go out this long before the start.
REMINDER_BEFORE = timedelta(hours=48)
#: Cache scope of the public dialogue lists (area pages, calendar).
PUBLIC_SCOPE = "dialogues"


class RegistrationError(ValueError):
    """A registration the rules do not allow; the message is translated for the person."""


def touch(dialogue: CafeDialogue) -> None:
    """A change the public sees: new cache keys for its page and for the lists."""
    dialogue.version = (dialogue.version or 1) + 1
    bump(PUBLIC_SCOPE)


# --- Permissions ---------------------------------------------------------------------------


def can_manage(user, dialogue) -> bool:
    """Admins, and members of the theme group that runs the dialogue."""
    if not (user and user.is_authenticated and user.is_staff):
        return False
    return user.is_admin or dialogue.theme_group_id in member_group_ids(user)


def manageable_group_ids(user) -> list[int] | None:
    """Ids of the groups whose dialogues ``user`` manages; None means all (admins)."""
    return None if user.is_admin else sorted(member_group_ids(user))


# --- Set-up --------------------------------------------------------------------------------


def set_state(dialogue: CafeDialogue, state: str) -> None:
    dialogue.state = state
    touch(dialogue)
    db.session.flush()


def add_round(dialogue: CafeDialogue, question: dict, minutes: int | None) -> CafeRound:
    position = max((r.position for r in dialogue.rounds), default=0) + 1
    item = CafeRound(question=question, minutes=minutes, position=position)
    dialogue.rounds.append(item)
    touch(dialogue)
    db.session.flush()
    return item


def move_round(dialogue: CafeDialogue, item: CafeRound, direction: int) -> None:
    rounds = list(dialogue.rounds)
    index = rounds.index(item)
    other = index + direction
    if 0 <= other < len(rounds):
        rounds[index], rounds[other] = rounds[other], rounds[index]
        for position, r in enumerate(rounds, start=1):
            r.position = position
        touch(dialogue)
        db.session.flush()


def delete_round(dialogue: CafeDialogue, item: CafeRound) -> bool:
    """Rounds with notes are kept (the notes belong to them)."""
    has_notes = db.session.scalar(select(CafeNote.id).where(CafeNote.round_id == item.id).limit(1))
    if has_notes:
        return False
    dialogue.rounds.remove(item)
    touch(dialogue)
    db.session.flush()
    return True


def add_table(dialogue: CafeDialogue, theme: dict, host_user: User | None, host_name: str | None) -> CafeTable:
    number = max((t.number for t in dialogue.tables), default=0) + 1
    table = CafeTable(number=number, theme=theme, host_user=host_user, host_name=host_name or None)
    dialogue.tables.append(table)
    db.session.flush()
    return table


def delete_table(dialogue: CafeDialogue, table: CafeTable) -> bool:
    has_notes = db.session.scalar(select(CafeNote.id).where(CafeNote.table_id == table.id).limit(1))
    if has_notes:
        return False
    dialogue.tables.remove(table)
    db.session.flush()
    return True


# --- Registration --------------------------------------------------------------------------


@dataclass
class RegistrationData:
    name: str
    email: str | None
    phone: str | None
    language: str
    interpreter_language: str | None = None
    access_needs: str | None = None
    childcare: bool = False
    wants_feedback: bool = False
    user_id: int | None = None
    idempotency_key: str | None = None


def registration_problem(dialogue: CafeDialogue, now: datetime | None = None) -> str | None:
    """Why registering is not possible now (translated), or None."""
    from flask_babel import gettext as _

    phase = dialogue.phase(now)
    if phase == "registration":
        return None
    if phase == "not_open_yet":
        return _("Registration opens on %(when)s.", when=_format(dialogue.registration_opens_at))
    if phase in ("closed", "running"):
        return _("Registration has closed. You are still welcome to come: ask at the door.")
    if phase == "past":
        return _("This café dialogue has already taken place.")
    if phase == "cancelled":
        return _("This café dialogue has been cancelled.")
    return _("This café dialogue is not open for registration.")


def _format(value) -> str:
    from flask_babel import format_datetime

    return format_datetime(value, "medium") if value else ""


def _lock_registrations(dialogue: CafeDialogue) -> None:
    """Serialise registration changes for one dialogue (a row lock on PostgreSQL; SQLite
    serialises writers anyway), so two people never take the last seat."""
    db.session.execute(
        update(CafeDialogue)
        .where(CafeDialogue.id == dialogue.id)
        .values(registration_seq=CafeDialogue.registration_seq + 1)
        .execution_options(synchronize_session=False)
    )


def seats_taken(dialogue_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(CafeRegistration)
            .where(CafeRegistration.dialogue_id == dialogue_id, CafeRegistration.status == "registered")
        )
        or 0
    )


def find_live_registration(dialogue: CafeDialogue, data: RegistrationData) -> CafeRegistration | None:
    """A registration (not cancelled) by the same e-mail, phone or account."""
    conditions = []
    if data.email:
        conditions.append(CafeRegistration.email == data.email)
    if data.phone:
        conditions.append(CafeRegistration.phone == data.phone)
    if data.user_id:
        conditions.append(CafeRegistration.user_id == data.user_id)
    if not conditions:
        return None
    from sqlalchemy import or_

    return db.session.scalars(
        select(CafeRegistration).where(
            CafeRegistration.dialogue_id == dialogue.id,
            CafeRegistration.status != "cancelled",
            or_(*conditions),
        )
    ).first()


def register(dialogue: CafeDialogue, data: RegistrationData, now: datetime | None = None) -> CafeRegistration:
    """Register, or put on the waiting list when every seat is taken. Flushes.

    A repeated form (same idempotency key) returns the first registration.
    """
    from flask_babel import gettext as _

    if data.idempotency_key:
        existing = db.session.scalars(
            select(CafeRegistration).where(CafeRegistration.idempotency_key == data.idempotency_key)
        ).first()
        if existing is not None:
            return existing
    problem = registration_problem(dialogue, now)
    if problem:
        raise RegistrationError(problem)
    _lock_registrations(dialogue)
    if find_live_registration(dialogue, data) is not None:
        raise RegistrationError(
            _(
                "You are already registered for this café dialogue. Look for the e-mail with your link to change or cancel it."
            )
        )
    status = "registered" if seats_taken(dialogue.id) < dialogue.capacity else "waitlisted"
    registration = CafeRegistration(
        dialogue_id=dialogue.id,
        name=data.name,
        email=data.email or None,
        phone=data.phone or None,
        language=data.language,
        user_id=data.user_id,
        interpreter_language=data.interpreter_language or None,
        access_needs=data.access_needs or None,
        childcare=data.childcare,
        wants_feedback=data.wants_feedback and bool(data.email),
        status=status,
        idempotency_key=data.idempotency_key or None,
    )
    db.session.add(registration)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise RegistrationError(
            _(
                "You are already registered for this café dialogue. Look for the e-mail with your link to change or cancel it."
            )
        ) from None
    return registration


def cancel(registration: CafeRegistration) -> CafeRegistration | None:
    """Cancel; when a seat frees up, the first on the waiting list gets it (returned)."""
    if registration.status == "cancelled":
        return None
    dialogue = registration.dialogue
    _lock_registrations(dialogue)
    had_seat = registration.status == "registered"
    registration.status = "cancelled"
    db.session.flush()
    if not had_seat:
        return None
    return promote_waitlist(dialogue)


def promote_waitlist(dialogue: CafeDialogue) -> CafeRegistration | None:
    if seats_taken(dialogue.id) >= dialogue.capacity:
        return None
    first = db.session.scalars(
        select(CafeRegistration)
        .where(CafeRegistration.dialogue_id == dialogue.id, CafeRegistration.status == "waitlisted")
        .order_by(CafeRegistration.created_at, CafeRegistration.id)
        .limit(1)
    ).first()
    if first is not None:
        first.status = "registered"
        db.session.flush()
    return first


def fill_from_waitlist(dialogue: CafeDialogue, now: datetime | None = None) -> list[CafeRegistration]:
    """Give the free seats (after the capacity was raised) to the waiting list, first come,
    first served. Returns the promoted registrations, in order; nothing once the meeting is
    over or the dialogue is not published."""
    if dialogue.state != "published" or dialogue.phase(now) == "past":
        return []
    _lock_registrations(dialogue)
    promoted = []
    while (first := promote_waitlist(dialogue)) is not None:
        promoted.append(first)
    return promoted


def waitlist_position(registration: CafeRegistration) -> int | None:
    if registration.status != "waitlisted":
        return None
    ahead = (
        db.session.scalar(
            select(func.count())
            .select_from(CafeRegistration)
            .where(
                CafeRegistration.dialogue_id == registration.dialogue_id,
                CafeRegistration.status == "waitlisted",
                (CafeRegistration.created_at < registration.created_at)
                | ((CafeRegistration.created_at == registration.created_at) & (CafeRegistration.id < registration.id)),
            )
        )
        or 0
    )
    return ahead + 1


def set_checked_in(registration: CafeRegistration, present: bool) -> None:
    registration.checked_in_at = utcnow() if present else None
    db.session.flush()


def attendance(dialogue: CafeDialogue) -> int:
    checked_in = (
        db.session.scalar(
            select(func.count())
            .select_from(CafeRegistration)
            .where(CafeRegistration.dialogue_id == dialogue.id, CafeRegistration.checked_in_at.is_not(None))
        )
        or 0
    )
    return checked_in + (dialogue.walk_ins or 0)


def registration_counts(dialogue_ids: list[int]) -> dict[int, Counter]:
    """Registrations per dialogue and status, in one query."""
    counts: dict[int, Counter] = {i: Counter() for i in dialogue_ids}
    if dialogue_ids:
        rows = db.session.execute(
            select(CafeRegistration.dialogue_id, CafeRegistration.status, func.count())
            .where(CafeRegistration.dialogue_id.in_(dialogue_ids))
            .group_by(CafeRegistration.dialogue_id, CafeRegistration.status)
        )
        for dialogue_id, status, count in rows:
            counts[dialogue_id][status] = count
    return counts


# --- Exit questionnaire ----------------------------------------------------------------------


def add_exit_answer(dialogue: CafeDialogue, *, age_band, gender, area_id, lives_elsewhere, home_language) -> None:
    db.session.add(
        CafeExitAnswer(
            dialogue_id=dialogue.id,
            age_band=age_band if age_band in AGE_BANDS else None,
            gender=gender if gender in GENDERS else None,
            area_id=None if lives_elsewhere else area_id,
            lives_elsewhere=bool(lives_elsewhere),
            home_language=home_language if home_language in HOME_LANGUAGES else None,
        )
    )
    db.session.flush()


#: A cell hidden only so that a smaller hidden group cannot be worked out from the total.
SUPPRESSED = "suppressed"


def exit_totals(dialogue: CafeDialogue) -> dict:
    """Totals per question, with groups under MIN_GROUP hidden (None), and a second cell or
    the total hidden where a hidden group could otherwise be worked out (see ``_protect``).

    ``n`` is the number of answers, or None when it is hidden; ``answered`` whether there
    are any. ``elsewhere`` belongs to the ``area_id`` question."""
    total = (
        db.session.scalar(
            select(func.count()).select_from(CafeExitAnswer).where(CafeExitAnswer.dialogue_id == dialogue.id)
        )
        or 0
    )
    raw: dict[str, list] = {}
    for column in ("age_band", "gender", "home_language", "area_id"):
        field = getattr(CafeExitAnswer, column)
        rows = db.session.execute(
            select(field, func.count()).where(CafeExitAnswer.dialogue_id == dialogue.id).group_by(field)
        ).all()
        raw[column] = [(key, count) for key, count in rows if key is not None]
    elsewhere = (
        db.session.scalar(
            select(func.count())
            .select_from(CafeExitAnswer)
            .where(CafeExitAnswer.dialogue_id == dialogue.id, CafeExitAnswer.lives_elsewhere.is_(True))
        )
        or 0
    )
    if elsewhere:
        raw["area_id"].append(("elsewhere", elsewhere))
    shown = {column: _protect_primary(rows) for column, rows in raw.items()}
    show_total = _protect(shown, total)
    out = {"n": total if show_total else None, "answered": total > 0}
    for column, rows in shown.items():
        out[column] = [(key, count) for key, count in rows if key != "elsewhere"]
    out["elsewhere"] = next((count for key, count in shown["area_id"] if key == "elsewhere"), 0)
    return out


def _protect_primary(rows: list) -> list:
    return [(key, count if count >= MIN_GROUP else None) for key, count in rows]


def _recoverable(cells: list, total: int | None) -> bool:
    """Could one hidden cell of a question be worked out exactly from what is shown?

    What a reader knows: the total (if shown), the shown cells, that a "fewer than 5" cell
    holds 1–4 people and a suppressed one at least 5, and that some may not have answered
    the question (0 or more, not shown). A hidden cell is exact when the rest of the total,
    after the shown cells and the least the other hidden cells can hold, leaves it no room."""
    if total is None:
        return False
    hidden = [(key, count) for key, count in cells if count is None or count == SUPPRESSED]
    if not hidden:
        return False
    rest = total - sum(count for _key, count in cells if isinstance(count, int))
    least = {key: (1 if count is None else MIN_GROUP) for key, count in hidden}
    for key, count in hidden:
        most = MIN_GROUP - 1 if count is None else rest
        room = rest - (sum(least.values()) - least[key])
        if min(most, room) <= least[key]:
            return True
    return False


def _protect(shown: dict[str, list], total: int) -> bool:
    """Secondary suppression, in place: in every question where a hidden group could be
    worked out, hide the smallest shown cell too; where that is not enough, hide the total
    instead (and no second cells: without the total, nothing hidden can be worked out, since
    nobody knows how many left a question unanswered). Returns whether the total is shown."""
    trial = {column: list(rows) for column, rows in shown.items()}
    for column, cells in trial.items():
        if not _recoverable(cells, total):
            continue
        visible = [(count, index) for index, (_key, count) in enumerate(cells) if isinstance(count, int)]
        if not visible:
            return False
        _count, index = min(visible)
        cells[index] = (cells[index][0], SUPPRESSED)
        if _recoverable(cells, total):
            return False
    shown.update(trial)
    return True


# --- Harvest -------------------------------------------------------------------------------


def harvest_notes(dialogue: CafeDialogue, note_ids: list[int], actor) -> list:
    """Turn the chosen notes into contributions routed to theme groups (once per note)."""
    notes = db.session.scalars(
        select(CafeNote)
        .join(CafeTable, CafeNote.table_id == CafeTable.id)
        .where(CafeTable.dialogue_id == dialogue.id, CafeNote.id.in_(note_ids), CafeNote.deleted_at.is_(None))
        .options(selectinload(CafeNote.table), selectinload(CafeNote.round))
        .order_by(CafeNote.id)
    ).all()
    made = []
    for note in notes:
        if note.contribution_id is not None:
            continue
        title = "%s %d · %s" % (
            _table_word(note.language),
            note.table.number,
            translated(note.round.question, note.language)[:150],
        )
        contribution = contribution_ops.create_contribution(
            source_kind="cafe_note",
            area=dialogue.area,
            topics=list(dialogue.topics),
            title=title[:200],
            body=note.body,
            language=note.language,
            source_id=note.id,
            source_url=url_for("cafe.event", ident=dialogue.id, _external=False) + f"#round-{note.round_id}",
            idempotency_key=f"cafe-note-{note.id}",
            recorded_by=actor,
        )
        note.contribution_id = contribution.id
        made.append(contribution)
    db.session.flush()
    return made


def _table_word(language) -> str:
    from flask_babel import force_locale
    from flask_babel import gettext as _

    with force_locale(language if isinstance(language, str) else "sv"):
        return _("Table")


def harvest_proposals(dialogue: CafeDialogue, proposal_ids: list[int], actor) -> list:
    """Participants' own proposals become contributions with their consents and contact."""
    proposals = db.session.scalars(
        select(CafeProposal)
        .where(CafeProposal.dialogue_id == dialogue.id, CafeProposal.id.in_(proposal_ids))
        .options(selectinload(CafeProposal.table), selectinload(CafeProposal.round))
        .order_by(CafeProposal.id)
    ).all()
    made = []
    for proposal in proposals:
        if proposal.contribution_id is not None:
            continue
        # Linked back to the table the participant said they sat at and the round they said the
        # proposal is about (the event page lists both, each with an anchor); the title names them
        # in the language the participant wrote in.
        parts, source_url = [], url_for("cafe.event", ident=dialogue.id)
        if proposal.table is not None:
            parts += [
                "%s %d" % (_table_word(proposal.language), proposal.table.number),
                translated(proposal.table.theme, proposal.language),
            ]
            source_url += f"#table-{proposal.table.number}"
        if proposal.round is not None:
            parts.append(translated(proposal.round.question, proposal.language)[:150])
            if proposal.table is None:
                source_url += f"#round-{proposal.round_id}"
        title = " · ".join(filter(None, parts))[:200] or translated(dialogue.title, proposal.language)[:200] or None
        contribution = contribution_ops.create_contribution(
            source_kind="cafe_proposal",
            area=dialogue.area,
            topics=list(dialogue.topics),
            title=title,
            body=proposal.body,
            language=proposal.language,
            contact_email=proposal.contact_email,
            consent_publish=proposal.consent_publish,
            consent_quote=proposal.consent_quote,
            consent_contact=proposal.consent_contact,
            source_id=proposal.id,
            source_url=source_url,
            idempotency_key=f"cafe-proposal-{proposal.id}",
        )
        proposal.contribution_id = contribution.id
        made.append(contribution)
    db.session.flush()
    return made


def _harvested_ids(dialogue_id: int):
    """The ids of the contributions made from a dialogue's notes and proposals (a select)."""
    note_ids = (
        select(CafeNote.contribution_id)
        .join(CafeTable, CafeNote.table_id == CafeTable.id)
        .where(CafeTable.dialogue_id == dialogue_id, CafeNote.contribution_id.is_not(None))
    )
    proposal_ids = select(CafeProposal.contribution_id).where(
        CafeProposal.dialogue_id == dialogue_id, CafeProposal.contribution_id.is_not(None)
    )
    return note_ids, proposal_ids


def harvest_version(dialogue_id: int) -> tuple[int, str]:
    """How many contributions were harvested from the dialogue and when the last of them
    changed, in one query: it keys the cached event page, which lists them with their route
    and status. Every contribution event (moderation, answer, status, re-route) moves
    ``contributions.updated_at``, and every harvest adds a row."""
    from ..contributions.models import Contribution

    note_ids, proposal_ids = _harvested_ids(dialogue_id)
    count, latest = db.session.execute(
        select(func.count(), func.max(Contribution.updated_at)).where(
            Contribution.id.in_(note_ids.union_all(proposal_ids).scalar_subquery())
        )
    ).one()
    return count or 0, latest.isoformat() if latest is not None else ""


def harvested_contributions(dialogue: CafeDialogue, *, public: bool = False) -> list:
    """Contributions made from this dialogue's notes and proposals, with their routes.

    ``public``: only what the event page may show: proposals the hosts wrote down and
    participants' proposals they agreed to publish, once moderation has approved them.
    """
    from ..contributions.models import Contribution, ContributionRoute

    note_ids, proposal_ids = _harvested_ids(dialogue.id)
    where = [Contribution.id.in_(note_ids.union(proposal_ids).scalar_subquery())]
    if public:
        host_proposals = note_ids.where(CafeNote.kind == "proposal")
        where += [
            Contribution.moderation == "approved",
            Contribution.id.in_(host_proposals)
            | ((Contribution.source_kind == "cafe_proposal") & Contribution.consent_publish.is_(True)),
        ]
    return list(
        db.session.scalars(
            select(Contribution)
            .where(*where)
            .options(
                selectinload(Contribution.routes).selectinload(ContributionRoute.theme_group),
                selectinload(Contribution.answer),
            )
            .order_by(Contribution.id)
        )
    )


# --- Summary -------------------------------------------------------------------------------


def save_summary(dialogue: CafeDialogue, *, summary: dict, themes: dict, follow_up: CafeDialogue | None) -> None:
    dialogue.summary = summary
    dialogue.summary_themes = themes
    dialogue.follow_up = follow_up
    touch(dialogue)
    db.session.flush()


def publish_summary(dialogue: CafeDialogue) -> None:
    if dialogue.summary_published_at is None:
        dialogue.summary_published_at = utcnow()
    touch(dialogue)
    db.session.flush()


def unpublish_summary(dialogue: CafeDialogue) -> None:
    dialogue.summary_published_at = None
    touch(dialogue)
    db.session.flush()


# --- Public lists --------------------------------------------------------------------------


def area_lineage_ids(area: Area) -> list[int]:
    """The area, its ancestors and its children: a dialogue in Backa shows on Norra Hisingen's
    page and a district-wide one on Backa's."""
    ids = {area.id}
    node = area.parent
    while node is not None:
        ids.add(node.id)
        node = node.parent
    ids.update(child.id for child in area.children)
    return sorted(ids)


def upcoming(area_ids: list[int] | None = None, *, now: datetime | None = None, limit: int = 50) -> list[CafeDialogue]:
    now = now or utcnow()
    query = (
        select(CafeDialogue)
        .where(CafeDialogue.state == "published", CafeDialogue.ends_at > now)
        .options(selectinload(CafeDialogue.area))
        .order_by(CafeDialogue.starts_at, CafeDialogue.id)
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(CafeDialogue.area_id.in_(area_ids))
    return list(db.session.scalars(query))


def past_with_summaries(
    area_ids: list[int] | None = None, *, now: datetime | None = None, limit: int = 10
) -> list[CafeDialogue]:
    now = now or utcnow()
    query = (
        select(CafeDialogue)
        .where(CafeDialogue.state == "published", CafeDialogue.ends_at <= now)
        .options(selectinload(CafeDialogue.area))
        .order_by(CafeDialogue.starts_at.desc(), CafeDialogue.id.desc())
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(CafeDialogue.area_id.in_(area_ids))
    return list(db.session.scalars(query))


# --- Reminders -----------------------------------------------------------------------------


def due_reminders(now: datetime | None = None) -> list[int]:
    """Registrations to remind: seat held, e-mail given, start within REMINDER_BEFORE."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(CafeRegistration.id)
            .join(CafeDialogue, CafeRegistration.dialogue_id == CafeDialogue.id)
            .where(
                CafeDialogue.state == "published",
                CafeDialogue.starts_at > now,
                CafeDialogue.starts_at <= now + REMINDER_BEFORE,
                CafeRegistration.status == "registered",
                CafeRegistration.email.is_not(None),
                CafeRegistration.reminded_at.is_(None),
            )
        )
    )


# --- Personal data -------------------------------------------------------------------------

#: Registrants' names and contact details are kept this long after the meeting (long enough
#: for the summary to be e-mailed), then erased; the rows stay so attendance still counts.
KEEP_REGISTRANTS = timedelta(days=90)


def forget_registrants(now: datetime | None = None) -> int:
    """Erase names, contact details and needs of registrants of dialogues that ended more
    than KEEP_REGISTRANTS ago. Returns how many registrations were erased."""
    now = now or utcnow()
    ended = select(CafeDialogue.id).where(CafeDialogue.ends_at < now - KEEP_REGISTRANTS)
    result = db.session.execute(
        update(CafeRegistration)
        .where(CafeRegistration.dialogue_id.in_(ended), CafeRegistration.name != "–")
        .values(
            name="–",
            email=None,
            phone=None,
            user_id=None,
            interpreter_language=None,
            access_needs=None,
            idempotency_key=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return result.rowcount or 0
