"""Machine translation in a real browser: a Somali story and an Arabic idea reach the inbox of
"Trygg i Norra Hisingen"; the group lead reads them in Swedish (the Arabic machine-translated and
labelled, the original a click away; the Somali marked "no machine translation"), answers in
Swedish with a machine-made Arabic draft, a colleague who reads Arabic confirms it, and the
resident reads the Arabic answer by receipt code on a phone. axe-core on every changed page in
all five languages. Against the LibreTranslate test server, started here."""

import shutil
from pathlib import Path

import pytest

from ..libretranslate_stub import Stub
from .conftest import (
    ARTIFACTS,
    LANGUAGES,
    assert_lang_dir,
    assert_no_axe_violations,
    click_through,
    login,
    screenshot,
    set_language,
)
from .test_trust_dialogues import trust_demo  # noqa: F401  (the demo trust dialogue)

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
SHOTS = Path("/tmp/shots-15")

IDEA_TITLE = "ملعب أفضل للأطفال في باكا"
IDEA_BODY = "نحتاج إلى إضاءة في الطريق إلى المدرسة، فالأطفال يخافون في الشتاء."
IDEA_TITLE_SV = "En bättre lekplats för barnen i Backa"
IDEA_BODY_SV = "Vi behöver belysning på vägen till skolan, barnen är rädda på vintern."
STORY_SO = "Markii aan u soo guuray Backa qof ma aqaanin. Maktabadda xaafadda ayaan ku bartay deriskayga."
ANSWER_SV = "Tack för idén. Vi sätter upp belysning på skolvägen i vår."
ANSWER_AR = "شكراً على الفكرة. سنركّب إضاءة على طريق المدرسة هذا الربيع."


@pytest.fixture(scope="module")
def translating(live_server):
    from dialog.translation.backend import reset_translator

    stub = Stub().start()
    live_server.app.config.update(TRANSLATE_URL=stub.url, TRANSLATE_TIMEOUT=3)
    reset_translator(live_server.app)
    yield stub
    live_server.app.config.update(TRANSLATE_URL=None)
    reset_translator(live_server.app)
    stub.stop()


def shot(page, name):
    screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(ARTIFACTS / f"{name}.png", SHOTS / f"{name}.png")


def send_idea(context_factory, base):
    ctx = context_factory(viewport=PHONE, locale="ar", bypass_csp=True)
    set_language(ctx, base, "ar")
    page = ctx.new_page()
    page.goto(base + "/areas/backa/ideas/new")
    page.select_option("#topic_id", label="الأمان")
    page.fill("#title", IDEA_TITLE)
    page.fill("#body", IDEA_BODY)
    page.select_option("#language", "ar")
    page.check("#consent_publish")
    page.check("#consent_contact")
    page.fill("#email", "layla@example.org")
    click_through(page, "form.stack-form button[type=submit]")
    return page, page.inner_text(".receipt-code").strip()


def send_story(context_factory, base, trust):
    ctx = context_factory(viewport=PHONE, locale="so", bypass_csp=True)
    set_language(ctx, base, "so")
    page = ctx.new_page()
    page.goto(base + f"/trust/{trust['id']}")
    page.check("#prompt_id-1")
    page.fill("#body", STORY_SO)
    page.select_option("#language", "so")
    page.select_option("#area_id", str(trust["backa"]))
    page.check("#consent_publish")
    click_through(page, "form.stack-form button[type=submit]")
    assert "/shared/" in page.url


def test_read_in_swedish_answer_in_arabic(live_server, context_factory, translating, trust_demo):  # noqa: F811
    base = live_server.url
    resident, code = send_idea(context_factory, base)
    send_story(context_factory, base, trust_demo)
    assert translating.received and all("Markii" not in text for text in translating.received)  # no Somali model

    # The lead of Trygg i Norra Hisingen reads Swedish only.
    staff = context_factory(bypass_csp=True).new_page()
    login(staff, base, "lead@demo.dialog")
    staff.goto(base + "/inbox/trygg-i-norra-hisingen")
    row = staff.locator("table.inbox-table tr", has_text=IDEA_TITLE_SV)
    assert row.locator(".machine-label").inner_text() == "Maskinöversättning"
    assert row.locator("a[lang=sv]").count() == 1
    assert not row.locator("details.original-text span[lang=ar]").is_visible()
    row.locator("details.original-text summary").click()  # the original, one click away
    assert row.locator("details.original-text span[lang=ar]").inner_text() == IDEA_TITLE
    story_row = staff.locator("table.inbox-table tr", has_text=STORY_SO[:30])
    assert "Ingen maskinöversättning för det här språket" in story_row.inner_text()
    assert_no_axe_violations(staff)
    shot(staff, "translation-inbox-sv-desktop")

    # Search by a Swedish word of the translation finds the Arabic idea.
    staff.goto(base + "/inbox/trygg-i-norra-hisingen?q=lekplats")
    assert IDEA_TITLE_SV in staff.inner_text("table.inbox-table")

    click_through(staff, f"table.inbox-table a:has-text('{IDEA_TITLE_SV}')")
    assert staff.inner_text("h1") == IDEA_TITLE_SV
    assert staff.get_attribute("h1", "lang") == "sv"
    assert IDEA_BODY_SV in staff.inner_text(".detail-main .contribution-body[lang=sv]")
    assert "Maskinöversättning" in staff.inner_text(".machine-label-block")
    staff.click("details.original-text summary")
    assert IDEA_BODY in staff.inner_text("details.original-text .contribution-body[lang=ar]")
    assert_no_axe_violations(staff)
    shot(staff, "translation-detail-sv-desktop")

    # Approve, answer in Swedish, ask for a draft in Arabic, publish.
    click_through(staff, "#moderation button:has-text('Godkänn')")
    staff.select_option("#answer-status", "planned")
    staff.fill("#answer-body-sv", ANSWER_SV)
    click_through(staff, "button[name=answer-draft]")
    assert staff.input_value("#answer-body-ar") == ANSWER_AR
    assert "Maskinöversättning, inte granskad" in staff.inner_text(".answer-draft")
    assert staff.locator("#answer-reviewed").count() == 0  # the lead does not read Arabic
    assert_no_axe_violations(staff)
    shot(staff, "translation-answer-draft-sv-desktop")
    click_through(staff, "#answer form.wide-form > .actions button[type=submit]")
    detail_url = staff.url.split("#")[0]

    # The resident reads the Arabic answer, labelled as not reviewed.
    resident.goto(base + "/follow")
    resident.fill("#code", code)
    click_through(resident, "form.stack-form button[type=submit]")
    follow_url = resident.url
    assert ANSWER_AR in resident.inner_text(".answer")
    assert "ترجمة آلية، لم تُراجَع" in resident.inner_text(".answer")

    # A colleague who reads Arabic says so once, then confirms the Arabic text.
    colleague = context_factory(bypass_csp=True).new_page()
    login(colleague, base, "staff@demo.dialog")
    colleague.goto(base + "/inbox/languages")
    assert_no_axe_violations(colleague)
    colleague.check("input[name=languages][value=ar]")
    click_through(colleague, "form.stack-form button[type=submit]")
    colleague.goto(detail_url)
    click_through(colleague, "form.answer-confirm button[type=submit]")
    assert "Maskinöversättning, kontrollerad" in colleague.inner_text(".answer-draft")

    # On a phone, by receipt code, the resident reads the answer checked by staff.
    resident.goto(follow_url)
    assert_lang_dir(resident, "ar")
    answer = resident.inner_text(".answer")
    assert ANSWER_AR in answer and "ترجمة آلية، راجعها موظف" in answer
    assert resident.locator(".answer details.original-text div[lang=sv]").count() == 1
    assert_no_axe_violations(resident)
    shot(resident, "translation-answer-ar-phone")

    # The same pages at the other width and in Arabic.
    resident.set_viewport_size({"width": 1280, "height": 900})
    shot(resident, "translation-answer-ar-desktop")
    staff.set_viewport_size(PHONE)
    staff.goto(base + "/inbox/trygg-i-norra-hisingen")
    shot(staff, "translation-inbox-sv-phone")
    staff.goto(detail_url)
    shot(staff, "translation-detail-sv-phone")
    set_language(staff.context, base, "ar")
    staff.goto(base + "/inbox/trygg-i-norra-hisingen")
    assert_lang_dir(staff, "ar")
    shot(staff, "translation-inbox-ar-phone")
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.goto(detail_url)
    shot(staff, "translation-detail-ar-desktop")


@pytest.mark.parametrize("code", LANGUAGES)
def test_translation_pages_accessible(live_server, context_factory, translating, code):
    base = live_server.url
    ctx = context_factory(bypass_csp=True)
    page = ctx.new_page()
    login(page, base, "lead@demo.dialog")  # logging in sets the profile's language
    set_language(ctx, base, code)
    page.goto(base + "/inbox/trygg-i-norra-hisingen")
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    click_through(page, "table.inbox-table th a >> nth=0")
    assert "/inbox/contributions/" in page.url
    if page.locator("details.original-text").count():
        page.click("details.original-text summary")
    assert_no_axe_violations(page)
    page.goto(base + "/inbox/languages")
    assert_no_axe_violations(page)
