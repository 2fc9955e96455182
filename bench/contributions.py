"""Benchmark scenarios for contributions (issue 3).

- ``generate_contributions``: 200,000 contributions spread over areas and theme groups,
  bulk-inserted with their routes and topics (and the full-text index rebuilt).
- ``page_urls``: the public area idea list, the inbox with a filter and a search, and a
  contribution page, for the harness to load like the other pages.
- ``measure_submissions``: many concurrent clients submit ideas through the real form
  (CSRF token, cookies, redirect to the receipt), some resending the same post as a
  double click or a retry would; afterwards every acknowledged receipt code must be in the
  database exactly once: ``lost_submissions`` and ``duplicated_submissions`` must be 0.
"""

from __future__ import annotations

import http.cookiejar
import random
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

WORDS = [
    "lampor",
    "park",
    "lekplats",
    "buss",
    "skola",
    "bibliotek",
    "trygghet",
    "odling",
    "torg",
    "cykel",
    "ungdomar",
    "läxhjälp",
    "förening",
    "mötesplats",
    "grönska",
    "bänkar",
    "belysning",
    "fritidsgård",
    "språkcafé",
    "jobb",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate_contributions(engine, count: int = 200_000, seed: int = 7) -> dict:
    """Bulk-insert ``count`` contributions over existing areas, topics and active groups."""
    from dialog.contributions.models import Contribution, ContributionRoute, contribution_topics
    from dialog.contributions.receipts import new_receipt_code

    rng = random.Random(seed)
    with engine.begin() as conn:
        area_ids = conn.execute(text("SELECT id FROM areas WHERE parent_id IS NOT NULL")).scalars().all()
        topic_ids = conn.execute(text("SELECT id FROM topics")).scalars().all()
        group_ids = conn.execute(text("SELECT id FROM theme_groups WHERE is_active")).scalars().all()
        start = conn.execute(text("SELECT coalesce(max(id), 0) FROM contributions")).scalar()
    now = datetime.now(UTC)
    codes: set[str] = set()
    batch = 5000
    moderation_states = ["approved"] * 7 + ["pending", "held", "hidden"]
    statuses = ["with_group", "with_group", "looking", "planned", "in_progress", "done", "not_taken"]
    for offset in range(0, count, batch):
        rows, routes, topics = [], [], []
        for i in range(offset, min(offset + batch, count)):
            ident = start + i + 1
            code = new_receipt_code()
            while code in codes:
                code = new_receipt_code()
            codes.add(code)
            created = now - timedelta(minutes=i * 3 + rng.randint(0, 2))
            rows.append(
                {
                    "id": ident,
                    "receipt_code": code,
                    "source_kind": "idea",
                    "area_id": rng.choice(area_ids),
                    "title": _text(rng, 4).capitalize(),
                    "body": _text(rng, 30),
                    "language": rng.choice(["sv", "sv", "sv", "ar", "so", "fa", "en"]),
                    "consent_publish": rng.random() < 0.8,
                    "consent_quote": False,
                    "consent_contact": False,
                    "status": rng.choice(statuses),
                    "moderation": rng.choice(moderation_states),
                    "support_count": rng.randint(0, 30),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            routes.append(
                {
                    "contribution_id": ident,
                    "theme_group_id": rng.choice(group_ids),
                    "reason": "area_topic",
                    "created_at": created,
                }
            )
            topics.append({"contribution_id": ident, "topic_id": rng.choice(topic_ids)})
        with engine.begin() as conn:
            conn.execute(insert(Contribution.__table__), rows)
            conn.execute(insert(ContributionRoute.__table__), routes)
            conn.execute(insert(contribution_topics), topics)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO contributions_fts(contributions_fts) VALUES ('optimize')"))
        else:
            conn.execute(text("ANALYZE contributions"))
    return {"contributions": count}


def page_urls(engine) -> dict[str, str]:
    """Representative pages: area idea list, inbox filtered, inbox searched, contribution page."""
    with engine.connect() as conn:
        area = conn.execute(
            text(
                "SELECT a.slug FROM areas a JOIN contributions c ON c.area_id = a.id "
                "GROUP BY a.slug ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar()
        group = conn.execute(
            text(
                "SELECT g.slug FROM theme_groups g JOIN contribution_routes r ON r.theme_group_id = g.id "
                "GROUP BY g.slug ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar()
        public_id = conn.execute(
            text(
                "SELECT id FROM contributions WHERE moderation = 'approved' AND consent_publish "
                "ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
    return {
        "ideas_list": f"/areas/{area}/ideas",
        "inbox_filter": f"/inbox/{group}?status=looking",
        "inbox_search": f"/inbox/{group}?q=lampor",
        "contribution": f"/contributions/{public_id}",
    }


class _Client:
    """A browser-like client: keeps cookies, reads the CSRF token, does not follow redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect())

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")


def measure_submissions(
    base_url: str, engine, *, clients: int = 16, seconds: float = 20.0, resend_share: float = 0.2
) -> dict:
    """Submit ideas concurrently; check every acknowledged receipt is stored exactly once."""
    with engine.connect() as conn:
        area = conn.execute(text("SELECT id, slug FROM areas WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")).one()
        topic_id = conn.execute(text("SELECT id FROM topics ORDER BY id LIMIT 1")).scalar()
    acknowledged: dict[str, str] = {}  # idempotency key → receipt code
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    form_path = f"/areas/{area.slug}/ideas/new"

    def worker(n: int):
        client = _Client(base_url)
        rng = random.Random(n)
        while time.monotonic() < deadline:
            try:
                html = client.get(form_path)
                token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
                key = secrets.token_urlsafe(24)
                data = {
                    "csrf_token": token,
                    "area_id": area.id,
                    "topic_id": topic_id,
                    "title": "Bänkar " + key[:6],
                    "body": "Fler bänkar längs gångvägen " + key,
                    "language": "sv",
                    "consent_publish": "y",
                    "idempotency_key": key,
                }
                sends = 2 if rng.random() < resend_share else 1
                codes = set()
                for _ in range(sends):
                    status, location = client.post(form_path, data)
                    if status == 302 and "/follow/" in location:
                        codes.add(location.split("/follow/")[1].split("?")[0])
                    else:
                        with lock:
                            errors.append(f"HTTP {status}")
                if codes:
                    if len(codes) > 1:
                        with lock:
                            errors.append("two receipts for one submission")
                    with lock:
                        acknowledged[key] = sorted(codes)[0]
            except Exception as exc:  # noqa: BLE001 — a benchmark reports, it does not stop
                with lock:
                    errors.append(repr(exc)[:200])

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    from dialog.contributions.receipts import normalise_receipt_code

    lost = duplicated = 0
    with engine.connect() as conn:
        for key, code in acknowledged.items():
            rows = (
                conn.execute(text("SELECT receipt_code FROM contributions WHERE idempotency_key = :k"), {"k": key})
                .scalars()
                .all()
            )
            if normalise_receipt_code(code) not in rows:
                lost += 1
        duplicated = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT body FROM contributions WHERE body LIKE 'Fler bänkar längs gångvägen %' "
                "GROUP BY body HAVING count(*) > 1) d"
            )
        ).scalar()
    return {
        "submissions": len(acknowledged),
        "submissions_per_s": round(len(acknowledged) / elapsed, 1) if elapsed else 0.0,
        "lost_submissions": lost,
        "duplicated_submissions": duplicated,
        "submission_errors": len(errors),
    }
