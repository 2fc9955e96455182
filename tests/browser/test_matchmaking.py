"""Idésluss in a real browser: staff set up a round; a Swedish organisation on a desktop and an
Arabic one on a 360 px phone join and add what they bring; staff compute suggestions; each sees
its suggestion with the reason quoted from both organisations' words, and they confirm the pair;
staff schedule meeting 2 and print the agendas; a collaboration is recorded and its 3-month
follow-up link is answered without logging in. Then axe-core on every new page in five languages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

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
SHOTS = Path("/tmp/shots-11")
NEED_SV = "Vi söker praktikplatser och mentorer för unga nyanlända som vill lära sig ett yrke."
OFFER_AR = "نقدم تدريب عملي للشباب في ورشتنا، ومرشد يرافق كل متدرب."


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"matchmaking-{name}")


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _ids(live_server):
    from sqlalchemy import select

    from dialog.extensions import db
    from dialog.organisations.models import Organisation

    with live_server.app.app_context():
        orgs = {o.name: o.id for o in db.session.scalars(select(Organisation))}
    return orgs


def _backa(live_server) -> int:
    from sqlalchemy import select

    from dialog.areas.models import Area
    from dialog.extensions import db

    with live_server.app.app_context():
        return db.session.scalars(select(Area.id).where(Area.slug == "backa")).one()


def _add_meeting(page, base, round_id, day: date, place: str) -> None:
    page.goto(base + f"/staff/matchmaking/{round_id}/")
    page.fill("#m-day", day.isoformat())
    page.fill("#m-starts", "17:00")
    page.fill("#m-ends", "19:00")
    page.fill("#m-place", place)
    page.check("input[name=m-languages][value=sv]")
    page.check("input[name=m-languages][value=ar]")
    click_through(page, "form[action$='/meetings#meeting-form'] button[type=submit]")
    assert "Mötet är tillagt" in page.content(), page.inner_text("main")[:1500]


def test_a_whole_round(live_server, context_factory):
    base = live_server.url
    orgs = _ids(live_server)
    # 1. Staff set up the round: area, title, invitation, two meetings; then open it.
    staff = context_factory().new_page()
    login(staff, base, "staff@demo.dialog")
    staff.goto(base + "/staff/matchmaking/new")
    staff.select_option("#area_id", str(_backa(live_server)))
    staff.fill("#title-sv", "Idésluss i webbläsaren")
    staff.fill("#title-ar", "منتدى الأفكار في المتصفح")
    staff.fill("#invitation-sv", "Välkomna till Idéslussen!")
    staff.fill("#registration_closes", (date.today() + timedelta(days=20)).isoformat())
    click_through(staff, "form.stack-form button[type=submit]")
    round_id = int(re.search(r"/staff/matchmaking/(\d+)/", staff.url).group(1))
    _add_meeting(staff, base, round_id, date.today() + timedelta(days=5), "Backa bibliotek")
    _add_meeting(staff, base, round_id, date.today() + timedelta(days=30), "Stadsdelskontoret")
    click_through(staff, "button[name=state][value=open]")
    assert "Öppen för organisationer" in staff.inner_text(".status")

    # 2. A Swedish representative on a desktop joins and adds a need.
    sv_ctx = context_factory()
    sv = sv_ctx.new_page()
    login(sv, base, "org@demo.dialog")
    sv.goto(base + f"/matchmaking/rounds/{round_id}")
    sv.select_option("#organisation_id", str(orgs["Mötesplats Backa Brunnsbo"]))
    click_through(sv, "form[action$='/join'] button[type=submit]")
    assert "/org/" in sv.url
    sv.check("input[name=kind][value=need]")
    sv.fill("#title", "Praktikplatser för unga")
    sv.fill("#body", NEED_SV)
    sv.select_option("#language", "sv")
    sv.get_by_label("praktik", exact=True).check()
    click_through(sv, "form[action$='#add'] button[type=submit]")
    assert "Praktikplatser för unga" in sv.content()

    # 3. An Arabic representative on a phone joins and adds a resource in Arabic.
    ar_ctx = context_factory(viewport=PHONE, locale="ar")
    set_language(ar_ctx, base, "ar")
    ar = ar_ctx.new_page()
    login(ar, base, "resident@demo.dialog")
    ar.goto(base + f"/matchmaking/rounds/{round_id}")
    assert_lang_dir(ar, "ar")
    ar.select_option("#organisation_id", str(orgs["Föreningen Al-Amal"]))
    click_through(ar, "form[action$='/join'] button[type=submit]")
    ar.check("input[name=kind][value=resource]")
    ar.fill("#title", "تدريب عملي في الورشة")
    ar.fill("#body", OFFER_AR)
    ar.select_option("#language", "ar")
    click_through(ar, "form[action$='#add'] button[type=submit]")
    assert "تدريب عملي في الورشة" in ar.content()
    no_sideways_scroll(ar)
    shot(ar, "workspace-ar-360")

    # 4. Staff compute the suggestions (a background job; the page follows its progress).
    staff.goto(base + f"/staff/matchmaking/{round_id}/suggestions")
    click_through(staff, "form[action$='/suggestions/run'] button")
    for _ in range(30):
        if "Föreningen Al-Amal" in staff.content():
            break
        staff.wait_for_timeout(500)
        staff.reload()
    assert "Föreningen Al-Amal" in staff.content()

    # 5. Each sees the suggestion and why, in its own language, quoting both organisations.
    sv.goto(base + f"/matchmaking/rounds/{round_id}/org/{orgs['Mötesplats Backa Brunnsbo']}/suggestions")
    card = sv.locator("li.card", has_text="Föreningen Al-Amal").first
    assert "Därför föreslår vi det här" in card.inner_text()
    reasons = card.locator(".reasons").inner_text()
    assert "Praktikplatser" in reasons and "تدريب عملي" in reasons
    shot(sv, "suggestions-sv-desktop")
    sv_ctx_phone = context_factory(viewport=PHONE)
    sv_phone = sv_ctx_phone.new_page()
    login(sv_phone, base, "org@demo.dialog")
    sv_phone.goto(sv.url)
    no_sideways_scroll(sv_phone)
    shot(sv_phone, "suggestions-sv-360")
    card.locator("input[value=yes]").check()
    click_through(sv, "li.card:has-text('Föreningen Al-Amal') form button[type=submit]")

    ar.goto(base + f"/matchmaking/rounds/{round_id}/org/{orgs['Föreningen Al-Amal']}/suggestions")
    assert_lang_dir(ar, "ar")
    ar_card = ar.locator("li.card", has_text="Mötesplats Backa Brunnsbo").first
    assert "لماذا نقترح هذا" in ar_card.inner_text()
    assert "Praktikplatser" in ar_card.locator(".reasons").inner_text()
    no_sideways_scroll(ar)
    shot(ar, "suggestions-ar-360")
    ar_card.locator("input[value=yes]").check()
    click_through(ar, "li.card:has-text('Mötesplats Backa Brunnsbo') form button[type=submit]")
    assert "مؤكَّد" in ar.content()
    ar_desktop_ctx = context_factory(locale="ar")
    set_language(ar_desktop_ctx, base, "ar")
    ar_desktop = ar_desktop_ctx.new_page()
    login(ar_desktop, base, "resident@demo.dialog")
    ar_desktop.goto(ar.url)
    shot(ar_desktop, "suggestions-ar-desktop")

    # 6. Staff schedule meeting 2 and print the agendas.
    staff.goto(base + f"/staff/matchmaking/{round_id}/schedule")
    click_through(staff, "form[action$='/schedule/build'] button")
    grid = staff.locator("table.schedule-grid").inner_text()
    assert "Mötesplats Backa Brunnsbo" in grid and "Föreningen Al-Amal" in grid
    shot(staff, "schedule-sv-desktop")
    staff.goto(base + f"/staff/matchmaking/{round_id}/agendas")
    assert staff.locator("section.agenda-page svg").count() >= 2
    staff.emulate_media(media="print")
    assert not staff.locator(".site-header").is_visible()
    staff.emulate_media(media="screen")

    # 7. A collaboration is recorded, and its 3-month follow-up is answered without logging in.
    staff.goto(base + f"/staff/matchmaking/{round_id}/collaborations")
    staff.get_by_label("Mötesplats Backa Brunnsbo").check()
    staff.get_by_label("Föreningen Al-Amal").check()
    staff.fill("#activity", "Praktik och mentorer för unga i Al-Amals verkstad")
    staff.select_option("#form", "placement")
    staff.fill("#contact_name", "Samir")
    staff.check("#is_public")
    click_through(staff, "form[action$='#new'] button[type=submit]")
    assert "Samarbetet är registrerat" in staff.content()
    with live_server.app.app_context():
        from sqlalchemy import select

        from dialog.extensions import db
        from dialog.matchmaking.links import follow_up_token
        from dialog.matchmaking.models import MatchCollaboration

        collaboration = db.session.scalars(
            select(MatchCollaboration).where(MatchCollaboration.round_id == round_id)
        ).one()
        token = follow_up_token(collaboration.follow_ups[0].id)
    visitor = context_factory(viewport=PHONE).new_page()
    visitor.goto(base + f"/matchmaking/outcome/{token}/work_started")
    assert visitor.locator("input[value=work_started]").is_checked()
    click_through(visitor, "form button[type=submit]")
    assert "Arbetet har börjat" in visitor.content()


def _demo_round(live_server):
    from sqlalchemy import select

    from dialog.extensions import db
    from dialog.matchmaking.models import MatchRound

    with live_server.app.app_context():
        match_round = db.session.scalars(select(MatchRound).where(MatchRound.state == "open")).first()
        return match_round.id, match_round.meetings[0].id


def _spring_round(live_server) -> int:
    from sqlalchemy import select

    from dialog.extensions import db
    from dialog.matchmaking.models import MatchRound

    with live_server.app.app_context():
        return db.session.scalars(select(MatchRound.id).where(MatchRound.state == "closed")).first()


@pytest.mark.parametrize("code", LANGUAGES)
def test_matchmaking_pages_accessible(live_server, context_factory, code):
    base = live_server.url
    round_id, meeting_id = _demo_round(live_server)
    orgs = _ids(live_server)
    context = context_factory(bypass_csp=True)
    set_language(context, base, code)
    page = context.new_page()
    page.goto(base + f"/matchmaking/rounds/{round_id}")
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    page.goto(base + f"/organisations/{orgs['Föreningen Al-Amal']}")
    assert_no_axe_violations(page)
    page.goto(base + "/areas/backa")
    assert page.locator(".area-rounds").count() == 1
    assert page.locator(".area-rounds .match-round-card").count() >= 1
    assert_no_axe_violations(page)
    page.goto(base + "/cafe")
    assert page.locator(".match-meeting-card").count() >= 1
    assert_no_axe_violations(page)
    login(page, base, "org@demo.dialog")
    set_language(context, base, code)  # logging in chose the account's language
    org_id = orgs["Mötesplats Backa Brunnsbo"]
    for path in ("", "/suggestions", "/agenda", "/collaborations/new"):
        page.goto(base + f"/matchmaking/rounds/{round_id}/org/{org_id}{path}")
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)
    page.goto(base + "/my/organisations")
    assert_no_axe_violations(page)
    page.goto(base + f"/my/organisations/{org_id}")
    assert_no_axe_violations(page)
    page.goto(base + "/my/organisations/new")
    click_through(page, "form.stack-form button[type=submit]")  # empty: the messages must be accessible too
    assert_no_axe_violations(page)


@pytest.mark.parametrize("code,viewport", [("ar", PHONE), ("sv", {"width": 1280, "height": 900})])
def test_rounds_on_the_area_page_and_in_the_calendar(live_server, context_factory, code, viewport):
    """This winter's round in Backa: listed on Backa's page and its meeting 2 in the calendar,
    on an Arabic phone and a Swedish desktop, with nothing scrolling sideways."""
    context = context_factory(bypass_csp=True, viewport=viewport)
    set_language(context, live_server.url, code)
    page = context.new_page()
    winter = {"ar": "منتدى الأفكار للاستدامة الاجتماعية – الشتاء", "sv": "Idésluss för social hållbarhet – vintern"}[
        code
    ]
    device = "phone" if viewport is PHONE else "desktop"
    for path, card, name in (
        ("/areas/backa", ".match-round-card", "area"),
        ("/cafe", ".match-meeting-card", "calendar"),
    ):
        page.goto(live_server.url + path)
        assert_lang_dir(page, code)
        assert page.locator(card, has_text=winter).count() >= 1, path
        assert page.locator(card, has_text="Stadsdelskontoret, Backa torg").count() >= 1, path
        no_sideways_scroll(page)
        assert_no_axe_violations(page)
        shot(page, f"rounds-{name}-{code}-{device}")


@pytest.mark.parametrize("code", LANGUAGES)
def test_staff_matchmaking_pages_accessible(live_server, context_factory, code):
    base = live_server.url
    round_id, meeting_id = _demo_round(live_server)
    context = context_factory(bypass_csp=True)
    set_language(context, base, code)
    page = context.new_page()
    login(page, base, "staff@demo.dialog")
    set_language(context, base, code)  # logging in chose the account's language
    for path in (
        "/staff/matchmaking/",
        "/staff/matchmaking/new",
        f"/staff/matchmaking/{round_id}/",
        f"/staff/matchmaking/{round_id}/tags",
        f"/staff/matchmaking/{round_id}/suggestions",
        f"/staff/matchmaking/{round_id}/schedule",
        f"/staff/matchmaking/{round_id}/agendas",
        f"/staff/matchmaking/{round_id}/collaborations",
        f"/staff/matchmaking/{round_id}/retention",
        f"/staff/matchmaking/meetings/{meeting_id}/check-in",
        "/staff/organisations/",
    ):
        page.goto(base + path)
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)
    if code in ("sv", "ar"):
        shot(page, f"staff-organisations-{code}")
        page.goto(base + f"/staff/matchmaking/{_spring_round(live_server)}/retention")
        assert_no_axe_violations(page)
        shot(page, f"retention-{code}")


def test_works_without_javascript(live_server, context_factory):
    base = live_server.url
    round_id, _meeting = _demo_round(live_server)
    orgs = _ids(live_server)
    page = context_factory(java_script_enabled=False).new_page()
    login(page, base, "org@demo.dialog")
    org_id = orgs["Mötesplats Backa Brunnsbo"]
    page.goto(base + f"/matchmaking/rounds/{round_id}/org/{org_id}/suggestions")
    page.locator("li.card").first.locator("input[value=maybe]").check()
    click_through(page, "li.card >> nth=0 >> form button[type=submit]")
    assert "Ert svar är sparat" in page.content()
