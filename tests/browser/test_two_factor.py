"""Two-factor sign-in in the browser: set up with the QR page, then sign in with a code; axe on both."""

from __future__ import annotations

import pyotp
import pytest

from .conftest import assert_lang_dir, assert_no_axe_violations, click_through, screenshot, set_language

pytestmark = pytest.mark.browser


@pytest.fixture
def new_staff(live_server):
    from dialog.accounts.models import User
    from dialog.extensions import db

    with live_server.app.app_context():
        n = db.session.query(User).count() + 1
        user = User(email=f"ny-{n}@demo.dialog", display_name="Ny Handläggare", language="sv", is_verified=True)
        user.set_password("a-good-password-123")
        user.roles = {"staff"}
        db.session.add(user)
        db.session.commit()
        return user.email


@pytest.mark.parametrize("language, width", [("sv", 360), ("ar", 1280)])
def test_staff_set_up_the_second_step_and_sign_in_with_it(live_server, context_factory, new_staff, language, width):
    context = context_factory(bypass_csp=True, viewport={"width": width, "height": 900})
    set_language(context, live_server.url, language)
    page = context.new_page()
    page.goto(live_server.url + "/account/login")
    page.fill("#email", new_staff)
    page.fill("#password", "a-good-password-123")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.url.endswith("/account/two-factor/setup")
    assert_lang_dir(page, language)
    assert page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 0
    assert_no_axe_violations(page)
    screenshot(page, f"two-factor-setup-{language}-{width}")
    secret = page.inner_text("code.secret").replace(" ", "")
    page.fill("#code", "000000")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.locator("#code-error").is_visible()
    page.fill("#code", pyotp.TOTP(secret).now())
    click_through(page, "form.stack-form button[type=submit]")
    assert page.locator("ul.recovery-codes li").count() == 10
    assert_no_axe_violations(page)
    screenshot(page, f"two-factor-codes-{language}-{width}")
    click_through(page, "a.button")
    assert "/account/profile" in page.url
    page.goto(live_server.url + "/inbox/")
    assert "/inbox/" in page.url


def test_the_code_step_in_arabic(live_server, context_factory):
    context = context_factory(bypass_csp=True, viewport={"width": 360, "height": 800})
    set_language(context, live_server.url, "ar")
    page = context.new_page()
    page.goto(live_server.url + "/account/login")
    page.fill("#email", "admin@demo.dialog")
    page.fill("#password", "dialog-demo-2026")
    click_through(page, "form.stack-form button[type=submit]")
    assert page.url.endswith("/account/two-factor/")
    assert_lang_dir(page, "ar")
    assert_no_axe_violations(page)
    screenshot(page, "two-factor-code-ar-360")
