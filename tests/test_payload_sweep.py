"""Payload sweep: every form reachable from the demo data is sent with script, event-handler,
``javascript:`` and template payloads in each of its text fields (the other fields filled so the
form is accepted), as a visitor, a resident and staff; then every page is read back as each of
them, and nothing of it may run or render as markup: no <script> holding the payload, no ``on…``
attribute or ``javascript:`` link carrying it, no template expression evaluated.

The browser half (tests/browser/test_payload_sweep.py) opens the same pages in Chromium and
watches for the payload running."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.demo.data import DEMO_PASSWORD, load_demo_data
from dialog.extensions import db

from .test_crawl import SKIPPED_ACTIONS, _Page, _shape
from .two_factor_helpers import complete_second_factor

MARK = "zqx"
PAYLOADS = (
    f"<script>window.{MARK}=1</script>",
    f'"><img src=x onerror="window.{MARK}=1">',
    f"javascript:window.{MARK}=1",
    f"{{{{7*7}}}}{MARK}${{7*7}}{MARK}<%= 7*7 %>{MARK}",
    f"<svg/onload=window.{MARK}=1>",
)
PER_SHAPE = 2
MAX_PAGES = 300
ROLES = (None, "resident@demo.dialog", "lead@demo.dialog")


def payload_for(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


def filled(form: dict, payload: str) -> dict:  # noqa: C901 — one branch per kind of field
    """A form as a person would send it, with the payload in every free-text field."""
    data: dict = {}
    radios = set()
    buttons = [f for f in form["fields"] if f["tag"] == "button" or f["type"] == "submit"]
    for f in form["fields"]:
        name, kind = f["name"], f["type"]
        if f in buttons or name == "website" or kind == "file":
            continue
        if kind == "hidden":
            data[name] = f["value"]
        elif kind == "select":
            options = [o for o in f["options"] if o not in ("", "0")] or f["options"]
            data[name] = options[0] if options else ""
        elif kind == "radio":
            if name not in radios:
                data[name], _ = f["value"], radios.add(name)
        elif kind == "checkbox":
            data.setdefault(name, f["value"] or "y")
        elif kind in ("number", "range"):
            data[name] = "2"
        elif kind == "date":
            data[name] = "2027-03-01"
        elif kind == "datetime-local":
            data[name] = "2027-03-01T18:00"
        elif kind == "time":
            data[name] = "18:00"
        elif kind == "email" or "email" in name:
            data[name] = "sweep@example.org"
        elif "phone" in name or kind == "tel":
            data[name] = "0701234567"
        elif kind in ("password",):
            data[name] = DEMO_PASSWORD
        else:
            data[name] = payload
    if buttons:
        data[buttons[0]["name"]] = buttons[0]["value"]
    return data


class Findings(HTMLParser):
    """Places where the payload would run or render as markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
        if MARK in tag:
            self.problems.append(f"a <{tag}> element from the payload")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARK in value:
                self.problems.append(f"<{tag} {name}=…> runs the payload")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>")
            if MARK in name:
                self.problems.append(f"an attribute {name!r} from the payload on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARK in data:
            self.problems.append("a <script> holds the payload")
        if f"49{MARK}" in data:
            self.problems.append("a template expression in the payload was evaluated")


def sign_in(client, who: str | None) -> None:
    if who is None:
        return
    response = client.post("/account/login", data={"email": who, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == who)).one()
    complete_second_factor(client, response, user.id)


def crawl(client, starts, *, send: bool, stored: list[int] | None = None) -> tuple[list[str], dict[str, str]]:
    """Visit pages from ``starts``; send each form once with a payload when ``send``.
    Returns the problems found and the pages read (url → html)."""
    problems, pages, seen, shapes, sent = [], {}, set(), {}, set()
    queue, n = deque(starts), 0
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        shape = _shape(urlsplit(url).path)
        shapes[shape] = shapes.get(shape, 0) + 1
        if shapes[shape] > PER_SHAPE:
            continue
        response = client.get(url)
        if not response.content_type.startswith("text/html"):
            continue
        html = response.get_data(as_text=True)
        pages[url] = html
        findings = Findings()
        findings.feed(html)
        problems += [f"{url}: {p}" for p in findings.problems]
        page = _Page()
        page.feed(html)
        for href in page.links:
            target = urljoin(url, href).split("#")[0]
            parts = urlsplit(target)
            if parts.netloc not in ("", "dialog.test") or parts.scheme not in ("", "http"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith("/static/") and path not in seen and "/delete" not in path:
                queue.append(path)
        if not send:
            continue
        for form in page.forms:
            action = urlsplit(urljoin(url, form["action"] or url)).path
            key = _shape(action)
            if action.startswith(SKIPPED_ACTIONS + ("/account/delete", "/account/two-factor")) or key in sent:
                continue
            if "/delete" in action or action.endswith(("/revoke", "/reissue")):
                continue  # removing things only shrinks what the sweep can read back
            sent.add(key)
            n += 1
            posted = client.post(action, data=filled(form, payload_for(n)))
            if posted.status_code in (302, 303) and posted.location:
                if stored is not None:
                    stored.append(n)
                queue.append(urlsplit(urljoin(url, posted.location)).path)
            elif posted.status_code == 200:
                findings = Findings()
                findings.feed(posted.get_data(as_text=True))
                problems += [f"POST {action} (re-shown form): {p}" for p in findings.problems]
    return problems, pages


@pytest.fixture
def demo(app):
    load_demo_data()
    db.session.commit()


STARTS = ["/", "/cafe", "/surveys", "/surveys/pulse", "/follow"]
STAFF_STARTS = [
    "/inbox/",
    "/account/profile",
    "/staff/surveys/",
    "/staff/cafe/",
    "/staff/trust/",
    "/moderation/reports",
]


def test_payloads_sent_through_every_form_never_run_or_render(app, demo):
    sent_somewhere = []
    for who in ROLES:
        client = app.test_client()
        sign_in(client, who)
        starts = STARTS + (STAFF_STARTS if who and who.startswith("lead") else [])
        problems, _ = crawl(client, starts, send=True, stored=sent_somewhere)
        assert problems == [], who
    assert len(sent_somewhere) > 10  # the sweep did get payloads accepted
    stored_payload = db.session.execute(
        db.text("SELECT count(*) FROM contributions WHERE body LIKE :m OR title LIKE :m"), {"m": f"%{MARK}%"}
    ).scalar()
    assert stored_payload > 0  # residents' text with payloads is stored as written …
    for who in ROLES:
        client = app.test_client()
        sign_in(client, who)
        starts = STARTS + (STAFF_STARTS if who and who.startswith("lead") else [])
        problems, pages = crawl(client, starts, send=False)
        assert problems == [], who  # … and read back by everyone, it is only text
        assert len(pages) > 15
    # Staff pages show residents' payloads escaped (the inbox lists the stored text).
    staff = app.test_client()
    sign_in(staff, "lead@demo.dialog")
    inbox = "".join(crawl(staff, ["/inbox/"], send=False)[1].values())
    assert "&lt;script&gt;" in inbox or "&lt;img" in inbox or "&lt;svg" in inbox


@pytest.mark.parametrize(
    "html",
    [
        f"<script>window.{MARK}=1</script>",
        f'<p><img src=x onerror="window.{MARK}=1"></p>',
        f'<a href="javascript:window.{MARK}=1">x</a>',
        f"<p>49{MARK}</p>",
        f"<svg/onload=window.{MARK}=1>",
    ],
)
def test_the_sweep_sees_a_payload_that_would_run(html):
    findings = Findings()
    findings.feed(html)
    assert findings.problems


def test_escaped_payloads_are_not_findings():
    from markupsafe import escape

    findings = Findings()
    findings.feed("".join(f'<p>{escape(p)}</p><input value="{escape(p)}">' for p in PAYLOADS))
    assert findings.problems == []
