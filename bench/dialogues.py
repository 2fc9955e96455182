"""Café dialogue benchmark: a 30-table event where every table's host saves notes at once,
repeatedly (some saves sent twice, as the page does after a timeout); every acknowledged note
must be stored exactly once. Also gives the event page for the page-speed table, and runs a
measurement of it (``during``) while the hosts save."""

from __future__ import annotations

import json
import random
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

TABLES = 30
ROUNDS = 3
#: Seconds into the note storm before ``during`` starts: every host has its page and is saving.
STORM_RAMP_S = 3.0


def generate_event(engine) -> dict:
    """A published café dialogue that started half an hour ago, with 30 tables and 3 rounds."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        group_id = conn.execute(text("SELECT id FROM theme_groups WHERE NOT is_fallback ORDER BY id LIMIT 1")).scalar()
        area_id = conn.execute(text("SELECT id FROM areas WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")).scalar()
        title = json.dumps({"sv": "Kafédialog i benchmarken", "en": "Benchmark café dialogue"})
        text_sv = json.dumps({"sv": "Hur är det att bo här?"})
        conn.execute(
            text(
                "INSERT INTO cafe_dialogues (theme_group_id, area_id, title, purpose, influence, not_influence,"
                " feedback_promise, participation_level, starts_at, ends_at, place, address, accessibility, languages,"
                " interpretation, capacity, state, walk_ins, link_version, summary, summary_themes, version,"
                " registration_seq, updated_at, created_at) VALUES (:g, :a, :t, :p, :p, :e, :p, 'dialogue', :s, :end,"
                " 'Biblioteket', 'Torget 1', :e, :langs, :e2, 300, 'published', 0, 1, :e, :e, 1, 0, :now, :now)"
            ),
            {
                "g": group_id,
                "a": area_id,
                "t": title,
                "p": text_sv,
                "e": "{}",
                "e2": "[]",
                "langs": '["sv"]',
                "s": now - timedelta(minutes=30),
                "end": now + timedelta(hours=2),
                "now": now,
            },
        )
        dialogue_id = conn.execute(text("SELECT max(id) FROM cafe_dialogues")).scalar()
        for position in range(1, ROUNDS + 1):
            conn.execute(
                text("INSERT INTO cafe_rounds (dialogue_id, position, question) VALUES (:d, :p, :q)"),
                {"d": dialogue_id, "p": position, "q": json.dumps({"sv": f"Fråga {position}?"})},
            )
        for number in range(1, TABLES + 1):
            conn.execute(
                text(
                    "INSERT INTO cafe_tables (dialogue_id, number, theme, host_name, link_version)"
                    " VALUES (:d, :n, :t, :h, 1)"
                ),
                {"d": dialogue_id, "n": number, "t": json.dumps({"sv": f"Bord {number}"}), "h": f"Värd {number}"},
            )
        tables = (
            conn.execute(text("SELECT id FROM cafe_tables WHERE dialogue_id = :d ORDER BY number"), {"d": dialogue_id})
            .scalars()
            .all()
        )
        rounds = (
            conn.execute(
                text("SELECT id FROM cafe_rounds WHERE dialogue_id = :d ORDER BY position"), {"d": dialogue_id}
            )
            .scalars()
            .all()
        )
    return {"cafe_dialogue_id": dialogue_id, "_tables": tables, "_rounds": rounds}


def table_tokens(secret_key: str, table_ids: list[int]) -> list[str]:
    """The hosts' links, signed as the app signs them (same secret key)."""
    from flask import Flask

    from dialog.cafe.links import make_token

    signer = Flask("bench-links")
    signer.config["SECRET_KEY"] = secret_key
    with signer.app_context():
        return [make_token("table", ident, 1) for ident in table_ids]


def measure_notes(  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    base_url: str,
    engine,
    event: dict,
    tokens: list[str],
    *,
    seconds: float = 60.0,
    resend_share: float = 0.2,
    during=None,
):
    """Every host saves notes as fast as the server answers for ``seconds``; a share of the
    saves is sent a second time (as after a timeout). Then count what is stored.

    ``during``: a function run STORM_RAMP_S into the storm (it must finish before the storm
    ends); with it, returns (figures, what it returned), and its errors are raised here."""
    from concurrent.futures import ThreadPoolExecutor

    from bench.contributions import _Client

    rounds = event["_rounds"]
    acknowledged: dict[tuple[str, int], str] = {}  # (client note id, round) → token
    errors: list[str] = []
    saves = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def host(token: str, n: int):
        nonlocal saves
        client = _Client(base_url)
        rng = random.Random(n)
        import re

        html = client.get(f"/cafe/table/{token}")
        # Each round's form has a "round<id>-" prefix; the token is the session's either way.
        csrf = re.search(r'name="round\d+-csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        while time.monotonic() < deadline:
            round_id = rounds[rng.randrange(len(rounds))]
            note_id = secrets.token_hex(8)
            data = {
                f"round{round_id}-csrf_token": csrf,
                f"round{round_id}-kind": "point",
                f"round{round_id}-body": f"Anteckning {note_id} från bord {n}",
                f"round{round_id}-client_note_id": note_id,
            }
            body = urllib.parse.urlencode(data).encode()
            ok = False
            for _ in range(2 if rng.random() < resend_share else 1):
                request = urllib.request.Request(
                    base_url + f"/cafe/table/{token}/rounds/{round_id}/notes",
                    data=body,
                    headers={"Accept": "application/json"},
                )
                try:
                    with client.opener.open(request, timeout=30) as response:
                        answer = json.loads(response.read())
                        ok = ok or answer.get("status") in ("stored", "already_stored")
                except urllib.error.HTTPError as error:
                    with lock:
                        errors.append(f"HTTP {error.code}")
                except Exception as exc:  # noqa: BLE001 — a benchmark reports, it does not stop
                    with lock:
                        errors.append(repr(exc)[:200])
            with lock:
                saves += 1
                if ok:
                    acknowledged[(note_id, round_id)] = token

    started = time.monotonic()
    threads = [threading.Thread(target=host, args=(t, i)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    side = None
    if during is not None:
        executor = ThreadPoolExecutor(max_workers=1)

        def measured():
            time.sleep(STORM_RAMP_S)
            result = during()
            return result, time.monotonic()

        side = executor.submit(measured)
        executor.shutdown(wait=False)
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    side_result = None
    if side is not None:
        side_result, finished = side.result()  # raises what ``during`` raised
        if finished > deadline:
            raise RuntimeError("the measurement during the note storm outlasted it: give the storm more seconds")

    lost = duplicated = 0
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT client_note_id, round_id, count(*) FROM cafe_notes n JOIN cafe_tables t ON n.table_id = t.id"
                " WHERE t.dialogue_id = :d GROUP BY client_note_id, round_id"
            ),
            {"d": event["cafe_dialogue_id"]},
        ).all()
    stored = {(cid, rid): count for cid, rid, count in rows}
    for key in acknowledged:
        count = stored.get(key, 0)
        if count == 0:
            lost += 1
        elif count > 1:
            duplicated += 1
    duplicated += sum(1 for key, count in stored.items() if count > 1 and key not in acknowledged)
    figures = {
        "lost_notes": lost,
        "duplicated_notes": duplicated,
        "notes_acknowledged": len(acknowledged),
        "note_saves_per_s": round(len(acknowledged) / elapsed, 1),
        "note_errors": len(errors),
        "note_tables": len(tokens),
        "note_seconds": round(elapsed, 1),
    }
    return figures if during is None else (figures, side_result)
