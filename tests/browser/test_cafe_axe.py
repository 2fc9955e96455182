"""axe-core, in all five languages, on the café pages the whole-flow tests pass by: the exit
questionnaire while it is open and its thanks page, the event page while the meeting runs, the
host's page with notes and a note's edit page, the proposal page after closing, the
participants' and the host's "link no longer works" pages, the staff round and table pages, and
a registrant's own page on the waiting list and after cancelling."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest

from .conftest import (
    LANGUAGES,
    RTL,
    assert_lang_dir,
    assert_no_axe_violations,
    click_through,
    login,
    set_language,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


def _setup(live_server, code: str) -> dict:
    from datetime import datetime

    from sqlalchemy import select

    from dialog.areas.models import Area
    from dialog.cafe import links
    from dialog.cafe import registration as seats
    from dialog.cafe.models import CafeDialogue
    from dialog.extensions import db
    from dialog.themegroups.models import ThemeGroup

    from ..cafe.helpers import add_note, make_cafe_dialogue

    body = "نور بیشتر در پارک" if code in RTL else "Mer ljus i parken"
    with live_server.app.app_context():
        area = db.session.scalars(select(Area).where(Area.slug == "backa")).one()
        group = db.session.scalars(select(ThemeGroup).where(ThemeGroup.slug == "trygg-i-norra-hisingen")).one()
        running = make_cafe_dialogue(db.session, group, area)
        table, gone_table = running.tables[0], running.tables[1]
        note = add_note(table, running.rounds[0], body, kind="proposal")
        add_note(table, running.rounds[1], "”" + body + "”", kind="quote")
        gone_token = links.table_token(gone_table)
        gone_table.link_revoked_at = datetime.now(UTC)
        old_event_token = links.event_token(running)
        running.link_version += 1  # the participants' link reissued: the old one is gone
        past = make_cafe_dialogue(db.session, group, area, starts_in=timedelta(days=-2))
        coming = make_cafe_dialogue(db.session, group, area, starts_in=timedelta(days=5), capacity=1)
        data = dict(email=None, phone=None, language=code)
        seats.register(coming, seats.RegistrationData(name="Först", **data))
        waiting = seats.register(coming, seats.RegistrationData(name="Väntar", **data))
        cancelled = seats.register(coming, seats.RegistrationData(name="Ångrar", **data))
        seats.cancel(cancelled)
        db.session.commit()
        assert waiting.status == "waitlisted" and cancelled.status == "cancelled"
        running = db.session.get(CafeDialogue, running.id)
        return {
            "running": running.id,
            "round": running.rounds[0].id,
            "table": running.tables[0].id,
            "host": f"{live_server.url}/cafe/table/{links.table_token(table)}",
            "note_edit": f"{live_server.url}/cafe/table/{links.table_token(table)}/notes/{note.id}/edit",
            "host_gone": f"{live_server.url}/cafe/table/{gone_token}",
            "gone_storage": f"dialog-host-notes:{gone_token}",
            "event_gone": f"{live_server.url}/cafe/{old_event_token}/proposal",
            "closed": f"{live_server.url}/cafe/{links.event_token(db.session.get(CafeDialogue, past.id))}/proposal",
            "waiting": f"{live_server.url}/cafe/registration/{links.registration_token(waiting)}",
            "cancelled": f"{live_server.url}/cafe/registration/{links.registration_token(cancelled)}",
            "body": body,
        }


def check(page, url: str, code: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response.status == status, url
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("code", LANGUAGES)
def test_more_cafe_pages_accessible_in_every_language(live_server, context_factory, code):
    ids = _setup(live_server, code)
    context = context_factory(viewport=PHONE, bypass_csp=True)
    set_language(context, live_server.url, code)
    page = context.new_page()
    base = live_server.url

    # The meeting is on: the event page says so and links to the exit questionnaire.
    check(page, f"{base}/cafe/{ids['running']}", code)
    assert page.locator("#now-heading").is_visible()
    check(page, f"{base}/cafe/{ids['running']}/exit", code)
    page.check("input[name=age_band] >> nth=1")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.locator("form.stack-form").count() == 0  # the thanks page
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)

    # The host's page with notes from the server, and a note's edit page.
    check(page, ids["host"], code)
    assert page.locator(".host-note", has_text=ids["body"]).count() == 2
    check(page, ids["note_edit"], code)

    # The participants' page after the meeting, and their old (reissued) link.
    check(page, ids["closed"], code)
    check(page, ids["event_gone"], code, status=410)

    # The host's revoked link, with a note this phone still holds.
    page.goto(ids["host_gone"])
    entry = [{"id": "kept-note-1", "round": ids["round"], "kind": "point", "kindLabel": "•", "body": ids["body"]}]
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [ids["gone_storage"], json.dumps(entry)])
    check(page, ids["host_gone"], code, status=410)
    page.locator("[data-host-unsent] .host-note", has_text=ids["body"]).wait_for()

    # A registrant's own page: on the waiting list, and cancelled.
    check(page, ids["waiting"], code)
    check(page, ids["cancelled"], code)

    # Staff: a round's and a table's edit pages.
    staff = context_factory(bypass_csp=True).new_page()
    login(staff, base, "lead@demo.dialog")
    set_language(staff.context, base, code)
    check(staff, f"{base}/staff/cafe/{ids['running']}/rounds/{ids['round']}", code)
    check(staff, f"{base}/staff/cafe/{ids['running']}/tables/{ids['table']}", code)
