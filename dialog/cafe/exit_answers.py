"""The anonymous exit questionnaire: answers with no time, person or registration, and totals
with small groups hidden."""

from __future__ import annotations

from sqlalchemy import func, select

from ..core.disclosure import (  # noqa: F401  (MIN_GROUP, SUPPRESSED: shown by the views and tests)
    MIN_GROUP,
    SUPPRESSED,
    hide_small,
    protect,
)
from ..core.participation import AGE_BANDS
from ..extensions import db
from .models import (
    GENDERS,
    HOME_LANGUAGES,
    CafeDialogue,
    CafeExitAnswer,
)

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
    shown = {column: hide_small(rows) for column, rows in raw.items()}
    show_total = protect(shown, total)
    out = {"n": total if show_total else None, "answered": total > 0}
    for column, rows in shown.items():
        out[column] = [(key, count) for key, count in rows if key != "elsewhere"]
    out["elsewhere"] = next((count for key, count in shown["area_id"] if key == "elsewhere"), 0)
    return out
