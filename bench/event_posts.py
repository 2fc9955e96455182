"""A café evening on one network address: 60 participants, each on their own phone, open the
proposal form and the exit questions and send both within the same two minutes, against the
server with its real limits (``event_posts_refused`` must be 0), and one phone floods the
proposal link (``flood_posts_refused`` must be above 0: a single client is still stopped)."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

PARTICIPANTS = 60
FLOOD_POSTS = 60
_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def event_token(secret_key: str, dialogue_id: int) -> str:
    """The event's QR link, signed as the app signs it (same secret key)."""
    from flask import Flask

    from dialog.cafe.links import make_token

    signer = Flask("bench-links")
    signer.config["SECRET_KEY"] = secret_key
    with signer.app_context():
        return make_token("event", dialogue_id, 1)


class Phone:
    """One participant's browser: its own cookies."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get_token(self, path: str) -> str:
        html = self.opener.open(self.base_url + path, timeout=30).read().decode()
        return _TOKEN.search(html).group(1)

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            return self.opener.open(self.base_url + path, body, timeout=30).status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def measure_event_posts(base_url: str, secret_key: str, dialogue_id: int) -> dict:
    token = event_token(secret_key, dialogue_id)
    proposal, exit_path = f"/cafe/{token}/proposal", f"/cafe/{dialogue_id}/exit"
    statuses: list[int] = []
    lock = threading.Lock()

    def participant(n: int) -> None:
        phone = Phone(base_url)
        csrf = phone.get_token(proposal)
        codes = [
            phone.post(
                proposal,
                {
                    "csrf_token": csrf,
                    "body": f"Förslag {n}",
                    "language": "sv",
                    "idempotency_key": f"bench-event-{n:012d}",
                },
            ),
            phone.post(exit_path, {"csrf_token": phone.get_token(exit_path), "age_band": "30_44"}),
        ]
        with lock:
            statuses.extend(codes)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(PARTICIPANTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    flooder = Phone(base_url)
    csrf = flooder.get_token(proposal)
    flood = [
        flooder.post(
            proposal,
            {"csrf_token": csrf, "body": f"Skräp {n}", "language": "sv", "idempotency_key": f"bench-flood-{n:012d}"},
        )
        for n in range(FLOOD_POSTS)
    ]
    return {
        "event_posts": len(statuses),
        "event_posts_refused": sum(1 for s in statuses if s == 429),
        "event_posts_failed": sum(1 for s in statuses if s not in (200, 302, 429)),
        "flood_posts": len(flood),
        "flood_posts_refused": sum(1 for s in flood if s == 429),
    }
