"""The history's machine-translated notes in a real browser: axe-core on the contribution page in
all five languages, with the original opened. Against the LibreTranslate test server."""

from __future__ import annotations

import pytest

from ..libretranslate_stub import Stub
from .conftest import (
    LANGUAGES,
    assert_lang_dir,
    assert_no_axe_violations,
    click_through,
    login,
    set_language,
)

pytestmark = pytest.mark.browser

NOTE = "Ringde skolan, de återkommer på måndag med ett svar om belysningen."


@pytest.fixture(scope="module")
def translating(live_server):
    from dialog.translation.backend import reset_translator

    stub = Stub().start()
    # Every language a target, so each reader below has a note translated (or, Somali, not).
    live_server.app.config.update(TRANSLATE_URL=stub.url, TRANSLATE_TIMEOUT=3, TRANSLATE_TARGETS="sv,en,ar,so,fa")
    reset_translator(live_server.app)
    yield stub
    live_server.app.config.update(TRANSLATE_URL=None, TRANSLATE_TARGETS="")
    reset_translator(live_server.app)
    stub.stop()


@pytest.fixture(scope="module")
def noted(live_server, browser, translating):
    """The first contribution of the group's inbox, with a Swedish note from the group lead."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    login(page, live_server.url, "lead@demo.dialog")
    set_language(context, live_server.url, "sv")
    page.goto(live_server.url + "/inbox/trygg-i-norra-hisingen")
    click_through(page, "table.inbox-table th a >> nth=0")
    url = page.url
    page.fill("#note-text", NOTE)
    click_through(page, "#history form.stack-form button[type=submit]")
    context.close()
    return url


@pytest.mark.parametrize("code", LANGUAGES)
def test_translated_history_is_accessible(live_server, context_factory, noted, code):
    context = context_factory(bypass_csp=True)
    page = context.new_page()
    login(page, live_server.url, "lead@demo.dialog")
    set_language(context, live_server.url, code)
    page.goto(noted)
    assert_lang_dir(page, code)
    note = page.locator("#history li.event-note").first
    if code == "sv":
        assert note.locator(".machine-label").count() == 0
    elif code == "so":  # the test server has no Somali
        assert note.locator(".machine-note").count() == 1
    else:
        assert note.locator(f'.note-text[lang="{code}"]').inner_text() == f"[{code}] {NOTE}"
        note.locator("details.original-text summary").click()
        assert note.locator('details.original-text span[lang="sv"]').inner_text() == NOTE
    assert_no_axe_violations(page)
