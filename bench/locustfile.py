"""The drill's load (run by ``bench/drill.py`` with locust, headless).

Residents read area pages and idea lists, send ideas, answer a survey, register for a café dialogue
and send a proposal at the meeting; staff sign in (password and authenticator code), open the
inbox, filter, search, open a contribution, answer it and look at the harvest. Forms are filled
the way a browser would: the page's own hidden fields (CSRF token, idempotency key) are sent back.
A submission that meets 502/503 or a dropped connection is sent again with the same idempotency
key, as a person pressing the button again would; one the site acknowledged (a redirect to its
receipt) is written to ``DRILL_ACKS`` and checked against the database afterwards.

No import from the app: this file runs in the drill's own virtualenv, which holds locust only.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from html.parser import HTMLParser

import pyotp
from locust import HttpUser, between, events, task

ACKS = os.environ.get("DRILL_ACKS", "/tmp/drill-acks.jsonl")
TIMELINE = os.environ.get("DRILL_TIMELINE", "/tmp/drill-timeline.jsonl")
STAFF = json.loads(os.environ.get("DRILL_STAFF", "[]"))  # [[email, password, secret], …]
PROPOSAL_PATH = os.environ.get("DRILL_PROPOSAL_PATH", "")
RETRY_STATUSES = {0, 502, 503, 504}
_lock = threading.Lock()
_seq = itertools.count(1)
_staff_accounts = itertools.cycle(STAFF) if STAFF else None
_timeline: list[tuple] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kw):
    status = getattr(response, "status_code", 0) if response is not None else 0
    _timeline.append((round(time.time(), 3), name, status, round(response_time, 1)))


@events.quitting.add_listener
def _write_timeline(environment, **kw):
    with open(TIMELINE, "w") as out:
        for row in _timeline:
            out.write(json.dumps(row) + "\n")


def _ack(kind: str, **data) -> None:
    with _lock, open(ACKS, "a") as out:
        out.write(json.dumps({"kind": kind, "t": round(time.time(), 3), **data}) + "\n")


class Form(HTMLParser):
    """The forms on a page: action, method, fields (with what a browser would send)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": [],
                "buttons": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form["fields"].append(("input", a))
        elif tag == "select":
            self._select = {"name": a.get("name"), "options": [], "selected": None}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["selected"] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a
        elif tag == "button":
            self._form["buttons"].append(a)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            self._form["fields"].append(("select", self._select))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(("textarea", self._textarea))
            self._textarea = None


def forms_on(html: str) -> list[dict]:
    parser = Form()
    parser.feed(html)
    return parser.forms


def fill(form: dict, n: int) -> dict:  # noqa: C901 — one branch per kind of field
    """Values for every field, as a resident filling in the form would give them."""
    data: dict[str, list[str] | str] = {}
    radios_done = set()
    for kind, a in form["fields"]:
        name = a.get("name")
        if not name:
            continue
        if kind == "select":
            options = [o for o in a["options"] if o not in ("", "0")] or a["options"]
            data[name] = a["selected"] if a["selected"] not in (None, "", "0") else (options[0] if options else "")
            continue
        if kind == "textarea":
            data[name] = f"Drillen {n}: fler bänkar och bättre belysning vid torget."
            continue
        kind_attr = (a.get("type") or "text").lower()
        if kind_attr == "hidden":
            data[name] = a.get("value", "")
        elif name == "website":
            data[name] = ""  # the honeypot stays empty
        elif kind_attr == "radio":
            if name not in radios_done:
                data[name] = a.get("value", "")
                radios_done.add(name)
        elif kind_attr == "checkbox":
            if name.startswith("consent") or "required" in a:
                data.setdefault(name, a.get("value", "y"))
        elif kind_attr == "email" or "email" in name:
            data[name] = f"drill-{n}@drill.example.org"
        elif kind_attr == "number":
            data[name] = "3"
        elif kind_attr == "date":
            data[name] = time.strftime("%Y-%m-%d")
        elif kind_attr in ("submit", "button", "file"):
            continue
        elif kind_attr in ("text", "search", "tel", "url"):
            if "phone" in name or kind_attr == "tel" or name in ("q", "code", "place"):
                continue
            data[name] = f"Drill {n}" if "name" in name else f"Drillen {n} tycker till"
    for button in form["buttons"]:
        if button.get("name") and "secondary" not in (button.get("class") or ""):
            data[button["name"]] = button.get("value", "")
            break
    return data


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


class Visitor(HttpUser):
    abstract = True

    def submit(self, kind: str, page_url: str, name: str) -> str | None:
        """GET a form page, fill its form, POST it (resending on outages); return the redirect."""
        page = self.client.get(page_url, name=f"{name}_form")
        if page.status_code != 200:
            return None
        forms = [
            f
            for f in forms_on(page.text)
            if f["method"] == "post" and f["action"] not in ("/language", "/account/logout")
        ]
        # The page's own form: the one that carries an idempotency key, else the one with most fields.
        forms.sort(
            key=lambda f: (not any(a.get("name") == "idempotency_key" for _k, a in f["fields"]), -len(f["fields"]))
        )
        if not forms:
            return None
        form = forms[0]
        n = next(_seq)
        data = fill(form, n)
        action = form["action"] or page_url
        for attempt in range(6):
            with self.client.post(action, data=data, name=name, allow_redirects=False, catch_response=True) as r:
                if r.status_code in RETRY_STATUSES:
                    r.success()  # counted in the timeline by its status; resent below
                    time.sleep(1.5 + attempt)
                    continue
                if r.status_code in (200, 302, 303):
                    r.success()
                location = r.headers.get("Location", "")
                if r.status_code in (302, 303) and location:
                    _ack(kind, key=data.get("idempotency_key"), location=location, attempts=attempt + 1)
                    return location
                return None
        return None


class Resident(Visitor):
    weight = 10
    fixed_count = int(os.environ.get("DRILL_RESIDENTS", "200"))
    wait_time = between(5, 15)  # reading a page, then the next

    def on_start(self):
        home = self.client.get("/", name="home")
        self.areas = links(home.text, r'href="(/areas/[a-z0-9-]+)"') or ["/areas/backa"]
        surveys = self.client.get("/surveys", name="survey_list")
        self.surveys = links(surveys.text, r'href="(/surveys/[0-9]+)"')
        cafe = self.client.get("/cafe", name="cafe_calendar")
        self.events = links(cafe.text, r'href="(/cafe/[0-9]+)"')

    @task(6)
    def read_area(self):
        self.client.get(random.choice(self.areas), name="area")

    @task(4)
    def read_ideas(self):
        self.client.get(random.choice(self.areas) + "/ideas", name="idea_list")

    @task(2)
    def send_idea(self):
        self.submit("idea", random.choice(self.areas) + "/ideas/new", "idea_send")

    @task(1)
    def answer_survey(self):
        if not self.surveys:
            return
        url = random.choice(self.surveys)
        self.client.cookies.clear()  # one answer per browser: a new resident each time
        page = self.client.get(url, name="survey")
        html, current = page.text, url
        for _step in range(8):
            forms = [f for f in forms_on(html) if f["method"] == "post" and "/surveys/" in (f["action"] or current)]
            if not forms:
                return
            form = forms[-1]
            data = fill(form, next(_seq))
            with self.client.post(
                form["action"] or current, data=data, name="survey_answer", allow_redirects=False, catch_response=True
            ) as r:
                r.success() if r.status_code in (200, 302, 303, 502, 503) else None
                location = r.headers.get("Location", "")
            if "/thanks" in location:
                _ack("survey", key=None, location=location, survey=url)
                return
            if not location:
                return
            current = location
            html = self.client.get(location, name="survey_section").text

    @task(1)
    def register_for_cafe(self):
        if self.events:
            event = random.choice(self.events)
            self.client.get(event, name="cafe_event")
            self.submit("cafe_registration", event + "/register", "cafe_register")

    @task(1)
    def send_proposal(self):
        if PROPOSAL_PATH:
            self.submit("proposal", PROPOSAL_PATH, "proposal_send")

    @task(2)
    def floor(self):
        self.client.get("/_floor", name="floor")  # bench/app.py: one indexed query, a one-line template


class Staff(HttpUser):
    weight = 1
    fixed_count = int(os.environ.get("DRILL_STAFF_USERS", "20"))
    wait_time = between(5, 12)

    def on_start(self):
        self.signed_in = False
        with _lock:
            self.email, self.password, self.secret = next(_staff_accounts)
        self.sign_in()

    def sign_in(self):
        page = self.client.get("/account/login", name="login_form")
        form = forms_on(page.text)[-1]
        data = {k: v for k, v in fill(form, 0).items() if k in ("csrf_token", "website")}
        data.update(email=self.email, password=self.password)
        first = self.client.post("/account/login", data=data, name="login", allow_redirects=False)
        if "/two-factor" not in first.headers.get("Location", ""):
            return
        page = self.client.get("/account/two-factor/", name="login_code_form")
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text)
        code = pyotp.TOTP(self.secret).now()
        done = self.client.post(
            "/account/two-factor/",
            data={"csrf_token": token.group(1) if token else "", "code": code},
            name="login_code",
            allow_redirects=False,
        )
        self.signed_in = done.status_code == 302
        self.groups = []
        if self.signed_in:
            inbox = self.client.get("/inbox/", name="inbox")
            self.groups = links(inbox.text, r'href="(/inbox/[a-z0-9-]+)"')

    def group(self) -> str | None:
        if not self.signed_in:
            self.sign_in()
        return random.choice(self.groups) if getattr(self, "groups", None) else None

    @task(4)
    def open_inbox(self):
        group = self.group()
        if group:
            self.client.get(group, name="inbox_group")

    @task(2)
    def filter_inbox(self):
        group = self.group()
        if group:
            self.client.get(group + "?status=received", name="inbox_filter")

    @task(2)
    def search_inbox(self):
        group = self.group()
        if group:
            self.client.get(group + "?q=" + random.choice(["bänk", "lampor", "Drillen", "park"]), name="inbox_search")

    @task(2)
    def answer(self):
        group = self.group()
        if not group:
            return
        page = self.client.get(group + "?status=received", name="inbox_filter")
        ids = links(page.text, r'href="/inbox/contributions/([0-9]+)')
        if not ids:
            return
        ident = random.choice(ids)
        detail = self.client.get(f"/inbox/contributions/{ident}", name="inbox_detail")
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', detail.text)
        if token:
            self.client.post(
                f"/inbox/contributions/{ident}/answer",
                data={
                    "csrf_token": token.group(1),
                    "answer-status": "planned",
                    "answer-body-sv": "Tack! Vi tar med det i vårens planering.",
                },
                name="inbox_answer",
                allow_redirects=False,
            )

    @task(1)
    def harvest(self):
        if not self.signed_in:
            return
        page = self.client.get("/staff/cafe/", name="cafe_staff")
        for ident in links(page.text, r'href="/staff/cafe/([0-9]+)"')[:1]:
            self.client.get(f"/staff/cafe/{ident}/harvest", name="harvest")
