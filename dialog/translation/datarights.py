"""The translation store's part of a person's data: "Download my data" and "Delete my account".

Deleting a contribution deletes its translations (a foreign key with ON DELETE CASCADE), and a
changed or redacted text drops its old translations in the same transaction (:mod:`.events`), so
retention rules that delete or redact contributions cover the store without more wiring.
The translations of the history's staff-written texts (``contribution_event_translations``) refer
to a history entry, not to a person: they go with their entry (ON DELETE CASCADE, and so with the
contribution), and the entry's writer is covered by the contributions' holding.
"""

from __future__ import annotations

from sqlalchemy import update

from ..core.data_rights import Holding, register
from ..extensions import db
from .models import AnswerTranslation
from .operations import erase_for_user, export_for_user


def export(user) -> list[dict]:
    return export_for_user(user.id)


def erase(user) -> list[str]:
    # Before the contributions' holding: the translations are found through the author.
    erase_for_user(user.id)
    db.session.execute(
        update(AnswerTranslation)
        .where(AnswerTranslation.reviewed_by_id == user.id)
        .values(reviewed_by_id=None)
        .execution_options(synchronize_session=False)
    )
    return []


HOLDING = register(
    Holding(
        name="machine_translations",
        export=export,
        erase=erase,
        covers=frozenset({"staff_languages.user_id", "answer_translations.reviewed_by_id"}),
        order=10,
    )
)
