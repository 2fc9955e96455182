"""Summaries in a real browser: the lead of Trygg i Norra Hisingen drafts a "Vi hörde – vi gör"
over the demo input in Backa, edits it in Swedish and Arabic, publishes it; the Arabic author's
e-mail is in the outbox and she reads the summary through her receipt code on a phone; the
dashboard shows the promise-kept rate; axe-core on every new page in all five languages."""

import re

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
SHOTS = "/tmp/shots-12"


@pytest.fixture(scope="module")
def demo(live_server):
    from sqlalchemy import select

    from dialog.accounts.models import User
    from dialog.areas.models import Area
    from dialog.contributions.models import Contribution
    from dialog.extensions import db
    from dialog.summaries.models import Summary
    from dialog.themegroups.models import ThemeGroup

    with live_server.app.app_context():
        resident = db.session.scalars(select(User).where(User.email == "resident@demo.dialog")).one()
        # The live server is shared by the whole browser session and other tests switch this
        # resident's language (Somali, without JavaScript): this test is about the author who
        # reads Arabic, so it says so instead of relying on the order tests run in.
        resident.language = "ar"
        db.session.commit()
        arabic = db.session.scalars(select(Contribution).where(Contribution.author_id == resident.id)).first()
        group = db.session.scalars(select(ThemeGroup).where(ThemeGroup.slug == "trygg-i-norra-hisingen")).one()
        backa = db.session.scalars(select(Area).where(Area.slug == "backa")).one()
        published = db.session.scalars(select(Summary).where(Summary.status == "published")).first()
        return {
            "arabic": arabic.id,
            "code": arabic.display_receipt_code,
            "group": group.id,
            "backa": backa.id,
            "published": published.id,
        }


def shot(page, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    screenshot(page, f"summaries-{name}")


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_lead_drafts_edits_publishes_and_the_arabic_author_reads_it(live_server, context_factory, demo):
    base = live_server.url
    staff = context_factory(bypass_csp=True).new_page()
    login(staff, base, "lead@demo.dialog")
    staff.goto(base + "/staff/summaries/")
    click_through(staff, "a.button[href$='/staff/summaries/new']")
    staff.fill("#title-sv", "Vi hörde – vi gör: Backa på kvällen")
    staff.fill("#title-ar", "سمعنا – سنفعل: باكا في المساء")
    staff.check("input[name=languages][value=ar]")
    staff.select_option("#area", str(demo["backa"]))
    click_through(staff, "form.stack-form button[type=submit]")
    assert re.search(r"/staff/summaries/\d+$", staff.url), staff.url
    ident = int(staff.url.rsplit("/", 1)[1])
    staff.wait_for_selector("text=kan publiceras", timeout=30000)
    assert staff.locator("textarea[lang=ar], .translation[lang=ar] textarea").count() > 0

    # Edit in Swedish and Arabic: the answer to what we heard, citing the Arabic author's idea.
    staff.fill("#new-sv", "Vi lagar belysningen i gången vid biblioteket före jul.")
    staff.fill("#new-ar", "سنصلح الإضاءة في الممر قرب المكتبة قبل عيد الميلاد.")
    staff.fill("#new-cite", str(demo["arabic"]))
    click_through(staff, "#sentences form button[type=submit]")
    assert "Meningarna är sparade" in staff.inner_text(".flashes")
    shot(staff, "staff-detail-sv-desktop")

    # A sentence citing nothing may be written, but publishing is refused at that sentence.
    staff.fill("#new-sv", "En mening utan källa.")
    click_through(staff, "#sentences form button[type=submit]")
    click_through(staff, "form[action$='/publish'] button")
    problems = staff.inner_text("#problems")
    assert "hänvisar inte till något bidrag" in problems
    uncited = staff.get_attribute("#problems a", "href").split("#")[1]
    staff.check(f"#{uncited} input[type=checkbox]")
    click_through(staff, "#sentences form button[type=submit]")

    click_through(staff, "form[action$='/publish'] button")
    assert "publicerad" in staff.inner_text(".flashes")

    # The Arabic author is told in Arabic, with her receipt code.
    from dialog.core.mail import outbox_messages

    def arabic_mail():
        for message in outbox_messages(live_server.app.config["MAIL_OUTBOX_DIR"]):
            if message["To"] == "resident@demo.dialog" and f"/summaries/{ident}" in message.get_content():
                return message
        return None

    for _ in range(40):
        mail = arabic_mail()
        if mail:
            break
        staff.wait_for_timeout(500)
    assert mail is not None
    assert mail["Subject"] == "سمعناك – وهذا ما سنفعله"
    assert demo["code"] in mail.get_content()

    # She reads it on a phone through her receipt code, without logging in.
    phone_ctx = context_factory(viewport=PHONE, locale="ar", bypass_csp=True)
    set_language(phone_ctx, base, "ar")
    phone = phone_ctx.new_page()
    phone.goto(base + "/follow")
    phone.fill("#code", demo["code"])
    click_through(phone, "main form button[type=submit]")
    assert "/follow/" in phone.url
    assert_lang_dir(phone, "ar")
    click_through(phone, f".summaries-teaser a[href='/summaries/{ident}']")
    assert_lang_dir(phone, "ar")
    assert "سنصلح الإضاءة" in phone.inner_text("main")
    no_sideways_scroll(phone)
    shot(phone, "public-ar-360")
    assert_no_axe_violations(phone)

    # The dashboard shows the promise-kept rate.
    staff.goto(base + f"/staff/summaries/groups/{demo['group']}/dashboard")
    assert "Besvarade eller sammanfattade till det utlovade datumet" in staff.inner_text("main")
    assert re.search(r"\d+ %", staff.inner_text(".figures"))
    shot(staff, "dashboard-sv-desktop")


@pytest.mark.parametrize("code", LANGUAGES)
def test_new_pages_have_no_axe_violations(live_server, context_factory, demo, code):
    base = live_server.url
    ctx = context_factory(bypass_csp=True)
    set_language(ctx, base, code)
    page = ctx.new_page()
    page.goto(base + f"/summaries/{demo['published']}")
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    if code in ("sv", "ar"):
        shot(page, f"public-{code}-desktop")
        phone_ctx = context_factory(viewport=PHONE, bypass_csp=True)
        set_language(phone_ctx, base, code)
        phone = phone_ctx.new_page()
        phone.goto(base + f"/summaries/{demo['published']}")
        no_sideways_scroll(phone)
        shot(phone, f"public-{code}-360")
    login(page, base, "lead@demo.dialog")
    set_language(ctx, base, code)
    group = demo["group"]
    for path in (
        "/staff/summaries/",
        "/staff/summaries/new",
        f"/staff/summaries/{demo['published']}",
        f"/staff/summaries/groups/{group}/themes",
        f"/staff/summaries/groups/{group}/dashboard",
        "/groups/trygg-i-norra-hisingen/promises",
    ):
        page.goto(base + path)
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)
        if code == "ar" and path.endswith("/themes"):
            shot(page, "themes-ar-desktop")
