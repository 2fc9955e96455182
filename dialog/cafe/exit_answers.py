"""The anonymous exit questionnaire: answers with no time, person or registration, and totals
with small groups hidden."""

from __future__ import annotations

from sqlalchemy import func, select

from ..core.participation import AGE_BANDS
from ..extensions import db
from .models import (
    GENDERS,
    HOME_LANGUAGES,
    CafeDialogue,
    CafeExitAnswer,
)

#: Exit-questionnaire totals below this are shown as "fewer than 5".
MIN_GROUP = 5


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
