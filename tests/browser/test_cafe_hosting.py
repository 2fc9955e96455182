"""A café dialogue table host on a phone: notes for two rounds through the table link, one save
made while the server cannot be reached (stored exactly once after reconnecting), the plain form
without JavaScript, participants' proposals, staff posters, and axe-core in all five languages."""

from __future__ import annotations

from datetime import UTC

import pytest

from .conftest import (
    LANGUAGES,
    RTL,
    assert_lang_dir,
    assert_no_axe_violations,
    click_through,
    login,
    screenshot,
    set_language,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


def _make(live_server, **kw) -> dict:
    from sqlalchemy import select

    from dialog.areas.models import Area
    from dialog.cafe import links
    from dialog.extensions import db
    from dialog.themegroups.models import ThemeGroup

    from ..cafe.helpers import make_cafe_dialogue

    with live_server.app.app_context():
        area = db.session.scalars(select(Area).where(Area.slug == "backa")).one()
        group = db.session.scalars(select(ThemeGroup).where(ThemeGroup.slug == "trygg-i-norra-hisingen")).one()
        dialogue = make_cafe_dialogue(db.session, group, area, **kw)
        return {
            "id": dialogue.id,
            "rounds": [r.id for r in dialogue.rounds],
            "tables": [t.id for t in dialogue.tables],
            "host": [f"{live_server.url}/cafe/table/{links.table_token(t)}" for t in dialogue.tables],
            "event": f"{live_server.url}/cafe/{links.event_token(dialogue)}/proposal",
        }


@pytest.fixture
def cafe(live_server):
    """A fresh café dialogue (started an hour ago) for each test: notes never mix."""
    return _make(live_server)


def stored_notes(live_server, table_id: int, body: str | None = None) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from dialog.cafe.models import CafeNote
    from dialog.extensions import db

    with live_server.app.app_context():
        query = select(CafeNote.round_id, CafeNote.body).where(CafeNote.table_id == table_id)
        if body is not None:
            query = query.where(CafeNote.body == body)
        return [tuple(row) for row in db.session.execute(query.order_by(CafeNote.id))]


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def note_item(page, round_id: int, body: str):
    return page.locator(f"[data-round-notes='{round_id}'] .host-note", has_text=body)


def write_note(page, round_id: int, body: str, kind: str = "point") -> None:
    page.check(f"#round{round_id}-kind-{ {'point': 0, 'quote': 1, 'proposal': 2}[kind] }")
    page.fill(f"#round{round_id}-body", body)
    click_through(page, f"#round-{round_id} form button[type=submit]")


def pending_in_storage(page) -> int:
    return page.evaluate(
        """() => Object.keys(localStorage).filter(k => k.startsWith('dialog-host-notes:'))
                 .reduce((n, k) => n + JSON.parse(localStorage.getItem(k)).length, 0)"""
    )


def saved(page, round_id: int, body: str) -> None:
    item = note_item(page, round_id, body)
    item.locator(".host-note-status a").wait_for()
    assert "host-note-pending" not in (item.get_attribute("class") or "")


def test_host_writes_two_rounds_on_a_phone_with_a_dropped_connection(live_server, context_factory, cafe):
    context = context_factory(viewport=PHONE)
    set_language(context, live_server.url, "sv")
    page = context.new_page()
    page.goto(cafe["host"][0])
    assert_lang_dir(page, "sv")
    no_sideways_scroll(page)
    table = cafe["tables"][0]
    first, second = cafe["rounds"]

    # Round 1, connection fine.
    write_note(page, first, "Belysningen vid gångvägen är dålig")
    saved(page, first, "Belysningen vid gångvägen är dålig")
    assert page.input_value(f"#round{first}-body") == ""

    # Round 1 again, while the phone has no connection: kept on the phone, shown as not sent.
    context.set_offline(True)
    write_note(page, first, "”Jag går aldrig ut efter nio”", kind="quote")
    pending = note_item(page, first, "Jag går aldrig ut efter nio")
    pending.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.host-note-pending .host-note-status') && "
        "document.querySelector('.host-note-pending .host-note-status').textContent.length > 5"
    )
    assert "host-note-pending" in pending.get_attribute("class")
    assert pending_in_storage(page) == 1
    assert stored_notes(live_server, table, "”Jag går aldrig ut efter nio”") == []
    no_sideways_scroll(page)
    screenshot(page, "cafe-host-offline-sv-phone")
    context.set_offline(False)  # the 'online' event sends it
    saved(page, first, "Jag går aldrig ut efter nio")
    assert pending_in_storage(page) == 0
    assert stored_notes(live_server, table, "”Jag går aldrig ut efter nio”") == [
        (first, "”Jag går aldrig ut efter nio”")
    ]

    # Round 2: the server stores the note but the answer never arrives (the connection drops
    # on the way back); the phone sends it again and the server keeps one copy.
    dropped = []

    def drop_answer_once(route):
        if not dropped:
            route.fetch()  # reaches the server …
            dropped.append(route.request.url)
            route.abort("connectionreset")  # … but the phone never hears back
        else:
            route.continue_()

    page.route("**/rounds/*/notes", drop_answer_once)
    write_note(page, second, "Förslag: en fritidsgård som är öppen på helgen", kind="proposal")
    page.wait_for_function("() => document.querySelector('.host-note-pending') !== null")
    saved(page, second, "Förslag: en fritidsgård")  # resent within 5 seconds
    assert dropped and f"/rounds/{second}/notes" in dropped[0]
    page.unroute("**/rounds/*/notes")
    assert stored_notes(live_server, table, "Förslag: en fritidsgård som är öppen på helgen") == [
        (second, "Förslag: en fritidsgård som är öppen på helgen")
    ]
    assert pending_in_storage(page) == 0

    # After a reload every note is there exactly once, under its round.
    page.reload()
    assert note_item(page, first, "Belysningen").count() == 1
    assert note_item(page, first, "Jag går aldrig ut").count() == 1
    assert note_item(page, second, "fritidsgård").count() == 1
    assert len(stored_notes(live_server, table)) == 3
    no_sideways_scroll(page)
    screenshot(page, "cafe-host-notes-sv-phone")


def test_the_note_language_is_sent_and_offered_for_the_next_notes(live_server, context_factory, cafe):
    from sqlalchemy import select

    from dialog.cafe.models import CafeNote
    from dialog.extensions import db

    context = context_factory(viewport=PHONE)
    set_language(context, live_server.url, "sv")
    page = context.new_page()
    page.goto(cafe["host"][2])
    first, second = cafe["rounds"]
    page.select_option(f"#round{first}-language", "so")
    write_note(page, first, "Jidka waa mugdi habeenkii")
    saved(page, first, "Jidka waa mugdi habeenkii")
    assert note_item(page, first, "Jidka waa mugdi").locator(".host-note-body").get_attribute("lang") == "so"
    assert page.input_value(f"#round{second}-language") == "so"  # offered for the next notes
    with live_server.app.app_context():
        note = db.session.scalars(select(CafeNote).where(CafeNote.body == "Jidka waa mugdi habeenkii")).one()
        assert note.language == "so"


def test_notes_kept_on_the_phone_are_sent_on_the_next_visit(live_server, context_factory, cafe):
    context = context_factory(viewport=PHONE)
    page = context.new_page()
    page.goto(cafe["host"][1])
    round_id = cafe["rounds"][0]
    context.set_offline(True)
    write_note(page, round_id, "Skrivet utan nät")
    note_item(page, round_id, "Skrivet utan nät").wait_for()
    assert pending_in_storage(page) == 1
    page.close()  # the host closes the browser before the connection is back
    context.set_offline(False)
    page = context.new_page()
    page.goto(cafe["host"][1])
    saved(page, round_id, "Skrivet utan nät")
    assert note_item(page, round_id, "Skrivet utan nät").count() == 1
    assert stored_notes(live_server, cafe["tables"][1]) == [(round_id, "Skrivet utan nät")]


def test_too_long_note_is_given_back_to_fix(live_server, context_factory, cafe):
    page = context_factory(viewport=PHONE).new_page()
    page.goto(cafe["host"][2])
    round_id = cafe["rounds"][0]
    text = "Lång text. " * 200
    # The field says maxlength=2000 (the browser stops typing there); a pasted text in an older
    # browser is not stopped, so take the limit away to check what the page does then.
    page.eval_on_selector(f"#round{round_id}-body", "el => el.removeAttribute('maxlength')")
    write_note(page, round_id, text)
    error = page.locator(f"#round{round_id}-body-error")
    error.wait_for()
    assert "2000" in error.inner_text()
    assert page.get_attribute(f"#round{round_id}-body", "aria-invalid") == "true"
    assert page.input_value(f"#round{round_id}-body") == text
    assert page.locator(".host-note").count() == 0
    assert pending_in_storage(page) == 0
    assert stored_notes(live_server, cafe["tables"][2]) == []


def test_note_refused_by_the_server_is_given_back(live_server, context_factory, cafe):
    """A note the server cannot take (here: broken characters) is not kept as pending forever:
    the text comes back into the field with the server's message."""
    page = context_factory(viewport=PHONE).new_page()
    page.goto(cafe["host"][2])
    round_id = cafe["rounds"][1]
    write_note(page, round_id, "Trasig \ufffd text", kind="quote")
    error = page.locator(f"#round{round_id}-body-error")
    error.wait_for()
    assert error.inner_text()
    assert page.input_value(f"#round{round_id}-body") == "Trasig \ufffd text"
    assert page.is_checked(f"#round{round_id}-kind-1")
    assert page.locator(".host-note").count() == 0
    assert pending_in_storage(page) == 0
    # Fixed and sent again: saved, and the error is gone.
    write_note(page, round_id, "Hel text", kind="quote")
    saved(page, round_id, "Hel text")
    assert page.locator(f"#round{round_id}-body-error").count() == 0
    assert stored_notes(live_server, cafe["tables"][2]) == [(round_id, "Hel text")]


def test_note_for_a_removed_round_is_kept_and_the_others_still_go(live_server, context_factory, cafe):
    """A queued note the server refuses for good (its round was removed: 404) is marked as not
    saved with the reason, stays on the phone, and the notes queued after it are still sent."""
    from dialog.cafe import operations as cafe_ops
    from dialog.cafe.models import CafeDialogue, CafeRound
    from dialog.extensions import db

    context = context_factory(viewport=PHONE)
    set_language(context, live_server.url, "en")
    page = context.new_page()
    page.goto(cafe["host"][1])
    first, second = cafe["rounds"]
    context.set_offline(True)
    write_note(page, first, "Skrivet i en runda som tas bort")
    note_item(page, first, "Skrivet i en runda som tas bort").wait_for()
    write_note(page, second, "Skrivet efteråt")
    note_item(page, second, "Skrivet efteråt").wait_for()
    assert pending_in_storage(page) == 2
    with live_server.app.app_context():
        dialogue = db.session.get(CafeDialogue, cafe["id"])
        assert cafe_ops.delete_round(dialogue, db.session.get(CafeRound, first))
        db.session.commit()
    context.set_offline(False)  # the 'online' event sends both, in order
    saved(page, second, "Skrivet efteråt")
    failed = note_item(page, first, "Skrivet i en runda som tas bort")
    page.wait_for_function("() => document.querySelector('.host-note-failed') !== null")
    assert "host-note-failed" in failed.get_attribute("class")
    status = failed.locator(".host-note-status").inner_text()
    assert "Not saved" in status and "not part of this café dialogue" in status
    assert pending_in_storage(page) == 1  # the refused one is still on the phone
    assert stored_notes(live_server, cafe["tables"][1]) == [(second, "Skrivet efteråt")]
    # On the next visit it is shown apart (its round is gone) and not sent again.
    page.reload()
    kept = page.locator("[data-host-failed] .host-note", has_text="Skrivet i en runda som tas bort")
    kept.wait_for()
    assert "Not saved" in kept.locator(".host-note-status").inner_text()
    page.wait_for_timeout(5500)  # one resend interval
    assert pending_in_storage(page) == 1
    assert stored_notes(live_server, cafe["tables"][1]) == [(second, "Skrivet efteråt")]


def test_without_javascript_the_plain_form_saves(live_server, context_factory, cafe):
    context = context_factory(viewport=PHONE, java_script_enabled=False)
    set_language(context, live_server.url, "fa")
    page = context.new_page()
    page.goto(cafe["host"][0])
    assert_lang_dir(page, "fa")
    first, second = cafe["rounds"]
    write_note(page, first, "روشنایی بیشتر در پارک")
    page.wait_for_load_state()
    assert page.url.endswith(f"#round-{first}")
    assert note_item(page, first, "روشنایی بیشتر در پارک").count() == 1
    # Too long: the page again with the error next to the field and the text kept.
    long_text = "متن طولانی " * 200
    page.eval_on_selector(f"#round{second}-body", "el => el.removeAttribute('maxlength')")
    write_note(page, second, long_text, kind="quote")
    page.wait_for_load_state()
    assert page.locator(f"#round{second}-body-error").is_visible()
    assert page.input_value(f"#round{second}-body") == long_text.strip()
    assert page.is_checked(f"#round{second}-kind-1")
    no_sideways_scroll(page)
    screenshot(page, "cafe-host-error-fa-phone-nojs")
    # Going back and sending the same page again stores nothing new.
    assert stored_notes(live_server, cafe["tables"][0]) == [(first, "روشنایی بیشتر در پارک")]


def test_revoked_link_shows_only_the_notes_kept_on_the_phone(live_server, context_factory, cafe):
    from datetime import datetime

    from dialog.cafe.models import CafeTable
    from dialog.extensions import db

    context = context_factory(viewport=PHONE)
    page = context.new_page()
    page.goto(cafe["host"][1])
    context.set_offline(True)
    write_note(page, cafe["rounds"][1], "Inte skickat ännu")
    note_item(page, cafe["rounds"][1], "Inte skickat ännu").wait_for()
    with live_server.app.app_context():
        db.session.get(CafeTable, cafe["tables"][1]).link_revoked_at = datetime.now(UTC)
        db.session.commit()
    context.set_offline(False)
    response = page.goto(cafe["host"][1])
    assert response.status == 410
    page.locator("[data-host-unsent]").wait_for()
    assert page.locator("[data-unsent-list] .host-note", has_text="Inte skickat ännu").count() == 1
    assert stored_notes(live_server, cafe["tables"][1]) == []


def test_participant_sends_a_proposal_on_a_phone(live_server, context_factory, cafe):
    from sqlalchemy import select

    from dialog.cafe.models import CafeProposal
    from dialog.extensions import db

    context = context_factory(viewport=PHONE)
    set_language(context, live_server.url, "so")
    page = context.new_page()
    page.goto(cafe["event"])
    assert_lang_dir(page, "so")
    no_sideways_scroll(page)
    page.fill("#body", "Meel ay dhallinyaradu ku kulmaan fiidkii")
    page.select_option("#table_number", "3")
    page.select_option("#round_id", str(cafe["rounds"][1]))
    page.check("#consent_publish")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.url.endswith("/proposal/thanks")
    with live_server.app.app_context():
        proposal = db.session.scalars(select(CafeProposal).where(CafeProposal.dialogue_id == cafe["id"])).one()
        assert proposal.body == "Meel ay dhallinyaradu ku kulmaan fiidkii"
        assert proposal.language == "so" and proposal.table_id == cafe["tables"][2]
        assert proposal.round_id == cafe["rounds"][1]


@pytest.mark.parametrize("code", LANGUAGES)
def test_axe_on_host_and_proposal_pages(live_server, context_factory, cafe, code):
    context = context_factory(viewport=PHONE, bypass_csp=True)
    set_language(context, live_server.url, code)
    page = context.new_page()
    page.goto(cafe["host"][0])
    assert_lang_dir(page, code)
    # A saved note and one waiting to be sent, so their markup is checked too.
    write_note(page, cafe["rounds"][0], "Mer ljus" if code not in RTL else "نور بیشتر")
    saved(page, cafe["rounds"][0], "Mer ljus" if code not in RTL else "نور بیشتر")
    context.set_offline(True)
    write_note(page, cafe["rounds"][1], "Väntar", kind="quote")
    page.wait_for_function("() => document.querySelector('.host-note-pending') !== null")
    assert_no_axe_violations(page)
    if code in ("sv", "ar"):
        screenshot(page, f"cafe-host-{code}-phone")
    context.set_offline(False)
    saved(page, cafe["rounds"][1], "Väntar")

    page.goto(cafe["event"])
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    if code in ("sv", "ar"):
        screenshot(page, f"cafe-proposal-{code}-phone")
    click_through(page, "form.stack-form button[type=submit]")  # empty: errors shown
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)
    page.fill("#body", "Ett förslag")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.url.endswith("/proposal/thanks")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("code", ("sv", "ar"))
def test_staff_posters_and_dead_links(live_server, context_factory, cafe, code):
    context = context_factory(bypass_csp=True)
    page = context.new_page()
    login(page, live_server.url, "lead@demo.dialog")
    set_language(context, live_server.url, code)
    page.goto(f"{live_server.url}/staff/cafe/{cafe['id']}/posters")
    assert_lang_dir(page, code)
    assert page.locator(".poster .qr svg").count() == 4  # three tables and the participants
    assert_no_axe_violations(page)
    screenshot(page, f"cafe-posters-{code}-desktop")
    click_through(page, f"#table-{cafe['tables'][0]} form[action$='/revoke'] button")
    assert page.locator(".poster .qr svg").count() == 3
    host = context_factory(viewport=PHONE, bypass_csp=True).new_page()
    set_language(host.context, live_server.url, code)
    assert host.goto(cafe["host"][0]).status == 410
    assert_lang_dir(host, code)
    assert_no_axe_violations(host)
    click_through(page, f"#table-{cafe['tables'][0]} form[action$='/reissue'] button")
    assert page.locator(".poster .qr svg").count() == 4
    new_link = page.locator(f"#table-{cafe['tables'][0]} .poster-link").inner_text()
    assert new_link != cafe["host"][0]
    assert host.goto(cafe["host"][0]).status == 410
    assert host.goto(new_link).status == 200
