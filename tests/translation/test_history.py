"""Staff read the history's staff-written texts (notes, reasons) in their language: labelled as a
machine translation, the original a click away, made in the job queue, never the edited-out original."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dialog.contributions import operations as contribution_ops
from dialog.contributions.models import ContributionEvent
from dialog.core.language import written_language
from dialog.extensions import db
from dialog.moderation import operations as moderation
from dialog.themegroups.models import ThemeGroupMember
from dialog.translation.backend import get_translator
from dialog.translation.history import event_text, missing_history, translate_history
from dialog.translation.models import EventTranslation

from .helpers import contribute

NOTE = "Ringde skolan, de återkommer på måndag med ett svar om belysningen."


def member_of(place, factories, language, email=None):
    user = factories.staff(email=email or f"{language}@example.org", language=language)
    db.session.add(ThemeGroupMember(theme_group=place["trygg"], user=user, role="member"))
    db.session.commit()
    return user


@pytest.fixture
def readers(place, factories):
    """The Swedish lead of the group, and colleagues whose language is English and Arabic."""
    return {"sv": place["member"], "en": member_of(place, factories, "en"), "ar": member_of(place, factories, "ar")}


def swedish_contribution(place, stub=None):
    """A Swedish contribution (itself translated on arrival: the test server's record is cleared)."""
    contribution = contribute(place, "Bättre belysning vid skolan", language="sv")
    if stub is not None:
        stub.received.clear()
        stub.translate_calls = 0
    return contribution


@pytest.fixture
def read_as(client, login):
    """Log a staff member in, reading the pages in their own language."""

    def do(user):
        client.post("/account/logout")  # the login page sends a logged-in user on
        login(user)
        client.set_cookie("dialog_lang", user.language, domain="dialog.test")
        return user

    return do


def rows(event_id):
    return db.session.scalars(
        select(EventTranslation).where(EventTranslation.event_id == event_id).order_by(EventTranslation.target_language)
    ).all()


def write_note(client, contribution, text):
    response = client.post(f"/inbox/contributions/{contribution.id}/note", data={"note-text": text})
    assert response.status_code == 302
    return db.session.scalars(
        select(ContributionEvent)
        .where(ContributionEvent.contribution_id == contribution.id, ContributionEvent.kind == "note")
        .order_by(ContributionEvent.id.desc())
    ).first()


def detail(client, contribution):
    response = client.get(f"/inbox/contributions/{contribution.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_swedish_note_is_read_in_english_and_arabic_labelled_with_the_original(client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    note = write_note(client, c, NOTE)
    own = detail(client, c)
    assert f'<span class="note-text" lang="sv" dir="auto">{NOTE}</span>' in own  # the writer's own language
    assert "machine-label" not in own and "machine-note" not in own

    read_as(readers["en"])
    html = detail(client, c)
    assert (
        '<span class="machine-label">Machine translation</span> '
        f'<span class="note-text" lang="en" dir="ltr">[en] {NOTE}</span>'
    ) in html
    assert (
        '<details class="original-text"><summary>Show the original in Swedish</summary>'
        f'<span lang="sv" dir="auto">{NOTE}</span></details>'
    ) in html

    read_as(readers["ar"])
    html = detail(client, c)
    assert f'<span class="note-text" lang="ar" dir="rtl">[ar] {NOTE}</span>' in html
    assert '<details class="original-text">' in html and f'<span lang="sv" dir="auto">{NOTE}</span>' in html
    assert [(r.target_language, r.source_language, r.state) for r in rows(note.id)] == [
        ("ar", "sv", "done"),
        ("en", "sv", "done"),
    ]


def test_reasons_are_translated_too(client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    status = {"status-status": "looking", "status-reason": "Vi tittar på det i vår"}
    assert client.post(f"/inbox/contributions/{c.id}/status", data=status).status_code == 302
    moderation.hide(c, readers["sv"], "Innehåller en anklagelse mot en granne")
    db.session.commit()
    read_as(readers["en"])
    html = detail(client, c)
    assert '<span class="event-reason" lang="en" dir="ltr">[en] Vi tittar på det i vår</span>' in html
    assert '<span class="event-reason" lang="en" dir="ltr">[en] Innehåller en anklagelse mot en granne</span>' in html


def test_a_note_is_stored_once_per_language_and_the_same_words_are_reused(client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    note = write_note(client, c, NOTE)
    assert sorted(stub.received) == [NOTE, NOTE]  # into English and Arabic, once each
    assert translate_history(c.id) == {}  # run again: nothing to make, nothing sent
    other = swedish_contribution(place)  # the same text as c: reused too
    copied = write_note(client, other, NOTE)  # the same words on another contribution: reused
    assert sorted(stub.received) == [NOTE, NOTE]
    assert [r.text for r in rows(copied.id)] == [r.text for r in rows(note.id)]
    assert db.session.scalar(select(func.count()).select_from(EventTranslation)) == 4


def test_a_changed_text_is_translated_again(client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    note = write_note(client, c, NOTE)
    note.data = {"text": "Skolan har svarat: lampor kommer i mars."}
    db.session.commit()
    assert {r.text for r in rows(note.id)} == {
        "[en] Skolan har svarat: lampor kommer i mars.",
        "[ar] Skolan har svarat: lampor kommer i mars.",
    }
    read_as(readers["en"])
    html = detail(client, c)
    assert "[en] Skolan har svarat" in html and f"[en] {NOTE}" not in html


def test_server_down_serves_the_original_and_the_job_is_retried(app, client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    stub.down = True
    read_as(readers["sv"])
    note = write_note(client, c, NOTE)
    assert note is not None and {r.state for r in rows(note.id)} == {"failed"}  # every retry failed; kept
    read_as(readers["en"])
    html = detail(client, c)
    assert f'<span class="note-text" lang="sv" dir="auto">{NOTE}</span>' in html
    assert "The translation server did not answer." in html
    assert '<span class="machine-label">Machine translation</span> <span class="note-text"' not in html
    stub.down = False
    assert missing_history() == [c.id]
    result = app.test_cli_runner().invoke(args=["translation", "backfill"])  # once the server answers
    assert "1 histories" in result.output, result.output
    assert {r.state for r in rows(note.id)} == {"done"} and missing_history() == []
    assert f"[en] {NOTE}" in detail(client, c)


def test_a_passing_fault_is_retried_by_the_job_queue(client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    stub.fail_next = 1
    note = write_note(client, c, NOTE)
    assert {r.state for r in rows(note.id)} == {"done"}
    assert stub.translate_calls == 3  # the failed call, then English and Arabic on the retry


def test_the_page_never_waits_for_the_server(app, client, stub, place, readers, read_as, monkeypatch):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    write_note(client, c, NOTE)
    client.post(f"/inbox/contributions/{c.id}/note", data={"note-text": "En anteckning till, på svenska"})
    translator = get_translator(app)

    def no_calls(*args, **kwargs):
        raise AssertionError("the page asked the translation server")

    monkeypatch.setattr(translator, "_call", no_calls)
    read_as(readers["en"])
    client.set_cookie("dialog_lang", "fa", domain="dialog.test")  # nobody's language: not made yet
    html = detail(client, c)
    assert f'<span class="note-text" lang="sv" dir="auto">{NOTE}</span> <span class="machine-note">' in html


def test_the_edited_original_is_never_sent(client, stub, place, readers, read_as):
    original = {"title": "عنوان قديم خاص", "body": "اتصل بي 070-123 45 67 عند البيت الأزرق", "place": "الشارع الخلفي"}
    c = contribution_ops.create_contribution(
        source_kind="idea",
        area=place["backa"],
        topics=[place["safety"]],
        title=original["title"],
        body=original["body"],
        place=original["place"],
        language="ar",
        consent_publish=True,
    )
    db.session.commit()
    assert c.moderation == "held" and stub.received == []
    moderation.edit_text(c, readers["en"], title=None, body="ملعب", place=None, reason="Removed the phone number")
    db.session.commit()
    [edited] = [e for e in c.events if e.kind == "edited"]
    assert edited.data["original"] == original  # kept for moderators …
    assert event_text(edited) == "Removed the phone number"  # … but only the reason is translated
    assert "Removed the phone number" in stub.received  # the history job ran and sent the reason
    for sent in stub.received:
        for words in original.values():
            assert words not in sent
        assert not any(word in sent for word in ("070", "الأزرق", "الخلفي", "قديم", "خاص"))
    read_as(readers["sv"])
    html = detail(client, c)
    assert '<span class="event-reason" lang="sv" dir="ltr">[sv] Removed the phone number</span>' in html
    assert "البيت الأزرق" in html  # the original is still there for moderators, as written


def test_a_note_with_personal_data_is_not_sent(client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    note = write_note(client, c, "Ring henne på 070-123 45 67 i morgon")
    assert stub.received == [] and rows(note.id) == []
    read_as(readers["en"])
    html = detail(client, c)
    assert '<span class="note-text" dir="auto">Ring henne på 070-123 45 67 i morgon</span>' in html


def test_a_language_the_server_lacks_is_said_and_a_missing_one_can_be_asked_for(
    client, stub, place, readers, factories, read_as
):
    c = swedish_contribution(place, stub)
    somali = member_of(place, factories, "so")
    read_as(readers["sv"])
    note = write_note(client, c, NOTE)
    assert {r.target_language: r.state for r in rows(note.id)}["so"] == "unsupported"
    read_as(somali)
    html = detail(client, c)
    assert f'<span class="note-text" lang="sv" dir="auto">{NOTE}</span> <span class="machine-note">' in html
    # Persian is nobody's language in the group: not made yet, said so, and can be asked for.
    read_as(readers["en"])
    client.set_cookie("dialog_lang", "fa", domain="dialog.test")
    html = detail(client, c)
    assert f'<span class="note-text" lang="sv" dir="auto">{NOTE}</span> <span class="machine-note">' in html
    assert "translate-now" in html
    assert client.post(f"/inbox/contributions/{c.id}/translate").status_code == 302
    html = detail(client, c)
    assert f'<span class="note-text" lang="fa" dir="rtl">[fa] {NOTE}</span>' in html and "translate-now" not in html


def test_without_a_backend_the_history_looks_as_before(client, place, readers, read_as):
    c = swedish_contribution(place)
    read_as(readers["sv"])
    note = write_note(client, c, NOTE)
    assert rows(note.id) == []
    read_as(readers["en"])
    html = detail(client, c)
    assert f'<span class="note-text" dir="auto">{NOTE}</span>' in html and "machine-" not in html


def test_permissions_are_unchanged(client, stub, place, readers, factories, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    write_note(client, c, NOTE)
    outsider = factories.staff(email="outsider@example.org", language="en")
    read_as(outsider)  # staff, but of no group the contribution is routed to
    assert client.get(f"/inbox/contributions/{c.id}").status_code == 403
    assert client.post(f"/inbox/contributions/{c.id}/translate").status_code == 403
    resident = factories.user(email="resident@example.org", language="en")
    read_as(resident)
    assert client.get(f"/inbox/contributions/{c.id}").status_code in (302, 403)
    client.post("/account/logout")
    public = client.get(f"/follow/{c.display_receipt_code}").get_data(as_text=True)
    assert NOTE not in public and "[en]" not in public


def test_deleting_a_contribution_deletes_its_history_translations(client, stub, place, readers, read_as):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    note = write_note(client, c, NOTE)
    assert rows(note.id)
    db.session.delete(c)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(EventTranslation)) == 0


@pytest.mark.parametrize(
    ("text", "writer", "language"),
    [
        (NOTE, "en", "sv"),
        ("Called the school, they will answer on Monday.", "sv", "en"),
        ("اتصلت بالمدرسة وسيردون يوم الاثنين", "sv", "ar"),
        ("OK", "en", "en"),  # too short to tell: the writer's language
    ],
)
def test_the_language_of_a_staff_text_is_detected(text, writer, language):
    assert written_language(text, writer) == language


def test_the_page_queries_do_not_grow_with_the_history(client, stub, place, readers, read_as, count_queries):
    c = swedish_contribution(place, stub)
    read_as(readers["sv"])
    write_note(client, c, NOTE)
    read_as(readers["en"])

    def run():
        db.session.expire_all()
        with count_queries() as statements:
            assert f"[en] {NOTE}" in detail(client, c)
        return len(statements)

    one = run()
    for i in range(9):
        contribution_ops.add_note(c, f"Anteckning nummer {i} om skolvägen", readers["sv"])
        db.session.commit()
    ten = run()
    assert db.session.scalar(select(func.count()).select_from(EventTranslation)) == 20
    assert ten == one
