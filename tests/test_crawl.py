"""No server error anywhere a person can go: every page reachable by links from the demo data,
and every form on those pages sent empty and filled with nonsense, answers with a page (or a
redirect, a 4xx), never with a 5xx.

Crawled as a visitor, a resident and an admin, in Swedish and in the right-to-left languages.
Pages of the same shape (``/inbox/contributions/<n>``) are visited a few times each, so the crawl
stays short while still reaching every kind of page."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.demo.data import DEMO_PASSWORD, load_demo_data
from dialog.extensions import db

from .two_factor_helpers import complete_second_factor

#: Pages of one shape visited at most this many times.
PER_SHAPE = 3
#: Stop after this many pages per crawl (the demo has fewer shapes than this).
MAX_PAGES = 400
#: Forms not sent: they end the session or only switch the language.
SKIPPED_ACTIONS = ("/account/logout", "/language")
NONSENSE = "<script>alert(1)</script> ' OR 1=1 -- " + "å" * 3000


class _Page(HTMLParser):
    """The links and the post forms of one page, with their fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": [], "enctype": a.get("enctype")}
        elif self._form is not None and tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else tag)
            if tag == "select":
                self._select = a["name"]
            self._form["fields"].append(
                {"name": a["name"], "type": kind, "value": a.get("value") or "", "tag": tag, "options": []}
            )
        elif tag == "option" and self._select and self._form is not None:
            self._form["fields"][-1]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", re.sub(r"/[A-Za-z0-9_-]{16,}(\.[A-Za-z0-9_.-]+)?", "/TOKEN", path))


def _form_data(form: dict, mode: str) -> dict:
    """The form as a person might send it: ``empty`` (nothing filled in, the first button) or
    ``nonsense`` (every field filled with text, numbers out of range, unknown options)."""
    data: dict = {}
    buttons = [f for f in form["fields"] if f["tag"] == "button" or f["type"] == "submit"]
    for f in form["fields"]:
        name, kind = f["name"], f["type"]
        if f in buttons:
            continue
        if kind in ("hidden",):
            data[name] = f["value"] if mode == "empty" else (f["value"] + "x" if name != "csrf_token" else f["value"])
        elif kind == "file" or mode == "empty":
            continue
        elif kind in ("checkbox", "radio") or kind == "select":
            data[name] = "999999"
        elif kind in ("number", "range"):
            data[name] = "-99999999999999999999"
        elif kind == "date":
            data[name] = "2026-02-31"
        elif kind in ("datetime-local", "time"):
            data[name] = "25:61"
        elif kind == "email":
            data[name] = "not@@an-address"
        else:
            data[name] = NONSENSE
    if buttons:
        data[buttons[0]["name"]] = buttons[0]["value"]
    return data


def _crawl(client, starts: list[str], send_forms: bool) -> tuple[list[str], int]:
    failures, seen, shapes = [], set(), {}
    queue = deque(starts)
    sent_forms: set[str] = set()
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        shape = _shape(urlsplit(url).path)
        shapes[shape] = shapes.get(shape, 0) + 1
        if shapes[shape] > PER_SHAPE:
            continue
        response = client.get(url)
        visited += 1
        if response.status_code >= 500:
            failures.append(f"GET {url} → {response.status_code}")
            continue
        if not response.content_type.startswith("text/html"):
            continue
        page = _Page()
        page.feed(response.get_data(as_text=True))
        for href in page.links:
            target = urljoin(url, href).split("#")[0]
            parts = urlsplit(target)
            if parts.netloc not in ("", "dialog.test") or parts.scheme not in ("", "http"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/static/") or path in seen:
                continue
            queue.append(path)
        if not send_forms:
            continue
        for form in page.forms:
            action = urlsplit(urljoin(url, form["action"] or url)).path
            key = _shape(action)
            if action.startswith(SKIPPED_ACTIONS) or key in sent_forms:
                continue
            sent_forms.add(key)
            for mode in ("empty", "nonsense"):
                posted = client.post(action, data=_form_data(form, mode))
                if posted.status_code >= 500:
                    failures.append(f"POST {action} ({mode}, from {url}) → {posted.status_code}")
                elif posted.status_code in (302, 303) and posted.location:
                    # Where a form leads (a survey's first page, a new question's editor) is
                    # crawled too.
                    queue.append(urlsplit(urljoin(url, posted.location)).path)
    return failures, visited


@pytest.fixture
def demo(app):
    load_demo_data()
    db.session.commit()


@pytest.mark.parametrize(
    "who, language",
    [
        (None, "ar"),
        ("resident@demo.dialog", "fa"),
        ("admin@demo.dialog", "sv"),
        ("lead@demo.dialog", "ar"),
    ],
)
def test_no_page_or_form_gives_a_server_error(app, client, demo, who, language):
    client.set_cookie("dialog_lang", language, domain="dialog.test")
    starts = ["/", "/cafe", "/surveys", "/surveys/pulse", "/follow"]
    if who:
        response = client.post("/account/login", data={"email": who, "password": DEMO_PASSWORD})
        assert response.status_code == 302
        user = db.session.scalars(select(User).where(User.email == who)).one()
        complete_second_factor(client, response, user.id)
        starts += ["/inbox/", "/account/profile"]
        if who != "resident@demo.dialog":
            starts += ["/staff/surveys/", "/staff/cafe/", "/staff/trust/", "/moderation/reports", "/admin/"]
    failures, visited = _crawl(client, starts, send_forms=True)
    assert visited > 20  # the crawl did reach pages
    assert failures == []
