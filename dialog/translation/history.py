"""Writes: machine translations of what staff wrote in a contribution's history.

Staff write notes, the reason for sending a contribution to other theme groups, status and
moderation reasons in whatever language they write; a colleague who reads another language sees
them machine-translated (``queries.history_readings``). Made in the job queue when the event is
written (``events``), stored once per text and target language, like contributions' translations.

Only staff-written text is sent, one field per kind of event (:data:`TRANSLATED_FIELDS`): never
the resident's original that an "edited" event keeps for moderators (it may hold the personal data
a moderator removed), and never a text that looks like personal data.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..contributions.detectors import scan
from ..contributions.models import Contribution, ContributionEvent
from ..core.language import written_language
from ..core.models import utcnow
from ..extensions import db
from ..i18n import LANGUAGES
from .backend import Translator, Unavailable, Unsupported, get_translator
from .models import EventTranslation
from .operations import reader_languages
from .queue import queue_job
from .sentences import split_text, text_hash

JOB = "translate_history"

#: The staff-written text of each kind of event, by its key in ``event.data``. Other kinds hold
#: codes (a routing reason, a report reason) or, for "edited", also the resident's original text,
#: of which only the moderator's reason is translated.
TRANSLATED_FIELDS = {
    "note": "text",
    "rerouted": "reason",
    "status": "reason",
    "moderation": "reason",
    "edited": "reason",
}


def event_text(event: ContributionEvent) -> str | None:
    """The staff-written text of an event that is machine-translated, or None."""
    field = TRANSLATED_FIELDS.get(event.kind)
    value = (event.data or {}).get(field) if field else None
    return value if isinstance(value, str) and value.strip() else None


def may_leave(text: str) -> bool:
    """Whether the text may go to the translation server: nothing in it looks like personal data."""
    personal, _abuse = scan(text)
    return not personal


def translate_history(contribution_id: int, also: str | None = None) -> dict[int, dict[str, str]]:
    """The background job: translate the staff-written texts of a contribution's history.

    Into the languages of the staff who read the contribution (and ``also``, a staff member's
    who asked), except the language each text is written in. One row per event and language
    (done or unsupported); on a server fault "failed" for those still missing, committed, and
    raised so the job queue retries.
    """
    translator = get_translator()
    contribution = db.session.get(Contribution, contribution_id)
    if translator is None or contribution is None:
        return {}
    texts = {event.id: text for event in contribution.events if (text := event_text(event)) is not None}
    if not texts:
        return {}
    have: dict[int, dict[str, EventTranslation]] = {}
    for row in db.session.scalars(select(EventTranslation).where(EventTranslation.event_id.in_(texts))):
        have.setdefault(row.event_id, {})[row.target_language] = row
    readers = reader_languages(contribution)
    if also in LANGUAGES:
        readers.add(also)
    outcome: dict[int, dict[str, str]] = {}
    fault = None
    for event in contribution.events:
        if event.id in texts:
            states, error = _translate_event(event, texts[event.id], have.get(event.id, {}), readers, translator)
            if states:
                outcome[event.id] = states
            fault = error or fault
    db.session.commit()
    if fault is not None:
        raise fault
    return outcome


def _translate_event(
    event: ContributionEvent, text: str, rows: dict[str, EventTranslation], readers: set[str], translator: Translator
) -> tuple[dict[str, str], Unavailable | None]:
    """Make the missing translations of one event's text; the states made, and a server fault."""
    if not may_leave(text):
        for row in rows.values():
            db.session.delete(row)
        return {}, None
    source_hash = text_hash(text)
    source = _source_language(rows.values(), source_hash) or written_language(text, _writer_language(event))
    states, fault = {}, None
    for target in sorted(readers):
        row = rows.get(target)
        if target == source:
            if row is not None:  # the text changed into this language: nothing to translate
                db.session.delete(row)
            continue
        if row is not None and row.source_hash == source_hash and row.state != "failed":
            continue
        if row is None:
            row = EventTranslation(event=event, target_language=target)
            db.session.add(row)
        row.source_language, row.source_hash, row.backend = source, source_hash, translator.name
        row.created_at = utcnow()
        try:
            with db.session.no_autoflush:
                row.text, row.state = _translated(row, event, text, translator), "done"
        except Unsupported:
            row.state, row.text = "unsupported", None
        except Unavailable as error:
            row.state, row.text = "failed", None
            fault = error
        states[target] = row.state
    return states, fault


def queue_history(contribution_id: int, language: str | None = None) -> None:
    """Queue the job for one contribution's history (also into ``language``, when given)."""
    args = (contribution_id, language) if language else (contribution_id,)
    queue_job(current_app._get_current_object(), *args, job=JOB)


def _source_language(rows, source_hash: str) -> str | None:
    """The language detected before for this very text (a retry need not detect it again)."""
    return next((row.source_language for row in rows if row.source_hash == source_hash), None)


def _writer_language(event: ContributionEvent) -> str | None:
    return event.actor.language if event.actor is not None else None


def _translated(row: EventTranslation, event: ContributionEvent, text: str, translator: Translator) -> str:
    """The translation: reused when these exact words were translated before, else from the back end."""
    same = db.session.scalars(
        select(EventTranslation.text).where(
            EventTranslation.source_hash == row.source_hash,
            EventTranslation.source_language == row.source_language,
            EventTranslation.target_language == row.target_language,
            EventTranslation.state == "done",
            EventTranslation.event_id != event.id,
        )
    ).first()
    if same is not None:
        return same
    limit = int(current_app.config.get("TRANSLATE_CHUNK_CHARS", 1000))
    return " ".join(translator.translate(split_text(text, limit), row.source_language, row.target_language))


def missing_history() -> list[int]:
    """Contributions with a staff-written history text that has no translation yet.

    For ``flask translation backfill`` after set-up or an outage; the job itself decides, per
    text and language, what is still to make (a text all readers read as written has none).
    """
    events = db.session.scalars(select(ContributionEvent).where(ContributionEvent.kind.in_(TRANSLATED_FIELDS)))
    translated = set(db.session.scalars(select(EventTranslation.event_id).where(EventTranslation.state != "failed")))
    return sorted(
        {event.contribution_id for event in events if event.id not in translated and event_text(event) is not None}
    )
