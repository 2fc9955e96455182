"""Building café dialogues for the dialogue tests (shared by the hosting, set-up and harvest tests)."""

from __future__ import annotations

from datetime import timedelta

from dialog.cafe.models import CafeDialogue, CafeNote, CafeRound, CafeTable
from dialog.core.models import utcnow
from dialog.extensions import db


def t(sv: str, **others) -> dict:
    """A text in Swedish, English (a stand-in unless given) and any other languages given."""
    return {"sv": sv, "en": others.pop("en", sv + " (en)"), **others}


QUESTIONS = (
    t(
        "Hur är det att bo i Backa?",
        en="What is it like to live in Backa?",
        ar="كيف هي الحياة في باكا؟",
        so="Sidee tahay nolosha Backa?",
        fa="زندگی در باکا چطور است؟",
    ),
    t(
        "Hur kan vi tillsammans stärka tilliten?",
        en="How can we together strengthen trust?",
        ar="كيف يمكننا معاً تعزيز الثقة؟",
        so="Sidee wadajir u xoojin karnaa kalsoonida?",
        fa="چگونه می‌توانیم با هم اعتماد را تقویت کنیم؟",
    ),
)
THEMES = (
    t("Trygghet", en="Safety", ar="الأمان", so="Ammaanka", fa="امنیت"),
    t("Unga", en="Young people", ar="الشباب", so="Dhallinyarada", fa="جوانان"),
    t("Mötesplatser", en="Meeting places", ar="أماكن اللقاء", so="Goobaha kulanka", fa="محل‌های دیدار"),
)


def make_cafe_dialogue(
    session=None,
    group=None,
    area=None,
    *,
    state: str = "published",
    rounds: int = 2,
    tables: int = 3,
    starts_in: timedelta = timedelta(hours=-1),
    length: timedelta = timedelta(hours=2),
    capacity: int = 30,
    **fields,
) -> CafeDialogue:
    """A café dialogue with ``rounds`` rounds and ``tables`` tables, started an hour ago and
    ending in an hour (by default), owned by ``group`` in ``area``; committed."""
    session = session or db.session
    now = utcnow().replace(microsecond=0)
    starts_at = now + starts_in
    values = dict(
        theme_group_id=group.id,
        area_id=area.id,
        title=t(
            "Kafédialog i Backa",
            en="Café dialogue in Backa",
            ar="حوار المقهى في باكا",
            so="Wada-hadal kafee ee Backa",
            fa="گفتگوی کافه در باکا",
        ),
        purpose=t("Vi vill höra hur det är att bo i Backa."),
        feedback_promise=t("Du får en sammanfattning inom tre veckor."),
        starts_at=starts_at,
        ends_at=starts_at + length,
        place="Backa bibliotek",
        address="Backavägen 1, Göteborg",
        languages=["sv", "ar", "so"],
        interpretation=["ar"],
        capacity=capacity,
        state=state,
    )
    values.update(fields)
    dialogue = CafeDialogue(**values)
    for position in range(rounds):
        question = QUESTIONS[position] if position < len(QUESTIONS) else t(f"Fråga {position + 1}?")
        dialogue.rounds.append(CafeRound(position=position, question=question, minutes=20))
    for number in range(1, tables + 1):
        theme = THEMES[number - 1] if number <= len(THEMES) else t(f"Tema {number}")
        dialogue.tables.append(CafeTable(number=number, theme=theme, host_name=f"Värd {number}"))
    session.add(dialogue)
    session.commit()
    return dialogue


def add_note(
    table, round_, body: str = "En viktig sak", *, kind: str = "point", client_note_id: str | None = None, session=None
) -> CafeNote:
    """A host's note, stored directly (as if saved through the table link); committed."""
    import secrets

    session = session or db.session
    note = CafeNote(
        table_id=table.id,
        round_id=round_.id,
        kind=kind,
        body=body,
        language="sv",
        client_note_id=client_note_id or secrets.token_urlsafe(12),
    )
    session.add(note)
    session.commit()
    return note
