"""A whole café dialogue in a real browser: staff set it up, a resident registers in Persian,
a host on a phone writes notes for two rounds through the table link (one save while the server
cannot be reached), staff harvest and publish the summary, the registrant's feedback e-mail is
in the outbox. And axe-core on every café page in all five languages."""

from datetime import timedelta

import pytest

from .conftest import (
    LANGUAGES,
    assert_lang_dir,
    assert_no_axe_violations,
    click_through,
    login,
    screenshot,
    set_language,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


def _ids(live_server):
    from sqlalchemy import select

    from dialog.cafe.models import CafeDialogue
    from dialog.extensions import db

    with live_server.app.app_context():
        # The demo's own dialogues (the first made): other browser tests add dialogues of their
        # own to the shared server, some already over or full, so pick by phase, not by date.
        dialogues = db.session.scalars(select(CafeDialogue).order_by(CafeDialogue.id)).all()
        past = next(d for d in dialogues if d.summary_published_at)
        coming = next(d for d in dialogues if d.phase() == "registration")
        return {"past": past.id, "coming": coming.id}


@pytest.mark.parametrize("code", LANGUAGES)
def test_cafe_pages_accessible_in_every_language(live_server, context_factory, code):
    ids = _ids(live_server)
    context = context_factory(bypass_csp=True)
    set_language(context, live_server.url, code)
    page = context.new_page()
    for path in (
        "/cafe",
        f"/cafe/{ids['coming']}",
        f"/cafe/{ids['past']}",
        f"/cafe/{ids['coming']}/register",
        f"/cafe/{ids['coming']}/exit",
        "/areas/backa",
    ):
        assert page.goto(live_server.url + path).status == 200, path
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)
    # A registration receipt (the registrant's own page), with an error first.
    page.goto(live_server.url + f"/cafe/{ids['coming']}/register")
    page.fill("#email", "not-an-address")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.locator("#email-error").is_visible()
    assert_no_axe_violations(page)
    page.fill("#name", f"Axe {code}")
    page.fill("#email", f"axe-{code}@example.org")
    click_through(page, "form.stack-form button[type=submit]")
    page.wait_for_url("**/cafe/registration/**")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("code", LANGUAGES)
def test_cafe_staff_pages_accessible(live_server, context_factory, code):
    ids = _ids(live_server)
    context = context_factory(bypass_csp=True)
    page = context.new_page()
    login(page, live_server.url, "lead@demo.dialog")
    set_language(context, live_server.url, code)  # after login, which applies the profile's language
    for path in (
        "/staff/cafe/",
        "/staff/cafe/new",
        f"/staff/cafe/{ids['past']}",
        f"/staff/cafe/{ids['past']}/edit",
        f"/staff/cafe/{ids['past']}/registrations",
        f"/staff/cafe/{ids['past']}/harvest",
        f"/staff/cafe/{ids['past']}/summary",
        f"/staff/cafe/{ids['past']}/posters",
    ):
        assert page.goto(live_server.url + path).status == 200, path
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)


def test_a_whole_cafe_dialogue(live_server, context_factory):
    from sqlalchemy import select

    from dialog.cafe import links
    from dialog.cafe.models import CafeDialogue, CafeNote
    from dialog.core.mail import outbox_messages
    from dialog.core.models import utcnow
    from dialog.extensions import db

    base = live_server.url
    # --- Staff set it up (desktop).
    staff_context = context_factory(bypass_csp=True)
    set_language(staff_context, base, "sv")
    staff = staff_context.new_page()
    login(staff, base, "lead@demo.dialog")
    staff.goto(base + "/staff/cafe/new")
    staff.fill("#title-sv", "Kafédialog om Backas parker")
    staff.fill("#title-fa", "گفت‌وگوی کافه دربارهٔ پارک‌های باکا")
    staff.fill("#purpose-sv", "Hur kan parkerna bli bättre?")
    staff.fill("#influence-sv", "Vad som byggs i parken vid Selma Stad.")
    staff.fill("#feedback_promise-sv", "Inom tre veckor.")
    staff.select_option("#theme_group_id", label="Trygg i Norra Hisingen")
    staff.select_option("#area_id", label="Norra Hisingen – Backa")
    start = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT17:00")
    end = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT19:00")
    staff.fill("#starts_at", start)
    staff.fill("#ends_at", end)
    staff.fill("#place", "Selma Center")
    staff.fill("#address", "Selma Lagerlöfs Torg 4")
    staff.fill("#capacity", "20")
    click_through(staff, "form.stack-form button[type=submit]")
    staff.wait_for_url("**/staff/cafe/*")
    for question in ("Vad är bra med parkerna?", "Vad saknas?"):
        staff.locator("form[action$='/rounds']").evaluate("form => form.closest('details').open = true")
        staff.fill("form[action$='/rounds'] #question-sv", question)
        click_through(staff, "form[action$='/rounds'] button[type=submit]")
    staff.fill("form[action$='/tables'] #theme-sv", "Lekplatser")
    staff.fill("form[action$='/tables'] #host_name", "Sara")
    click_through(staff, "form[action$='/tables'] button[type=submit]")
    staff.locator("form[action$='/state']:has(input[value=published]) button").click()
    staff.wait_for_load_state()
    with live_server.app.app_context():
        dialogue = db.session.scalars(select(CafeDialogue).order_by(CafeDialogue.id.desc())).first()
        assert dialogue.state == "published" and len(dialogue.rounds) == 2 and len(dialogue.tables) == 1
        ident, table_token = dialogue.id, links.table_token(dialogue.tables[0])
        round_ids = [r.id for r in dialogue.rounds]

    # --- A resident registers in Persian on a phone.
    resident_context = context_factory(viewport=PHONE, bypass_csp=True)
    set_language(resident_context, base, "fa")
    resident = resident_context.new_page()
    resident.goto(base + f"/cafe/{ident}")
    assert_lang_dir(resident, "fa")
    assert "گفت‌وگوی کافه دربارهٔ پارک‌های باکا" in resident.content()
    click_through(resident, f"a[href='/cafe/{ident}/register']")
    resident.fill("#name", "Mina")
    resident.fill("#email", "mina@example.org")
    resident.check("#wants_feedback")
    click_through(resident, "form.stack-form button[type=submit]")
    resident.wait_for_url("**/cafe/registration/**")
    screenshot(resident, "cafe-registered-fa-phone")
    assert resident.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # --- The meeting starts; the host writes notes on a phone, one while offline.
    with live_server.app.app_context():
        d = db.session.get(CafeDialogue, ident)
        d.starts_at, d.ends_at = utcnow() - timedelta(minutes=30), utcnow() + timedelta(minutes=90)
        db.session.commit()
    host_context = context_factory(viewport=PHONE)
    set_language(host_context, base, "sv")
    host = host_context.new_page()
    host.goto(base + f"/cafe/table/{table_token}")
    first = host.locator(f"form[action*='/rounds/{round_ids[0]}/notes']")
    first.locator("textarea").fill("Lekplatsen vid skolan är populär")
    first.locator("button[type=submit]").click()

    def note(round_id, body):
        return host.locator(f"[data-round-notes='{round_id}'] .host-note", has_text=body)

    # Saved: the note gets its edit link (waits, rather than sleeping a guessed time).
    note(round_ids[0], "Lekplatsen vid skolan").locator(".host-note-status a").wait_for()
    host_context.set_offline(True)
    second = host.locator(f"form[action*='/rounds/{round_ids[1]}/notes']")
    second.locator("textarea").fill("Det saknas bänkar och belysning")
    second.locator("button[type=submit]").click()
    host.locator(f"[data-round-notes='{round_ids[1]}'] .host-note-pending").wait_for()
    host_context.set_offline(False)
    # The page resends what is pending.
    note(round_ids[1], "Det saknas bänkar").locator(".host-note-status a").wait_for(timeout=20_000)
    screenshot(host, "cafe-host-sv-phone")
    with live_server.app.app_context():
        rows = db.session.scalars(select(CafeNote).where(CafeNote.round_id.in_(round_ids))).all()
        bodies = sorted(n.body for n in rows)
        assert bodies == ["Det saknas bänkar och belysning", "Lekplatsen vid skolan är populär"], bodies

    # --- Afterwards: staff harvest and publish the summary.
    with live_server.app.app_context():
        d = db.session.get(CafeDialogue, ident)
        d.starts_at, d.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
        db.session.commit()
    staff.goto(base + f"/staff/cafe/{ident}/harvest")
    for box in staff.locator("input[name=note_ids]").all():
        box.check()
    click_through(staff, "main form[method=post] > .actions button[type=submit]")
    staff.goto(base + f"/staff/cafe/{ident}/summary")
    staff.fill("#summary-sv", "<p>Parkerna behöver bänkar och ljus.</p>")
    staff.fill("#summary-fa", "<p>پارک‌ها به نیمکت و نور نیاز دارند.</p>")
    click_through(staff, "form.stack-form button[type=submit]")
    click_through(staff, "form[action$='/summary/publish'] button")
    resident.goto(base + f"/cafe/{ident}")
    assert "پارک‌ها به نیمکت و نور نیاز دارند." in resident.content()
    mails = []
    for _ in range(80):  # the e-mails go out from a worker thread: up to 20 s
        mails = [m for m in outbox_messages(live_server.app.config["MAIL_OUTBOX_DIR"]) if m["To"] == "mina@example.org"]
        if len(mails) >= 2:
            break
        resident.wait_for_timeout(250)
    feedback = [m for m in mails if "پارک‌ها به نیمکت و نور نیاز دارند." in m.get_body().get_content()]
    assert feedback, [m["Subject"] for m in mails]
    with live_server.app.app_context():
        from dialog.contributions.models import Contribution

        harvested = db.session.scalars(select(Contribution).where(Contribution.source_kind == "cafe_note")).all()
        assert any("bänkar" in c.body and c.routes for c in harvested)
