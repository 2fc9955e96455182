"""Writes: make and store machine translations, record machine-made answer texts and reviews.

Nothing here sends text anywhere but the district's own back end (:mod:`.backend`), and
text that may hold personal data is not sent at all.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import delete, select

from ..accounts.models import User
from ..contributions.detectors import scan
from ..contributions.models import Contribution, ContributionAnswer
from ..contributions.operations import log_event
from ..core.models import utcnow
from ..extensions import db
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..themegroups.models import ThemeGroupMember
from .backend import Translator, Unavailable, Unsupported, get_translator
from .models import AnswerTranslation, ContributionTranslation, StaffLanguage
from .queue import queue_job
from .sentences import split_text, text_hash

log = logging.getLogger(__name__)

#: Fields of a contribution that are translated, in this order.
FIELDS = ("title", "place", "body")


def contribution_hash(contribution: Contribution) -> str:
    return text_hash(contribution.title, contribution.place, contribution.body)


def may_leave_text(contribution: Contribution, *, edited: bool | None = None) -> bool:
    """Whether the text may go to the translation server: no personal data in it.

    Text the personal-data check held goes only once a moderator has edited it (and the
    edited text no longer looks like personal data); otherwise never.
    """
    full_text = "\n".join(filter(None, (contribution.title, contribution.place, contribution.body)))
    personal, _abuse = scan(full_text)
    if personal:
        return False
    if contribution.moderation == "held":
        if edited is None:
            edited = any(e.kind == "edited" for e in contribution.events)
        return edited
    return True


def target_languages(contribution: Contribution) -> set[str]:
    """The languages a contribution is translated into: its readers' (below) but its own."""
    return reader_languages(contribution) - {contribution.language}


def reader_languages(contribution: Contribution) -> set[str]:
    """Swedish, the configured extra languages, and the languages of the staff who read it."""
    configured = {
        code.strip() for code in (current_app.config.get("TRANSLATE_TARGETS") or "").split(",") if code.strip()
    }
    group_ids = [route.theme_group_id for route in contribution.routes]
    staff = set()
    if group_ids:
        staff = set(
            db.session.scalars(
                select(User.language)
                .join(ThemeGroupMember, ThemeGroupMember.user_id == User.id)
                .where(ThemeGroupMember.theme_group_id.in_(group_ids))
                .distinct()
            )
        )
    return ({DEFAULT_LANGUAGE} | configured | staff) & set(LANGUAGES)


def translate_contribution(contribution_id: int, also: str | None = None) -> dict[str, str]:
    """The background job: translate a contribution into every target language it lacks.

    ``also``: one more language, for a staff member reading in it who asked for it.

    Stores one row per language (done or unsupported); on a server fault stores "failed"
    for the languages still missing, commits, and raises so the job queue retries.
    """
    translator = get_translator()
    contribution = db.session.get(Contribution, contribution_id)
    if translator is None or contribution is None:
        return {}
    if not may_leave_text(contribution):
        _forget(contribution.id)
        db.session.commit()
        return {}
    source_hash = contribution_hash(contribution)
    have = {
        row.target_language: row
        for row in db.session.scalars(
            select(ContributionTranslation).where(ContributionTranslation.contribution_id == contribution.id)
        )
    }
    outcome, fault = {}, None
    targets = target_languages(contribution)
    if also in LANGUAGES and also != contribution.language:
        targets.add(also)
    for target in sorted(targets):
        row = have.get(target)
        if row is not None and row.source_hash == source_hash and row.state != "failed":
            continue
        if row is None:
            row = ContributionTranslation(contribution_id=contribution.id, target_language=target)
            db.session.add(row)
        row.source_language, row.source_hash, row.backend = contribution.language, source_hash, translator.name
        row.created_at = utcnow()
        try:
            with db.session.no_autoflush:
                _fill(row, contribution, translator)
        except Unsupported:
            row.state, row.title, row.place, row.body = "unsupported", None, None, None
        except Unavailable as error:
            row.state, row.title, row.place, row.body = "failed", None, None, None
            fault = error
        outcome[target] = row.state
    db.session.commit()
    if fault is not None:
        raise fault
    return outcome


def queue_translation(contribution_id: int, language: str) -> None:
    """Queue the background job for one contribution, also into the asking staff member's language."""
    queue_job(current_app._get_current_object(), contribution_id, language)


def _fill(row: ContributionTranslation, contribution: Contribution, translator: Translator) -> None:
    """Translate the three fields in one call to the back end (long text in sentence pieces)."""
    same = db.session.scalars(
        select(ContributionTranslation).where(
            ContributionTranslation.source_hash == row.source_hash,
            ContributionTranslation.source_language == row.source_language,
            ContributionTranslation.target_language == row.target_language,
            ContributionTranslation.state == "done",
            ContributionTranslation.contribution_id != row.contribution_id,
        )
    ).first()
    if same is not None:  # these exact words were translated before: reuse, send nothing
        row.title, row.place, row.body, row.state = same.title, same.place, same.body, "done"
        return
    limit = int(current_app.config.get("TRANSLATE_CHUNK_CHARS", 1000))
    pieces, spans = [], []
    for name in FIELDS:
        text = getattr(contribution, name) or ""
        parts = split_text(text, limit) if text.strip() else []
        spans.append((name, len(pieces), len(pieces) + len(parts)))
        pieces.extend(parts)
    translated = translator.translate(pieces, contribution.language, row.target_language) if pieces else []
    for name, start, end in spans:
        setattr(row, name, " ".join(translated[start:end]) if end > start else None)
    row.state = "done"


def _forget(contribution_id: int) -> None:
    db.session.execute(
        delete(ContributionTranslation).where(ContributionTranslation.contribution_id == contribution_id)
    )


def forget_stale(contribution_id: int, current_hash: str) -> None:
    """Drop translations of a text that has changed (they may hold what a moderator removed)."""
    db.session.execute(
        delete(ContributionTranslation).where(
            ContributionTranslation.contribution_id == contribution_id,
            ContributionTranslation.source_hash != current_hash,
        )
    )


# --- Answers ---------------------------------------------------------------------------------


def draft_answer(contribution: Contribution, text: str, source: str = DEFAULT_LANGUAGE) -> str | None:
    """A machine-translated draft of ``text`` in the resident's language; None when not possible.

    Raises :class:`Unsupported` or :class:`Unavailable`, for the form to explain.
    """
    translator = get_translator()
    target = contribution.language
    if translator is None or target == source or not text.strip():
        return None
    limit = int(current_app.config.get("TRANSLATE_CHUNK_CHARS", 1000))
    return " ".join(translator.translate(split_text(text, limit), source, target))


def reads_language(user, language: str) -> bool:
    """Whether a staff member reads ``language`` (their own language, or one they listed)."""
    if user.language == language:
        return True
    return db.session.get(StaffLanguage, (user.id, language)) is not None


def record_answer_languages(
    answer: ContributionAnswer, *, machine: set[str], reviewed: set[str], actor, source: str = DEFAULT_LANGUAGE
) -> None:
    """After publishing: mark which languages are machine-made, and which a reader confirmed."""
    rows = {row.language: row for row in answer.machine_languages}
    for language, row in list(rows.items()):
        if language not in machine or not answer.body.get(language):
            answer.machine_languages.remove(row)
    for language in machine:
        if not answer.body.get(language):
            continue
        row = rows.get(language)
        if row is None:
            row = AnswerTranslation(language=language, source_language=source)
            answer.machine_languages.append(row)
        if language not in reviewed:
            row.reviewed_by, row.reviewed_at = None, None
        elif row.reviewed_at is None and reads_language(actor, language):
            row.reviewed_by, row.reviewed_at = actor, utcnow()
    db.session.flush()


def confirm_answer_language(answer: ContributionAnswer, language: str, actor) -> bool:
    """A staff member who reads the language confirms the machine-made answer text."""
    row = next((r for r in answer.machine_languages if r.language == language), None)
    if row is None or not reads_language(actor, language):
        return False
    row.reviewed_by, row.reviewed_at = actor, utcnow()
    log_event(answer.contribution, "answer_reviewed", actor, language=language)
    db.session.flush()
    return True


def set_staff_languages(user, languages: set[str]) -> None:
    db.session.execute(delete(StaffLanguage).where(StaffLanguage.user_id == user.id))
    for code in sorted(set(languages) & set(LANGUAGES)):
        db.session.add(StaffLanguage(user_id=user.id, language=code))
    db.session.flush()


# --- Data rights -----------------------------------------------------------------------------


def export_for_user(user_id: int) -> list[dict]:
    """The machine translations of a person's own contributions, for their data download."""
    rows = db.session.execute(
        select(ContributionTranslation, Contribution.receipt_code)
        .join(Contribution, Contribution.id == ContributionTranslation.contribution_id)
        .where(Contribution.author_id == user_id, ContributionTranslation.state == "done")
        .order_by(ContributionTranslation.contribution_id, ContributionTranslation.target_language)
    ).all()
    return [
        {
            "contribution": code,
            "language": row.target_language,
            "machine_translation": True,
            "title": row.title,
            "place": row.place,
            "text": row.body,
        }
        for row, code in rows
    ]


def erase_for_user(user_id: int) -> int:
    """Delete the machine translations of a person's contributions (account deletion)."""
    ids = select(Contribution.id).where(Contribution.author_id == user_id)
    result = db.session.execute(delete(ContributionTranslation).where(ContributionTranslation.contribution_id.in_(ids)))
    db.session.execute(delete(StaffLanguage).where(StaffLanguage.user_id == user_id))
    return result.rowcount or 0


def erase_for_contributions(contribution_ids) -> int:
    """Delete the translations of these contributions (retention: when their text goes)."""
    result = db.session.execute(
        delete(ContributionTranslation).where(ContributionTranslation.contribution_id.in_(contribution_ids))
    )
    return result.rowcount or 0
