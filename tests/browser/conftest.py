"""Browser tests: a live server with the demo data, driven by Playwright on Debian's Chromium.

Run with ``make test-browser``. The server has real CSRF protection; rate limits are off.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(os.environ.get("AXE_JS", ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"))
ARTIFACTS = ROOT / "test-artifacts"
LANGUAGES = ("sv", "en", "ar", "so", "fa")
RTL = {"ar", "fa"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from dialog import create_app
    from dialog.config import TestConfig
    from dialog.demo.data import load_demo_data
    from dialog.extensions import db, limiter

    tmp = tmp_path_factory.mktemp("live")
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp / 'live.sqlite3'}",
        MAIL_OUTBOX_DIR=str(tmp / "outbox"),
        WTF_CSRF_ENABLED=True,
        SERVER_NAME=None,
    )
    with app.app_context():
        db.create_all()
        load_demo_data()
        db.session.commit()
    limiter.enabled = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.app = app
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()


@pytest.fixture(autouse=True)
def _limiter_off():
    """The shared test fixtures turn limits off per test; keep them off for the live server."""
    from dialog.extensions import limiter

    limiter.enabled = False
    yield


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        kwargs.setdefault("locale", "sv-SE")
        context = browser.new_context(**kwargs)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(context_factory):
    return context_factory().new_page()


@pytest.fixture
def axe_page(context_factory):
    """A page in a context that may inject axe-core despite the app's strict CSP."""
    return context_factory(bypass_csp=True).new_page()


def set_language(context, base_url: str, code: str) -> None:
    host = base_url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "dialog_lang", "value": code, "domain": host, "path": "/"}])


def assert_no_axe_violations(page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page and fail with a readable list."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not found at {AXE_JS}: run `make axe`")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    violations = result["violations"]
    if violations:
        lines = [f"{page.url}:"]
        for v in violations:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']} → {targets}")
        pytest.fail("\n".join(lines))


def assert_lang_dir(page, code: str) -> None:
    assert page.get_attribute("html", "lang") == code
    assert page.get_attribute("html", "dir") == ("rtl" if code in RTL else "ltr")


#: The newest time step whose code each demo staff account used (the site refuses it again).
_used_steps: dict[str, int] = {}


def login(page, base_url: str, email: str, password: str = "dialog-demo-2026") -> None:
    page.goto(base_url + "/account/login")
    page.fill("#email", email)
    page.fill("#password", password)
    click_through(page, "form.stack-form button[type=submit]")
    assert "/account/login" not in page.url, page.content()[:500]
    if "/account/two-factor" in page.url:
        # Staff and admins: the code their authenticator app shows (the demo's printed key).
        import pyotp

        from dialog.demo.data import DEMO_TOTP_SECRET
        from tests.two_factor_helpers import next_step

        step = next_step(_used_steps.get(email, 0))
        page.fill("#code", pyotp.TOTP(DEMO_TOTP_SECRET).generate_otp(step))
        click_through(page, "form.stack-form button[type=submit]")
        assert "/account/two-factor" not in page.url, page.content()[:500]
        _used_steps[email] = step


def click_through(page, selector: str) -> None:
    """Click a link or button and wait until the page it leads to has loaded.

    Playwright's click returns once a navigation has started, while the new document may still be
    parsing: a check run then can see half a page (CI once counted 0 of 4 QR posters on a page
    still arriving). Where the click loads nothing new (a note sent by JavaScript) the wait
    returns at once."""
    page.click(selector)
    page.wait_for_load_state()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
