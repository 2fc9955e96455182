"""In a real browser, in Arabic and Persian, on a phone and on a desktop: an idea written after the
session was lost comes back with what was typed and a plain message; blocked cookies are said
before anyone writes; the XLSForm preview lists rows right to left with names isolated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import assert_lang_dir, assert_no_axe_violations, click_through, login, set_language

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DIALOG_SHOTS", "/tmp/shots-13"))
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
FORM = """| survey |
| | type | name | label::English (en) | label::Arabic (ar) | label::Persian (fa) |
| | begin group | about | About you | عنك | دربارهٔ شما |
| | select one from ages or specify other | age_band | Age? | العمر؟ | سن؟ |
| | geopoint | where | Where? | أين؟ | کجا؟ |
| | text | first-name | Name | الاسم | نام |
| | end group | | | | |
| choices |
| | list name | name | label::English (en) | label::Arabic (ar) | label::Persian (fa) |
| | ages | a18_29 | 18-29 | 18-29 | 18-29 |
| | ages | a30_44 | 30-44 | 30-44 | 30-44 |
""".encode()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ar", "fa"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_idea_comes_back_after_the_session_is_lost(live_server, context_factory, language, size):
    base = live_server.url
    context = context_factory(viewport=SIZES[size], locale=language, bypass_csp=True)
    set_language(context, base, language)
    page = context.new_page()
    page.goto(base + "/areas/brunnsbo/ideas/new")
    assert_lang_dir(page, language)
    assert not page.is_visible("#cookie-notice")
    page.fill("#title", "https://example.org/lampor.ics")
    page.fill("#body", "الموقف مظلم جداً في المساء — K7F-3QX-9M")
    # The phone slept: the session cookie is gone, the language choice is kept.
    context.clear_cookies()
    set_language(context, base, language)
    click_through(page, "form.stack-form button[type=submit]")
    assert page.input_value("#title") == "https://example.org/lampor.ics"
    assert "K7F-3QX-9M" in page.input_value("#body")
    assert page.is_visible(".lost-session")
    assert_no_axe_violations(page)
    shot(page, f"lost-session-{language}-{size}")


def test_blocked_cookies_are_said_before_writing(live_server, context_factory):
    """The script's half (the stylesheet's half, without scripts, is in tests/test_lost_session.py)."""
    base = live_server.url
    context = context_factory(viewport=SIZES["phone"], locale="ar", bypass_csp=True)
    set_language(context, base, "ar")
    context.add_init_script("Object.defineProperty(navigator, 'cookieEnabled', {get: () => false});")
    page = context.new_page()
    page.goto(base + "/areas/brunnsbo/ideas/new")
    page.wait_for_selector("#cookie-notice.is-shown")
    assert page.is_visible("#cookie-notice")
    assert_no_axe_violations(page)
    shot(page, "cookies-blocked-ar-phone")


@pytest.mark.parametrize("language", ["ar", "fa"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_xlsform_preview_right_to_left(live_server, context_factory, language, size):
    base = live_server.url
    context = context_factory(viewport=SIZES[size], locale=language, bypass_csp=True)
    page = context.new_page()
    login(page, base, "admin@demo.dialog")
    set_language(context, base, language)
    page.goto(base + "/staff/surveys/import")
    assert_lang_dir(page, language)
    page.set_input_files("#file", {"name": "kobo.md", "mimeType": "text/markdown", "buffer": FORM})
    page.check("input[name=areas]")
    page.check("input[name=theme_groups]")
    click_through(page, "form[enctype] button[type=submit]")
    assert page.is_visible("#preview-heading")
    assert page.locator("tr.import-dropped bdi", has_text="where").count() == 1
    assert page.locator("tr.import-changed bdi", has_text="first-name").count() == 1
    page.click("details summary")
    assert_no_axe_violations(page)
    shot(page, f"xlsform-preview-{language}-{size}")
    click_through(page, "form[action$='/import/confirm'] button[type=submit]")
    assert "/builder" in page.url or "/staff/surveys/" in page.url
