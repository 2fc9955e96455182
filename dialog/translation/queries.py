"""Reads: what staff see of a contribution in their language, for a whole page in one query."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..contributions.detectors import scan
from ..contributions.models import Contribution
from ..extensions import db
from .backend import get_translator
from .history import event_text
from .models import ContributionTranslation, EventTranslation, StaffLanguage
from .sentences import text_hash


@dataclass(frozen=True)
class StaffReading:
    """How a contribution is shown to a staff member reading ``language``.

    ``state``: original (written in the reader's language, or no machine translation
    configured), done, unsupported, failed (the server did not answer; retried), pending
    (not made yet) or withheld (may hold personal data: not sent to any server).
    """

    state: str
    language: str
    source_language: str
    title: str | None = None
    place: str | None = None
    body: str | None = None

    @property
    def translated(self) -> bool:
        return self.state == "done"

    def text(self, contribution: Contribution) -> str:
        """The title, or the start of the text, in the reader's language when translated."""
        if self.translated:
            return self.title or self.body or ""
        return contribution.title or contribution.body


def readings(contributions: list[Contribution], language: str) -> dict[int, StaffReading]:
    """One :class:`StaffReading` per contribution, with one query for the whole list."""
    if not contributions:
        return {}
    translator = get_translator()
    rows = {}
    foreign = [c.id for c in contributions if c.language != language]
    if foreign:
        rows = {
            row.contribution_id: row
            for row in db.session.scalars(
                select(ContributionTranslation).where(
                    ContributionTranslation.contribution_id.in_(foreign),
                    ContributionTranslation.target_language == language,
                )
            )
        }
    return {c.id: _reading(c, rows.get(c.id), language, translator) for c in contributions}


def _reading(contribution: Contribution, row, language: str, translator) -> StaffReading:
    base = {"language": language, "source_language": contribution.language}
    if contribution.language == language:
        return StaffReading("original", **base)
    current = row is not None and row.source_hash == text_hash(
        contribution.title, contribution.place, contribution.body
    )
    if current and row.state == "done":
        return StaffReading("done", title=row.title, place=row.place, body=row.body, **base)
    if current and row.state == "unsupported":
        return StaffReading("unsupported", **base)
    if translator is None:
        return StaffReading("original", **base)
    if translator.known_support(contribution.language, language) is False:
        return StaffReading("unsupported", **base)
    full_text = "\n".join(filter(None, (contribution.title, contribution.place, contribution.body)))
    if contribution.moderation == "held" or scan(full_text)[0]:
        return StaffReading("withheld", **base)
    if current and row.state == "failed":
        return StaffReading("failed", **base)
    return StaffReading("pending", **base)


def reading(contribution: Contribution, language: str) -> StaffReading:
    return readings([contribution], language)[contribution.id]


@dataclass(frozen=True)
class EventReading:
    """How a staff-written text in the history (a note, a reason) is shown to a reader of ``language``.

    ``state``: original (no translation: written in the reader's language, not known yet, or
    not sent because it looks like personal data), done, unsupported, failed (the server did
    not answer; retried) or pending (made for colleagues, not yet in this language).
    """

    state: str
    language: str
    original: str
    source_language: str | None = None
    text: str | None = None

    @property
    def translated(self) -> bool:
        return self.state == "done"


def history_readings(contribution: Contribution, language: str) -> dict[int, EventReading]:
    """One :class:`EventReading` per history entry with a staff-written text, in one query.

    Never asks the translation server: what is not stored yet is shown as the original.
    """
    texts = {event.id: text for event in contribution.events if (text := event_text(event)) is not None}
    translator = get_translator()
    if not texts or translator is None:
        return {}
    current: dict[int, dict[str, EventTranslation]] = {}
    for row in db.session.scalars(select(EventTranslation).where(EventTranslation.event_id.in_(texts))):
        if row.source_hash == text_hash(texts[row.event_id]):
            current.setdefault(row.event_id, {})[row.target_language] = row
    return {ident: _event_reading(text, current.get(ident, {}), language, translator) for ident, text in texts.items()}


def _event_reading(original: str, rows: dict[str, EventTranslation], language: str, translator) -> EventReading:
    row = rows.get(language)
    if row is None:
        # Made for colleagues in other languages: the text is known to be in another language.
        source = next((r.source_language for r in rows.values()), None)
        if source is None or source == language:
            return EventReading("original", language, original, source)
        if translator.known_support(source, language) is False:
            return EventReading("unsupported", language, original, source)
        return EventReading("pending", language, original, source)
    base = {"language": language, "original": original, "source_language": row.source_language}
    if row.state == "done":
        return EventReading("done", text=row.text, **base)
    return EventReading(row.state, **base)


def staff_languages(user) -> set[str]:
    """The languages a staff member said they read (besides their own)."""
    return set(db.session.scalars(select(StaffLanguage.language).where(StaffLanguage.user_id == user.id)))
