"""Idésluss benchmarks.

- ``match_suggest_ratio``: 2,000 organisations × 5 items in one round. The time of the bare work
  (character n-gram TF-IDF over every text plus the sparse top-k similarity for each kind of
  pair) divided by the time of the whole suggestion job (reading the round, tags across
  languages, history, scoring, reasons quoted from both texts, writing the suggestions). At
  least 0.5 means the job adds no more than the core costs. Peak memory of the job is reported
  (the job runs in a child process, so its ``ru_maxrss`` is its own).
- ``schedule_quality_ratio``: meeting 2 with 200 organisations, 600 confirmed pairs, 8 slots and
  40 tables (a quarter of the organisations can come to only some slots): the CP-SAT
  schedule's score ÷ the linear-relaxation bound (HiGHS), with the solve time.
- The round page and a representative's suggestions page go into ``run.py``'s page table.

    python -m bench.matchmaking            # on its own: SQLite under bench/out, prints one JSON line
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
ORGANISATIONS = 2_000
ITEMS_PER_ORGANISATION = 5
REP_EMAIL = "rep@bench.example.org"

TAGS = [
    ("praktik", "praktik", "تدريب عملي", "work placement"),
    ("mentor", "mentor", "مرشد", "mentor"),
    ("volontar", "volontär", "متطوع", "volunteer"),
    ("lokal", "lokal", "قاعة", "premises"),
    ("laxhjalp", "läxhjälp", "مساعدة في الواجبات", "homework help"),
    ("svenska", "svenska", "اللغة السويدية", "Swedish language"),
    ("jobb", "jobb", "عمل", "jobs"),
    ("ungdomar", "ungdomar", "الشباب", "young people"),
    ("fritid", "fritid", "أنشطة ترفيهية", "leisure"),
    ("boende", "boende", "سكن", "housing"),
    ("idrott", "idrott", "رياضة", "sports"),
    ("kultur", "kultur", "ثقافة", "culture"),
]
WORDS_SV = [
    "vi",
    "behöver",
    "söker",
    "erbjuder",
    "har",
    "kan",
    "lokal",
    "praktikplatser",
    "mentorer",
    "volontärer",
    "läxhjälp",
    "kvällar",
    "helger",
    "unga",
    "nyanlända",
    "familjer",
    "föreningen",
    "företaget",
    "kurser",
    "språkcafé",
    "fotboll",
    "musik",
    "matlagning",
    "studiebesök",
    "yrke",
    "jobb",
    "validering",
    "utbildning",
    "boende",
    "fritidsgård",
    "biblioteket",
    "torget",
    "samarbete",
    "kontakter",
    "nätverk",
    "arbetsgivare",
]
WORDS_AR = [
    "نحتاج",
    "نقدم",
    "لدينا",
    "قاعة",
    "تدريب",
    "عملي",
    "مرشد",
    "متطوعون",
    "مساعدة",
    "الواجبات",
    "الشباب",
    "العائلات",
    "الجمعية",
    "الشركة",
    "دورات",
    "اللغة",
    "السويدية",
    "كرة",
    "القدم",
    "الموسيقى",
    "الطبخ",
    "عمل",
    "سكن",
    "أنشطة",
    "ترفيهية",
    "المكتبة",
    "تعاون",
    "شبكة",
]
KINDS = ("need", "need", "resource", "resource", "idea")
SECTORS = ("association", "company", "authority", "municipal_project", "faith_community")


def generate_round(engine, *, organisations=ORGANISATIONS, per_organisation=ITEMS_PER_ORGANISATION, seed=11) -> dict:
    """An open round in the first neighbourhood: organisations, their items, the district's tags,
    and a representative account (the bench password) for the first organisation."""
    from werkzeug.security import generate_password_hash

    from bench.data import BENCH_PASSWORD

    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        area_id, district_id = conn.execute(
            text("SELECT id, parent_id FROM areas WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")
        ).one()
        for slug, sv, ar, en in TAGS:
            conn.execute(
                text("INSERT INTO match_tags (area_id, slug, name) VALUES (:a, :s, :n)"),
                {"a": district_id, "s": slug, "n": json.dumps({"sv": sv, "ar": ar, "en": en})},
            )
        tag_ids = [r[0] for r in conn.execute(text("SELECT id FROM match_tags WHERE area_id = :a"), {"a": district_id})]
        title = json.dumps({"sv": "Idésluss i benchmarken", "en": "Benchmark matchmaking round"})
        conn.execute(
            text(
                "INSERT INTO match_rounds (area_id, title, purpose, invitation, participation_level, promise, state,"
                " slot_minutes, slot_count, table_count, schedule_report, updated_at, created_at)"
                " VALUES (:a, :t, '{}', :t, 'co_creation', '{}', 'open', 20, 8, 40, '{}', :now, :now)"
            ),
            {"a": area_id, "t": title, "now": now},
        )
        round_id = conn.execute(text("SELECT max(id) FROM match_rounds")).scalar()
        for n, day in enumerate((now - timedelta(days=10), now + timedelta(days=20))):
            conn.execute(
                text(
                    "INSERT INTO match_meetings (round_id, starts_at, place, accessibility, languages)"
                    " VALUES (:r, :s, :p, '{}', '[\"sv\", \"ar\"]')"
                ),
                {"r": round_id, "s": day, "p": f"Sal {n + 1}"},
            )
        first_org = conn.execute(text("SELECT coalesce(max(id), 0) FROM organisations")).scalar() + 1
        conn.execute(
            text(
                "INSERT INTO organisations (name, kind, description, is_verified, is_public, created_at)"
                " VALUES (:name, :kind, '{}', true, true, :now)"
            ),
            [
                {"name": f"Bench-organisation {n}", "kind": SECTORS[n % len(SECTORS)], "now": now}
                for n in range(organisations)
            ],
        )
        org_ids = list(range(first_org, first_org + organisations))
        conn.execute(
            text(
                "INSERT INTO match_participants (round_id, organisation_id, walk_in, created_at)"
                " VALUES (:r, :o, false, :now)"
            ),
            [{"r": round_id, "o": o, "now": now} for o in org_ids],
        )
        items, item_tags = [], []
        for org in org_ids:
            for _ in range(per_organisation):
                arabic = rng.random() < 0.3
                words = WORDS_AR if arabic else WORDS_SV
                chosen = rng.sample(tag_ids, rng.randint(1, 3))
                tag_words = [TAGS[tag_ids.index(t)][2 if arabic else 1] for t in chosen]
                body = " ".join(rng.choices(words, k=rng.randint(8, 16)) + tag_words)
                items.append(
                    {
                        "r": round_id,
                        "o": org,
                        "k": rng.choice(KINDS),
                        "t": " ".join(rng.sample(words, 3)),
                        "b": body,
                        "l": "ar" if arabic else "sv",
                        "now": now,
                    }
                )
                item_tags.append(chosen)
        conn.execute(
            text(
                "INSERT INTO match_items"
                " (round_id, organisation_id, kind, title, body, language, created_at, updated_at)"
                " VALUES (:r, :o, :k, :t, :b, :l, :now, :now)"
            ),
            items,
        )
        item_ids = [
            r[0]
            for r in conn.execute(text("SELECT id FROM match_items WHERE round_id = :r ORDER BY id"), {"r": round_id})
        ]
        conn.execute(
            text("INSERT INTO match_item_tags (item_id, tag_id) VALUES (:i, :t)"),
            [{"i": i, "t": t} for i, chosen in zip(item_ids, item_tags, strict=True) for t in chosen],
        )
        conn.execute(
            text(
                "INSERT INTO users (email, display_name, language, password_hash, is_verified, is_blocked, created_at)"
                " VALUES (:e, 'Bench representative', 'sv', :p, true, false, :now)"
            ),
            {"e": REP_EMAIL, "p": generate_password_hash(BENCH_PASSWORD), "now": now},
        )
        rep_id = conn.execute(text("SELECT id FROM users WHERE email = :e"), {"e": REP_EMAIL}).scalar()
        conn.execute(text("INSERT INTO user_roles (user_id, role) VALUES (:u, 'organisation')"), {"u": rep_id})
        conn.execute(
            text("INSERT INTO organisation_representatives (organisation_id, user_id) VALUES (:o, :u)"),
            {"o": org_ids[0], "u": rep_id},
        )
    return {"match_round_id": round_id, "match_organisation_id": org_ids[0], "match_items": len(items)}


def _app(url: str):
    from dialog import create_app
    from dialog.config import DevelopmentConfig

    return create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, SERVER_NAME="bench.localhost")


def measure_in_process(url: str, round_id: int) -> dict:
    """Bare core, then the whole job (run in a child process by :func:`measure_suggestions`)."""
    import resource

    from dialog.extensions import db
    from dialog.matchmaking import operations as ops
    from dialog.matchmaking import suggestions as scoring
    from dialog.matchmaking.models import MatchRound

    app = _app(url)
    with app.test_request_context():
        match_round = db.session.get(MatchRound, round_id)
        items, _tags = ops._scoring_items(match_round)
        texts = [item.text for item in items]
        started = time.perf_counter()
        matrix = scoring.vectorise(texts)
        for seek, offer in scoring.PAIR_KINDS:
            left = [n for n, item in enumerate(items) if item.kind == seek]
            right = [n for n, item in enumerate(items) if item.kind == offer]
            scoring.top_k_similar(matrix[left], matrix[right], scoring.TOP_K)
        bare = time.perf_counter() - started
        db.session.rollback()

        started = time.perf_counter()
        job = ops.start_suggestions(match_round)
        db.session.commit()
        made = ops.run_suggestions(job.id)
        whole = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "match_suggest_ratio": round(bare / whole, 3),
        "match_suggest_bare_s": round(bare, 2),
        "match_suggest_job_s": round(whole, 2),
        "match_suggestions_made": made,
        "match_items_scored": len(items),
        "match_suggest_peak_mb": round(peak_mb, 1),
    }


def measure_suggestions(url: str, round_id: int) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.matchmaking", "--measure", url, str(round_id)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def schedule_instance(seed: int = 5, organisations=200, pairs=600, slots=8, tables=40):
    from dialog.matchmaking.schedule import Conversation, Problem

    rng = random.Random(seed)
    seen, conversations = set(), []
    while len(conversations) < pairs:
        a, b = rng.sample(range(organisations), 2)
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        conversations.append(Conversation(len(conversations), frozenset(key), round(rng.uniform(0.15, 1.0), 3)))
    availability = {
        o: frozenset(rng.sample(range(slots), rng.randint(3, slots - 1)))
        for o in range(organisations)
        if rng.random() < 0.25
    }
    return Problem(slots, tables, conversations, availability)


def measure_schedule() -> dict:
    from dialog.matchmaking import schedule as scheduling

    problem = schedule_instance()
    started = time.perf_counter()
    result = scheduling.solve(problem, time_limit=scheduling.TIME_LIMIT_S)
    seconds = time.perf_counter() - started
    assert scheduling.verify(problem, result) == []
    return {
        "schedule_quality_ratio": round(result.ratio, 4),
        "schedule_score": result.score,
        "schedule_bound": result.bound,
        "schedule_solve_s": round(seconds, 2),
        "schedule_optimal": result.optimal,
        "schedule_placed": len(result.placed),
        "schedule_left_out": len(result.left_out),
    }


def login_cookie(base_url: str, email: str) -> str:
    from bench.contributions import _Client
    from bench.data import BENCH_PASSWORD

    client = _Client(base_url)
    html = client.get("/account/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    status, _ = client.post("/account/login", {"csrf_token": token, "email": email, "password": BENCH_PASSWORD})
    if status != 302:
        raise RuntimeError(f"bench login failed: HTTP {status}")
    return "; ".join(f"{c.name}={c.value}" for c in client.jar)


def page_urls(base_url: str, generated: dict) -> dict:
    """The round page (public) and the representative's suggestions page (signed in)."""
    cookie = login_cookie(base_url, REP_EMAIL)
    round_id, org_id = generated["match_round_id"], generated["match_organisation_id"]
    return {
        "match_round": (f"/matchmaking/rounds/{round_id}", None),
        "match_suggestions": (f"/matchmaking/rounds/{round_id}/org/{org_id}/suggestions", cookie),
    }


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure_in_process(sys.argv[2], int(sys.argv[3]))))
        return
    from bench.data import generate_foundation
    from bench.run import OUT, migrate

    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / "matchmaking.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    migrate(url)
    engine = create_engine(url)
    generate_foundation(engine, districts=2, per_district=3, groups=4, users=200)
    generated = generate_round(engine)
    engine.dispose()
    figures = {**generated, **measure_suggestions(url, generated["match_round_id"]), **measure_schedule()}
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
