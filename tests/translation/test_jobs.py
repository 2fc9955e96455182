"""Translations are made in the background when a contribution arrives, stored once per text."""

import time

import pytest
from sqlalchemy import func, select

from dialog.contributions.models import SOURCE_KINDS
from dialog.extensions import db
from dialog.moderation import operations as moderation
from dialog.themegroups.models import ThemeGroupMember
from dialog.translation.jobs import missing_translations
from dialog.translation.models import ContributionTranslation
from dialog.translation.operations import translate_contribution

from .helpers import contribute


def rows(contribution):
    return db.session.scalars(
        select(ContributionTranslation).where(ContributionTranslation.contribution_id == contribution.id)
    ).all()


@pytest.mark.parametrize("source_kind", sorted(SOURCE_KINDS))
def test_every_source_is_translated_on_arrival(stub, place, source_kind):
    c = contribute(place, "نحتاج إلى إضاءة في الطريق إلى المدرسة، فالأطفال يخافون في الشتاء.", source_kind=source_kind)
    [row] = rows(c)
    assert (row.state, row.target_language, row.source_language) == ("done", "sv", "ar")
    assert row.body == "Vi behöver belysning på vägen till skolan, barnen är rädda på vintern."
    assert row.backend == "libretranslate"


def test_staff_languages_are_targets_and_own_language_is_not(stub, place, factories):
    persian_reader = factories.staff(email="fa@example.org", language="fa")
    db.session.add(ThemeGroupMember(theme_group=place["trygg"], user=persian_reader, role="member"))
    db.session.commit()
    c = contribute(place, "ملعب", title="حديقة")
    assert {r.target_language for r in rows(c)} == {"sv", "fa"}
    swedish = contribute(place, "En park", language="sv")
    assert {r.target_language for r in rows(swedish)} == {"fa"}


def test_stored_once_per_text_and_language(stub, place):
    first = contribute(place, "ملعب مدرسة")
    assert stub.received == ["ملعب مدرسة"]
    translate_contribution(first.id)  # run again: nothing new is sent
    second = contribute(place, "ملعب مدرسة")  # the same words elsewhere: reused
    assert stub.received == ["ملعب مدرسة"]
    assert rows(second)[0].body == "lekplats skola"
    assert db.session.scalar(select(func.count()).select_from(ContributionTranslation)) == 2


def test_changed_text_is_translated_again(stub, place):
    c = contribute(place, "ملعب")
    old = rows(c)[0]
    assert old.body == "lekplats"
    moderation.edit_text(c, place["member"], title=None, body="مدرسة", place=None, reason="rättad")
    db.session.commit()
    [new] = rows(c)
    assert new.body == "skola"
    assert stub.received == ["ملعب", "مدرسة"]


def test_language_without_a_model_is_stored_as_unsupported(stub, place):
    c = contribute(place, "Waxaan rabaa beer carruureed", language="so")
    [row] = rows(c)
    assert row.state == "unsupported" and row.body is None
    assert stub.received == []


def test_held_personal_data_is_not_sent_until_edited_out(stub, place):
    c = contribute(place, "ملعب، اتصل بي 070-123 45 67")
    assert c.moderation == "held"
    assert rows(c) == [] and stub.received == []
    moderation.edit_text(c, place["member"], title=None, body="ملعب", place=None, reason="telefonnummer bort")
    db.session.commit()
    assert [r.body for r in rows(c)] == ["lekplats"]
    assert stub.received == ["ملعب"]


def test_approving_held_text_without_editing_sends_nothing(stub, place):
    c = contribute(place, "مدرسة 19811218-9876 ملعب")
    moderation.approve(c, place["member"])
    db.session.commit()
    translate_contribution(c.id)
    assert rows(c) == [] and stub.received == []


def test_long_text_is_split_at_sentence_boundaries(app, stub, place):
    app.config["TRANSLATE_CHUNK_CHARS"] = 40
    text = "ملعب جديد هنا. " * 8
    c = contribute(place, text.strip())
    assert len(stub.received) > 1 and all(len(piece) <= 40 for piece in stub.received)
    assert all(piece.endswith(".") for piece in stub.received)
    assert rows(c)[0].state == "done"


def test_server_down_keeps_the_contribution_and_retries(stub, place):
    stub.down = True
    c = contribute(place, "ملعب")
    assert c.id and rows(c)[0].state == "failed"  # every retry failed, the contribution is kept
    stub.down = False
    assert missing_translations() == [c.id]
    translate_contribution(c.id)
    assert rows(c)[0].state == "done" and missing_translations() == []


def test_a_passing_fault_is_retried(stub, place):
    stub.fail_next = 2
    c = contribute(place, "ملعب")
    assert rows(c)[0].body == "lekplats"
    assert stub.translate_calls == 3


def test_without_a_backend_nothing_happens(place):
    c = contribute(place, "ملعب")
    assert rows(c) == []
    assert translate_contribution(c.id) == {}


def test_without_redis_jobs_run_on_a_pool_of_their_own(app, stub, place):
    from dialog.translation import queue

    app.config["JOBS_INLINE"] = False
    try:
        c = contribute(place, "ملعب")
        queue._thread_pool().submit(lambda: None).result(timeout=10)  # after the job, in order
        for _ in range(50):  # the pool has two threads: wait for the job's commit
            db.session.expire_all()
            if rows(c):
                break
            time.sleep(0.1)
        assert [r.body for r in rows(c)] == ["lekplats"]
    finally:
        app.config["JOBS_INLINE"] = True
