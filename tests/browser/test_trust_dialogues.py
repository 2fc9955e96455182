"""Trust dialogues in a real browser: a resident shares a story in Arabic on a 360 px phone and
it reaches the inbox of the theme group running the Backa trust dialogue, where a member finds
it and tags its themes; and axe-core on every public and staff trust page in all five languages."""

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
STORY_AR = "عندما انتقلت إلى باكا لم أكن أعرف أحداً. في مكتبة الحي تعرفت على جيراني، والآن نشرب الشاي معاً كل جمعة."


@pytest.fixture(scope="module")
def trust_demo(live_server):
    """The demo trust dialogue in Backa (loaded here if the demo loader has not done it)."""
    from sqlalchemy import select

    from dialog.areas.models import Area
    from dialog.extensions import db
    from dialog.trust.demo import load_trust_demo
    from dialog.trust.models import TrustDialogue, TrustStory

    with live_server.app.app_context():
        load_trust_demo(db.session)
        db.session.commit()
        backa = db.session.scalars(select(Area).where(Area.slug == "backa")).one()
        dialogue = db.session.scalars(select(TrustDialogue).where(TrustDialogue.area_id == backa.id)).first()
        story = db.session.scalars(select(TrustStory).where(TrustStory.dialogue_id == dialogue.id)).first()
        return {
            "id": dialogue.id,
            "backa": backa.id,
            "prompts": [p.id for p in dialogue.prompts],
            "themes": [t.id for t in dialogue.themes],
            "code": story.contribution.display_receipt_code,
        }


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_story_in_arabic_on_a_phone_reaches_the_inbox(live_server, context_factory, trust_demo):
    base, ident = live_server.url, trust_demo["id"]
    # 1. A resident on a phone, in Arabic, without an account.
    resident_ctx = context_factory(viewport=PHONE, locale="ar", bypass_csp=True)
    set_language(resident_ctx, base, "ar")
    resident = resident_ctx.new_page()
    resident.goto(base + f"/trust/{ident}")
    assert_lang_dir(resident, "ar")
    assert "باكا" in resident.inner_text("h1")
    no_sideways_scroll(resident)
    screenshot(resident, "trust-dialogue-ar-phone")
    resident.check("#prompt_id-2")  # "How can we together strengthen trust?"
    resident.fill("#body", STORY_AR)
    assert resident.input_value("#language") == "ar"
    resident.select_option("#age_band", "30_44")
    resident.select_option("#area_id", str(trust_demo["backa"]))
    resident.check("#consent_publish")
    resident.check("#consent_quote")
    click_through(resident, "form.stack-form button[type=submit]")
    assert "/shared/" in resident.url
    code = resident.inner_text(".receipt-code").strip()
    assert len(code) == 10 and code.count("-") == 2
    assert_lang_dir(resident, "ar")
    no_sideways_scroll(resident)
    assert_no_axe_violations(resident)
    screenshot(resident, "trust-receipt-ar-phone")

    # 2. A member of "Trygg i Norra Hisingen" (the group running the dialogue) finds it in the
    #    inbox, waiting for a moderator because it was sent without a name.
    staff_ctx = context_factory(bypass_csp=True)
    staff = staff_ctx.new_page()
    login(staff, base, "staff@demo.dialog")
    staff.goto(base + "/inbox/trygg-i-norra-hisingen?moderation=pending")
    click_through(staff, f"table.inbox-table a:has-text('{STORY_AR[:20]}')")
    assert "/inbox/contributions/" in staff.url
    assert code in staff.inner_text("main")
    assert STORY_AR in staff.inner_text("main")
    assert_no_axe_violations(staff)

    # 3. In the dialogue's story list it carries its question, and the member tags two themes.
    staff.goto(base + f"/staff/trust/{ident}/stories")
    card = staff.locator("li.trust-story", has_text=code)
    assert STORY_AR in card.inner_text()
    first, second = trust_demo["themes"][0], trust_demo["themes"][3]
    card.locator(f"input[name=themes][value='{first}']").check()
    card.locator(f"input[name=themes][value='{second}']").check()
    card.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    card = staff.locator("li.trust-story", has_text=code)
    assert card.locator(f"input[name=themes][value='{first}']").is_checked()
    assert card.locator(f"input[name=themes][value='{second}']").is_checked()
    assert_no_axe_violations(staff)
    screenshot(staff, "trust-stories-sv-desktop")


@pytest.mark.parametrize("code", LANGUAGES)
def test_public_trust_pages_accessible(live_server, context_factory, trust_demo, code):
    base, ident = live_server.url, trust_demo["id"]
    context = context_factory(viewport=PHONE, bypass_csp=True)
    set_language(context, base, code)
    page = context.new_page()
    for path in (
        f"/trust/{ident}",
        f"/trust/{ident}/heard",
        f"/trust/{ident}/shared/{trust_demo['code']}",
        "/staff/trust/",
    ):
        response = page.goto(base + path)
        if path.startswith("/staff"):
            assert "/account/login" in page.url  # staff pages need an account
            continue
        assert response.status == 200, path
        assert_lang_dir(page, code)
        no_sideways_scroll(page)
        assert_no_axe_violations(page)
    # The heard page shows quotes grouped by theme.
    page.goto(base + f"/trust/{ident}/heard")
    assert page.locator("blockquote.trust-quote").count() >= 2
    # The story form with errors (nothing written) is accessible too, and keeps the choices.
    page.goto(base + f"/trust/{ident}")
    page.select_option("#age_band", "65_plus")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.locator("#body-error").count() == 1
    assert page.input_value("#age_band") == "65_plus"
    assert_no_axe_violations(page)
    if code in ("sv", "ar"):
        screenshot(page, f"trust-form-errors-{code}-phone")


@pytest.mark.parametrize("code", LANGUAGES)
def test_staff_trust_pages_accessible(live_server, context_factory, trust_demo, code):
    base, ident = live_server.url, trust_demo["id"]
    context = context_factory(bypass_csp=True)
    page = context.new_page()
    login(page, base, "staff@demo.dialog")
    set_language(context, base, code)
    paths = [
        "/staff/trust/",
        "/staff/trust/new",
        f"/staff/trust/{ident}",
        f"/staff/trust/{ident}/settings",
        f"/staff/trust/{ident}/stories",
        f"/staff/trust/{ident}/stories/new",
        f"/staff/trust/{ident}/heard",
        f"/staff/trust/{ident}/prompts/new",
        f"/staff/trust/{ident}/prompts/{trust_demo['prompts'][0]}",
        f"/staff/trust/{ident}/themes/new",
        f"/staff/trust/{ident}/themes/{trust_demo['themes'][0]}",
    ]
    for path in paths:
        assert page.goto(base + path).status == 200, path
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)
    # Writing down a story heard in person without the teller's consent: a clear error.
    page.goto(base + f"/staff/trust/{ident}/stories/new")
    page.fill("#body", "En berättelse hörd på Selma Center.")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.locator("#consent_noted-error").count() == 1
    assert page.input_value("#body") == "En berättelse hörd på Selma Center."
    assert_no_axe_violations(page)
