"""Every public page in five languages: right lang/dir, zero axe-core violations."""

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

AREAS = ("norra-hisingen", "backa", "brunnsbo", "karra", "rodbo", "selma-stad", "tuve", "save")
GROUPS = (
    "barn-och-unga",
    "barnfattigdom",
    "integration",
    "unga-vuxna",
    "omradesarbete-brunnsbo",
    "trygg-i-norra-hisingen",
    "jamlikt-norra-hisingen",
)
PUBLIC_PATHS = (
    ["/"]
    + [f"/areas/{slug}" for slug in AREAS]
    + [f"/groups/{slug}" for slug in GROUPS]
    + [
        "/areas/backa/ideas",
        "/areas/brunnsbo/ideas",
        "/areas/backa/ideas/new",
        "/follow",
        "/account/login",
        "/account/register",
        "/account/reset",
    ]
)


@pytest.mark.parametrize("code", LANGUAGES)
def test_public_pages_accessible_in_every_language(live_server, context_factory, code):
    context = context_factory(bypass_csp=True)
    set_language(context, live_server.url, code)
    page = context.new_page()
    for path in PUBLIC_PATHS:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)


@pytest.mark.parametrize("code", LANGUAGES)
def test_contribution_pages_accessible(live_server, context_factory, code):
    """A published idea with an answer, and its receipt page, in every language."""
    from dialog.contributions.models import Contribution
    from dialog.extensions import db

    with live_server.app.app_context():
        c = db.session.query(Contribution).filter(Contribution.answer.has()).first()
        ident, receipt = c.id, c.display_receipt_code
    context = context_factory(bypass_csp=True)
    set_language(context, live_server.url, code)
    page = context.new_page()
    for path in (f"/contributions/{ident}", f"/follow/{receipt}?new=1", f"/contributions/{ident}/report"):
        assert page.goto(live_server.url + path).status == 200
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)


@pytest.mark.parametrize("code", LANGUAGES)
def test_signed_in_pages_accessible(live_server, context_factory, code):
    context = context_factory(bypass_csp=True)
    set_language(context, live_server.url, code)
    page = context.new_page()
    login(page, live_server.url, "admin@demo.dialog")
    set_language(context, live_server.url, code)
    paths = [
        "/account/profile",
        "/account/delete",
        "/account/contributions",
        "/admin/",
        "/admin/areas",
        "/admin/areas/new",
        "/admin/topics",
        "/admin/topics/new",
        "/admin/groups",
        "/admin/groups/new",
        "/admin/organisations",
        "/admin/organisations/new",
        "/admin/users",
        "/inbox/",
        "/inbox/trygg-i-norra-hisingen",
        "/moderation/reports",
    ]
    for path in paths:
        assert page.goto(live_server.url + path).status == 200, path
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)
    page.goto(live_server.url + "/admin/groups")
    click_through(page, "table a >> nth=0")
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/inbox/trygg-i-norra-hisingen")
    click_through(page, "table.inbox-table th a >> nth=0")
    assert "/inbox/contributions/" in page.url
    assert_no_axe_violations(page)


def test_keyboard_only_login(live_server, page):
    page.goto(live_server.url + "/account/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    else:
        pytest.fail("the e-mail field cannot be reached with Tab")
    page.keyboard.type("resident@demo.dialog")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type("dialog-demo-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("form[action$='/account/logout']").count() == 1


def test_language_switcher(live_server, page):
    page.goto(live_server.url + "/areas/backa")
    assert_lang_dir(page, "sv")
    click_through(page, "button[value=ar]")
    assert_lang_dir(page, "ar")
    assert page.url.endswith("/areas/backa")
    assert "باكا" in page.inner_text("h1") or page.inner_text("h1")
    click_through(page, "a[href='/']")
    assert_lang_dir(page, "ar")  # remembered
    click_through(page, "button[value=fa]")
    assert_lang_dir(page, "fa")
    click_through(page, "button[value=sv]")
    assert_lang_dir(page, "sv")


def test_works_without_javascript(live_server, context_factory):
    context = context_factory(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server.url, "resident@demo.dialog")
    click_through(page, "button[value=so]")
    assert_lang_dir(page, "so")


@pytest.mark.parametrize("code", ("sv", "ar"))
@pytest.mark.parametrize("width,height,label", [(360, 740, "phone"), (1280, 900, "desktop")])
def test_screenshots(live_server, context_factory, code, width, height, label):
    context = context_factory(viewport={"width": width, "height": height})
    set_language(context, live_server.url, code)
    page = context.new_page()
    for name, path in (
        ("home", "/"),
        ("area", "/areas/backa"),
        ("group", "/groups/trygg-i-norra-hisingen"),
        ("ideas", "/areas/backa/ideas"),
        ("idea-form", "/areas/backa/ideas/new"),
        ("login", "/account/login"),
    ):
        page.goto(live_server.url + path)
        # Nothing may overflow sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        screenshot(page, f"{name}-{code}-{label}")
